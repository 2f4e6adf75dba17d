import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GENESIS_HASH, SqliteCheckpointStore, chainHash } from '@wijkzorg/event-store';
import { TestApp, startTestApp, wijkBody } from '../support/test-app';

const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');

/** Anchored tamper evidence end to end: the running api takes signed checkpoints; HTTP and CLI verify against them. */
describe('tamper evidence anchored by signed head checkpoints', () => {
  const scheduleEnv = { WIJKZORG_CHECKPOINT_POLL_MS: '100', WIJKZORG_CHECKPOINT_EVERY_EVENTS: '1' };
  let wijken = 0;

  let running: TestApp[] = [];

  beforeAll(() => Object.assign(process.env, scheduleEnv));
  afterEach(async () => {
    // Apps of a test that failed half-way are closed here (close() is idempotent below).
    for (const t of running) await t.close();
    running = [];
  });
  afterAll(() => {
    for (const name of Object.keys(scheduleEnv)) delete process.env[name];
  });

  const cli = (t: TestApp, ...args: string[]) => spawnSync(process.execPath, [CLI, 'audit', ...args], { env: { ...process.env, WIJKZORG_DATA_DIR: t.dataDir }, encoding: 'utf8' });
  const verify = async (t: TestApp, query = '') => (await t.as('auditor').get(`/audit/verify${query}`).expect(200)).body;

  async function writeEvents(t: TestApp, n: number) {
    for (let i = 0; i < n; i++, wijken++)
      await t
        .as('admin')
        .post('/wijken', wijkBody(`WK${String(900000 + wijken).padStart(6, '0')}`, `Wijk ${wijken}`, 'Anchorstad'))
        .expect(201);
  }

  /** A running api with some events, whose own checkpointer has anchored the head. */
  async function anchoredLog(n = 6) {
    const started = await startTestApp();
    let closed: Promise<void> | undefined;
    const t: TestApp = { ...started, close: () => (closed ??= started.close()) };
    running.push(t);
    await writeEvents(t, n);
    const { headPosition, headHash } = await verify(t, '?checkpoints=none');
    for (let i = 0; i < 200; i++) {
      const latest = await t.as('auditor').get('/audit/checkpoints/latest');
      if (latest.status === 200 && latest.body.position === headPosition) return { t, head: { position: headPosition as number, hash: headHash as string }, checkpoint: latest.body };
      await new Promise((r) => setTimeout(r, 50));
    }
    await t.close();
    throw new Error('the api took no checkpoint of the head');
  }

  const db = (t: TestApp, file = 'wijkzorg.db') => new Database(join(t.dataDir, file));

  it('publishes signed checkpoints; an untouched log verifies over HTTP and from the CLI', async () => {
    const { t, head, checkpoint } = await anchoredLog();
    expect(checkpoint).toMatchObject({ position: head.position, hash: head.hash, eventCount: head.position, keyId: expect.stringMatching(/^[0-9a-f]{16}$/), signature: expect.any(String) });

    const key = (await t.as('auditor').get('/audit/checkpoints/public-key').expect(200)).body;
    expect(key).toMatchObject({ algorithm: 'Ed25519', keyId: checkpoint.keyId, publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY') });
    const forAuditors = (await t.as('auditor').get('/audit/checkpoints').expect(200)).body;
    const forIntegrators = (await t.as('integrator').get('/integration/checkpoints').expect(200)).body;
    expect(forIntegrators).toEqual(forAuditors);
    expect(forIntegrators).toMatchObject({ keyId: key.keyId, publicKeyPem: key.publicKeyPem, items: expect.arrayContaining([checkpoint]) });
    expect((await t.as('integrator').get('/integration/checkpoints?after=1&limit=1').expect(200)).body.items).toEqual(forAuditors.items.slice(1, 2));
    await t.as('beleidsmaker').get('/audit/checkpoints').expect(403);
    await t.as('beleidsmaker').get('/integration/checkpoints').expect(403);
    await t.as('integrator').get('/integration/checkpoints?limit=0').expect(400);

    const result = await verify(t, `?expectedHead=${head.position}:${head.hash}`);
    expect(result).toMatchObject({ ok: true, headPosition: head.position, checkpoints: { verified: forAuditors.items.length, keyId: key.keyId } });
    expect(result.firstProblem).toBeUndefined();

    // On demand from the CLI, with the key printed for third parties.
    await writeEvents(t, 1);
    const taken = cli(t, 'checkpoint');
    expect(taken.status).toBe(0);
    expect(taken.stdout).toMatch(new RegExp(`^(took|head unchanged since) checkpoint #\\d+ at .*: head ${head.position + 1}:[0-9a-f]{64}, ${head.position + 1} events`));
    const printedKey = cli(t, 'public-key');
    expect(printedKey.stdout).toContain(`Ed25519 key ${key.keyId}`);
    expect(printedKey.stdout).toContain(key.publicKeyPem.trim());
    const exported = cli(t, 'checkpoints', '--json');
    const copyFile = join(t.dataDir, 'outsider-copy.json');
    writeFileSync(copyFile, exported.stdout);
    expect(JSON.parse(exported.stdout).items.length).toBe(forAuditors.items.length + 1);

    const ok = cli(t, 'verify', '--expected-head', `${head.position}:${head.hash}`, '--checkpoints', copyFile);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^ok: \d+ events verified; head \d+:[0-9a-f]{64}; \d+ checkpoints verified with key/);
    expect(
      (
        await t
          .as('auditor')
          .post('/audit/verify', { checkpoints: JSON.parse(exported.stdout).items, expectedHead: `${head.position}:${head.hash}` })
          .expect(200)
      ).body.ok,
    ).toBe(true);

    // The api anchors the head once more as it shuts down.
    await writeEvents(t, 1);
    const { headPosition } = await verify(t, '?checkpoints=none');
    await t.close();
    const store = new SqliteCheckpointStore(join(t.dataDir, 'checkpoints.db'));
    expect((await store.latest())!.position).toBe(headPosition);
    await store.close();
  });

  it("(a) detects the last events deleted with raw SQL, also against an outsider's copy once the local checkpoints are gone", async () => {
    const { t, head } = await anchoredLog();
    const copy = (await t.as('integrator').get('/integration/checkpoints').expect(200)).body;
    const copyFile = join(t.dataDir, 'outsider-copy.json');
    writeFileSync(copyFile, JSON.stringify(copy));
    const file = db(t);
    file.prepare('DELETE FROM events WHERE position > ?').run(head.position - 2);
    file.close();

    expect((await verify(t, '?checkpoints=none')).ok).toBe(true); // the chain alone cannot see a cut tail
    const result = await verify(t);
    // The first checkpoint past the cut reports it: the head's, or one the api signed in between.
    expect(result).toMatchObject({ ok: false, headPosition: head.position - 2, firstProblem: { kind: 'truncated', source: 'stored' } });
    expect(result.firstProblem.position).toBeGreaterThan(head.position - 2);
    expect(result.firstProblem.position).toBeLessThanOrEqual(head.position);
    expect(result.firstProblem.message).toContain(`the log ends at position ${head.position - 2}, before the checkpoint at position ${result.firstProblem.position}`);
    expect((await verify(t, `?checkpoints=none&expectedHead=${head.position}:${head.hash}`)).firstProblem).toMatchObject({ kind: 'truncated', source: 'expected-head' });
    const broken = cli(t, 'verify');
    expect(broken.status).toBe(3);
    expect(broken.stdout).toMatch(/^BROKEN \(truncated\): checkpoint \d+ \(stored\): the log ends at position/);

    // The attacker removes the local checkpoints that saw the tail too: the outsider's copy still does.
    const checkpoints = db(t, 'checkpoints.db');
    checkpoints.exec('DROP TRIGGER checkpoints_no_delete');
    checkpoints.prepare('DELETE FROM checkpoints WHERE position > ?').run(head.position - 2);
    checkpoints.close();
    expect((await verify(t)).ok).toBe(true);
    const withCopy = cli(t, 'verify', '--checkpoints', copyFile);
    expect(withCopy.status).toBe(3);
    expect(withCopy.stdout).toMatch(/^BROKEN \(truncated\): checkpoint \d+ \(.*outsider-copy\.json\)/);
    expect((await t.as('auditor').post('/audit/verify', { checkpoints: copy.items }).expect(200)).body).toMatchObject({ ok: false, firstProblem: { kind: 'truncated', source: 'request' } });
    await t.close();
  });

  it('(b) detects a tail event rewritten with the hash chain recomputed', async () => {
    const { t, head } = await anchoredLog();
    const file = db(t);
    file.prepare("UPDATE events SET data = replace(data, 'Anchorstad', 'Elders') WHERE position = ?").run(head.position - 1);
    // Recompute every hash from there on, as someone who knows the algorithm would.
    let previous =
      (file
        .prepare('SELECT hash FROM events WHERE position = ?')
        .pluck()
        .get(head.position - 2) as Buffer) ?? GENESIS_HASH;
    const rows = file
      .prepare('SELECT position, stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data FROM events WHERE position >= ? ORDER BY position')
      .raw(true)
      .all(head.position - 1) as [number, string, number, string, string, number, string, string, string, string][];
    for (const [position, ...content] of rows) {
      previous = chainHash(previous, ...content);
      file.prepare('UPDATE events SET hash = ? WHERE position = ?').run(previous, position);
    }
    file.close();

    expect((await verify(t, '?checkpoints=none')).ok).toBe(true);
    const rewritten = await verify(t);
    expect(rewritten).toMatchObject({ ok: false, firstProblem: { kind: 'rewritten', source: 'stored' } });
    expect([head.position - 1, head.position]).toContain(rewritten.firstProblem.position); // the first checkpoint at or after the change
    expect((await verify(t, `?checkpoints=none&expectedHead=${head.position}:${head.hash}`)).firstProblem).toMatchObject({ kind: 'rewritten', source: 'expected-head' });
    const broken = cli(t, 'verify');
    expect(broken.status).toBe(3);
    expect(broken.stdout).toMatch(/^BROKEN \(rewritten\): .*events up to this position were rewritten/);
    const expected = cli(t, 'verify', '--checkpoints', 'none', '--expected-head', `${head.position}:${head.hash}`);
    expect(expected.status).toBe(3);
    await t.close();
  });

  it('(c) detects a checkpoint altered in its file, a forged signature and a foreign verifying key', async () => {
    const { t, checkpoint } = await anchoredLog();
    const file = db(t, 'checkpoints.db');
    expect(() => file.prepare('UPDATE checkpoints SET position = 1').run()).toThrow(/append-only/);
    file.exec('DROP TRIGGER checkpoints_no_update');
    file.prepare('UPDATE checkpoints SET event_count = event_count + 1 WHERE sequence = ?').run(checkpoint.sequence);
    const altered = await verify(t);
    expect(altered).toMatchObject({ ok: false, firstProblem: { kind: 'bad-signature', checkpoint: checkpoint.sequence, source: 'stored' } });
    const cliAltered = cli(t, 'verify');
    expect(cliAltered.status).toBe(3);
    expect(cliAltered.stdout).toMatch(/^BROKEN \(bad-signature\): the signature of checkpoint \d+ does not verify/);

    file.exec('DROP TRIGGER IF EXISTS checkpoints_no_update'); // opening the store (the CLI did) puts the triggers back
    file.prepare('UPDATE checkpoints SET event_count = event_count - 1, signature = ? WHERE sequence = ?').run(Buffer.alloc(64, 7).toString('base64'), checkpoint.sequence);
    expect((await verify(t)).firstProblem).toMatchObject({ kind: 'bad-signature', checkpoint: checkpoint.sequence });
    file.exec('DROP TRIGGER IF EXISTS checkpoints_no_update');
    file.prepare('UPDATE checkpoints SET signature = ? WHERE sequence = ?').run(checkpoint.signature, checkpoint.sequence);
    file.close();
    expect((await verify(t)).ok).toBe(true);

    // A third party pins the published key: a log re-signed with another key fails against it.
    const foreignKey = join(t.dataDir, 'foreign.pem');
    writeFileSync(foreignKey, generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }));
    const foreign = cli(t, 'verify', '--public-key', foreignKey);
    expect(foreign.status).toBe(3);
    expect(foreign.stdout).toMatch(/^BROKEN \(bad-signature\): checkpoint 1 names key [0-9a-f]{16}, the verifying key is/);
    await t.close();
  });

  it('answers malformed anchors with 400 naming the field, and the CLI with usage (exit 2)', async () => {
    const { t, head } = await anchoredLog(2);
    for (const [query, field] of [
      ['?expectedHead=abc', 'expectedHead'],
      [`?expectedHead=0:${head.hash}`, 'expectedHead'],
      ['?checkpoints=some', 'checkpoints'],
      [`?streamId=wijk-x&expectedHead=${head.position}:${head.hash}`, 'expectedHead'],
    ]) {
      const res = await t.as('auditor').get(`/audit/verify${query}`).expect(400);
      expect(res.body.errors.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(
      (
        await t
          .as('auditor')
          .post('/audit/verify', { checkpoints: [{ sequence: 'one' }] })
          .expect(400)
      ).body.errors[0].field,
    ).toBe('checkpoints');
    expect((await t.as('auditor').post('/audit/verify', { checkpoints: 'all' }).expect(400)).body.errors[0].field).toBe('checkpoints');
    await t.as('integrator').post('/audit/verify', {}).expect(403);
    const usage = cli(t, 'verify', '--expected-head', 'nonsense');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/<position>:<64 hex/);
    expect(cli(t, 'verify', '--checkpoints', join(t.dataDir, 'missing.json')).status).toBe(2);
    expect(cli(t, 'verify', '--stream', 'x', '--checkpoints', 'all').status).toBe(2);
    await t.close();
  });
});
