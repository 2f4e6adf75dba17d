import { Client } from 'pg';
import { firstValueFrom, filter, take, toArray, timeout } from 'rxjs';
import { PostgresCluster, startPostgresCluster } from '../../../../test/support/postgres-cluster';
import { eventStoreConformance } from '../conformance/event-store-conformance';
import { EventToAppend, RecordedEvent, WrongExpectedRevisionError } from '../event-store.port';
import { eventStoreConfigFromEnv, openEventStore } from '../open-event-store';
import { PostgresEventStore } from './postgres-event-store';

const meta = { actor: { role: 'zorgprofessional' as const, id: 'zp' }, correlationId: 'c', causationId: null, commandId: null };
let counter = 0;
const event = (type = 'BudgetReleased'): EventToAppend => ({ eventId: `e-${++counter}`, type, schemaVersion: 1, data: { amountCents: 100 * counter }, occurredAt: '2026-01-01T00:00:00Z', metadata: meta });

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 120_000); // initdb, then a start that may take pg_ctl's 30 s, on a loaded machine
afterAll(async () => {
  await cluster?.stop();
});

describe('PostgresEventStore conformance', () => {
  eventStoreConformance(async () => new PostgresEventStore(await cluster.createDatabase()));
});

describe('PostgresEventStore with several processes on one database', () => {
  let url: string;
  let one: PostgresEventStore;
  let two: PostgresEventStore;
  beforeEach(async () => {
    url = await cluster.createDatabase();
    one = new PostgresEventStore(url, { fallbackPollMs: 60_000 });
    two = new PostgresEventStore(url, { fallbackPollMs: 60_000 });
  });
  afterEach(async () => {
    await one.close();
    await two.close();
  });

  it('gives concurrent appends from two pools a gapless, correctly chained log with one winner per revision', async () => {
    // A reader during the race must see every event once, in position order: none commits behind the head it read.
    const seen: number[] = [];
    const reader = one.subscribe().subscribe((e) => seen.push(e.globalPosition));
    const appendsToOwnStreams = (store: PostgresEventStore, name: string) => Array.from({ length: 40 }, (_, i) => store.append(`${name}-${i % 5}`, [event(), event()], 'any'));
    // Both stores race for the same revisions of one stream, again and again.
    const contested: Promise<unknown>[] = [];
    for (let revision = -1; revision < 19; revision++) for (const store of [one, two]) contested.push(store.append('shared', [event()], revision).catch((e) => e));
    const outcomes = await Promise.all([...appendsToOwnStreams(one, 'one'), ...appendsToOwnStreams(two, 'two'), ...contested]);
    const refused = outcomes.filter((o) => o instanceof WrongExpectedRevisionError);
    expect(outcomes.filter((o) => o instanceof Error && !(o instanceof WrongExpectedRevisionError))).toStrictEqual([]);

    const shared = await one.readStream('shared');
    expect(shared.map((e) => e.revision)).toEqual(Array.from({ length: shared.length }, (_, i) => i));
    expect(shared.length + refused.length).toBe(40); // every contested append either won its revision or was refused
    const all = await two.readAll();
    expect(all).toHaveLength(160 + shared.length);
    expect(all.map((e) => e.globalPosition)).toEqual(all.map((_, i) => i + 1));
    expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
    expect(await one.headPosition()).toBe(all.length);
    expect(await two.verifyChain()).toMatchObject({ ok: true, checked: all.length, headPosition: all.length });
    expect(await one.verifyChain({ streamId: 'shared' })).toMatchObject({ ok: true, checked: shared.length });
    await until(() => seen.length >= all.length);
    reader.unsubscribe();
    expect(seen).toEqual(all.map((e) => e.globalPosition));
  });

  it('is chosen by WIJKZORG_EVENT_STORE=postgres with POSTGRES_URL', async () => {
    const store = openEventStore(eventStoreConfigFromEnv({ WIJKZORG_EVENT_STORE: 'postgres', POSTGRES_URL: url }));
    try {
      expect(store).toBeInstanceOf(PostgresEventStore);
      await store.append('chosen', [event()], -1);
      expect(await one.streamRevision('chosen')).toBe(0);
    } finally {
      await store.close();
    }
    expect(() => openEventStore(eventStoreConfigFromEnv({ WIJKZORG_EVENT_STORE: 'postgres' }))).toThrow(/needs POSTGRES_URL/);
    expect(() => eventStoreConfigFromEnv({ WIJKZORG_EVENT_STORE: 'postgress' })).toThrow(/sqlite, kurrentdb \(esdb\) or postgres/);
  });

  it('wakes a subscriber in another process by notification, long before its fallback poll', async () => {
    await one.append('s-1', [event('Before')], -1);
    const received: RecordedEvent[] = [];
    const live = two.subscribe({ eventTypes: ['Before', 'Live'] }).subscribe((e) => received.push(e));
    try {
      await until(() => received.length === 1); // caught up: listening from here on
      await one.append('s-1', [event('Ignored'), event('Live')], 0);
      await until(() => received.length === 2);
      expect(received.map((e) => `${e.type}${e.revision}`)).toEqual(['Before0', 'Live2']);
    } finally {
      live.unsubscribe();
    }
  });

  it('wakes the wakeUps() of another process on its appends, and completes them when the store closes', async () => {
    let completed = false;
    const wakeUps = two.wakeUps();
    wakeUps.subscribe({ complete: () => (completed = true) });
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      await until(async () => (await listenerPids(admin)).length === 1); // listening (it wakes once when it connects)
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 100));
    const woken = firstValueFrom(wakeUps.pipe(timeout(10_000)));
    await one.append('s-3', [event()], -1);
    await woken;
    await two.close();
    expect(completed).toBe(true);
  });

  it('keeps a subscription going when its listener connection is killed, without gaps or duplicates', async () => {
    const received = two.subscribe().pipe(
      filter((e) => e.streamId === 's-2'),
      take(6),
      toArray(),
      timeout(30_000),
    );
    const done = firstValueFrom(received);
    await one.append('s-2', [event(), event()], -1);
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      await until(async () => (await listenerPids(admin)).length === 1);
      const [pid] = await listenerPids(admin);
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await one.append('s-2', [event(), event()], 1); // while the listener is down or reconnecting
      await until(async () => (await listenerPids(admin)).some((p) => p !== pid));
      await one.append('s-2', [event(), event()], 3); // heard through the new connection
      expect((await done).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
    } finally {
      await admin.end();
    }
  });

  it('completes its live subscriptions when closed', async () => {
    const store = new PostgresEventStore(url, { fallbackPollMs: 600_000 });
    await one.append('s-3', [event()], -1);
    const received: RecordedEvent[] = [];
    let completed = false;
    store.subscribe().subscribe({ next: (e) => received.push(e), complete: () => (completed = true) });
    await until(() => received.length === 1); // caught up and idle until a notification or its next poll
    await store.close();
    expect(completed).toBe(true);
  });

  it('finds a row altered with SQL', async () => {
    for (let i = 0; i < 6; i++) await one.append(`client-${i % 3}`, [event()], 'any');
    expect((await two.verifyChain()).ok).toBe(true);
    await one.pool.query('UPDATE wz_events SET data = $1 WHERE position = 4', [JSON.stringify({ amountCents: 1 })]);
    expect(await two.verifyChain()).toMatchObject({ ok: false, checked: 3, firstBrokenLink: { position: 4, streamId: 'client-0', revision: 1 } });
    expect((await two.verifyChain({ streamId: 'client-0' })).firstBrokenLink).toMatchObject({ position: 4 });
    expect((await two.verifyChain({ streamId: 'client-1' })).ok).toBe(true);
    await one.pool.query('DELETE FROM wz_events WHERE position = 2');
    expect((await two.verifyChain()).firstBrokenLink).toMatchObject({ position: 3, reason: expect.stringMatching(/positions 2..2 are missing/) });
  });
});

async function listenerPids(admin: Client): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'wijkzorg-event-listener' AND datname = current_database()");
  return rows.map((r) => r.pid);
}

/** Waits for a condition that the code under test makes true; jest's timeout bounds it. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 20));
}
