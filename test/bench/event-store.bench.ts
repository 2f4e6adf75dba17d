import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppendResult, EventToAppend, ExpectedRevision, PostgresEventStore, RecordedEvent, SqliteEventStore } from '@wijkzorg/event-store';
import { startPostgresCluster } from '../support/postgres-cluster';
import { report, section } from './report';
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
  single: number;
}

type Figures = Record<'batched' | 'wide' | 'single' | 'readAll' | 'readStream', number>;

const EMBEDDED_SIZES: Sizes = { batched: 200_000, wide: 100_000, single: 3_000 };
/** Half the embedded sizes (a third of the single commits): the same figures, a shorter run. */
const POSTGRES_SIZES: Sizes = { batched: 100_000, wide: 50_000, single: 1_000 };

/** Event store throughput, embedded and PostgreSQL: batched appends, one durable commit per event, full reads. */
export async function benchEventStore(): Promise<void> {
  section('embedded event store (SQLite, WAL, synchronous=FULL)');
  const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-bench-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  let embedded: Figures;
  try {
    embedded = await measure({ appendBatch: (batch) => store.appendBatch(batch), append: (s, e, r) => store.append(s, e, r), readPage: (after, max) => store.readAllSync(after, max), readStream: (s) => store.readStream(s) }, EMBEDDED_SIZES, { batched: 100_000, readAll: 500_000 });
  } finally {
    await store.close();
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
      read += page.length;
      after = page[page.length - 1].globalPosition;
    }
    if (round > 0) readRates.push(read / ((performance.now() - started) / 1000)); // round 0 warms the cache
  }
  figures.readAll = median(readRates);
  report({ name: `read all, pages of 10,000 (${read.toLocaleString('en-US')} events, median of 3)`, value: figures.readAll, unit: 'events/s', atLeast: targets.readAll, embedded: embedded?.readAll });

  started = performance.now();
  for (let i = 0; i < 2_000; i++) await store.readStream(`client-${i % 50}-${i % 100}`);
  figures.readStream = ((performance.now() - started) * 1000) / 2_000;
  report({ name: `read one client stream (${sizes.batched / 5_000} events)`, value: figures.readStream, unit: 'µs each', embedded: embedded?.readStream });
  return figures;
}
