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
import { DocChange } from './read-model-store.port';

const counter: Projection = {
  name: 'counted',
  version: 1,
  handles: ['Counted'],
  keys: () => [{ collection: 'total', id: 'all' }],
  apply: (e, ctx) => ctx.update('total', 'all', (doc) => ({ events: ((doc?.events as number) ?? 0) + 1, cents: ((doc?.cents as number) ?? 0) + (e.data as { amountCents: number }).amountCents })),
};

/** Two api processes' worth on one data directory: each opens the files on its own and keeps its own leases. */
describe('projection runners of two instances under leases', () => {
  let dir: string;
  let clock: number;
  const now = () => clock;
  const closers: (() => unknown)[] = [];

  const instance = (owner: string) => {
    const events = new SqliteEventStore(join(dir, 'wijkzorg.db'));
    const store = new SqliteReadModelStore(join(dir, 'wijkzorg.db'));
    const leases = new SqliteLeaseStore(join(dir, 'leases.db'), now);
    const keeper = new LeaseKeeper({ store: leases, owner, ttlMs: 3000, names: [`projection:${counter.name}`], now });
    const log: string[] = [];
    const runner = new ProjectionRunner(events, store, [counter], { batchSize: 4, leases: { keeper }, log: (m) => log.push(m) });
    const commits: DocChange[][] = [];
    const commit = store.commit.bind(store);
    // Records what this instance writes (and can hold a commit back, as a paused process would).
    let paused: { reached: () => void; resumed: Promise<void> } | undefined;
    store.commit = async (projection, changes, checkpoint) => {
      if (paused) {
        paused.reached();
        await paused.resumed;
      }
      await commit(projection, changes, checkpoint);
      commits.push(changes);
    };
    // Live batches of all projections go through commitMany (one transaction): recorded and held back the same way.
    const commitMany = store.commitMany.bind(store);
    store.commitMany = async (batches) => {
      if (paused) {
        paused.reached();
        await paused.resumed;
      }
      const refusals = await commitMany(batches);
      batches.forEach((b, i) => refusals[i] === undefined && commits.push(b.changes));
      return refusals;
    };
    closers.push(
      () => events.close(),
      () => store.close(),
      () => leases.close(),
    );
    return {
      events,
      store,
      keeper,
      runner,
      commits,
      log,
      /** The next commit stops before it reaches the store: `reached` resolves then, `resume()` lets it go on. */
      pause: () => {
        let resume!: () => void;
        let reached!: () => void;
        const stopped = new Promise<void>((r) => (reached = r));
        paused = { reached, resumed: new Promise((r) => (resume = r)) };
        return {
          reached: stopped,
          resume: () => {
            paused = undefined;
            resume();
          },
        };
      },
    };
  };

  const append = async (events: SqliteEventStore, count: number) => {
    for (let i = 0; i < count; i++) {
      await events.append(`s-${i % 3}`, [{ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: { amountCents: 100 }, occurredAt: '2026-01-01T00:00:00Z', metadata: { actor: { role: 'system', id: 't' }, correlationId: 'c', causationId: null, commandId: null } }], 'any');
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wijkzorg-runner-leases-'));
    clock = 1_000_000;
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets only the lease holder commit; the other waits for its checkpoint without writing', async () => {
    const a = instance('a');
    const b = instance('b');
    await a.keeper.refresh();
    await b.keeper.refresh();
    await append(a.events, 10);

    // Nobody has applied the events yet: b waits, writes nothing, and gives up at its timeout.
    expect(await b.runner.waitFor(10, 100)).toBe(false);
    expect(b.commits).toStrictEqual([]);
    expect(await b.store.checkpoint(counter.name)).toBeNull();

    await a.runner.catchUp();
    expect(await b.runner.waitFor(10, 1000)).toBe(true);
    expect(b.runner.positionOf(counter.name)).toBe(10);
    // A follower does not see which of the owner's batches changed documents: it names the applied position.
    expect(b.runner.changedPositionOf(counter.name)).toBe(10);
    expect(b.commits).toStrictEqual([]);
    expect(a.commits.length).toBeGreaterThan(0);
    expect(await b.store.get(counter.name, 'total', 'all')).toMatchObject({ events: 10, cents: 1000 });
    expect((await b.runner.status())[0]).toMatchObject({ position: 10, owner: 'a' });
  });

  it('refuses the commit of a paused former owner after a takeover, and counts every event once', async () => {
    const a = instance('a');
    const b = instance('b');
    await a.keeper.refresh();
    await append(a.events, 4);
    await a.runner.catchUp();
    expect(a.keeper.holds(`projection:${counter.name}`)?.token).toBe(1);

    // a begins the next batch under its lease, then stalls before its commit reaches the store.
    await append(a.events, 4);
    const pause = a.pause();
    const stalled = a.runner.catchUp();
    await pause.reached;

    // Its lease runs out; b takes over with a newer token and applies everything.
    clock += 3001;
    await b.keeper.refresh();
    expect(b.keeper.holds(`projection:${counter.name}`)?.token).toBe(2);
    await b.runner.catchUp();
    expect(await b.store.get(counter.name, 'total', 'all')).toMatchObject({ events: 8, cents: 800 });

    // a wakes up: its commit carries token 1 and is refused; nothing is counted twice.
    pause.resume();
    await stalled;
    expect(a.commits).toHaveLength(1);
    expect(a.log).toEqual([`projection counted: projection:counted: fencing token 1 is older than 2; another instance took over`]);
    expect(await a.store.get(counter.name, 'total', 'all')).toMatchObject({ events: 8, cents: 800 });
    expect(await a.store.checkpoint(counter.name)).toMatchObject({ position: 8 });

    // b goes on; a, told it lost the lease, leaves the projection alone.
    await append(a.events, 2);
    await a.keeper.refresh();
    expect(a.keeper.holds(`projection:${counter.name}`)).toBeUndefined();
    await a.runner.catchUp();
    expect(a.commits).toHaveLength(1);
    await b.runner.catchUp();
    expect(await a.store.get(counter.name, 'total', 'all')).toMatchObject({ events: 10, cents: 1000 });
    expect(await a.runner.waitFor(10, 1000)).toBe(true);

    // b shuts down cleanly: a takes over at once, in a new term, from b's checkpoint.
    await b.keeper.stop();
    await a.keeper.refresh();
    expect(a.keeper.holds(`projection:${counter.name}`)?.token).toBe(3);
    await append(a.events, 3);
    await a.runner.catchUp();
    expect(await a.store.get(counter.name, 'total', 'all')).toMatchObject({ events: 13, cents: 1300 });
    expect(b.commits.length).toBeGreaterThan(0);
  });

  it('without leases (the CLI) applies everything, unfenced, as before', async () => {
    const events = new SqliteEventStore(join(dir, 'wijkzorg.db'));
    const store = new SqliteReadModelStore(join(dir, 'wijkzorg.db'));
    closers.push(
      () => events.close(),
      () => store.close(),
    );
    await append(events, 5);
    const runner = new ProjectionRunner(events, store, [counter], { batchSize: 4 });
    expect(await runner.waitFor(5, 1000)).toBe(true);
    expect(await store.get(counter.name, 'total', 'all')).toMatchObject({ events: 5 });
    expect((await runner.status())[0]).not.toHaveProperty('owner');
  });
});
