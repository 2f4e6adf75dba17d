import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { Projection, ProjectionRunner, SqliteReadModelStore } from '@wijkzorg/read-models';
import { PositionCache } from './position-cache';

const counter: Projection = {
  name: 'counter',
  version: 1,
  handles: ['Counted'],
  keys: () => [{ collection: 'total', id: 'all' }],
  apply: (_e, ctx) => ctx.update('total', 'all', (doc) => ({ sum: ((doc?.sum as number) ?? 0) + 1 })),
};

describe('PositionCache', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteReadModelStore;
  let runner: ProjectionRunner;
  const count = async () => {
    await events.append('s', [{ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: {}, occurredAt: '2026-01-01T00:00:00Z', metadata: { actor: { role: 'system', id: 't' }, correlationId: 'c', causationId: null, commandId: null } }], 'any');
    await runner.catchUp();
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wijkzorg-position-cache-'));
    events = new SqliteEventStore(join(dir, 'db.sqlite'));
    store = new SqliteReadModelStore(join(dir, 'db.sqlite'));
    runner = new ProjectionRunner(events, store, [counter]);
    await runner.prepare();
    await count();
  });
  afterEach(async () => {
    await store.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A computation that reads the read model and ends when the test says so. */
  const gate = () => {
    let runs = 0;
    const open: (() => void)[] = [];
    const compute = async () => {
      runs++;
      await new Promise<void>((r) => open.push(r));
      return ((await store.get('counter', 'total', 'all'))?.sum as number) ?? 0;
    };
    return { compute, runs: () => runs, release: () => open.splice(0).forEach((r) => r()) };
  };

  it('answers again only after the projections moved, and the answer holds what they hold then', async () => {
    const cache = new PositionCache<number>(runner, ['counter']);
    const sum = () => store.get('counter', 'total', 'all').then((d) => d?.sum as number);
    expect(await cache.get('q', sum)).toBe(1);
    expect(await cache.get('q', () => Promise.resolve(-1))).toBe(1);
    await count();
    expect(await cache.get('q', sum)).toBe(2);
  });

  it('runs one computation per question at a time: askers after a write share the next one, which sees the write', async () => {
    const cache = new PositionCache<number>(runner, ['counter']);
    const g = gate();
    const first = cache.get('q', g.compute);
    await count(); // the projections move while the first computation runs
    const second = cache.get('q', g.compute);
    await count();
    const third = cache.get('q', g.compute);
    expect(g.runs()).toBe(1); // the next one waits for the running one
    g.release();
    expect(await first).toBe(3); // it read the store after the writes (it started before them)
    await new Promise((r) => setImmediate(r));
    expect(g.runs()).toBe(2); // second and third share one computation, started after the first ended
    g.release();
    expect(await second).toBe(3);
    expect(await third).toBe(3);
    expect(await cache.get('q', g.compute)).toBe(3); // nothing moved since it started
    expect(g.runs()).toBe(2);
  });

  it('computes a question asked ahead once; asking it then reads that answer, and a write makes it computed again', async () => {
    const cache = new PositionCache<number>(runner, ['counter']);
    let runs = 0;
    const sum = async () => (runs++, (await store.get('counter', 'total', 'all'))?.sum as number);
    cache.prefetch('next minute', sum);
    cache.prefetch('next minute', sum);
    expect(await cache.get('next minute', sum)).toBe(1);
    expect(runs).toBe(1);
    await count();
    expect(await cache.get('next minute', sum)).toBe(2);
    expect(runs).toBe(2);
  });

  it('forgets a failed computation, so the next asker computes again', async () => {
    const cache = new PositionCache<number>(runner, ['counter']);
    await expect(cache.get('q', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.get('q', () => Promise.resolve(7))).toBe(7);
  });
});
