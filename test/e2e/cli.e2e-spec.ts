import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApp, startTestApp } from '../support/test-app';

// The built CLI as a process (npm run build first), as an operator runs it.
const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/apps/cli/src/main.js');

describe('the wijkzorg CLI', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-cli-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, WIJKZORG_DATA_DIR: dataDir, ...env }, encoding: 'utf8' });
  const oneLineWithoutStack = (stderr: string) => {
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  };

  it('--help lists every command and exits 0; the bin entry runs the same program from PATH', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['seed', 'projections', 'audit', 'token', 'api-key', 'reconcile', 'docs']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help.stdout).toContain('WIJKZORG_DATA_DIR');
    // As npm links the bin entry on install: a `wijkzorg` on PATH pointing at the file the bin entry names, run through its shebang.
    const bin = join(ROOT, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin.wijkzorg);
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const pathDir = mkdtempSync(join(tmpdir(), 'wijkzorg-bin-'));
    symlinkSync(bin, join(pathDir, 'wijkzorg'));
    const onPath = spawnSync('sh', ['-c', 'wijkzorg --help'], { cwd: tmpdir(), env: { ...process.env, PATH: `${pathDir}:${process.env.PATH}` }, encoding: 'utf8' });
    rmSync(pathDir, { recursive: true, force: true });
    expect(onPath.stderr).toBe('');
    expect(onPath.status).toBe(0);
    expect(onPath.stdout).toBe(help.stdout);
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
    const notADatabase = join(dataDir, 'not-a-database.db');
    writeFileSync(notADatabase, 'this is a text file, not SQLite\n'.repeat(200));
    const failed = cli(['projections', 'status'], { WIJKZORG_SQLITE_PATH: notADatabase });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^error: .*not a database/);
    oneLineWithoutStack(failed.stderr);
  });

  // The CLI validates its environment with the api's loader (loadConfig): the same settings, the same refusals.
  it('an invalid setting is refused before any command runs: one line naming the setting, exit 2', () => {
    const unknownStore = cli(['projections', 'status'], { WIJKZORG_EVENT_STORE: 'cassandra' });
    expect(unknownStore.status).toBe(2);
    expect(unknownStore.stderr).toMatch(/^error: invalid configuration: WIJKZORG_EVENT_STORE must be one of sqlite, esdb, kurrentdb, postgres .*"cassandra"/);
    oneLineWithoutStack(unknownStore.stderr);
    expect(unknownStore.stdout).toBe('');
    // Was a runtime failure (exit 1) before the CLI validated its configuration: now a configuration error.
    const mongoWithoutUrl = cli(['projections', 'status'], { WIJKZORG_READ_MODELS: 'mongodb', MONGO_URL: '' });
    expect(mongoWithoutUrl.status).toBe(2);
    expect(mongoWithoutUrl.stderr).toMatch(/^error: invalid configuration: MONGO_URL is required when WIJKZORG_READ_MODELS=mongodb/);
    oneLineWithoutStack(mongoWithoutUrl.stderr);
    const badFlag = cli(['projections', 'rebuild'], { WIJKZORG_PROGRESS_LINES: 'yes' });
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toMatch(/WIJKZORG_PROGRESS_LINES must be one of on, off, 1, 0/);
    // A key is never echoed.
    const badKey = cli(['token', '--role', 'auditor', '--sub', 'a-1'], { WIJKZORG_JWT_SIGNING_KEY: 'secret-material-not-a-pem' });
    expect(badKey.status).toBe(2);
    expect(badKey.stderr).toMatch(/WIJKZORG_JWT_SIGNING_KEY must be a PEM private key/);
    expect(badKey.stderr).not.toContain('secret-material');
    oneLineWithoutStack(badKey.stderr);
  });

  it('without a terminal a rebuild draws no bar: the summary is the last line on stdout', () => {
    const rebuilt = cli(['projections', 'rebuild']);
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stderr).not.toContain('\r');
    const summary = JSON.parse(rebuilt.stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({
      rebuilt: ['caseload', 'wachtlijst', 'budget', 'accesslog', 'toegang', 'network', 'budget_pots', 'doorbraaktafel', 'housing', 'planned_steps', 'closures', 'buurt', 'continuity', 'scaling_outcomes', 'money_flows', 'doorbraak_cases', 'zorgverloop', 'housing_outcomes', 'dekking'],
      events: expect.any(Number),
      eventsPerSecond: expect.any(Number),
    });
    const token = cli(['token', '--role', 'beleidsmaker', '--sub', 'bm-1', '--ttl-hours', '1']);
    expect(token.status).toBe(0);
    expect(token.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});

describe('the CLI signs tokens with the keys the api is configured with', () => {
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  let t: TestApp;
  beforeAll(async () => {
    process.env.WIJKZORG_JWT_SIGNING_KEY = signingKey;
    process.env.WIJKZORG_JWT_KEY_ID = 'cli-e2e-2026';
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    delete process.env.WIJKZORG_JWT_SIGNING_KEY;
    delete process.env.WIJKZORG_JWT_KEY_ID;
    rmSync(t.dataDir, { recursive: true, force: true });
  });
  // The api's environment: the same data dir, secret and signing key.
  const token = (...args: string[]) => spawnSync(process.execPath, [CLI, 'token', ...args], { env: { ...process.env }, encoding: 'utf8' });
  const headerOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8'));

  it('an EdDSA token under the configured kid, which the api accepts with the role and scope it carries', async () => {
    const beleidsmaker = token('--role', 'beleidsmaker', '--sub', 'bm-cli', '--ttl-hours', '1');
    expect([beleidsmaker.status, beleidsmaker.stderr]).toEqual([0, '']);
    const jwt = beleidsmaker.stdout.trim();
    // Not the HS256 secret (which the api would accept as well): the configured asymmetric key.
    expect(headerOf(jwt)).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: 'cli-e2e-2026' });
    await t.http.get('/caseload/wijken').set('Authorization', `Bearer ${jwt}`).expect(200);
    // The role in it is the one asked for: a policymaker is no admin.
    await t.http.get('/projections/status').set('Authorization', `Bearer ${jwt}`).expect(403);
    // The signature is checked against that key: a token with a changed payload is refused.
    const [header, , signature] = jwt.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')), role: 'admin' })).toString('base64url');
    await t.http.get('/projections/status').set('Authorization', `Bearer ${header}.${forgedPayload}.${signature}`).expect(401);
  });
});
