import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@wijkzorg/event-store';
import { ALL_PROJECTIONS, FindQuery, PostgresReadModelStore, ProjectionRunner, ReadModelStore, SqliteReadModelStore } from '@wijkzorg/read-models';
import { benchStore } from './bench-data';
import { report, reportGrowth, section } from './report';
import { SqliteFloor } from './sqlite-floor';
import { startPostgresCluster } from '../support/postgres-cluster';

/** Sizes of the log the rebuild is measured at, for the growth lines; the last one carries the targets. */
const REBUILD_SIZES = [10_000, 100_000, 1_000_000];
/** The CLI rebuild in one thread and with its projections split over two (`--threads 2`), one after the other on the same log. */
const REBUILD_THREADS = [1, 2];

/**
 * Full rebuild of all read models as the CLI runs it (a process of its own, its peak RSS from the kernel) at 10k,
 * 100k and 1M events.
 */
export async function benchReadModels(): Promise<void> {
  section('read models: CLI rebuild of all projections at 10k, 100k and >= 1M events (query latency: queries.bench.ts; the api while it catches up: health.bench.ts)');
  const points = new Map<number, { events: number; rate: number; peakMiB: number }[]>(REBUILD_THREADS.map((threads) => [threads, []]));
  // Each setting rebuilds the same log as seeded (the others on copies taken before the first): none drops another's tables.
  const rebuildEach = async (dir: string) => {
    const copies = REBUILD_THREADS.slice(1).map(() => {
      const copy = mkdtempSync(join(tmpdir(), 'wijkzorg-bench-rebuild-'));
      cpSync(dir, copy, { recursive: true });
      return copy;
    });
    try {
      for (const [i, threads] of REBUILD_THREADS.entries()) points.get(threads)!.push(await cliRebuild(i === 0 ? dir : copies[i - 1], threads));
    } finally {
      for (const copy of copies) rmSync(copy, { recursive: true, force: true });
    }
  };
  for (const size of REBUILD_SIZES.slice(0, -1)) {
    const small = await benchStore(size, (m) => console.log(`  ${m}`));
    try {
      await rebuildEach(small.dir);
    } finally {
      rmSync(small.dir, { recursive: true, force: true });
    }
  }
  const { dir, path, events } = await benchStore(REBUILD_SIZES[REBUILD_SIZES.length - 1], (m) => console.log(`  ${m}`));
  try {
    await rebuildEach(dir);
    // No rebuild can be faster than reading its log: that read, with plain better-sqlite3 in this run, is its floor.
    const floor = rawReadRate(path);
    for (const [threads, line] of points) {
      const big = line[line.length - 1];
      const how = threads === 1 ? 'one thread' : `--threads ${threads}`;
      report({ name: `CLI rebuild of all ${ALL_PROJECTIONS.length} projections, ${how} (${events.toLocaleString('en-US')} events)`, value: big.rate, unit: 'events/s', atLeast: 200_000, floor: { value: floor } });
      report({ name: `CLI rebuild, ${how}: peak resident memory (VmHWM)`, value: big.peakMiB, unit: 'MiB', atMost: 300 });
      reportGrowth(
        `CLI rebuild rate, ${how}`,
        'events/s',
        line.map((p) => ({ events: p.events, value: p.rate })),
      );
      reportGrowth(
        `CLI rebuild peak RSS, ${how}`,
        'MiB',
        line.map((p) => ({ events: p.events, value: p.peakMiB })),
      );
    }
    const [single, parallel] = REBUILD_THREADS.map((threads) => points.get(threads)![REBUILD_SIZES.length - 1]);
    report({ name: `CLI rebuild: --threads ${REBUILD_THREADS[1]} against one thread (rate)`, value: parallel.rate / single.rate, unit: '×' });
    const eventStore = new SqliteEventStore(path);
    const store = new SqliteReadModelStore(path);
    await deepPages('SQLite', store);
    await store.close();
    await rebuildFromPostgres(eventStore, POSTGRES_REBUILD_EVENTS);
    await postgresRebuild(eventStore, events, points.get(1)![REBUILD_SIZES.length - 1].rate);
    await eventStore.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `wijkzorg projections rebuild --threads n` (all projections, blue-green) on the data dir in a child process. The rate
 * is the CLI's own (events of the log over the rebuild's time: the process's start-up excluded, its worker threads'
 * included); the peak RSS is the kernel's high-water mark of that process (VmHWM), sampled until it exits.
 */
async function cliRebuild(dataDir: string, threads: number): Promise<{ events: number; rate: number; peakMiB: number }> {
  const cli = join(__dirname, '../../apps/cli/src/main.js');
  const child = spawn(process.execPath, [cli, 'projections', 'rebuild', '--threads', String(threads)], { env: { ...process.env, WIJKZORG_DATA_DIR: dataDir, WIJKZORG_PROGRESS_LINES: 'off' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let peakKiB = 0;
  const sample = () => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peakKiB = Math.max(peakKiB, Number(match[1]));
    } catch {
      /* exited meanwhile */
    }
  };
  const sampler = setInterval(sample, 20);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`projections rebuild exited with ${code}: ${output}`);
  const summary = JSON.parse(output.trim().split('\n').pop()!) as { events: number; seconds: number };
  const rate = summary.events / summary.seconds;
  const peakMiB = peakKiB / 1024;
  console.log(`  ${summary.events.toLocaleString('en-US')} events, ${threads} thread${threads > 1 ? 's' : ''}: ${Math.round(rate).toLocaleString('en-US')} events/s, peak RSS ${Math.round(peakMiB)} MiB`);
  return { events: summary.events, rate, peakMiB };
}

/** Events/s of reading the whole log a page at a time with plain better-sqlite3, data and metadata parsed. */
function rawReadRate(path: string): number {
  const floor = new SqliteFloor(path, 'NORMAL');
  try {
    const started = performance.now();
    let read = 0;
    for (let after = 0; ;) {
      const page = floor.readPage(after, 5000);
      if (page.length === 0) break;
      read += page.length;
      after = page[page.length - 1][0];
    }
    return read / ((performance.now() - started) / 1000);
  } finally {
    floor.close();
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
