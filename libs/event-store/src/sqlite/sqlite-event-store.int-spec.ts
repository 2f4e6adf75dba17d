import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreConformance } from '../conformance/event-store-conformance';
import { chainHash } from '../chain';
import { WrongExpectedRevisionError } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore conformance', () => {
  eventStoreConformance(async () => new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-es-')), 'events.db')));
});

describe('SqliteEventStore durability', () => {
  it('sees events written by another connection to the same file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wijkzorg-es-')), 'events.db');
    const writer = new SqliteEventStore(path);
    const reader = new SqliteEventStore(path);
    await writer.append('s-1', [{ eventId: 'e-1', type: 'T', schemaVersion: 1, data: {}, occurredAt: '2026-01-01T00:00:00Z', metadata: { actor: { role: 'system', id: 'x' }, correlationId: 'c', causationId: null, commandId: null } }], -1);
    expect(await reader.readStream('s-1')).toHaveLength(1);
    expect(writer.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(writer.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    await writer.close();
    await reader.close();
  });
});

describe('SqliteEventStore with other writers on the same file', () => {
  const meta = { actor: { role: 'zorgprofessional' as const, id: 'zp' }, correlationId: 'c', causationId: null, commandId: null };
  let counter = 0;
  const events = (n: number) => Array.from({ length: n }, () => ({ eventId: `e-${++counter}`, type: 'BudgetReleased', schemaVersion: 1, data: { amountCents: counter }, occurredAt: '2026-01-01T00:00:00Z', metadata: meta }));
  const positionsAndRevisions = (store: SqliteEventStore) => store.db.prepare('SELECT position, stream_id AS streamId, revision FROM events ORDER BY position').all() as { position: number; streamId: string; revision: number }[];

  it('interleaved appends of two stores chain onto each other: contiguous positions and revisions, a chain that verifies', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wijkzorg-es-')), 'events.db');
    const [a, b] = [new SqliteEventStore(path), new SqliteEventStore(path)];
    // Each store's head and revisions are stale after the other's commit; single appends, larger ones and batches alternate.
    expect(await a.append('shared', events(1), -1)).toMatchObject({ nextRevision: 0, lastPosition: 1 });
    expect(await b.append('shared', events(3), 0)).toMatchObject({ nextRevision: 3, lastPosition: 4 });
    expect(await a.append('shared', events(1), 3)).toMatchObject({ nextRevision: 4, lastPosition: 5 });
    expect(await a.append('only-a', events(2), -1)).toMatchObject({ nextRevision: 1, lastPosition: 7 });
    expect(
      b.appendBatch([
        { streamId: 'shared', events: events(2), expectedRevision: 4 },
        { streamId: 'only-a', events: events(1), expectedRevision: 1 },
      ]),
    ).toEqual([
      { streamId: 'shared', nextRevision: 6, lastPosition: 9 },
      { streamId: 'only-a', nextRevision: 2, lastPosition: 10 },
    ]);
    expect(await a.append('only-a', events(1), 2)).toMatchObject({ nextRevision: 3, lastPosition: 11 });
    for (let i = 0; i < 20; i++) await (i % 3 === 0 ? a : b).append('shared', events(1 + (i % 4)), 'any');
    const rows = positionsAndRevisions(a);
    expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i + 1));
    for (const streamId of ['shared', 'only-a']) {
      const revisions = rows.filter((r) => r.streamId === streamId).map((r) => r.revision);
      expect(revisions).toEqual(revisions.map((_, i) => i));
    }
    expect(await a.verifyChain()).toMatchObject({ ok: true, checked: rows.length });
    expect(await b.verifyChain({ streamId: 'shared' })).toMatchObject({ ok: true });
    await a.close();
    await b.close();
  });

  it('checks the expected revision against what another store appended, and stays right after refusing', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wijkzorg-es-')), 'events.db');
    const [a, b] = [new SqliteEventStore(path), new SqliteEventStore(path)];
    await a.append('s', events(2), -1);
    await b.append('s', events(1), 1);
    const refused = await a.append('s', events(1), 1).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WrongExpectedRevisionError);
    expect((refused as WrongExpectedRevisionError).currentRevision).toBe(2);
    const retriedElsewhere = events(1);
    expect(await b.append('s', retriedElsewhere, 2)).toMatchObject({ nextRevision: 3, lastPosition: 4 });
    // The same events again through the other store: recognised as done, nothing written, and its next append lands after them.
    expect(await a.append('s', retriedElsewhere, 2)).toEqual({ streamId: 's', nextRevision: 3, lastPosition: 4 });
    expect(await a.append('s', events(1), 3)).toMatchObject({ nextRevision: 4, lastPosition: 5 });
    // A raw connection commits too (as another process would): the stores see its row and chain onto its hash.
    const raw = new Database(path);
    raw.prepare("INSERT INTO events (stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data, hash) VALUES ('s', 5, 'raw', 'T', 1, '', '', '{}', '{}', zeroblob(32))").run();
    raw.close();
    expect(await b.append('s', events(1), 4).catch((e: unknown) => e)).toBeInstanceOf(WrongExpectedRevisionError);
    expect(await b.append('s', events(1), 5)).toMatchObject({ nextRevision: 6, lastPosition: 7 });
    const [after] = await a.readStream('s', { fromRevision: 6 });
    const expected = chainHash(Buffer.alloc(32), 's', 6, after.eventId, after.type, after.schemaVersion, after.occurredAt, after.recordedAt, JSON.stringify(after.metadata), JSON.stringify(after.data));
    expect(after.hash).toBe(expected.toString('hex'));
    await a.close();
    await b.close();
  });

  it("sees writes to the events table through the store's own connection: the next append chains onto what the log holds then", async () => {
    const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-es-')), 'events.db'));
    await store.append('s', events(3), -1);
    store.db.prepare('DELETE FROM events WHERE position = 3').run();
    store.db.prepare('UPDATE events SET hash = zeroblob(32) WHERE position = 2').run();
    expect(await store.append('s', events(1), 1)).toMatchObject({ nextRevision: 2, lastPosition: 4 });
    const [after] = await store.readStream('s', { fromRevision: 2 });
    const expected = chainHash(Buffer.alloc(32), 's', 2, after.eventId, after.type, after.schemaVersion, after.occurredAt, after.recordedAt, JSON.stringify(after.metadata), JSON.stringify(after.data));
    expect(after.hash).toBe(expected.toString('hex'));
    await store.close();
  });

  it('an append that fails halfway leaves the chain as it was: the next append chains onto the last committed event', async () => {
    const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-es-')), 'events.db'));
    await store.append('s', events(2), -1);
    const unserialisable = { ...events(1)[0], data: { amountCents: 1n } };
    await expect(store.append('s', [...events(1), unserialisable], 1)).rejects.toThrow(/BigInt/);
    expect(() =>
      store.appendBatch([
        { streamId: 't', events: events(3), expectedRevision: -1 },
        { streamId: 's', events: [unserialisable], expectedRevision: 1 },
      ]),
    ).toThrow(/BigInt/);
    expect(await store.append('s', events(1), 1)).toMatchObject({ nextRevision: 2, lastPosition: 3 });
    expect(await store.append('t', events(1), -1)).toMatchObject({ nextRevision: 0, lastPosition: 4 });
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 4 });
    await store.close();
  });

  it('an append whose second ten-row insert fails leaves none of its rows: the next append chains onto the last committed event', async () => {
    const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-es-')), 'events.db'));
    await store.append('s', events(2), -1);
    const broken = events(25).map((e, i) => (i === 15 ? { ...e, type: null as unknown as string } : e));
    // Not toThrow: the driver's errors may belong to another test file's realm (its native part is loaded once per worker), which toThrow does not take for errors.
    await expect(store.append('s', broken, 1)).rejects.toMatchObject({ message: expect.stringMatching(/NOT NULL/) });
    expect(positionsAndRevisions(store)).toHaveLength(2);
    expect(await store.append('s', events(25), 1)).toMatchObject({ nextRevision: 26, lastPosition: 27 });
    expect(positionsAndRevisions(store).map((r) => r.revision)).toEqual(Array.from({ length: 27 }, (_, i) => i));
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 27 });
    await store.close();
  });
});

describe('SqliteEventStore tamper evidence', () => {
  const meta = { actor: { role: 'zorgprofessional' as const, id: 'zp' }, correlationId: 'c', causationId: null, commandId: null };
  const event = (i: number) => ({ eventId: `e-${i}`, type: 'BudgetReleased', schemaVersion: 1, data: { amountCents: 100 * i }, occurredAt: '2026-01-01T00:00:00Z', metadata: meta });
  async function storeWith(n: number) {
    const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-chain-')), 'events.db'));
    for (let i = 1; i <= n; i++) await store.append(`client-${i % 3}`, [event(i)], 'any');
    return store;
  }

  it('chains every event to the one before it and verifies an untouched log', async () => {
    const store = await storeWith(9);
    const all = await store.readAll();
    expect(all).toHaveLength(9);
    const streamed = [...(await store.readStream('client-0')), ...(await store.readStream('client-1')), ...(await store.readStream('client-2'))];
    expect(new Set(streamed.map((e) => e.hash)).size).toBe(9);
    expect(streamed[0].hash).toMatch(/^[0-9a-f]{64}$/);
    const [last] = await store.readStream('client-0', { fromRevision: 2 });
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 9, headHash: last.hash });
    expect(await store.verifyChain({ streamId: 'client-1' })).toMatchObject({ ok: true, checked: 3 });
    await store.close();
  });

  it('reports the first broken link when an amount is altered', async () => {
    const store = await storeWith(9);
    store.db.prepare('UPDATE events SET data = ? WHERE position = 5').run(JSON.stringify({ amountCents: 1 }));
    expect(await store.verifyChain()).toMatchObject({ ok: false, checked: 4, firstBrokenLink: { position: 5, streamId: 'client-2', revision: 1 } });
    expect((await store.verifyChain({ streamId: 'client-2' })).firstBrokenLink).toMatchObject({ position: 5 });
    expect((await store.verifyChain({ streamId: 'client-1' })).ok).toBe(true);
    await store.close();
  });

  it('reports a removed event', async () => {
    const store = await storeWith(6);
    store.db.prepare('DELETE FROM events WHERE position = 3').run();
    const result = await store.verifyChain();
    expect(result).toMatchObject({ ok: false, firstBrokenLink: { position: 4 } });
    expect(result.firstBrokenLink!.reason).toMatch(/missing/);
    expect((await store.verifyChain({ streamId: 'client-0' })).firstBrokenLink!.reason).toMatch(/revision 0 is missing/);
    await store.close();
  });
});
