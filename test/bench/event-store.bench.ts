import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppendResult, EventToAppend, ExpectedRevision, PostgresEventStore, RecordedEvent, SqliteEventStore } from '@wijkzorg/event-store';
import { startPostgresCluster } from '../support/postgres-cluster';
import { report, reportGrowth, section } from './report';
import { SqliteFloor } from './sqlite-floor';
import { syntheticEvent } from './synthetic-events';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** What the figures need of an event store; the embedded and the PostgreSQL adapters both offer it. */
interface BenchedStore {
  appendBatch(batch: { streamId: string; events: EventToAppend[]; expectedRevision: ExpectedRevision }[]): AppendResult[] | Promise<AppendResult[]>;
  append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  readPage(afterPosition: number, maxCount: number): RecordedEvent[] | Promise<RecordedEvent[]>;
  readStream(streamId: string): Promise<RecordedEvent[]>;
}

interface Sizes {
  batched: number;
  wide: number;
  /** Events appended with append() in commits of 100 to one stream (embedded only). */
  hundreds: number;
  single: number;
}

type Figures = Record<'batched' | 'wide' | 'single' | 'readAll' | 'readStream', number>;

const EMBEDDED_SIZES: Sizes = { batched: 200_000, wide: 100_000, hundreds: 200_000, single: 4_000 };
/** Half the embedded sizes (a third of the single commits): the same figures, a shorter run. */
const POSTGRES_SIZES: Sizes = { batched: 100_000, wide: 50_000, hundreds: 0, single: 1_000 };

/** Event store throughput, embedded (beside the raw SQLite floor, measured in the same run) and PostgreSQL. */
export async function benchEventStore(): Promise<void> {
  section('embedded event store (SQLite, WAL, synchronous=FULL) beside the raw SQLite floor (plain better-sqlite3, same table and pragmas; see sqlite-floor.ts)');
  const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-bench-'));
  let embedded: Figures;
  try {
    embedded = await measureEmbedded(dir, EMBEDDED_SIZES);
    await measureGrowth(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  section('PostgreSQL event store (local PostgreSQL 15 cluster, fsync on; half the embedded sizes, ratio to the embedded figures)');
  const cluster = await startPostgresCluster({ durable: true });
  const postgres = new PostgresEventStore(await cluster.createDatabase());
  try {
    await measure({ appendBatch: (batch) => postgres.appendBatch(batch), append: (s, e, r) => postgres.append(s, e, r), readPage: (after, max) => postgres.readAll({ afterPosition: after, maxCount: max }), readStream: (s) => postgres.readStream(s) }, POSTGRES_SIZES, {}, embedded);
  } finally {
    await postgres.close();
    await cluster.stop();
  }
}

/** The floor must be measured on the very table and settings the store uses, or its ratio means nothing. */
function assertSameSetup(store: SqliteEventStore, floor: SqliteFloor): void {
  const setup = (db: SqliteEventStore['db']) => ({
    table: (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'events'").pluck().get() as string).replace(/\s+/g, ' '),
    indexes: db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name").pluck().all(),
    pragmas: ['journal_mode', 'synchronous', 'mmap_size', 'cache_size', 'page_size'].map((p) => db.pragma(p, { simple: true })),
  });
  const [ours, raw] = [JSON.stringify(setup(store.db)), JSON.stringify(setup(floor.db))];
  if (ours !== raw) throw new Error(`the raw SQLite floor differs from the event store's setup:\n${ours}\n${raw}`);
}

const touch = (data: unknown, metadata: unknown) => (data !== undefined && metadata !== undefined ? 1 : 0);

/** Reads the whole log in pages of 10,000 and uses data and metadata of every event (so lazy parsing gets no credit); returns the count. */
function readWholeLog(side: 'store' | 'floor', store: SqliteEventStore, floor: SqliteFloor): number {
  let touched = 0;
  if (side === 'store') {
    for (let after = 0; ;) {
      const page = store.readAllSync(after, 10_000);
      if (page.length === 0) break;
      for (const e of page) touched += touch(e.data, e.metadata);
      after = page[page.length - 1].globalPosition;
    }
  } else {
    for (let after = 0; ;) {
      const page = floor.readPage(after, 10_000);
      if (page.length === 0) break;
      for (const row of page) touched += touch(row[9], row[8]);
      after = page[page.length - 1][0];
    }
  }
  return touched;
}

/** Whole-log read rates of the store and the floor: alternating rounds, the first (cache warm-up) left out, medians. */
function readRates(store: SqliteEventStore, floor: SqliteFloor, rounds: number): { store: number; floor: number; events: number } {
  const rates = { store: [] as number[], floor: [] as number[] };
  let events = 0;
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? (['store', 'floor'] as const) : (['floor', 'store'] as const)) {
      const started = performance.now();
      events = readWholeLog(side, store, floor);
      if (round > 0) rates[side].push(events / ((performance.now() - started) / 1000));
    }
  }
  return { store: median(rates.store), floor: median(rates.floor), events };
}

/**
 * Each workload runs on the store and on the floor alternately (the machine is shared and noisy) and both figures are
 * reported side by side. Both files receive the same rows, so the reads read the same log.
 */
async function measureEmbedded(dir: string, sizes: Sizes): Promise<Figures> {
  const store = new SqliteEventStore(join(dir, 'events.db'));
  const floor = new SqliteFloor(join(dir, 'floor.db'));
  const figures = {} as Figures;
  try {
    assertSameSetup(store, floor);
    const revisions = new Map<string, number>();
    const floorRevisions = new Map<string, number>();
    type Commit = { streamId: string; events: EventToAppend[] }[];
    /**
     * Runs every commit through the store and through the floor, one right after the other (who goes first alternates),
     * and sums each side's time: both see the same disk and the same neighbours, which a shared machine's fsync
     * times (swinging by 3x within seconds) would otherwise drown the ratio in.
     */
    const alternate = async (commits: Commit[], viaStore: (commit: Commit) => Promise<void> | void) => {
      const elapsed = { store: 0, floor: 0 };
      // CPU time too (read outside the wall-clock brackets): it shows what each side computes, apart from fsync waits and neighbours.
      const cpu = { store: 0, floor: 0 };
      let events = 0;
      const viaFloor = (commit: Commit) => {
        floor.commit(commit.map(({ streamId, events }) => ({ streamId, firstRevision: (floorRevisions.get(streamId) ?? -1) + 1, events })));
        for (const { streamId, events } of commit) floorRevisions.set(streamId, (floorRevisions.get(streamId) ?? -1) + events.length);
      };
      for (const [i, commit] of commits.entries()) {
        for (const side of i % 2 === 0 ? (['store', 'floor'] as const) : (['floor', 'store'] as const)) {
          const cpuBefore = process.cpuUsage();
          const started = performance.now();
          await (side === 'store' ? viaStore(commit) : viaFloor(commit));
          elapsed[side] += performance.now() - started;
          const used = process.cpuUsage(cpuBefore);
          cpu[side] += used.user + used.system;
        }
        for (const stream of commit) events += stream.events.length;
      }
      return { store: events / (elapsed.store / 1000), floor: events / (elapsed.floor / 1000), cpuPerEvent: { store: cpu.store / events, floor: cpu.floor / events } };
    };
    const printCpu = (name: string, cpu: { store: number; floor: number }) => console.log(`  CPU time (process, µs per event) of ${name}: store ${cpu.store.toFixed(1)}, floor ${cpu.floor.toFixed(1)}, store/floor ${(cpu.store / cpu.floor).toFixed(2)}`);
    const viaAppendBatch = (commit: Commit) => {
      for (const r of store.appendBatch(commit.map(({ streamId, events }) => ({ streamId, events, expectedRevision: revisions.get(streamId) ?? -1 })))) revisions.set(r.streamId, r.nextRevision);
    };
    const viaAppend = async (commit: Commit) => {
      const [{ streamId, events }] = commit;
      const r = await store.append(streamId, events, revisions.get(streamId) ?? -1);
      revisions.set(streamId, r.nextRevision);
    };
    // Events are made before the clock starts: the figure is the store's, not the generator's.
    const commitsOf = (label: string, total: number, perCommit: number, streamsPerCommit: number, streamsInAll: number): Commit[] => {
      const commits: Commit[] = [];
      for (let done = 0; done < total; done += perCommit) {
        const byStream = new Map<string, EventToAppend[]>();
        for (let i = done; i < done + perCommit; i++) {
          const streamId = `${label}-${(Math.floor(done / perCommit) * streamsPerCommit + (i % streamsPerCommit)) % streamsInAll}`;
          const events = byStream.get(streamId) ?? [];
          events.push(syntheticEvent(i));
          byStream.set(streamId, events);
        }
        commits.push([...byStream].map(([streamId, events]) => ({ streamId, events })));
      }
      return commits;
    };

    const batched = await alternate(commitsOf('client', sizes.batched, 1_000, 100, 5_000), viaAppendBatch);
    figures.batched = batched.store;
    report({ name: `append, batched: 1,000/commit over 100 streams (${sizes.batched.toLocaleString('en-US')})`, value: batched.store, unit: 'events/s', atLeast: 100_000, floor: { value: batched.floor } });
    const wide = await alternate(commitsOf('wide', sizes.wide, 1_000, 1_000, 50_000), viaAppendBatch);
    figures.wide = wide.store;
    report({ name: `append, batched: 1,000/commit over 1,000 streams (${sizes.wide.toLocaleString('en-US')})`, value: wide.store, unit: 'events/s', floor: { value: wide.floor } });

    const hundreds = await alternate(commitsOf('hundred', sizes.hundreds, 100, 1, 200), viaAppend);
    report({ name: `append(): 100 events to one stream per durable commit (${sizes.hundreds.toLocaleString('en-US')})`, value: hundreds.store, unit: 'events/s', floor: { value: hundreds.floor, atLeast: 0.9 } });
    printCpu('the 100-event appends', hundreds.cpuPerEvent);

    const single = await alternate(commitsOf('single', sizes.single, 1, 1, 100), viaAppend);
    figures.single = single.store;
    report({ name: `append(): one durable commit per event (${sizes.single.toLocaleString('en-US')})`, value: single.store, unit: 'events/s', floor: { value: single.floor, atLeast: 0.95 } });
    printCpu('the single-event commits', single.cpuPerEvent);

    const read = readRates(store, floor, 5);
    figures.readAll = read.store;
    report({ name: `read all, pages of 10,000, data and metadata used (${read.events.toLocaleString('en-US')} events, median of 4)`, value: read.store, unit: 'events/s', floor: { value: read.floor, atLeast: 0.9 } });

    const streamTimes = { store: [] as number[], floor: [] as number[] };
    for (let round = 0; round < 5; round++) {
      for (const side of round % 2 === 0 ? (['store', 'floor'] as const) : (['floor', 'store'] as const)) {
        const started = performance.now();
        let touched = 0;
        for (let i = 0; i < 1_000; i++) {
          const streamId = `client-${(i * 37) % 5_000}`;
          if (side === 'store') for (const e of await store.readStream(streamId)) touched += touch(e.data, e.metadata);
          else for (const row of floor.readStream(streamId)) touched += touch(row[9], row[8]);
        }
        if (touched === 0) throw new Error('no client stream events read');
        streamTimes[side].push(((performance.now() - started) * 1000) / 1_000);
      }
    }
    figures.readStream = median(streamTimes.store);
    report({ name: `read one client stream (${sizes.batched / 5_000} events), data and metadata used (median of 5)`, value: figures.readStream, unit: 'µs each', floor: { value: median(streamTimes.floor), lowerIsBetter: true } });
  } finally {
    await store.close();
    floor.close();
  }
  return figures;
}

/**
 * How append (100 events per durable commit) and read all scale with the log: at 10k, 100k and 1M events, store and floor
 * alike. The logs are filled quickly with appendBatch at synchronous=NORMAL (1,000 events per commit); the measurements
 * then run on both reopened with synchronous=FULL, as in production: 200 commits of 100 events, alternating commit by
 * commit, then whole-log reads (alternating rounds, the first left out).
 */
async function measureGrowth(dir: string): Promise<void> {
  const storePath = join(dir, 'growth.db');
  const floorPath = join(dir, 'growth-floor.db');
  const points = { append: [] as { events: number; value: number }[], read: [] as { events: number; value: number }[], floorAppend: [] as { events: number; value: number }[], floorRead: [] as { events: number; value: number }[] };
  let filled = 0;
  let counter = 0;
  let commitCount = 0;
  const streamRevision = new Map<string, number>();
  const nextCommit = (label: string, streams: number, perCommit: number) => {
    const streamId = `${label}-${commitCount++ % streams}`;
    const events = Array.from({ length: perCommit }, () => syntheticEvent(counter++));
    const firstRevision = (streamRevision.get(streamId) ?? -1) + 1;
    streamRevision.set(streamId, firstRevision + perCommit - 1);
    return { streamId, firstRevision, events };
  };
  for (const size of [10_000, 100_000, 1_000_000]) {
    {
      const store = new SqliteEventStore(storePath, { synchronous: 'NORMAL' });
      const floor = new SqliteFloor(floorPath, 'NORMAL');
      while (filled < size) {
        const commit = Array.from({ length: 10 }, () => nextCommit('fill', 20_000, 100));
        store.appendBatch(commit.map(({ streamId, firstRevision, events }) => ({ streamId, events, expectedRevision: firstRevision - 1 })));
        floor.commit(commit);
        filled += 1_000;
      }
      await store.close();
      floor.close();
    }
    const store = new SqliteEventStore(storePath);
    const floor = new SqliteFloor(floorPath);
    try {
      const elapsed = { store: 0, floor: 0 };
      const commits = Array.from({ length: 200 }, () => nextCommit('grow', 100, 100));
      for (const [i, commit] of commits.entries()) {
        for (const side of i % 2 === 0 ? (['store', 'floor'] as const) : (['floor', 'store'] as const)) {
          const started = performance.now();
          if (side === 'store') await store.append(commit.streamId, commit.events, commit.firstRevision - 1);
          else floor.commit([commit]);
          elapsed[side] += performance.now() - started;
        }
      }
      points.append.push({ events: size, value: 20_000 / (elapsed.store / 1000) });
      points.floorAppend.push({ events: size, value: 20_000 / (elapsed.floor / 1000) });
      filled += 20_000;
      const read = readRates(store, floor, Math.max(2, Math.ceil(300_000 / size)));
      points.read.push({ events: size, value: read.store });
      points.floorRead.push({ events: size, value: read.floor });
    } finally {
      await store.close();
      floor.close();
    }
  }
  reportGrowth('append(), 100 events per durable commit, store', 'events/s', points.append);
  reportGrowth('append(), 100 events per durable commit, raw floor', 'events/s', points.floorAppend);
  reportGrowth('read all (pages of 10,000, data and metadata used), store', 'events/s', points.read);
  reportGrowth('read all (pages of 10,000, data and metadata used), raw floor', 'events/s', points.floorRead);
  const last = (list: { value: number }[]) => list[list.length - 1].value;
  console.log(`growth: at 1M events the store appends at ${(last(points.append) / last(points.floorAppend)).toFixed(2)} and reads at ${(last(points.read) / last(points.floorRead)).toFixed(2)} of the floor`);
}

async function measure(store: BenchedStore, sizes: Sizes, targets: { batched?: number; readAll?: number }, embedded?: Figures): Promise<Figures> {
  const figures = {} as Figures;
  const revisions = new Map<string, number>();
  // Events are made before the clock starts: the figure is the store's, not the generator's.
  const appendBatched = async (total: number, perBatch: number, streamsPerBatch: number, label: string, figure: 'batched' | 'wide', atLeast?: number) => {
    const batches: [string, ReturnType<typeof syntheticEvent>[]][][] = [];
    for (let done = 0; done < total; done += perBatch) {
      const batch = new Map<string, ReturnType<typeof syntheticEvent>[]>();
      for (let i = done; i < done + perBatch; i++) {
        const streamId = `${label}-${Math.floor(done / perBatch) % 50}-${i % streamsPerBatch}`;
        const list = batch.get(streamId) ?? [];
        list.push(syntheticEvent(i));
        batch.set(streamId, list);
      }
      batches.push([...batch]);
    }
    // Three rounds of a third each; the median round is reported (this machine's neighbours are noisy).
    const rates: number[] = [];
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      const mine = batches.slice((round * batches.length) / 3, ((round + 1) * batches.length) / 3);
      for (const batch of mine) {
        const results = await store.appendBatch(batch.map(([streamId, events]) => ({ streamId, events, expectedRevision: revisions.get(streamId) ?? -1 })));
        for (const r of results) revisions.set(r.streamId, r.nextRevision);
      }
      rates.push((mine.length * perBatch) / ((performance.now() - started) / 1000));
    }
    figures[figure] = median(rates);
    report({ name: `append, batched: ${perBatch}/commit over ${streamsPerBatch} streams (${total.toLocaleString('en-US')}, median of 3)`, value: figures[figure], unit: 'events/s', atLeast, embedded: embedded?.[figure] });
  };
  await appendBatched(sizes.batched, 1_000, 100, 'client', 'batched', targets.batched);
  await appendBatched(sizes.wide, 1_000, 1_000, 'wide', 'wide');

  let started = performance.now();
  for (let i = 0; i < sizes.single; i++) {
    const streamId = `single-${i % 100}`;
    const expected = revisions.get(streamId) ?? -1;
    const r = await store.append(streamId, [syntheticEvent(i)], expected);
    revisions.set(streamId, r.nextRevision);
  }
  figures.single = sizes.single / ((performance.now() - started) / 1000);
  report({ name: 'append, one durable commit per event (expected revision)', value: figures.single, unit: 'events/s', embedded: embedded?.single });

  const readRates: number[] = [];
  let read = 0;
  for (let round = 0; round < 4; round++) {
    started = performance.now();
    read = 0;
    for (let after = 0; ;) {
      const page = await store.readPage(after, 10_000);
      if (page.length === 0) break;
      for (const e of page) read += touch(e.data, e.metadata);
      after = page[page.length - 1].globalPosition;
    }
    if (round > 0) readRates.push(read / ((performance.now() - started) / 1000)); // round 0 warms the cache
  }
  figures.readAll = median(readRates);
  report({ name: `read all, pages of 10,000, data and metadata used (${read.toLocaleString('en-US')} events, median of 3)`, value: figures.readAll, unit: 'events/s', atLeast: targets.readAll, embedded: embedded?.readAll });

  started = performance.now();
  let touched = 0;
  for (let i = 0; i < 2_000; i++) for (const e of await store.readStream(`client-${i % 50}-${i % 100}`)) touched += touch(e.data, e.metadata);
  if (touched === 0) throw new Error('no client stream events read');
  figures.readStream = ((performance.now() - started) * 1000) / 2_000;
  report({ name: `read one client stream (${sizes.batched / 5_000} events), data and metadata used`, value: figures.readStream, unit: 'µs each', embedded: embedded?.readStream });
  return figures;
}
