import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** How long a start may take: a loaded CI machine (two jest workers, a PostgreSQL cluster, Chromium) has taken over 20 s. */
const START_SECONDS = 90;
/** A jest hook that starts apis waits this long per api, so that a start that fails reports its own error, not jest's timeout. */
export const HOOK_MS_PER_API_START = (START_SECONDS + 30) * 1000;

/**
 * The built api (dist) as a separate process on a loopback port, with node's own flags if given (e.g. --cpu-prof);
 * resolves once /health answers. A start that fails says what the api printed last.
 */
export async function startApiProcess(dataDir: string, port: number, env: Record<string, string> = {}, nodeFlags: string[] = []): Promise<ChildProcess> {
  const main = join(__dirname, '../../', __dirname.includes(`${join('dist', 'test')}`) ? '' : 'dist', 'apps/api/src/main.js');
  const child = spawn(process.execPath, [...nodeFlags, main], { env: { ...process.env, WIJKZORG_DATA_DIR: dataDir, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keepTail = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-4000));
  child.stdout!.on('data', keepTail);
  child.stderr!.on('data', keepTail);
  const printed = () => (tail ? `; it printed last:\n${tail}` : '; it printed nothing');
  const deadline = Date.now() + START_SECONDS * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}${printed()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5000) })).ok) {
        // Once started, the output is no longer kept, only drained (a full pipe would stall the api).
        child.stdout!.off('data', keepTail).resume();
        child.stderr!.off('data', keepTail).resume();
        return child;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`api on port ${port} did not answer /health within ${START_SECONDS} s${printed()}`);
}

export async function stopApiProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}
