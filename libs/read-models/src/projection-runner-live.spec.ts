import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { LeaseKeeper } from '@wijkzorg/application';
import { SqliteLeaseStore } from '@wijkzorg/shared-state';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { SqliteReadModelStore } from './sqlite/sqlite-read-model-store';

const counter: Projection = {
  name: 'counted',
  version: 1,
  handles: ['Counted'],
  keys: () => [{ collection: 'total', id: 'all' }],
  apply: (_e, ctx) => ctx.update('total', 'all', (doc) => ({ events: ((doc?.events as number) ?? 0) + 1 })),
};
/** Far longer than any test here: what arrives came through a wake-up, not a poll. */
const NEVER_MS = 3_600_000;

/** Live runners on the embedded store, each with its own connections as in separate api processes on one data directory. */
describe('live projection runners woken by commits of other connections', () => {
  let dir: string;
  const closers: (() => unknown)[] = [];
  const instance = (owner: string, readModelsFile = 'wijkzorg.db') => {
    const events = new SqliteEventStore(join(dir, 'wijkzorg.db'), { liveWakeUp: { fallbackPollMs: NEVER_MS } });
    const store = new SqliteReadModelStore(join(dir, readModelsFile));
    const leases = new SqliteLeaseStore(join(dir, 'leases.db'), () => 1_000_000);
    const keeper = new LeaseKeeper({ store: leases, owner, ttlMs: NEVER_MS, names: [`projection:${counter.name}`], now: () => 1_000_000 });
    const runner = new ProjectionRunner(events, store, [counter], { pollMs: NEVER_MS, leases: { keeper } });
    closers.push(
      () => runner.stop(),
      () => events.close(),
      () => store.close(),
      () => leases.close(),
    );
    return { events, store, keeper, runner };
  };
  const appendElsewhere = async (count: number) => {
    const writer = new SqliteEventStore(join(dir, 'wijkzorg.db'));
    let position = 0;
    for (let i = 0; i < count; i++)
      position = (await writer.append(`s-${i}`, [{ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: {}, occurredAt: '2026-01-01T00:00:00Z', metadata: { actor: { role: 'system', id: 't' }, correlationId: 'c', causationId: null, commandId: null } }], -1)).lastPosition;
    await writer.close();
    return position;
  };

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wijkzorg-runner-live-'))));
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the owner applies events appended by another connection, and a follower sees its checkpoint, without polling', async () => {
    const a = instance('a');
    const b = instance('b');
    await a.keeper.refresh(); // a holds the projection's lease
    await b.keeper.refresh();
    await a.runner.prepare();
    await b.runner.prepare();
    a.runner.start();
    b.runner.start();
    await new Promise((r) => setTimeout(r, 50)); // both live loops have run once and wait

    const position = await appendElsewhere(5);
    // b never applies (it does not hold the lease): only a's live loop, woken by the append, can get it there.
    expect(await b.runner.waitFor(position, 30_000)).toBe(true);
    expect(await b.store.get(counter.name, 'total', 'all')).toMatchObject({ events: 5 });
    expect(a.runner.positionOf(counter.name)).toBe(position);
  });

  it('a follower sees the checkpoint of an owner whose read models live apart from the log (no wake-up for their commits)', async () => {
    // As with read models in MongoDB or PostgreSQL: the owner's checkpoint commit wakes no one.
    const a = instance('a', 'read-models.db');
    const b = instance('b', 'read-models.db');
    await a.keeper.refresh();
    await b.keeper.refresh();
    await a.runner.prepare();
    await b.runner.prepare();
    b.runner.start();
    const position = await appendElsewhere(3);
    const followed = b.runner.waitFor(position, 10_000);
    await new Promise((r) => setTimeout(r, 50)); // b has looked at the checkpoint (not there yet) and waits
    a.runner.start(); // a catches up and commits to read-models.db after the last wake-up of the log
    expect(await followed).toBe(true);
    expect(await b.store.get(counter.name, 'total', 'all')).toMatchObject({ events: 3 });
  });
});
