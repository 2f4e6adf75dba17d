import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreConformance } from '../conformance/event-store-conformance';
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
