import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = join(__dirname, '../../dist/apps/api/src/main.js');
const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');

/** Runs the built api until it exits (it must: every case here refuses to start); its exit code and output. */
async function runApi(env: Record<string, string>, dataDir: string): Promise<{ code: number | null; output: string }> {
  const port = String(await closedPort());
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', WIJKZORG_DATA_DIR: dataDir, PORT: port, WIJKZORG_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => child.once('exit', (code) => (clearTimeout(killer), resolve({ code, output }))));
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const SECRETS = {
  WIJKZORG_JWT_SECRET: randomBytes(32).toString('base64'),
  WIJKZORG_PSEUDONYM_KEY: randomBytes(16).toString('base64'),
  WIJKZORG_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  WIJKZORG_CHECKPOINTS: 'off',
};

describe('the built api refuses to start with a wrong production configuration, naming the setting', () => {
  it('without a secret: exit 1, each missing setting named, nothing written to the data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-production-'));
    const { code, output } = await runApi({ NODE_ENV: 'production', WIJKZORG_JWT_SECRET: SECRETS.WIJKZORG_JWT_SECRET }, dataDir);
    expect(code).toBe(1);
    expect(output).toMatch(/invalid configuration \(NODE_ENV=production\)/);
    expect(output).toMatch(/WIJKZORG_PSEUDONYM_KEY is required in production/);
    expect(output).toMatch(/WIJKZORG_KEY_ENCRYPTION_KEY is required in production/);
    expect(output).toMatch(/WIJKZORG_ANCHOR_SIGNING_KEY is required in production/);
    expect(output).not.toContain(SECRETS.WIJKZORG_JWT_SECRET);
    expect(readdirSync(dataDir)).toStrictEqual([]);
  });

  it('with an unreachable POSTGRES_URL: exit 1, the setting named, its password never printed', async () => {
    const port = await closedPort();
    const { code, output } = await runApi({ NODE_ENV: 'production', ...SECRETS, WIJKZORG_EVENT_STORE: 'postgres', WIJKZORG_READ_MODELS: 'postgres', POSTGRES_URL: `postgres://wijkzorg:hunter2secret@127.0.0.1:${port}/wijkzorg` }, mkdtempSync(join(tmpdir(), 'wijkzorg-production-')));
    expect(code).toBe(1);
    expect(output).toMatch(/POSTGRES_URL/);
    expect(output).not.toContain('hunter2secret');
  });

  it('with an unreachable event store outside production too: exit 1 naming ESDB_URL, instead of serving errors', async () => {
    const port = await closedPort();
    const { code, output } = await runApi({ WIJKZORG_EVENT_STORE: 'esdb', ESDB_URL: `esdb://admin:changeit-secret@127.0.0.1:${port}?tls=false`, WIJKZORG_DEMO_TOKENS: 'off' }, mkdtempSync(join(tmpdir(), 'wijkzorg-unreachable-')));
    expect(code).toBe(1);
    expect(output).toMatch(/ESDB_URL: the store cannot be reached/);
    expect(output).not.toContain('changeit-secret');
  });

  it('the CLI refuses an unreachable store the same way: one line naming the setting, exit 2', async () => {
    const port = await closedPort();
    const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-unreachable-'));
    const run = spawnSync(process.execPath, [CLI, 'projections', 'status'], { env: { PATH: process.env.PATH ?? '', WIJKZORG_DATA_DIR: dataDir, WIJKZORG_EVENT_STORE: 'esdb', ESDB_URL: `esdb://admin:changeit-secret@127.0.0.1:${port}?tls=false` }, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: ESDB_URL: the store cannot be reached/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toContain('changeit-secret');
  });
});
