import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import { PostgresCluster, startPostgresCluster } from '../../../../test/support/postgres-cluster';
import { GENESIS_HASH, chainHash } from '../chain';
import { EventStore } from '../event-store.port';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { CheckpointSigner, CheckpointVerifier, NO_PREVIOUS_CHECKPOINT, loadCheckpointSigner } from './checkpoint';
import { CheckpointConflictError, CheckpointStore, SqliteCheckpointStore } from './checkpoint-store';
import { MongoCheckpointStore } from './mongo-checkpoint-store';
import { PostgresCheckpointStore } from './postgres-checkpoint-store';
import { HeadCheckpointer, openCheckpointing, parseCheckpointDocument, parseExpectedHead, storedCheckpoints, takeCheckpoint, verifyAnchored } from './anchor';

const meta = { actor: { role: 'zorgprofessional' as const, id: 'zp' }, correlationId: 'c', causationId: null, commandId: null };
const event = (i: number) => ({ eventId: `e-${i}`, type: 'BudgetReleased', schemaVersion: 1, data: { amountCents: 100 * i }, occurredAt: '2026-01-01T00:00:00Z', metadata: meta });

/** What an attacker with write access to the database can do, said once per kind of store. */
interface Tamper {
  /** Removes the events whose position matches, e.g. deleteEvents('>', 8). */
  deleteEvents(operator: '>' | '=' | '>=', position: number): Promise<void>;
  setEventData(position: number, data: string): Promise<void>;
  /** Recomputes every hash from a position on, so the chain is internally consistent again. */
  rechainFrom(position: number): Promise<void>;
  /** The next append takes the position after this one and chains to it (a cut tail refilled). */
  continueAfter(position: number): Promise<void>;
  /** SQL on the checkpoint table, written for SQLite (table `checkpoints`, `?` placeholders). */
  checkpoints(sql: string, ...params: unknown[]): Promise<void>;
  dropCheckpointGuards(): Promise<void>;
  close(): Promise<void>;
}

interface Backend {
  name: string;
  open(dir: string): Promise<{ events: EventStore; store: CheckpointStore; signer: CheckpointSigner; tamper: Tamper }>;
}

type EventRow = [position: number, streamId: string, revision: number, eventId: string, type: string, schemaVersion: number, occurredAt: string, recordedAt: string, metadata: string, data: string];
const chainRows = (previous: Buffer, rows: EventRow[]) => rows.map(([position, ...content]) => ({ position, hash: (previous = chainHash(previous, ...content)) }));

const sqlite: Backend = {
  name: 'SQLite',
  async open(dir) {
    const events = new SqliteEventStore(join(dir, 'wijkzorg.db'));
    const { store, signer } = openCheckpointing(dir, {});
    expect(store).toBeInstanceOf(SqliteCheckpointStore);
    // The attacker's own connection, opened when first used, so it starts from what the store has committed by then.
    let file: Database.Database | undefined;
    const tamperer = () => (file ??= new Database(join(dir, 'checkpoints.db')));
    const db = events.db;
    const tamper: Tamper = {
      async deleteEvents(operator, position) {
        db.prepare(`DELETE FROM events WHERE position ${operator} ?`).run(position);
      },
      async setEventData(position, data) {
        db.prepare('UPDATE events SET data = ? WHERE position = ?').run(data, position);
      },
      async rechainFrom(position) {
        const previous = (db.prepare('SELECT hash FROM events WHERE position < ? ORDER BY position DESC LIMIT 1').pluck().get(position) as Buffer | undefined) ?? GENESIS_HASH;
        const rows = db.prepare('SELECT position, stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data FROM events WHERE position >= ? ORDER BY position').raw(true).all(position) as EventRow[];
        for (const { position: p, hash } of chainRows(previous, rows)) db.prepare('UPDATE events SET hash = ? WHERE position = ?').run(hash, p);
      },
      async continueAfter() {
        db.prepare("DELETE FROM sqlite_sequence WHERE name = 'events'").run();
      },
      async checkpoints(sql, ...params) {
        let changes: number;
        try {
          ({ changes } = tamperer()
            .prepare(sql)
            .run(...params));
        } catch (error) {
          // Re-thrown as this test file's Error: better-sqlite3's native code builds its errors in the realm of the
          // first test file that loaded it, which `rejects.toThrow` does not recognise as an Error in later files.
          throw new Error((error as Error).message);
        }
        // A tamper that changes nothing proves nothing: it must hit a row (and then the guard fires, unless dropped).
        if (changes === 0) throw new Error(`tampering changed no row: ${sql} (rows: ${JSON.stringify(tamperer().prepare('SELECT sequence FROM checkpoints').pluck().all())})`);
      },
      async dropCheckpointGuards() {
        tamperer().exec('DROP TRIGGER checkpoints_no_update; DROP TRIGGER checkpoints_no_delete;');
      },
      async close() {
        file?.close();
      },
    };
    return { events, store, signer, tamper };
  },
};

let cluster: PostgresCluster | undefined;
afterAll(async () => {
  await cluster?.stop();
});

const postgres: Backend = {
  name: 'PostgreSQL',
  async open(dir) {
    cluster ??= await startPostgresCluster();
    const url = await cluster.createDatabase();
    const events = new PostgresEventStore(url);
    const { store, signer } = openCheckpointing(dir, { WIJKZORG_EVENT_STORE: 'postgres', POSTGRES_URL: url });
    expect(store).toBeInstanceOf(PostgresCheckpointStore);
    await store.count(); // its table exists from here on
    const pool = new Pool({ connectionString: url, max: 1 });
    const sql = async (text: string, ...params: unknown[]) => (await pool.query({ text, values: params, rowMode: 'array' })).rows;
    const tamper: Tamper = {
      async deleteEvents(operator, position) {
        await sql(`DELETE FROM wz_events WHERE position ${operator} $1`, position);
      },
      async setEventData(position, data) {
        await sql('UPDATE wz_events SET data = $1 WHERE position = $2', data, position);
      },
      async rechainFrom(position) {
        const [before] = await sql('SELECT hash FROM wz_events WHERE position < $1 ORDER BY position DESC LIMIT 1', position);
        const rows = await sql('SELECT position::int, stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data FROM wz_events WHERE position >= $1 ORDER BY position', position);
        for (const { position: p, hash } of chainRows(before?.[0] ?? GENESIS_HASH, rows as EventRow[])) await sql('UPDATE wz_events SET hash = $1 WHERE position = $2', hash, p);
        await sql('UPDATE wz_head SET hash = (SELECT hash FROM wz_events ORDER BY position DESC LIMIT 1)');
      },
      async continueAfter(position) {
        await sql('UPDATE wz_head SET position = $1, hash = (SELECT hash FROM wz_events WHERE position = $1)', position);
      },
      async checkpoints(text, ...params) {
        let n = 0;
        await sql(
          text.replace(/\bcheckpoints\b/g, 'wz_checkpoints').replace(/\?/g, () => `$${++n}`),
          ...params,
        );
      },
      async dropCheckpointGuards() {
        await sql('DROP TRIGGER wz_checkpoints_append_only ON wz_checkpoints');
      },
      async close() {
        await pool.end();
      },
    };
    return { events, store, signer, tamper };
  },
};

describe.each([sqlite, postgres])('anchored tamper evidence on $name: signed head checkpoints', (backend) => {
  async function setUp() {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-anchor-'));
    const { events, store, signer, tamper } = await backend.open(dir);
    let written = 0;
    const write = async (n: number) => {
      for (let i = 0; i < n; i++, written++) await events.append(`client-${written % 3}`, [event(written)], 'any');
    };
    const verify = (extra: Parameters<typeof verifyAnchored>[2] = {}) => verifyAnchored(events, signer, { sources: [storedCheckpoints(store)], ...extra });
    const close = async () => {
      await tamper.close();
      await events.close();
      await store.close();
    };
    return { dir, events, store, signer, tamper, write, verify, close };
  }

  it('signs the head, extends only what it signed before, and verifies an untouched log', async () => {
    const t = await setUp();
    expect(await takeCheckpoint(t.events, t.store, t.signer)).toEqual({ created: false }); // nothing to anchor yet
    await t.write(7);
    const first = await takeCheckpoint(t.events, t.store, t.signer);
    expect(first.created).toBe(true);
    const [head] = await t.events.readStream('client-0', { fromRevision: 2 });
    expect(first.checkpoint).toMatchObject({ sequence: 1, position: 7, hash: head.hash, eventCount: 7, previous: '0'.repeat(64), keyId: t.signer.keyId });
    expect(t.signer.problemWith(first.checkpoint!)).toBeUndefined();
    expect(await takeCheckpoint(t.events, t.store, t.signer)).toMatchObject({ created: false, checkpoint: { sequence: 1 } });
    await t.write(5);
    expect((await takeCheckpoint(t.events, t.store, t.signer)).checkpoint).toMatchObject({ sequence: 2, position: 12, eventCount: 12 });
    await t.write(2); // events after the last checkpoint are fine
    const verification = await t.verify({ expectedHead: { position: 7, hash: first.checkpoint!.hash } });
    expect(verification).toMatchObject({ ok: true, checked: 14, headPosition: 14, eventCount: 14, anchorsChecked: 3, checkpoints: { verified: 2, latest: { sequence: 2 } } });
    expect(verification.firstProblem).toBeUndefined();
    expect(await t.store.list({ afterSequence: 1 })).toEqual([(await t.store.latest())!]);
    expect(await t.store.count()).toBe(2);
    await t.close();
  });

  it('refuses a checkpoint that does not follow the latest: two checkpointers at once, one wins', async () => {
    const t = await setUp();
    await t.write(3);
    const taken = await Promise.all([takeCheckpoint(t.events, t.store, t.signer), takeCheckpoint(t.events, t.store, t.signer)]);
    expect(taken.filter((c) => c.created)).toHaveLength(1);
    expect(await t.store.count()).toBe(1);
    const latest = (await t.store.latest())!;
    await expect(t.store.append({ ...latest, sequence: 3 })).rejects.toThrow(/another checkpoint was taken meanwhile/);
    await expect(t.store.append({ ...latest, sequence: 2 })).rejects.toThrow(/another checkpoint was taken meanwhile/); // names the wrong predecessor
    expect(await t.store.count()).toBe(1);
    await t.close();
  });

  it('(a) detects the last events deleted with raw SQL', async () => {
    const t = await setUp();
    await t.write(10);
    await takeCheckpoint(t.events, t.store, t.signer);
    await t.tamper.deleteEvents('>', 8);
    expect((await t.events.verifyChain!()).ok).toBe(true); // the chain alone cannot see it
    const verification = await t.verify();
    expect(verification).toMatchObject({ ok: false, headPosition: 8, firstProblem: { kind: 'truncated', position: 10, checkpoint: 1, source: 'stored' } });
    expect(verification.firstProblem!.message).toMatch(/the log ends at position 8, before the checkpoint at position 10/);
    // and the checkpointer refuses to sign the shortened log
    const refused = await takeCheckpoint(t.events, t.store, t.signer);
    expect(refused).toMatchObject({ created: false, refused: { ok: false, brokenAnchor: { kind: 'truncated' } } });
    await t.close();
  });

  it('detects a truncation below an expected head given by an outsider, without stored checkpoints', async () => {
    const t = await setUp();
    await t.write(6);
    const { headHash } = await t.events.verifyChain!();
    const expectedHead = parseExpectedHead(`6:${headHash.toUpperCase()}`);
    expect((await verifyAnchored(t.events, t.signer, { expectedHead })).ok).toBe(true);
    await t.tamper.deleteEvents('=', 6);
    expect(await verifyAnchored(t.events, t.signer, { expectedHead })).toMatchObject({ ok: false, firstProblem: { kind: 'truncated', source: 'expected-head', position: 6 } });
    expect(() => parseExpectedHead('6')).toThrow(/<position>:<64 hex/);
    expect(() => parseExpectedHead('0:' + 'a'.repeat(64))).toThrow();
    await t.close();
  });

  it('(b) detects a tail event rewritten with the chain recomputed', async () => {
    const t = await setUp();
    await t.write(10);
    await takeCheckpoint(t.events, t.store, t.signer);
    await t.write(2);
    await t.tamper.setEventData(9, JSON.stringify({ amountCents: 1 }));
    await t.tamper.rechainFrom(9);
    expect((await t.events.verifyChain!()).ok).toBe(true); // internally consistent again
    expect(await t.verify()).toMatchObject({ ok: false, firstProblem: { kind: 'rewritten', position: 10, checkpoint: 1 } });

    // Truncated and then refilled up to and past the checkpoint's position: the hash there differs.
    const u = await setUp();
    await u.write(5);
    await takeCheckpoint(u.events, u.store, u.signer);
    await u.tamper.deleteEvents('>=', 4);
    await u.tamper.continueAfter(3);
    await u.events.append('client-9', [event(90), event(91), event(92)], 'any');
    expect((await u.events.verifyChain!()).ok).toBe(true);
    expect((await u.verify()).firstProblem).toMatchObject({ kind: 'rewritten', position: 5 });
    await t.close();
    await u.close();
  });

  it('(c) detects checkpoints altered, re-signed with another key, or removed from the table', async () => {
    const t = await setUp();
    for (let i = 0; i < 3; i++) {
      await t.write(4);
      await takeCheckpoint(t.events, t.store, t.signer);
    }
    expect((await t.verify()).ok).toBe(true);
    // A DELETE that matches no row fires no trigger: the checkpoint it aims at must be there.
    expect((await t.store.latest())?.sequence).toBe(3);
    await expect(t.tamper.checkpoints('DELETE FROM checkpoints WHERE sequence = 3')).rejects.toThrow(/append-only/);
    await expect(t.tamper.checkpoints('UPDATE checkpoints SET position = 1 WHERE sequence = 3')).rejects.toThrow(/append-only/);
    await t.tamper.dropCheckpointGuards();

    // The position moved back to match a truncated log: the signature no longer holds.
    await t.tamper.checkpoints('UPDATE checkpoints SET position = 11, event_count = 11 WHERE sequence = 3');
    expect(await t.verify()).toMatchObject({ ok: false, firstProblem: { kind: 'bad-signature', checkpoint: 3, source: 'stored' } });
    expect((await t.verify()).firstProblem!.message).toMatch(/signature of checkpoint 3 does not verify/);

    // Re-signed with a key of the attacker's: names another key.
    const forger = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
    const original = (await t.store.list({ afterSequence: 2 }))[0];
    const forged = forger.sign({ ...original, position: 11, eventCount: 11 });
    await t.tamper.checkpoints('UPDATE checkpoints SET key_id = ?, signature = ? WHERE sequence = 3', forged.keyId, forged.signature);
    expect((await t.verify()).firstProblem).toMatchObject({ kind: 'bad-signature', checkpoint: 3 });
    expect((await t.verify()).firstProblem!.message).toMatch(/names key/);

    // A checkpoint removed from the middle, or the first ones removed.
    await t.tamper.checkpoints('DELETE FROM checkpoints WHERE sequence = 3');
    expect((await t.verify()).ok).toBe(true);
    await t.tamper.checkpoints('DELETE FROM checkpoints WHERE sequence = 2');
    await t.write(1);
    expect((await takeCheckpoint(t.events, t.store, t.signer)).created).toBe(true); // sequence 2 again, after 1
    expect((await t.verify()).ok).toBe(true);
    await t.tamper.checkpoints('DELETE FROM checkpoints WHERE sequence = 1');
    expect((await t.verify()).firstProblem).toMatchObject({ kind: 'broken-checkpoint-sequence', checkpoint: 2 });
    await t.close();
  });

  it("verifies an outsider's copy: missing or altered entries in it show", async () => {
    const t = await setUp();
    for (let i = 0; i < 3; i++) {
      await t.write(3);
      await takeCheckpoint(t.events, t.store, t.signer);
    }
    const copy = parseCheckpointDocument(JSON.parse(JSON.stringify({ items: await t.store.list() })));
    expect((await verifyAnchored(t.events, t.signer, { sources: [{ name: 'copy.json', checkpoints: copy }] })).ok).toBe(true);
    expect((await verifyAnchored(t.events, t.signer, { sources: [{ name: 'copy.json', checkpoints: [copy[0], copy[2]] }] })).firstProblem).toMatchObject({ kind: 'broken-checkpoint-sequence', checkpoint: 3 });
    const altered = copy.map((c) => (c.sequence === 2 ? { ...c, hash: 'f'.repeat(64) } : c));
    expect((await verifyAnchored(t.events, t.signer, { sources: [{ name: 'copy.json', checkpoints: altered }] })).firstProblem).toMatchObject({ kind: 'bad-signature', checkpoint: 2, source: 'copy.json' });
    // The local store lost its last checkpoints and the log its tail: the outsider's copy still knows.
    await t.tamper.deleteEvents('>', 5);
    expect((await verifyAnchored(t.events, t.signer, { sources: [{ name: 'copy.json', checkpoints: copy }] })).firstProblem).toMatchObject({ kind: 'truncated', checkpoint: 2, source: 'copy.json' });
    expect(() => parseCheckpointDocument({ items: [{ ...copy[0], sequence: 'x' }] })).toThrow(/checkpoints\[0\]\.sequence/);
    expect(() => parseCheckpointDocument('nope')).toThrow(/JSON array/);
    await t.close();
  });

  it('takes checkpoints on a schedule and a last one on shutdown', async () => {
    const t = await setUp();
    const log: string[] = [];
    const checkpointer = new HeadCheckpointer(t.events, t.store, t.signer, { everyEvents: 5, everyMs: 3_600_000, pollMs: 60_000 }, (m) => log.push(m));
    await t.write(3);
    await checkpointer.tick();
    expect(await t.store.latest()).toMatchObject({ sequence: 1, position: 3 }); // the first is due at once
    await t.write(2);
    await checkpointer.tick();
    expect(await t.store.latest()).toMatchObject({ sequence: 1 }); // 2 < 5 events
    await t.write(3);
    await checkpointer.tick();
    expect(await t.store.latest()).toMatchObject({ sequence: 2, position: 8 });
    await t.write(1);
    await checkpointer.stop({ finalCheckpoint: true });
    expect(await t.store.latest()).toMatchObject({ sequence: 3, position: 9 });
    await t.write(2);
    await t.tamper.setEventData(10, '{}'); // after the latest checkpoint: the next one checks it
    await checkpointer.stop({ finalCheckpoint: true });
    expect(await t.store.count()).toBe(3); // a broken log is never signed
    expect(log.join('\n')).toMatch(/refusing to sign/);
    await t.close();

    const u = await setUp();
    const byTime = new HeadCheckpointer(u.events, u.store, u.signer, { everyEvents: 1000, everyMs: 1_000, pollMs: 60_000 });
    await u.write(1);
    await byTime.tick();
    await u.write(1);
    await byTime.tick();
    expect(await u.store.count()).toBe(1); // one event, too soon
    await new Promise((r) => setTimeout(r, 1_100));
    await byTime.tick();
    expect(await u.store.latest()).toMatchObject({ sequence: 2, position: 2 }); // due by time once the head moved
    await byTime.tick();
    expect(await u.store.count()).toBe(2); // the head did not move: nothing to sign
    await byTime.stop();
    await u.close();
  });
});

describe('checkpoint signing keys', () => {
  it('needs a configured key in production beside a shared PostgreSQL log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-anchor-key-'));
    expect(() => openCheckpointing(dir, { WIJKZORG_EVENT_STORE: 'postgres', POSTGRES_URL: 'postgres://nobody@127.0.0.1:1/none', NODE_ENV: 'production' })).toThrow(/WIJKZORG_ANCHOR_SIGNING_KEY is required in production/);
    expect(() => openCheckpointing(dir, { WIJKZORG_EVENT_STORE: 'postgres', NODE_ENV: 'development' })).toThrow(/needs POSTGRES_URL/);
  });

  it('keeps one generated key per data directory, or takes a configured Ed25519 key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-anchor-key-'));
    const keyFile = join(dir, 'anchor-signing-key.pem');
    const first = loadCheckpointSigner({}, keyFile);
    expect(first.generated).toBe(true);
    expect(loadCheckpointSigner({}, keyFile).signer.keyId).toBe(first.signer.keyId);
    const pem = readFileSync(keyFile, 'utf8');
    expect(loadCheckpointSigner({ WIJKZORG_ANCHOR_SIGNING_KEY: pem }, join(dir, 'unused')).signer.keyId).toBe(first.signer.keyId);
    const { privateKey } = generateKeyPairSync('ed25519');
    const base64 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const configured = loadCheckpointSigner({ WIJKZORG_ANCHOR_SIGNING_KEY: base64 }, keyFile);
    expect(configured).toMatchObject({ generated: false });
    expect(configured.signer.keyId).not.toBe(first.signer.keyId);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadCheckpointSigner({ WIJKZORG_ANCHOR_SIGNING_KEY: rsa }, keyFile)).toThrow(/Ed25519/);
    expect(() => loadCheckpointSigner({ WIJKZORG_ANCHOR_SIGNING_KEY: 'not a key' }, keyFile)).toThrow(/PKCS#8/);
    expect(CheckpointVerifier.fromPem(first.signer.published.publicKeyPem).keyId).toBe(first.signer.keyId);
  });
});

describe('where checkpoints live beside a KurrentDB log', () => {
  // The log is shared by every instance, so its checkpoints must be too: a checkpoints.db per data
  // directory would give each instance its own chain, restarted at 1 by whichever holds the lease.
  it('in the shared PostgreSQL state: two instances (two data directories) append to one chain', async () => {
    cluster ??= await startPostgresCluster();
    const url = await cluster.createDatabase();
    const env = { WIJKZORG_EVENT_STORE: 'kurrentdb', WIJKZORG_SHARED_STATE: 'postgres', POSTGRES_URL: url };
    const a = openCheckpointing(mkdtempSync(join(tmpdir(), 'wijkzorg-anchor-a-')), env);
    const b = openCheckpointing(mkdtempSync(join(tmpdir(), 'wijkzorg-anchor-b-')), env);
    try {
      expect(a.store).toBeInstanceOf(PostgresCheckpointStore);
      const signer = a.signer;
      const first = signer.sign({ sequence: 1, position: 5, hash: 'a'.repeat(64), eventCount: 5, recordedAt: '2026-11-30T18:00:00.000Z', previous: NO_PREVIOUS_CHECKPOINT });
      await a.store.append(first);
      expect(await b.store.latest()).toEqual(first);
      // b, not knowing a's checkpoint, cannot start a chain of its own.
      await expect(b.store.append(signer.sign({ sequence: 1, position: 7, hash: 'b'.repeat(64), eventCount: 7, recordedAt: '2026-11-30T18:01:00.000Z', previous: NO_PREVIOUS_CHECKPOINT }))).rejects.toThrow(CheckpointConflictError);
    } finally {
      await a.store.close();
      await b.store.close();
    }
  });

  it('in MongoDB when the shared state is there, and in the data directory only with embedded shared state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-anchor-where-'));
    const mongo = openCheckpointing(dir, { WIJKZORG_EVENT_STORE: 'kurrentdb', WIJKZORG_SHARED_STATE: 'mongodb', MONGO_URL: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200' });
    expect(mongo.store).toBeInstanceOf(MongoCheckpointStore);
    await mongo.store.close();
    expect(() => openCheckpointing(dir, { WIJKZORG_EVENT_STORE: 'kurrentdb', WIJKZORG_SHARED_STATE: 'mongodb' })).toThrow(/MONGO_URL/);
    expect(() => openCheckpointing(dir, { WIJKZORG_EVENT_STORE: 'kurrentdb', WIJKZORG_SHARED_STATE: 'postgres' })).toThrow(/POSTGRES_URL/);
    const local = openCheckpointing(dir, { WIJKZORG_EVENT_STORE: 'kurrentdb', WIJKZORG_SHARED_STATE: 'sqlite' });
    expect(local.store).toBeInstanceOf(SqliteCheckpointStore);
    await local.store.close();
  });
});

describe('PostgresCheckpointStore at start-up', () => {
  it('tries the table again after the database was not there at first', async () => {
    cluster ??= await startPostgresCluster();
    const name = `wz_late_${process.pid}`;
    const store = new PostgresCheckpointStore(cluster.url.replace(/\/postgres$/, `/${name}`));
    try {
      await expect(store.latest()).rejects.toThrow(/does not exist/);
      await cluster.createDatabase(name);
      expect(await store.latest()).toBeUndefined();
      expect(await store.count()).toBe(0);
    } finally {
      await store.close();
    }
  });
});
