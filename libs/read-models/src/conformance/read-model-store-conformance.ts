import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { FencedOutError } from '@wijkzorg/application';
import { Projection } from '../projection';
import { ProjectionRunner } from '../projection-runner';
import { CheckpointMovedError, Doc, GenerationDroppedError, ProjectionVersionError, ReadModelStore } from '../read-model-store.port';

/**
 * One behavioural contract for every ReadModelStore adapter; projection names are unique per test.
 * `openStore` opens the same storage every time it is called (a second process, or a restart).
 */
export function readModelStoreConformance(openStore: () => Promise<ReadModelStore>, options: { fencing?: boolean } = {}) {
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

  it('of two writers starting from the same checkpoint at once, exactly one commits', async () => {
    const p = projection();
    await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 0 } }], { position: 1, version: 1 });
    const other = await openStore();
    try {
      const results = await Promise.allSettled([store.commit(p, [{ collection: 'c', id: '1', doc: { n: 1 } }], { position: 2, version: 1, after: 1 }), other.commit(p, [{ collection: 'c', id: '1', doc: { n: 2 } }], { position: 3, version: 1, after: 1 })]);
      const committed = results.findIndex((r) => r.status === 'fulfilled');
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((results[1 - committed] as PromiseRejectedResult).reason).toBeInstanceOf(CheckpointMovedError);
      expect(await store.get(p, 'c', '1')).toEqual({ n: committed + 1 });
      expect(await store.checkpoint(p)).toMatchObject({ position: committed + 2 });
    } finally {
      await other.close();
    }
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

  describe('keyset paging', () => {
    const ids = (items: Doc[]) => items.map((d) => d.key);
    async function allPages(p: string, sort: { field: string; direction: 'asc' | 'desc' }[], between: (page: number) => Promise<void>) {
      const seen: unknown[] = [];
      let after;
      for (let page = 0; page < 20; page++) {
        const result = await store.find(p, 'entry', { where: { open: true }, sort, limit: 4, ...(after ? { after } : {}) });
        expect(result.items.length).toBeLessThanOrEqual(4);
        seen.push(...ids(result.items));
        if (!result.nextCursor) return seen;
        after = result.nextCursor;
        await between(page);
      }
      throw new Error('paging did not end');
    }

    it.each(['asc', 'desc'] as const)('pages %s through ties and missing values, each document once, stable under inserts and deletes between pages', async (direction) => {
      const p = projection();
      // Groups with ties, a null and a missing group: ordering falls back to the id.
      const docs = Array.from({ length: 13 }, (_, i) => ({ collection: 'entry', id: `e${String(i).padStart(2, '0')}`, doc: { key: `e${String(i).padStart(2, '0')}`, open: true, ...(i === 12 ? {} : { group: i === 11 ? null : i % 3 }) } }));
      await store.commit(p, docs, { position: 1, version: 1 });
      const full = ids((await store.find(p, 'entry', { where: { open: true }, sort: [{ field: 'group', direction }] })).items);
      expect(full).toHaveLength(13);
      const seen = await allPages(p, [{ field: 'group', direction }], async (page) => {
        if (page !== 0) return;
        // Between pages: one new document before the cursor, one far beyond it, one not yet seen removed.
        const first = direction === 'asc' ? -1 : 9;
        const last = direction === 'asc' ? 9 : -1;
        const notYetSeen = full[full.length - 2] as string;
        await store.commit(
          p,
          [
            { collection: 'entry', id: 'n-before', doc: { key: 'n-before', open: true, group: first === -1 ? null : first } },
            { collection: 'entry', id: 'n-beyond', doc: { key: 'n-beyond', open: true, group: last === -1 ? null : last } },
            { collection: 'entry', id: notYetSeen, doc: null },
          ],
          { position: 2, version: 1 },
        );
      });
      const expected = full.filter((k) => k !== full[full.length - 2]);
      expect(seen.filter((k) => k !== 'n-before' && k !== 'n-beyond')).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toContain('n-beyond');
    });

    it('pages on two sort fields and answers no cursor for the last page', async () => {
      const p = projection();
      const docs = Array.from({ length: 9 }, (_, i) => ({ collection: 'entry', id: `e${i}`, doc: { key: `e${i}`, open: i !== 4, wijk: `WK0${i % 2}`, days: i % 3 } }));
      await store.commit(p, docs, { position: 1, version: 1 });
      const sort = [
        { field: 'wijk', direction: 'asc' as const },
        { field: 'days', direction: 'desc' as const },
      ];
      const full = ids((await store.find(p, 'entry', { where: { open: true }, sort })).items);
      expect(await allPages(p, sort, async () => undefined)).toEqual(full);
      const last = await store.find(p, 'entry', { where: { open: true }, sort, limit: 8 });
      expect(last.items).toHaveLength(8);
      expect(last.nextCursor).toBeUndefined();
      expect(last.total).toBe(8);
    });
  });

  describe('blue-green rebuild', () => {
    const entries = (n: number, version: number) => Array.from({ length: n }, (_, i) => ({ collection: 'entry', id: `e${i}`, doc: { n: i, version } }));

    it('serves the old complete model during a rebuild and the new one after the switch', async () => {
      const p = projection();
      await store.commit(p, entries(3, 1), { position: 10, version: 1 });
      const generation = await store.beginRebuild(p, 2);
      expect(generation).not.toBe(p);
      expect(await store.checkpoint(generation)).toMatchObject({ position: 0, version: 2 });
      await store.commit(generation, [{ collection: 'entry', id: 'e0', doc: { n: 0, version: 2 } }], { position: 4, version: 2, after: 0 });
      // Readers of the projection still see the old generation, whole.
      expect((await store.find(p, 'entry')).items).toEqual(entries(3, 1).map((e) => e.doc));
      expect(await store.get(p, 'entry', 'e2')).toEqual({ n: 2, version: 1 });
      expect(await store.checkpoint(p)).toMatchObject({ position: 10, version: 1 });
      expect((await store.find(generation, 'entry')).total).toBe(1);
      // Behind the live generation: not switched, nothing changed.
      await expect(store.switchOver(p, generation)).rejects.toThrow(CheckpointMovedError);
      expect(await store.get(p, 'entry', 'e2')).toEqual({ n: 2, version: 1 });
      await store.commit(generation, [{ collection: 'entry', id: 'e1', doc: { n: 1, version: 2 } }], { position: 12, version: 2, after: 4 });
      await store.switchOver(p, generation);
      expect((await store.find(p, 'entry', { sort: [{ field: 'n', direction: 'asc' }] })).items).toEqual([
        { n: 0, version: 2 },
        { n: 1, version: 2 },
      ]);
      expect(await store.get(p, 'entry', 'e2')).toBeNull();
      expect(await store.checkpoint(p)).toMatchObject({ position: 12, version: 2 });
      // Live writes to the projection land in the new generation.
      await store.commit(p, [{ collection: 'entry', id: 'e5', doc: { n: 5, version: 2 } }], { position: 13, version: 2, after: 12 });
      expect(await store.load(p, [{ collection: 'entry', id: 'e5' }])).toEqual(new Map([['entry/e5', { n: 5, version: 2 }]]));
      expect(await store.get(generation, 'entry', 'e5')).toEqual({ n: 5, version: 2 });
    });

    it('never shows a reader on another connection a half model while a rebuild is written and switched in', async () => {
      const p = projection();
      await store.commit(p, entries(40, 1), { position: 40, version: 1 });
      const reader = await openStore();
      const seen = new Set<string>();
      let done = false;
      const reading = (async () => {
        while (!done) {
          const { items, total } = await reader.find(p, 'entry');
          const versions = new Set(items.map((d) => d.version));
          seen.add(`${total}:${[...versions].join(',')}`);
          // Embedded stores answer synchronously: let the writer have its turn.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      try {
        while (seen.size === 0) await new Promise((resolve) => setImmediate(resolve));
        const generation = await store.beginRebuild(p, 2);
        for (let batch = 0; batch < 4; batch++) {
          const docs = entries(40, 2).slice(batch * 10, batch * 10 + 10);
          await store.commit(generation, docs, { position: (batch + 1) * 10, version: 2, after: batch * 10 });
          await new Promise((resolve) => setImmediate(resolve));
        }
        await store.switchOver(p, generation);
        for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
      } finally {
        done = true;
        await reading;
        await reader.close();
      }
      expect(seen.has('40:1')).toBe(true);
      expect([...seen].filter((s) => s !== '40:1' && s !== '40:2')).toStrictEqual([]);
      expect((await store.find(p, 'entry')).items.every((d) => d.version === 2)).toBe(true);
    });

    it('keeps the live model through a crash mid-rebuild, and a restarted rebuild starts from zero', async () => {
      const p = projection();
      await store.commit(p, entries(4, 1), { position: 20, version: 1 });
      const crashed = await openStore();
      const abandoned = await crashed.beginRebuild(p, 2);
      await crashed.commit(abandoned, entries(2, 2), { position: 7, version: 2 });
      await crashed.close();
      expect((await store.find(p, 'entry')).items).toEqual(entries(4, 1).map((e) => e.doc));
      expect(await store.checkpoint(p)).toMatchObject({ position: 20, version: 1 });

      const restarted = await openStore();
      try {
        const generation = await restarted.beginRebuild(p, 2);
        expect(generation).not.toBe(abandoned);
        expect(await restarted.checkpoint(abandoned)).toBeNull();
        expect((await restarted.find(generation, 'entry')).total).toBe(0);
        await restarted.commit(generation, entries(5, 2), { position: 21, version: 2, after: 0 });
        await restarted.switchOver(p, generation);
      } finally {
        await restarted.close();
      }
      expect((await store.find(p, 'entry', { sort: [{ field: 'n', direction: 'asc' }] })).items).toEqual(entries(5, 2).map((e) => e.doc));
      expect(await store.checkpoint(p)).toMatchObject({ position: 21, version: 2 });
      // A second rebuild retires the first generation in turn.
      const again = await store.beginRebuild(p, 3);
      await store.commit(again, entries(1, 3), { position: 21, version: 3 });
      await store.switchOver(p, again);
      expect((await store.find(p, 'entry')).items).toEqual(entries(1, 3).map((e) => e.doc));
    });

    it('refuses a commit by code of another version once a rebuild is switched in (a former version still running in a rolling deploy), writing nothing', async () => {
      const p = projection();
      await store.commit(p, entries(2, 1), { position: 10, version: 1, fence: 1 });
      const generation = await store.beginRebuild(p, 2);
      await store.commit(generation, entries(2, 2), { position: 10, version: 2, after: 0 });
      await store.switchOver(p, generation);
      // The former version's runner still holds the lease and goes on from the checkpoint it sees.
      await expect(store.commit(p, [{ collection: 'entry', id: 'e0', doc: { n: 0, version: 1 } }], { position: 11, version: 1, after: 10, fence: 1 })).rejects.toThrow(ProjectionVersionError);
      await expect(store.commit(p, [{ collection: 'entry', id: 'e9', doc: { n: 9, version: 1 } }], { position: 11, version: 1 })).rejects.toThrow(ProjectionVersionError);
      expect(await store.get(p, 'entry', 'e0')).toEqual({ n: 0, version: 2 });
      expect(await store.get(p, 'entry', 'e9')).toBeNull();
      expect(await store.checkpoint(p)).toMatchObject({ position: 10, version: 2 });
      await store.commit(p, [{ collection: 'entry', id: 'e0', doc: { n: 0, version: 2, again: true } }], { position: 11, version: 2, after: 10 });
    });

    it('refuses commits to and a switch to a generation that a newer rebuild dropped, writing nothing', async () => {
      const p = projection();
      await store.commit(p, entries(2, 1), { position: 5, version: 1 });
      const older = await store.beginRebuild(p, 2);
      await store.commit(older, entries(1, 2), { position: 3, version: 2, after: 0 });
      const newer = await store.beginRebuild(p, 2);
      await expect(store.commit(older, entries(2, 2), { position: 5, version: 2, after: 3 })).rejects.toThrow(GenerationDroppedError);
      await expect(store.commit(older, entries(2, 2), { position: 5, version: 2 })).rejects.toThrow(GenerationDroppedError);
      await expect(store.switchOver(p, older)).rejects.toThrow(GenerationDroppedError);
      expect(await store.checkpoint(older)).toBeNull();
      expect((await store.find(older, 'entry')).total).toBe(0);
      expect(await store.checkpoint(p)).toMatchObject({ position: 5, version: 1 });
      await store.commit(newer, entries(3, 2), { position: 5, version: 2, after: 0 });
      await store.switchOver(p, newer);
      expect((await store.find(p, 'entry')).total).toBe(3);
    });

    it('refuses a generation of another projection', async () => {
      const p = projection();
      const other = await store.beginRebuild(projection(), 1);
      await expect(store.switchOver(p, other)).rejects.toThrow('not a generation');
    });
  });

  if (options.fencing) {
    describe('fencing (postgres, mongodb)', () => {
      it('refuses a commit with a fence lower than the highest seen, writing nothing', async () => {
        const p = projection();
        await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 1 } }], { position: 1, version: 1, fence: 5 });
        await expect(store.commit(p, [{ collection: 'c', id: '1', doc: { n: 99 } }], { position: 2, version: 1, after: 1, fence: 4 })).rejects.toThrow(FencedOutError);
        expect(await store.get(p, 'c', '1')).toEqual({ n: 1 });
        expect(await store.checkpoint(p)).toMatchObject({ position: 1 });
        // The same term and newer ones go on; an unfenced writer (the CLI) is allowed and lowers nothing.
        await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 2 } }], { position: 2, version: 1, after: 1, fence: 5 });
        await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 3 } }], { position: 3, version: 1, after: 2 });
        await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 4 } }], { position: 4, version: 1, after: 3, fence: 6 });
        await expect(store.commit(p, [], { position: 5, version: 1, after: 4, fence: 5 })).rejects.toThrow(FencedOutError);
        expect(await store.get(p, 'c', '1')).toEqual({ n: 4 });
      });

      it('carries the highest fence across a switch-over and refuses a switch with an older one', async () => {
        const p = projection();
        await store.commit(p, [{ collection: 'c', id: '1', doc: { n: 1 } }], { position: 3, version: 1, fence: 7 });
        const generation = await store.beginRebuild(p, 2);
        await store.commit(generation, [{ collection: 'c', id: '1', doc: { n: 2 } }], { position: 3, version: 2 });
        await expect(store.switchOver(p, generation, { fence: 6 })).rejects.toThrow(FencedOutError);
        expect(await store.get(p, 'c', '1')).toEqual({ n: 1 });
        await store.switchOver(p, generation, { fence: 7 });
        expect(await store.get(p, 'c', '1')).toEqual({ n: 2 });
        await expect(store.commit(p, [{ collection: 'c', id: '1', doc: { n: 9 } }], { position: 4, version: 2, after: 3, fence: 6 })).rejects.toThrow(FencedOutError);
        expect(await store.get(p, 'c', '1')).toEqual({ n: 2 });
      });
    });
  }
}
