import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from './free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real PostgreSQL server for tests and the bench: its own cluster in a temp dir, on a free loopback port,
 * stopped and removed by stop(). Uses Debian's PostgreSQL 15 server binaries (scripts/ensure-postgres.sh
 * installs them where missing). As root the server runs as the `postgres` system user (initdb refuses root).
 */
export interface PostgresCluster {
  /** Connection URL of the cluster's `postgres` database (superuser `wijkzorg`, trust on loopback). */
  url: string;
  port: number;
  /** A fresh, empty database and its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** fsync off makes a test cluster faster; the bench keeps it on for honest durable-commit figures. */
  durable?: boolean;
}

/** Where the server binaries are, or undefined (the suite then fails with the reason). */
export function postgresBinDir(): string | undefined {
  const candidates = ['/usr/lib/postgresql/15/bin'];
  if (existsSync('/usr/lib/postgresql')) for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

function systemUser(name: string): { uid: number; gid: number } | undefined {
  const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  return id.status === 0 && gid.status === 0 ? { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) } : undefined;
}

function run(command: string, args: string[], as: { uid: number; gid: number } | undefined, cwd?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // cwd: a directory the server's user may enter (as root, the caller's may be closed to it).
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd, ...(as ?? {}), env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${output.slice(-2000)}`))));
  });
}

let databases = 0;

export async function startPostgresCluster(options: ClusterOptions = {}): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/<version>/bin: run `bash scripts/ensure-postgres.sh` (npm test does) or install postgresql-15');
  const root = mkdtempSync(join(tmpdir(), 'wijkzorg-pg-'));
  const as = process.getuid?.() === 0 ? systemUser('postgres') : undefined;
  if (process.getuid?.() === 0 && !as) throw new Error('running as root, but there is no `postgres` system user to run the server as');
  if (as) chownSync(root, as.uid, as.gid);
  const dataDir = join(root, 'data');
  await run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'wijkzorg', '-A', 'trust', '-E', 'UTF8', '--no-sync'], as, root);
  // A free port can be taken between asking and binding (another process, an outgoing connection's
  // ephemeral port): the server then refuses to start, and another port is tried.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const settings = [`-p ${port}`, `-k ${root}`, "-c listen_addresses='127.0.0.1'", '-c max_connections=200', '-c shared_buffers=128MB'];
    if (!options.durable) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
    try {
      await run(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', join(root, 'server.log'), '-o', settings.join(' '), '-w', '-t', '30', 'start'], as, root);
      break;
    } catch (error) {
      const log = existsSync(join(root, 'server.log')) ? readFileSync(join(root, 'server.log'), 'utf8') : '';
      if (attempt >= 5 || !log.includes('Address already in use')) throw error;
      await run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], as, root).catch(() => undefined);
      writeFileSync(join(root, 'server.log'), '');
    }
  }
  const url = `postgres://wijkzorg@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    async createDatabase(name = `wz_${process.pid}_${++databases}`) {
      const { Client } = await import('pg');
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://wijkzorg@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], as, root).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
