import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from './free-port';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface Reply {
  status: number;
  text: string;
  json: unknown;
  contentType: string;
  ms: number;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (for invalid JSON, huge or deeply nested bodies). */
  rawBody?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * The built api as a child process on loopback, with its stdout and stderr kept so tests can
 * search the server log. A request that does not answer within its timeout reports status 0.
 */
export class LoggedApi {
  private readonly output: string[] = [];
  readonly base: string;
  private readonly db: Database.Database;

  private constructor(
    private readonly child: ChildProcess,
    port: number,
    readonly dataDir: string,
  ) {
    this.base = `http://127.0.0.1:${port}`;
    child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString('utf8')));
    this.db = new Database(join(dataDir, 'wijkzorg.db'), { readonly: true, fileMustExist: true });
  }

  /** `env` values of undefined remove that variable for the api. */
  static async start(dataDir: string, env: Record<string, string | undefined>): Promise<LoggedApi> {
    const port = await freePort();
    const main = join(__dirname, '../../dist/apps/api/src/main.js');
    const merged: NodeJS.ProcessEnv = { ...process.env, WIJKZORG_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete merged[key];
    const child = spawn(process.execPath, [main], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
    for (let i = 0; i < 400; i++) {
      if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode} (did you run npm run build?)`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return new LoggedApi(child, port, dataDir);
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    throw new Error('api did not start within 20 s');
  }

  /** Everything the api wrote to stdout and stderr so far. */
  log(): string {
    return this.output.join('');
  }

  /** The event store's head, read from the SQLite file read-only: refused commands must not move it. */
  head(): { position: number; count: number } {
    const row = this.db.prepare('SELECT COALESCE(MAX(position), 0) AS position, COUNT(*) AS count FROM events').get() as { position: number; count: number };
    return row;
  }

  /** Events appended after a position, infrastructure ones (head checkpoints, anchors) left out. */
  eventsAfter(position: number): { type: string; streamId: string }[] {
    const rows = this.db.prepare('SELECT type, stream_id AS streamId FROM events WHERE position > ? ORDER BY position').all(position) as { type: string; streamId: string }[];
    return rows.filter((e) => !/checkpoint|anchor/i.test(e.type));
  }

  async call(method: string, path: string, o: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token !== undefined) headers.Authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), o.timeoutMs ?? 15_000);
    const started = performance.now();
    try {
      const res = await fetch(this.base + path, { method, headers, body, signal: controller.signal, redirect: 'manual' });
      const contentType = res.headers.get('content-type') ?? '';
      // A stream never ends by itself: its status and headers are the answer.
      const text = contentType.includes('text/event-stream') ? '' : await res.text();
      if (contentType.includes('text/event-stream')) controller.abort();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, text, json, contentType, ms: performance.now() - started };
    } catch {
      return { status: 0, text: '', json: undefined, contentType: '', ms: performance.now() - started };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reads a Server-Sent Events stream until `quietMs` passes without data (or `maxMs`). */
  async readStream(path: string, token: string | undefined, quietMs = 700, maxMs = 8000): Promise<{ status: number; text: string }> {
    const controller = new AbortController();
    const stop = setTimeout(() => controller.abort(), maxMs);
    let text = '';
    let status = 0;
    try {
      const res = await fetch(this.base + path, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: controller.signal });
      status = res.status;
      if (!res.body) return { status, text: await res.text() };
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const quiet = new Promise<'quiet'>((r) => setTimeout(() => r('quiet'), quietMs));
        const next = await Promise.race([reader.read(), quiet]);
        if (next === 'quiet' || next.done) break;
        text += decoder.decode(next.value, { stream: true });
      }
      controller.abort();
    } catch {
      /* aborted */
    } finally {
      clearTimeout(stop);
    }
    return { status, text };
  }

  async stop(): Promise<void> {
    this.db.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  }
}
