import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** The built api (dist) as a separate process on a loopback port, with node's own flags if given (e.g. --cpu-prof); resolves once /health answers. */
export async function startApiProcess(dataDir: string, port: number, env: Record<string, string> = {}, nodeFlags: string[] = []): Promise<ChildProcess> {
  const main = join(__dirname, '../../', __dirname.includes(`${join('dist', 'test')}`) ? '' : 'dist', 'apps/api/src/main.js');
  const child = spawn(process.execPath, [...nodeFlags, main], { env: { ...process.env, WIJKZORG_DATA_DIR: dataDir, PORT: String(port), ...env }, stdio: 'ignore' });
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('api did not start within 20 s');
}

export async function stopApiProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}
