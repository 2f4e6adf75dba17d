import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { SqliteReadModelStore } from './sqlite/sqlite-read-model-store';

/** Spends this much CPU time (not wall time, so a busy machine does not change what the runner measures) per event. */
const CPU_MICROS_PER_EVENT = 50;
const spendCpu = (micros: number) => {
  const started = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(started);
    if (used.user + used.system >= micros) return;
  }
};
const slowCounter: Projection = {
  name: 'slow_counted',
  version: 1,
  handles: ['Counted'],
  keys: (e) => [{ collection: 'total', id: String(e.globalPosition % 7) }],
  apply: (e, ctx) => {
    spendCpu(CPU_MICROS_PER_EVENT);
    ctx.update('total', String(e.globalPosition % 7), (doc) => ({ events: ((doc?.events as number) ?? 0) + 1 }));
  },
};
const EVENTS = 6_000;

/** The api's runner (maxStretchMs) keeps its synchronous stretches short by reading smaller batches, and says when it first reached the head. */
describe('a catch-up that shares the event loop with requests', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteReadModelStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wijkzorg-runner-stretches-'));
    events = new SqliteEventStore(join(dir, 'wijkzorg.db'), { synchronous: 'NORMAL' });
    store = new SqliteReadModelStore(join(dir, 'wijkzorg.db'));
    const metadata = { actor: { role: 'system' as const, id: 't' }, correlationId: 'c', causationId: null, commandId: null };
    events.appendBatch(Array.from({ length: EVENTS }, (_, i) => ({ streamId: `s-${i}`, events: [{ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: {}, occurredAt: '2026-01-01T00:00:00Z', metadata }], expectedRevision: -1 })));
  });
  afterEach(async () => {
    await events.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const catchUpReading = async (options: { maxStretchMs?: number }) => {
    const runner = new ProjectionRunner(events, store, [slowCounter], options);
    const sizes: number[] = [];
    const readAll = events.readAll.bind(events);
    events.readAll = (query) => {
      sizes.push(query!.maxCount!);
      return readAll(query);
    };
    await runner.prepare();
    expect(runner.caughtUp).toBe(false);
    const caughtUp = runner.whenCaughtUp(60_000);
    await runner.catchUp();
    expect(await caughtUp).toBe(true);
    expect(runner.catchUpProgress()).toEqual({ caughtUp: true, position: EVENTS, headPosition: EVENTS });
    const totals = await store.load(
      slowCounter.name,
      Array.from({ length: 7 }, (_, i) => ({ collection: 'total', id: String(i) })),
    );
    expect([...totals.values()].reduce((sum, doc) => sum + (doc.events as number), 0)).toBe(EVENTS);
    return sizes;
  };

  it('reads smaller batches once one held the loop longer than maxStretchMs, and applies every event once', async () => {
    // 2,000 events of 50 µs CPU each: a stretch of at least 100 ms.
    const sizes = await catchUpReading({ maxStretchMs: 20 });
    expect(sizes[0]).toBe(2000);
    expect(Math.max(...sizes.slice(1))).toBeLessThan(2000);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(50);
  });

  it('without maxStretchMs (the CLI, rebuilds) reads batches of batchSize, as before', async () => {
    const sizes = await catchUpReading({});
    expect(new Set(sizes)).toEqual(new Set([2000]));
  });
});
