import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventToAppend, SqliteEventStore } from '@wijkzorg/event-store';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { SqliteReadModelStore } from './sqlite/sqlite-read-model-store';
import { countEventLoopTurns } from '../../../test/support/event-loop-turns';

/** One event the counting projections handle, with a fresh id. */
const counted = (): EventToAppend => ({ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: {}, occurredAt: '2026-01-01T00:00:00Z', metadata: { actor: { role: 'system', id: 't' }, correlationId: 'c', causationId: null, commandId: null } });

const counter = (version: number, weight: number): Projection => ({
  name: 'counter',
  version,
  handles: ['Counted'],
  keys: () => [{ collection: 'total', id: 'all' }],
  apply: (_e, ctx) => ctx.update('total', 'all', (doc) => ({ sum: ((doc?.sum as number) ?? 0) + weight })),
});

describe('ProjectionRunner', () => {
  it('rebuilds a projection from zero when its code version changes', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wijkzorg-runner-')), 'db.sqlite');
    const events = new SqliteEventStore(path);
    const store = new SqliteReadModelStore(path);
    for (let i = 0; i < 5; i++) await events.append('s', [counted()], 'any');

    const v1 = new ProjectionRunner(events, store, [counter(1, 1)]);
    await v1.prepare();
    await v1.catchUp();
    expect(await store.get('counter', 'total', 'all')).toMatchObject({ sum: 5 });

    const logs: string[] = [];
    const v2 = new ProjectionRunner(events, store, [counter(2, 10)], { log: (m) => logs.push(m) });
    await v2.prepare();
    await v2.catchUp();
    expect(await store.get('counter', 'total', 'all')).toMatchObject({ sum: 50 });
    expect(logs).toEqual(['projection counter: code version 2 differs from stored 1, rebuilding']);
    expect((await v2.status())[0]).toMatchObject({ version: 2, storedVersion: 2, lag: 0 });
    await store.close();
    await events.close();
  });

  it('notices a rebuild by another process and starts over from the reset checkpoint', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wijkzorg-runner-')), 'db.sqlite');
    const events = new SqliteEventStore(path);
    const store = new SqliteReadModelStore(path);
    const append = () => events.append('s', [counted()], 'any');
    for (let i = 0; i < 4; i++) await append();
    const live = new ProjectionRunner(events, store, [counter(1, 1)]);
    await live.prepare();
    await live.catchUp();
    // Another process resets the projection (as `cli projections rebuild counter` does) while this one runs.
    const other = new SqliteReadModelStore(path);
    await other.reset('counter', 1);
    await other.close();
    for (let i = 0; i < 3; i++) await append();
    await live.catchUp();
    expect(await store.get('counter', 'total', 'all')).toMatchObject({ sum: 7 });
    expect((await live.status())[0]).toMatchObject({ position: 7, lag: 0 });
    await store.close();
    await events.close();
  });

  it('a runner of the former version stops writing once a newer version is switched in (rolling deploy), and keeps serving', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wijkzorg-runner-')), 'db.sqlite');
    const events = new SqliteEventStore(path);
    const store = new SqliteReadModelStore(path);
    const append = () => events.append('s', [counted()], 'any');
    for (let i = 0; i < 3; i++) await append();
    const logs: string[] = [];
    const old = new ProjectionRunner(events, store, [counter(1, 1)], { log: (m) => logs.push(m) });
    await old.prepare();
    await old.catchUp();
    // The new version starts elsewhere, rebuilds and switches in; the old one is still running.
    const newer = new ProjectionRunner(events, new SqliteReadModelStore(path), [counter(2, 10)]);
    await newer.prepare();
    await newer.catchUp();
    for (let i = 0; i < 2; i++) await append();
    await expect(old.catchUp()).resolves.toBeGreaterThanOrEqual(0);
    expect(await store.get('counter', 'total', 'all')).toMatchObject({ sum: 30 });
    expect(await store.checkpoint('counter')).toMatchObject({ version: 2, position: 3 });
    expect(logs.some((m) => /counter.*version 2.*version 1/.test(m))).toBe(true);
    // With leases it gives the projection's lease up, for an instance of the newer version to take.
    expect(old.leaseNames()).toStrictEqual([]);
    expect(newer.leaseNames()).toEqual(['projection:counter']);
    await newer.catchUp();
    expect(await store.get('counter', 'total', 'all')).toMatchObject({ sum: 50 });
    await store.close();
    await events.close();
  });

  it('rebuilds blue-green: readers see the old complete model until the new one is switched in', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wijkzorg-runner-')), 'db.sqlite');
    const events = new SqliteEventStore(path);
    const store = new SqliteReadModelStore(path);
    for (let i = 0; i < 9; i++) await events.append('s', [counted()], 'any');
    const v1 = new ProjectionRunner(events, store, [counter(1, 1)]);
    await v1.prepare();
    await v1.catchUp();

    const v2 = new ProjectionRunner(events, store, [counter(2, 10)], { batchSize: 2 });
    const seenDuring: Promise<unknown>[] = [];
    // The SQLite store reads synchronously, so each read shows the model as it is at that progress step.
    await v2.rebuild('counter', () => seenDuring.push(store.get('counter', 'total', 'all')));
    expect(seenDuring).toHaveLength(5);
    for (const seen of await Promise.all(seenDuring)) expect(seen).toMatchObject({ sum: 9 });
    expect(await store.get('counter', 'total', 'all')).toMatchObject({ sum: 90 });
    expect((await v2.status())[0]).toMatchObject({ version: 2, storedVersion: 2, position: 9, lag: 0 });
    await store.close();
    await events.close();
  });

  it('leaves the live model intact when a rebuild fails halfway, and rebuilds afresh next time', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wijkzorg-runner-')), 'db.sqlite');
    const events = new SqliteEventStore(path);
    const store = new SqliteReadModelStore(path);
    for (let i = 0; i < 6; i++) await events.append('s', [counted()], 'any');
    const v1 = new ProjectionRunner(events, store, [counter(1, 1)]);
    await v1.prepare();
    await v1.catchUp();

    const failing: Projection = {
      ...counter(2, 10),
      apply: (e, ctx) =>
        e.globalPosition === 5
          ? (() => {
              throw new Error('bug in version 2');
            })()
          : counter(2, 10).apply(e, ctx),
    };
    await expect(new ProjectionRunner(events, store, [failing], { batchSize: 2 }).prepare()).rejects.toThrow('bug in version 2');
    expect(await store.get('counter', 'total', 'all')).toEqual({ sum: 6, _position: 6 });
    expect(await store.checkpoint('counter')).toMatchObject({ position: 6, version: 1 });

    const fixed = new ProjectionRunner(events, store, [counter(2, 10)], { batchSize: 2 });
    await fixed.prepare();
    expect(await store.get('counter', 'total', 'all')).toMatchObject({ sum: 60 });
    expect(await store.checkpoint('counter')).toMatchObject({ position: 6, version: 2 });
    // Only the live generation is left: the failed one was dropped by the next rebuild.
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'rm_docs_*'").pluck().all()).toHaveLength(1);
    await store.close();
    await events.close();
  });

  it('two runners rebuilding the same projection at once both finish, and the model counts every event once', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wijkzorg-runner-')), 'db.sqlite');
    const events = new SqliteEventStore(path);
    for (let i = 0; i < 30; i++) await events.append('s', [counted()], 'any');
    const store = new SqliteReadModelStore(path);
    const v1 = new ProjectionRunner(events, store, [counter(1, 1)]);
    await v1.prepare();
    await v1.catchUp();
    // Two instances start with version 2 at the same moment, each on its own connection.
    const stores = [new SqliteReadModelStore(path), new SqliteReadModelStore(path)];
    const logs: string[] = [];
    const runners = stores.map((s) => new ProjectionRunner(events, s, [counter(2, 10)], { batchSize: 3, log: (m) => logs.push(m) }));
    await Promise.all(runners.map((r) => r.prepare()));
    expect(await store.get('counter', 'total', 'all')).toMatchObject({ sum: 300 });
    expect(await store.checkpoint('counter')).toMatchObject({ position: 30, version: 2 });
    for (const r of runners) expect(r.positionOf('counter')).toBe(30);
    expect(logs).toContain('projection counter: a newer rebuild elsewhere replaced this one; waiting for it');
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'rm_docs_*'").pluck().all()).toHaveLength(1);
    for (const s of [store, ...stores]) await s.close();
    await events.close();
  });

  it('lets other work run between the batches of a rebuild and of a later catch-up (the event loop is not held for a whole run)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wijkzorg-runner-')), 'db.sqlite');
    const events = new SqliteEventStore(path);
    const store = new SqliteReadModelStore(path);
    for (let i = 0; i < 12; i++) await events.append('s', [counted()], 'any');
    const turns = countEventLoopTurns();
    const twice: Projection = { ...counter(1, 1), name: 'twice', apply: (_e, ctx) => ctx.update('total', 'all', (doc) => ({ sum: ((doc?.sum as number) ?? 0) + 2 })) };
    const runner = new ProjectionRunner(events, store, [counter(1, 1), twice], { batchSize: 4, pageSize: 2 });
    await runner.prepare();
    // Caught up once (this first catch-up may hold the loop, see catchUpNow): later catch-ups give turns back.
    await runner.catchUp();
    const turnsAtRebuildProgress: number[] = [];
    await runner.rebuildAll(['counter', 'twice'], () => turnsAtRebuildProgress.push(turns.count));
    for (let i = 0; i < 12; i++) await events.append('s', [counted()], 'any');
    const turnsAtCatchUpProgress: number[] = [];
    await runner.catchUp(undefined, () => turnsAtCatchUpProgress.push(turns.count));
    turns.stop();

    // Three batches for each of the two projections, each step after another turn of the loop; a live catch-up commits
    // both projections' batch at once (commitMany), so its progress comes in pairs, each pair after another turn.
    expect(turnsAtRebuildProgress).toHaveLength(6);
    expect(turnsAtCatchUpProgress).toHaveLength(6);
    for (let i = 1; i < turnsAtRebuildProgress.length; i++) expect(turnsAtRebuildProgress[i]).toBeGreaterThan(turnsAtRebuildProgress[i - 1]);
    for (let i = 2; i < turnsAtCatchUpProgress.length; i += 2) expect(turnsAtCatchUpProgress[i]).toBeGreaterThan(turnsAtCatchUpProgress[i - 1]);
    expect(await store.get('counter', 'total', 'all')).toMatchObject({ sum: 24 });
    expect(await store.get('twice', 'total', 'all')).toMatchObject({ sum: 48 });
    await store.close();
    await events.close();
  });

  it('a rebuild whose document cache is smaller than the model loads dropped documents again and counts every event once', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wijkzorg-runner-')), 'db.sqlite');
    const events = new SqliteEventStore(path);
    const store = new SqliteReadModelStore(path);
    const perStream: Projection = { name: 'per_stream', version: 1, handles: ['Counted'], keys: (e) => [{ collection: 'stream', id: e.streamId }], apply: (e, ctx) => ctx.update('stream', e.streamId, (doc) => ({ count: ((doc?.count as number) ?? 0) + 1 })) };
    for (let round = 0; round < 3; round++) for (let s = 0; s < 10; s++) await events.append(`s-${s}`, [counted()], 'any');
    const runner = new ProjectionRunner(events, store, [perStream], { batchSize: 7, pageSize: 3, cachedDocs: 4 });
    await runner.prepare();
    await runner.rebuild('per_stream');
    const { items } = await store.find('per_stream', 'stream');
    expect(items).toHaveLength(10);
    for (const doc of items) expect(doc.count).toBe(3);
    await store.close();
    await events.close();
  });
});
