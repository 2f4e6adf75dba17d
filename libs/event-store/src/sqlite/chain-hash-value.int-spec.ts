import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENESIS_HASH, chainHash } from '../chain';
import { EventToAppend } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

/** The chain hash as the first wijkzorg with a hash chain wrote it: stored logs are verified against this value. */
const originalChainHash = (previous: Buffer, streamId: string, revision: number, eventId: string, type: string, schemaVersion: number, occurredAt: string, recordedAt: string, metadata: string, data: string) =>
  createHash('sha256').update(previous).update(`${streamId}\n${revision}\n${eventId}\n${type}\n${schemaVersion}\n${occurredAt}\n${recordedAt}\n${metadata}\n${data}`).digest();

const meta = { actor: { role: 'zorgprofessional' as const, id: 'zp-ü' }, correlationId: 'c-1', causationId: null, commandId: 'cmd-1' };
const events: EventToAppend[] = [
  { eventId: 'e-ascii', type: 'BudgetReleased', schemaVersion: 1, data: { amountCents: 12_345, funder: 'wmo' }, occurredAt: '2026-01-01T00:00:00.000Z', metadata: meta },
  { eventId: 'e-accents', type: 'ClientRegistered', schemaVersion: 2, data: { name: 'Zoë Çelik-Ĳsselmeer', street: 'Oude Gracht 12ᵇ' }, occurredAt: '2026-01-02T08:30:00.000Z', metadata: meta },
  { eventId: 'e-astral', type: 'NoteAdded', schemaVersion: 1, data: { text: 'goed gesprek 👍🏽, 日本語, \u0000 and "quotes"\n' }, occurredAt: '2026-01-03T12:00:00.000Z', metadata: meta },
  { eventId: 'e-large', type: 'NoteAdded', schemaVersion: 1, data: { text: 'é'.repeat(40_000) }, occurredAt: '2026-01-04T12:00:00.000Z', metadata: meta },
  { eventId: 'e-empty', type: 'Nothing', schemaVersion: 1, data: {}, occurredAt: '2026-01-05T12:00:00.000Z', metadata: meta },
];

describe('the chain hash value', () => {
  it('is the value the original formula gives, for ASCII, accented, astral and large payloads', () => {
    let previous: Buffer = GENESIS_HASH;
    for (const [revision, e] of events.entries()) {
      const args = [previous, 'client-ü', revision, e.eventId, e.type, e.schemaVersion, e.occurredAt, '2026-11-30T21:00:00.000Z', JSON.stringify(e.metadata), JSON.stringify(e.data)] as const;
      const expected = originalChainHash(...args);
      expect(chainHash(...args).equals(expected)).toBe(true);
      previous = expected;
    }
  });

  it('is what the SQLite store writes for every event, appended one by one and in batches', async () => {
    const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-chain-value-')), 'events.db'));
    try {
      await store.append('client-ü', events.slice(0, 2), -1);
      await store.append('client-ü', events.slice(2, 3), 1);
      store.appendBatch([
        { streamId: 'client-2', events: events.slice(3), expectedRevision: -1 },
        { streamId: 'client-ü', events: [{ ...events[4], eventId: 'e-after-batch' }], expectedRevision: 2 },
      ]);
      const rows = store.db.prepare('SELECT stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data, hash FROM events ORDER BY position').raw(true).all() as [string, number, string, string, number, string, string, string, string, Buffer][];
      expect(rows).toHaveLength(6);
      let previous: Buffer = GENESIS_HASH;
      for (const [streamId, revision, eventId, type, schemaVersion, occurredAt, recordedAt, metadata, data, stored] of rows) {
        const expected = originalChainHash(previous, streamId, revision, eventId, type, schemaVersion, occurredAt, recordedAt, metadata, data);
        expect(stored.toString('hex')).toBe(expected.toString('hex'));
        previous = stored;
      }
      expect((await store.verifyChain()).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('holds for large appends and batches: positions, revisions and hashes as if written one by one', async () => {
    const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-chain-value-')), 'events.db'));
    try {
      const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i): EventToAppend => ({ ...events[i % 3], eventId: `${prefix}-${i}` }));
      expect(await store.append('client-a', many(1, 'one'), -1)).toEqual({ streamId: 'client-a', nextRevision: 0, lastPosition: 1 });
      expect(await store.append('client-a', many(137, 'big'), 0)).toEqual({ streamId: 'client-a', nextRevision: 137, lastPosition: 138 });
      expect(
        store.appendBatch([
          { streamId: 'client-b', events: many(50, 'b'), expectedRevision: -1 },
          { streamId: 'client-a', events: many(51, 'a'), expectedRevision: 137 },
        ]),
      ).toEqual([
        { streamId: 'client-b', nextRevision: 49, lastPosition: 188 },
        { streamId: 'client-a', nextRevision: 188, lastPosition: 239 },
      ]);
      const stream = await store.readStream('client-a');
      expect(stream.map((e) => e.revision)).toEqual(Array.from({ length: 189 }, (_, i) => i));
      expect(stream[1].eventId).toBe('big-0');
      expect(stream[137].eventId).toBe('big-136');
      const rows = store.db.prepare('SELECT position, stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data, hash FROM events ORDER BY position').raw(true).all() as [number, string, number, string, string, number, string, string, string, string, Buffer][];
      expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 239 }, (_, i) => i + 1));
      let previous: Buffer = GENESIS_HASH;
      for (const [, ...row] of rows) {
        const stored = row[9];
        expect(stored.equals(originalChainHash(previous, row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8]))).toBe(true);
        previous = stored;
      }
      expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 239 });
    } finally {
      await store.close();
    }
  });
  it('holds for an append larger than the buffer the chain is written into, with metadata and data stored as text', async () => {
    const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-chain-value-')), 'events.db'));
    try {
      // 12 events of ~200 kB of UTF-8 each: well past the 1 MiB a commit's bytes are written into, mid-event.
      const large = Array.from({ length: 12 }, (_, i): EventToAppend => ({ ...events[1], eventId: `large-${i}`, data: { text: `${i}`.padEnd(100_000, 'ë') } }));
      await store.append('client-ü', events.slice(0, 3), -1);
      await store.append('client-ü', large, 2);
      await store.append('client-ü', events.slice(4), 14);
      const rows = store.db.prepare('SELECT stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data, hash, typeof(metadata), typeof(data) FROM events ORDER BY position').raw(true).all() as [
        string,
        number,
        string,
        string,
        number,
        string,
        string,
        string,
        string,
        Buffer,
        string,
        string,
      ][];
      expect(rows).toHaveLength(16);
      let previous: Buffer = GENESIS_HASH;
      for (const [streamId, revision, eventId, type, schemaVersion, occurredAt, recordedAt, metadata, data, stored, metadataType, dataType] of rows) {
        expect([metadataType, dataType]).toEqual(['text', 'text']);
        expect(stored.equals(originalChainHash(previous, streamId, revision, eventId, type, schemaVersion, occurredAt, recordedAt, metadata, data))).toBe(true);
        previous = stored;
      }
      const read = await store.readStream('client-ü');
      expect(read.map((e) => e.data)).toEqual([...events.slice(0, 3), ...large, events[4]].map((e) => e.data));
      expect(read[0].metadata).toEqual(meta);
      expect((await store.verifyChain()).ok).toBe(true);
    } finally {
      await store.close();
    }
  });
});
