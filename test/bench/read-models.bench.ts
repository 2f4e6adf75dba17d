import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@wijkzorg/event-store';
import { ALL_PROJECTIONS, FindQuery, PostgresReadModelStore, ProjectionRunner, ReadModelStore, SqliteReadModelStore } from '@wijkzorg/read-models';
import { benchStore } from './bench-data';
import { report, section } from './report';
import { startPostgresCluster } from '../support/postgres-cluster';

/** Full rebuild of all read models from ≥1M events (query latency: queries.bench.ts). */
export async function benchReadModels(): Promise<void> {
  section('read models: full rebuild from >= 1M events');
  const { dir, path, events } = await benchStore(1_000_000, (m) => console.log(`  ${m}`));
  try {
    const eventStore = new SqliteEventStore(path);
    const store = new SqliteReadModelStore(path);
    const { rate, peakMiB } = await rebuild(eventStore, store);
    report({ name: `rebuild all ${ALL_PROJECTIONS.length} projections (${events.toLocaleString('en-US')} events)`, value: rate, unit: 'events/s', atLeast: 100_000 });
    report({ name: 'rebuild: peak resident memory', value: peakMiB, unit: 'MiB' });
    await deepPages('SQLite', store);
    await store.close();
    await rebuildFromPostgres(eventStore, POSTGRES_REBUILD_EVENTS);
    await postgresRebuild(eventStore, events, rate);
    await eventStore.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rebuilds every projection from the first event into `store` (any ReadModelStore); events/s and peak resident memory. */
async function rebuild(events: EventStore, store: ReadModelStore): Promise<{ rate: number; peakMiB: number; events: number }> {
  const runner = new ProjectionRunner(events, store, ALL_PROJECTIONS, { batchSize: 50_000 });
  for (const p of ALL_PROJECTIONS) await store.reset(p.name, p.version);
  const count = await events.headPosition();
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  await runner.catchUp();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { rate: count / seconds, peakMiB: peak / 1024 / 1024, events: count };
}

/** Events copied into PostgreSQL for its rebuild figure: a fifth of the embedded rebuild, to keep the run short. */
const POSTGRES_REBUILD_EVENTS = 200_000;

/**
 * The same rebuild with the events read from PostgreSQL, beside the embedded store read from a copy of
 * the same events, both into fresh embedded read models (the read-model store is a parameter of rebuild()).
 */
async function rebuildFromPostgres(source: SqliteEventStore, count: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-bench-pg-'));
  const cluster = await startPostgresCluster({ durable: true });
  const postgres = new PostgresEventStore(await cluster.createDatabase());
  const embedded = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'NORMAL' });
  try {
    for (let after = 0; after < count;) {
      const page = source.readAllSync(after, Math.min(10_000, count - after));
      if (page.length === 0) break;
      const batch = page.map((e) => ({ streamId: e.streamId, events: [{ eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, data: e.data, occurredAt: e.occurredAt, metadata: e.metadata }], expectedRevision: e.revision - 1 }));
      await postgres.appendBatch(batch);
      embedded.appendBatch(batch);
      after = page[page.length - 1].globalPosition;
    }
    const fromEmbedded = await rebuildInto(embedded, join(dir, 'embedded-read-models.db'));
    const fromPostgres = await rebuildInto(postgres, join(dir, 'postgres-read-models.db'));
    report({ name: `rebuild from PostgreSQL events into embedded read models (${fromPostgres.events.toLocaleString('en-US')} events)`, value: fromPostgres.rate, unit: 'events/s', embedded: fromEmbedded.rate });
  } finally {
    await embedded.close();
    await postgres.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function rebuildInto(events: EventStore, readModelsPath: string) {
  const store = new SqliteReadModelStore(readModelsPath);
  try {
    return await rebuild(events, store);
  } finally {
    await store.close();
  }
}

/** The same full rebuild into PostgreSQL (a durable cluster of its own), blue-green as in production. */
async function postgresRebuild(eventStore: SqliteEventStore, events: number, embeddedRate: number): Promise<void> {
  const cluster = await startPostgresCluster({ durable: true });
  try {
    const store = await PostgresReadModelStore.connect(await cluster.createDatabase());
    const runner = new ProjectionRunner(eventStore, store, ALL_PROJECTIONS, { batchSize: 50_000 });
    await runner.prepare();
    const started = performance.now();
    await runner.rebuildAll(ALL_PROJECTIONS.map((p) => p.name));
    report({ name: `PostgreSQL: blue-green rebuild of all projections (${events.toLocaleString('en-US')} events)`, value: events / ((performance.now() - started) / 1000), unit: 'events/s', embedded: embeddedRate });
    await deepPages('PostgreSQL', store);
    await store.close();
  } finally {
    await cluster.stop();
  }
}

/** A page deep in a long list: by offset (scans what it skips) and by keyset cursor (starts at the page). */
async function deepPages(label: string, store: ReadModelStore): Promise<void> {
  const query: FindQuery = { sort: [{ field: 'wijkCode', direction: 'asc' }], limit: 50 };
  const { total } = await store.find('wachtlijst', 'entry', { limit: 1 });
  const offset = total - 100;
  if (offset < 50) return;
  // The page before it answers the cursor that starts this one.
  const { nextCursor } = await store.find('wachtlijst', 'entry', { ...query, offset: offset - 50 });
  const time = async (find: FindQuery) => {
    const started = performance.now();
    for (let i = 0; i < 20; i++) await store.find('wachtlijst', 'entry', find);
    return (performance.now() - started) / 20;
  };
  report({ name: `${label}: wachtlijst page at offset ${offset.toLocaleString('en-US')}`, value: await time({ ...query, offset }), unit: 'ms' });
  report({ name: `${label}: the same page by keyset cursor`, value: await time({ ...query, after: nextCursor }), unit: 'ms' });
}
