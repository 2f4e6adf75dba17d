import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { FencedOutError } from '@wijkzorg/application';
import { Projection } from '../projection';
import { ProjectionRunner } from '../projection-runner';
import { CheckpointMovedError, ReadModelStore } from '../read-model-store.port';

/** One behavioural contract for every ReadModelStore adapter; projection names are unique per test. */
export function readModelStoreConformance(openStore: () => Promise<ReadModelStore>) {
  let store: ReadModelStore;
  beforeAll(async () => {
    store = await openStore();
  });
  afterAll(async () => {
    await store?.close();
  });
  const projection = () => `p${randomUUID().replace(/-/g, '').slice(0, 12)}`;

  it('commits documents with the checkpoint and loads them back', async () => {
    const p = projection();
    expect(await store.checkpoint(p)).toBeNull();
    await store.commit(p, [{ collection: 'wijk', id: 'WK047901', doc: { clients: 3, name: 'Poelenburg' } }], { position: 17, version: 2 });
    expect(await store.checkpoint(p)).toMatchObject({ position: 17, version: 2 });
    const loaded = await store.load(p, [
      { collection: 'wijk', id: 'WK047901' },
      { collection: 'wijk', id: 'missing' },
    ]);
    expect([...loaded.keys()]).toEqual(['wijk/WK047901']);
    expect(loaded.get('wijk/WK047901')).toEqual({ clients: 3, name: 'Poelenburg' });
    expect(await store.get(p, 'wijk', 'WK047901')).toEqual({ clients: 3, name: 'Poelenburg' });
    await store.commit(p, [{ collection: 'wijk', id: 'WK047901', doc: null }], { position: 18, version: 2 });
    expect(await store.get(p, 'wijk', 'WK047901')).toBeNull();
  });

  it('finds with filters, sorting and paging, and counts the total', async () => {
    const p = projection();
    const docs = Array.from({ length: 12 }, (_, i) => ({ collection: 'entry', id: `e${String(i).padStart(2, '0')}`, doc: { wijkCode: i % 2 ? 'WK047901' : 'WK047902', days: i * 10, open: i % 3 !== 0, nested: { level: i % 4 } } }));
    await store.commit(p, docs, { position: 1, version: 1 });
    const open = await store.find(p, 'entry', { where: { wijkCode: 'WK047901', open: true }, sort: [{ field: 'days', direction: 'desc' }] });
    expect(open.items.map((d) => d.days)).toEqual([110, 70, 50, 10]);
    expect(open.total).toBe(4);
    const page = await store.find(p, 'entry', { sort: [{ field: 'days', direction: 'asc' }], limit: 3, offset: 3 });
    expect(page.items.map((d) => d.days)).toEqual([30, 40, 50]);
    expect(page.total).toBe(12);
    const range = await store.find(p, 'entry', { where: { days: { gte: 20, lte: 40 } } });
    expect(range.items.map((d) => d.days).sort()).toEqual([20, 30, 40]);
    const within = await store.find(p, 'entry', { where: { 'nested.level': { in: [0, 3] } }, sort: [{ field: 'days', direction: 'asc' }] });
    expect(within.items.map((d) => d.days)).toEqual([0, 30, 40, 70, 80, 110]);
    await expect(store.find(p, 'entry', { where: { "x') OR 1=1 --": 1 } })).rejects.toThrow('unsafe field');
  });

  it('refuses a batch whose starting checkpoint was moved by another writer, writing nothing', async () => {
    const p = projection();
    await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 1 } }], { position: 10, version: 1, after: 0 });
    await expect(store.commit(p, [{ collection: 'c', id: '1', doc: { n: 99 } }], { position: 20, version: 1, after: 5 })).rejects.toThrow(CheckpointMovedError);
    expect(await store.get(p, 'c', '1')).toEqual({ n: 1 });
    expect(await store.checkpoint(p)).toMatchObject({ position: 10 });
    await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 2 } }], { position: 20, version: 1, after: 10 });
    expect(await store.get(p, 'c', '1')).toEqual({ n: 2 });
  });

  describe('fencing', () => {
    it('refuses a batch carrying an older lease token than one committed before, writing nothing', async () => {
      const p = projection();
      await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 1 } }], { position: 10, version: 1, after: 0, fence: 3 });
      const refused = store.commit(p, [{ collection: 'c', id: '1', doc: { n: 99 } }], { position: 20, version: 1, after: 10, fence: 2 });
      await expect(refused).rejects.toThrow(FencedOutError);
      await expect(refused).rejects.toMatchObject({ resource: `projection:${p}`, token: 2, newest: 3 });
      expect(await store.get(p, 'c', '1')).toEqual({ n: 1 });
      expect(await store.checkpoint(p)).toMatchObject({ position: 10 });
    });

    it('accepts the same and a newer token, and keeps the newest', async () => {
      const p = projection();
      await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 1 } }], { position: 10, version: 1, fence: 3 });
      await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 2 } }], { position: 11, version: 1, fence: 3 });
      await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 3 } }], { position: 12, version: 1, fence: 5 });
      await expect(store.commit(p, [{ collection: 'c', id: '1', doc: { n: 99 } }], { position: 13, version: 1, fence: 4 })).rejects.toThrow(FencedOutError);
      expect(await store.get(p, 'c', '1')).toEqual({ n: 3 });
      expect(await store.checkpoint(p)).toMatchObject({ position: 12 });
    });

    it('lets an unfenced writer (the CLI) commit without forgetting the newest token', async () => {
      const p = projection();
      await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 1 } }], { position: 10, version: 1, fence: 7 });
      await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 2 } }], { position: 11, version: 1 });
      expect(await store.get(p, 'c', '1')).toEqual({ n: 2 });
      await expect(store.commit(p, [{ collection: 'c', id: '1', doc: { n: 99 } }], { position: 12, version: 1, fence: 6 })).rejects.toThrow(FencedOutError);
      await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 3 } }], { position: 12, version: 1, fence: 7 });
      expect(await store.get(p, 'c', '1')).toEqual({ n: 3 });
    });

    it('fences each projection on its own', async () => {
      const a = projection();
      const b = projection();
      await store.commit(a, [], { position: 1, version: 1, fence: 9 });
      await store.commit(b, [{ collection: 'c', id: '1', doc: { n: 1 } }], { position: 1, version: 1, fence: 1 });
      expect(await store.get(b, 'c', '1')).toEqual({ n: 1 });
    });
  });

  it('resets one projection only', async () => {
    const a = projection();
    const b = projection();
    await store.commit(a, [{ collection: 'c', id: '1', doc: { n: 1 } }], { position: 5, version: 1 });
    await store.commit(b, [{ collection: 'c', id: '1', doc: { n: 2 } }], { position: 6, version: 1 });
    await store.reset(a, 3);
    expect(await store.checkpoint(a)).toMatchObject({ position: 0, version: 3 });
    expect(await store.get(a, 'c', '1')).toBeNull();
    expect(await store.get(b, 'c', '1')).toEqual({ n: 2 });
  });

  it('counts nothing twice when a batch is replayed after its checkpoint was lost', async () => {
    const events = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-rm-')), 'events.db'));
    for (let i = 0; i < 10; i++) {
      await events.append(`s-${i % 3}`, [{ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: { amountCents: 100 }, occurredAt: '2026-01-01T00:00:00Z', metadata: { actor: { role: 'system', id: 't' }, correlationId: 'c', causationId: null, commandId: null } }], 'any');
    }
    const name = projection();
    const counter: Projection = {
      name,
      version: 1,
      handles: ['Counted'],
      keys: () => [{ collection: 'total', id: 'all' }],
      apply: (e, ctx) => ctx.update('total', 'all', (doc) => ({ events: ((doc?.events as number) ?? 0) + 1, cents: ((doc?.cents as number) ?? 0) + (e.data as { amountCents: number }).amountCents })),
    };
    const runner = new ProjectionRunner(events, store, [counter], { batchSize: 4 });
    await runner.prepare();
    await runner.catchUp();
    expect(await store.get(name, 'total', 'all')).toMatchObject({ events: 10, cents: 1000 });
    // As if the process died after writing documents but before the checkpoint moved.
    await store.commit(name, [], { position: 2, version: 1 });
    const restarted = new ProjectionRunner(events, store, [counter], { batchSize: 4 });
    await restarted.prepare();
    await restarted.catchUp();
    expect(await store.get(name, 'total', 'all')).toMatchObject({ events: 10, cents: 1000 });
    expect((await restarted.status())[0]).toMatchObject({ position: 10, lag: 0 });
    await events.close();
  });
}
