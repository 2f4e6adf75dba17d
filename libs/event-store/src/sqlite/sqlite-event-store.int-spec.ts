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
