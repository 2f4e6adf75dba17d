import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The built CLI as a process (npm run build first), as an operator runs it.
const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/apps/cli/src/main.js');

describe('the wijkzorg CLI', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-cli-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, WIJKZORG_DATA_DIR: dataDir, ...env }, encoding: 'utf8' });
  const oneLineWithoutStack = (stderr: string) => {
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  };

  it('--help lists every command and exits 0; npx wijkzorg runs the same program through the bin entry', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['seed', 'projections', 'audit', 'token', 'api-key', 'reconcile', 'docs']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help.stdout).toContain('WIJKZORG_DATA_DIR');
    const npx = spawnSync('npx', ['--offline', '--no-install', 'wijkzorg', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(npx.status).toBe(0);
    expect(npx.stdout).toBe(help.stdout);
  });

  it('every subcommand has its own --help with its options, exit 0', () => {
    const verify = cli(['audit', 'verify', '--help']);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/^Usage: wijkzorg audit verify \[options\]/);
    for (const option of ['--stream', '--expected-head', '--checkpoints', '--public-key', '--json']) expect(verify.stdout).toContain(option);
    const rebuild = cli(['projections', 'rebuild', '--help']);
    expect(rebuild.status).toBe(0);
    expect(rebuild.stdout).toContain('--batch-size');
    for (const words of [['seed'], ['projections', 'status'], ['projections', 'catch-up'], ['audit', 'replay'], ['audit', 'checkpoint'], ['audit', 'checkpoints'], ['audit', 'public-key'], ['token'], ['api-key', 'create'], ['api-key', 'revoke'], ['reconcile'], ['docs']]) {
      const help = cli([...words, '--help']);
      expect([words, help.status]).toEqual([words, 0]);
      expect(help.stdout).toContain(`Usage: wijkzorg ${words.join(' ')}`);
    }
  });

  it('an unknown command or option, a bad value or a missing required option exits 2 with one line naming it', () => {
    const unknown = cli(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    oneLineWithoutStack(unknown.stderr);
    const unknownOption = cli(['projections', 'status', '--fast']);
    expect(unknownOption.status).toBe(2);
    expect(unknownOption.stderr).toMatch(/unknown option '--fast'/);
    const badNumber = cli(['seed', '--clients', 'many']);
    expect(badNumber.status).toBe(2);
    expect(badNumber.stderr).toMatch(/--clients <n>.*'many' is invalid.*whole number/);
    oneLineWithoutStack(badNumber.stderr);
    const badRole = cli(['token', '--role', 'king', '--sub', 'x']);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toMatch(/--role <role>.*'king' is invalid.*zorgprofessional/);
    const missing = cli(['audit', 'replay', 'c-1']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/required option '--auditor <id>' not specified/);
    const noClient = cli(['audit', 'replay', 'c-nobody', '--auditor', 'aud-1']);
    expect(noClient.status).toBe(2);
    expect(noClient.stderr).toBe('error: client c-nobody has no events\n');
  });

  it('a failing command prints one line without a stack trace and exits 1', () => {
    const failed = cli(['projections', 'status'], { WIJKZORG_READ_MODELS: 'mongodb', MONGO_URL: '' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^error: WIJKZORG_READ_MODELS=mongodb needs MONGO_URL/);
    oneLineWithoutStack(failed.stderr);
  });

  it('without a terminal a rebuild draws no bar: the summary is the last line on stdout', () => {
    const rebuilt = cli(['projections', 'rebuild']);
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stderr).not.toContain('\r');
    const summary = JSON.parse(rebuilt.stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ rebuilt: ['caseload', 'wachtlijst', 'budget', 'accesslog'], events: expect.any(Number), eventsPerSecond: expect.any(Number) });
    const token = cli(['token', '--role', 'beleidsmaker', '--sub', 'bm-1', '--ttl-hours', '1']);
    expect(token.status).toBe(0);
    expect(token.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
