import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { Projection, ProjectionRunner, SqliteReadModelStore } from '@wijkzorg/read-models';
import { BackgroundQueue, PositionCache } from './position-cache';

const counting = (name: string, type: string): Projection => ({
  name,
  version: 1,
  handles: [type],
  keys: () => [{ collection: 'total', id: 'all' }],
  apply: (_e, ctx) => ctx.update('total', 'all', (doc) => ({ sum: ((doc?.sum as number) ?? 0) + 1 })),
});

describe('PositionCache', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteReadModelStore;
  let runner: ProjectionRunner;
  /** Appends one event and applies it; answers its position. */
  const record = async (type: 'Counted' | 'Other') => {
    const { lastPosition } = await events.append('s', [{ eventId: randomUUID(), type, schemaVersion: 1, data: {}, occurredAt: '2026-01-01T00:00:00Z', metadata: { actor: { role: 'system', id: 't' }, correlationId: 'c', causationId: null, commandId: null } }], 'any');
    await runner.catchUp();
    return lastPosition;
  };
  const count = () => record('Counted');
  const sum = async () => ((await store.get('counter', 'total', 'all'))?.sum as number) ?? 0;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wijkzorg-position-cache-'));
    events = new SqliteEventStore(join(dir, 'db.sqlite'));
    store = new SqliteReadModelStore(join(dir, 'db.sqlite'));
    runner = new ProjectionRunner(events, store, [counting('counter', 'Counted'), counting('other', 'Other')]);
    await runner.prepare();
    await count();
  });
  afterEach(async () => {
    await store.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A computation that reads the read model when the test releases it. */
  const gate = () => {
    let runs = 0;
    const open: (() => void)[] = [];
    const compute = async () => {
      runs++;
      await new Promise<void>((r) => open.push(r));
      return sum();
    };
    return { compute, runs: () => runs, release: () => open.splice(0).forEach((r) => r()) };
  };
  const settle = () => new Promise((r) => setImmediate(r));
  /** Whether the promise has settled by now. */
  const settled = async (p: Promise<unknown>) => {
    let done = false;
    p.then(
      () => (done = true),
      () => (done = true),
    );
    await settle();
    return done;
  };

  it('makes the first ask wait for the first answer, and serves that answer while the projections do not change', async () => {
    const cache = new PositionCache<number>(runner, ['counter']);
    const g = gate();
    const first = cache.get('q', g.compute);
    expect(await settled(first)).toBe(false);
    g.release();
    expect(await first).toBe(1);
    expect(await cache.get('q', () => Promise.resolve(-1))).toBe(1);
    expect(g.runs()).toBe(1);
  });

  it('serves the latest answer without minPosition while the recomputation at the new positions runs in the background', async () => {
    const cache = new PositionCache<number>(runner, ['counter']);
    expect(await cache.get('q', sum)).toBe(1);
    await count();
    const g = gate();
    expect(await cache.get('q', g.compute)).toBe(1); // stale, at once
    expect(g.runs()).toBe(0); // the recomputation starts right after the answer ...
    await settle();
    expect(g.runs()).toBe(1); // ... in the next turn of the event loop
    expect(await cache.get('q', g.compute)).toBe(1); // still stale while it runs, and no second run
    expect(g.runs()).toBe(1);
    g.release();
    await settle();
    await settle();
    expect(await cache.get('q', g.compute)).toBe(2);
    expect(g.runs()).toBe(1);
  });

  it('never serves a read with minPosition an answer older than that position: it waits for one computed there', async () => {
    const cache = new PositionCache<number>(runner, ['counter']);
    expect(await cache.get('q', sum)).toBe(1);
    const written = await count();
    const g = gate();
    const reading = cache.get('q', g.compute, { minPosition: written });
    expect(await settled(reading)).toBe(false);
    expect(await cache.get('q', g.compute)).toBe(1); // a read without minPosition meanwhile: the stale answer
    expect(g.runs()).toBe(1);
    g.release();
    expect(await reading).toBe(2);
    // An answer computed at the position (or later) is served to it without waiting.
    expect(await cache.get('q', () => Promise.resolve(-1), { minPosition: written })).toBe(2);
  });

  it('runs one computation per question at a time: reads after more writes share the next one, which starts when the running one ends', async () => {
    const cache = new PositionCache<number>(runner, ['counter']);
    expect(await cache.get('q', sum)).toBe(1);
    await count();
    const g = gate();
    expect(await cache.get('q', g.compute)).toBe(1); // starts a recomputation at position 2
    await settle();
    const third = await count();
    const fourth = await count();
    const waitingForThird = cache.get('q', g.compute, { minPosition: third });
    const waitingForFourth = cache.get('q', g.compute, { minPosition: fourth });
    expect(await cache.get('q', g.compute)).toBe(1);
    expect(g.runs()).toBe(1); // the next one waits for the running one
    g.release(); // the running one reads the store now (4), but was started at an older position
    await settle();
    await settle();
    expect(g.runs()).toBe(2); // one more for all three reads
    expect(await settled(waitingForThird)).toBe(false);
    g.release();
    expect(await waitingForThird).toBe(4);
    expect(await waitingForFourth).toBe(4);
    expect(await cache.get('q', g.compute)).toBe(4);
    expect(g.runs()).toBe(2);
  });

  it('keys answers on where the projections read last changed: events that change nothing they read keep them current', async () => {
    const cache = new PositionCache<number>(runner, ['counter']);
    let runs = 0;
    const counted = async () => (runs++, sum());
    expect(await cache.get('q', counted)).toBe(1);
    const unrelated = await record('Other');
    expect(runner.positionOf('counter')).toBe(unrelated); // the counter projection passed the event ...
    expect(runner.changedPositionOf('counter')).toBeLessThan(unrelated); // ... which changed none of its documents
    expect(runner.changedPositionOf('other')).toBe(unrelated);
    // Current, even for a read that asks for the unrelated event's position: it is served without a computation.
    expect(await cache.get('q', () => Promise.reject(new Error('computed again')), { minPosition: unrelated })).toBe(1);
    expect(runs).toBe(1);
    await count();
    expect(await cache.get('q', counted)).toBe(1); // changed: stale while it recomputes
    await settle();
    expect(await cache.get('q', counted)).toBe(2);
    expect(runs).toBe(2);
  });

  it('runs background recomputations one at a time across questions and caches, but not one someone waits for', async () => {
    const background = new BackgroundQueue();
    const caches = [new PositionCache<number>(runner, ['counter'], 10, background), new PositionCache<number>(runner, ['counter'], 10, background)];
    const [a, b, c] = [gate(), gate(), gate()];
    for (const cache of caches) expect(await cache.get('q', sum)).toBe(1);
    expect(await caches[0].get('other', sum)).toBe(1);
    const written = await count();
    expect(await caches[0].get('q', a.compute)).toBe(1);
    expect(await caches[1].get('q', b.compute)).toBe(1);
    await settle();
    expect([a.runs(), b.runs()]).toEqual([1, 0]); // the second waits for its turn
    const waiting = caches[1].get('q', b.compute, { minPosition: written });
    expect(b.runs()).toBe(1); // someone waits for it now: it starts at once
    b.release();
    expect(await waiting).toBe(2);
    expect(await caches[0].get('other', c.compute)).toBe(1);
    expect(c.runs()).toBe(0); // still behind the first
    a.release();
    for (let i = 0; i < 4; i++) await settle();
    expect(c.runs()).toBe(1);
    c.release();
  });

  it('computes a question asked ahead once; asking it then reads that answer', async () => {
    const cache = new PositionCache<number>(runner, ['counter']);
    let runs = 0;
    const counted = async () => (runs++, sum());
    cache.prefetch('next minute', counted);
    cache.prefetch('next minute', counted);
    expect(await cache.get('next minute', counted)).toBe(1);
    expect(runs).toBe(1);
  });

  it('forgets a failed computation, so the next asker computes again; a failed recomputation leaves the last answer served', async () => {
    const cache = new PositionCache<number>(runner, ['counter']);
    await expect(cache.get('q', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.get('q', () => Promise.resolve(7))).toBe(7);
    await count();
    expect(await cache.get('q', () => Promise.reject(new Error('store down')))).toBe(7);
    await settle();
    expect(await cache.get('q', sum)).toBe(7); // a new recomputation starts, this read is served the last answer
    await settle();
    expect(await cache.get('q', sum)).toBe(2);
  });

  it('never builds an answer on a nested memoised answer older than itself (figures computed from a snapshot)', async () => {
    const inner = new PositionCache<number>(runner, ['counter']);
    const outer = new PositionCache<number>(runner, ['counter']);
    const snapshot = () => inner.get('snapshot', sum);
    const fromSnapshot = () => outer.get('figures', async () => (await snapshot()) * 10);
    expect(await fromSnapshot()).toBe(10);
    // Read by itself after a change, the snapshot is served stale while it is recomputed in the background.
    await count();
    expect(await snapshot()).toBe(1);
    // The figures' recomputation at the new position must not take that stale snapshot: asked with minPosition it holds the change.
    const position = await count();
    expect(await outer.get('figures', async () => (await snapshot()) * 10, { minPosition: position })).toBe(30);
  });
});
