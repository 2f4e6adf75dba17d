import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { report, section } from './report';
import { syntheticEvent } from './synthetic-events';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Embedded store throughput: batched appends, one durable commit per event, full reads. */
export async function benchEventStore(): Promise<void> {
  section('embedded event store (SQLite, WAL, synchronous=FULL)');
  const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-bench-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  try {
    const revisions = new Map<string, number>();
    // Events are made before the clock starts: the figure is the store's, not the generator's.
    const appendBatched = (total: number, perBatch: number, streamsPerBatch: number, label: string, atLeast?: number) => {
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
          const results = store.appendBatch(batch.map(([streamId, events]) => ({ streamId, events, expectedRevision: revisions.get(streamId) ?? -1 })));
          for (const r of results) revisions.set(r.streamId, r.nextRevision);
        }
        rates.push((mine.length * perBatch) / ((performance.now() - started) / 1000));
      }
      report({ name: `append, batched: ${perBatch}/commit over ${streamsPerBatch} streams (${total.toLocaleString('en-US')}, median of 3)`, value: median(rates), unit: 'events/s', atLeast });
    };
    appendBatched(200_000, 1_000, 100, 'client', 100_000);
    appendBatched(100_000, 1_000, 1_000, 'wide');

    const single = 3_000;
    let started = performance.now();
    for (let i = 0; i < single; i++) {
      const streamId = `single-${i % 100}`;
      const expected = revisions.get(streamId) ?? -1;
      const r = await store.append(streamId, [syntheticEvent(i)], expected);
      revisions.set(streamId, r.nextRevision);
    }
    report({ name: 'append, one durable commit per event (expected revision)', value: single / ((performance.now() - started) / 1000), unit: 'events/s' });

    const readRates: number[] = [];
    let read = 0;
    for (let round = 0; round < 4; round++) {
      started = performance.now();
      read = 0;
      for (let after = 0; ;) {
        const page = store.readAllSync(after, 10_000);
        if (page.length === 0) break;
        read += page.length;
        after = page[page.length - 1].globalPosition;
      }
      if (round > 0) readRates.push(read / ((performance.now() - started) / 1000)); // round 0 warms the cache
    }
    report({ name: `read all, pages of 10,000 (${read.toLocaleString('en-US')} events, median of 3)`, value: median(readRates), unit: 'events/s', atLeast: 500_000 });

    started = performance.now();
    for (let i = 0; i < 2_000; i++) await store.readStream(`client-${i % 50}-${i % 100}`);
    report({ name: 'read one client stream (40 events)', value: ((performance.now() - started) * 1000) / 2_000, unit: 'µs each' });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
