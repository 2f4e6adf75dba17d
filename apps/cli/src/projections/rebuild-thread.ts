import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { EventStore, EventStoreConfig, SqliteEventStore, openEventStore } from '@wijkzorg/event-store';
import { ALL_PROJECTIONS, CatchUpProgress, ProjectionRunner, ReadModelStore, ReadModelStoreSettings, SqliteReadModelStore, openReadModelStore } from '@wijkzorg/read-models';

/**
 * One thread's share of `projections rebuild`: its projections in one pass over the log, in bounded memory. Kept apart
 * from the CLI's commands so that a worker thread loads the stores and projections only.
 */
export async function rebuildGroup(runner: ProjectionRunner, events: EventStore, store: ReadModelStore, names: string[], threads: number, onProgress: (p: CatchUpProgress) => void): Promise<void> {
  boundRebuildConnections(events, store, threads);
  // Each thread's heap holds the documents of its own projections only.
  const heap = heapCeiling(Math.max(REBUILD_HEAP_FLOOR, REBUILD_HEAP_CEILING / threads));
  await runner.rebuildAll(names, (p) => {
    onProgress(p);
    heap.keepBelow();
  });
}

/** What a worker thread is given (structured-cloned): the stores as the main thread resolved and reached them, and its group. */
export interface RebuildJob {
  eventStore: EventStoreConfig;
  readModels: ReadModelStoreSettings;
  names: string[];
  batchSize: number;
  threads: number;
}
export type RebuildMessage = { kind: 'progress'; progress: CatchUpProgress } | { kind: 'failed'; error: string };

/** A worker thread's side: opens its own connections to the stores and rebuilds its group. */
export async function runRebuildJob(job: RebuildJob, post: (message: RebuildMessage) => void): Promise<void> {
  const events = openEventStore(job.eventStore);
  try {
    const store = await openReadModelStore(job.readModels);
    try {
      const runner = new ProjectionRunner(events, store, ALL_PROJECTIONS, { batchSize: job.batchSize, pageSize: REBUILD_PAGE_SIZE, log: (m) => console.error(m) });
      await rebuildGroup(runner, events, store, job.names, job.threads, (progress) => post({ kind: 'progress', progress }));
    } finally {
      await store.close();
    }
  } finally {
    await events.close();
  }
}

/**
 * Events a rebuild reads from the log at a time: a page is applied to every projection before the next is read, so
 * its events live long enough to be promoted to V8's old space; smaller pages leave less of them behind there.
 */
export const REBUILD_PAGE_SIZE = 1000;

/**
 * A rebuild reads the whole log once and writes every read model once: embedded stores read the log through a
 * bounded page cache instead of a memory map (whose pages would stay resident as the log is read) and keep a
 * smaller page cache for the read models, so the process's memory does not grow with the log.
 */
function boundRebuildConnections(events: EventStore, store: ReadModelStore, threads: number): void {
  if (events instanceof SqliteEventStore) {
    events.db.pragma('mmap_size = 0');
    events.db.pragma('cache_size = -2048');
  }
  // Threads share the 16 MiB: at 1M events two threads with 8 MiB each were no slower, and 20 MiB smaller, than with 16.
  if (store instanceof SqliteReadModelStore) store.db.pragma(`cache_size = -${Math.round(16384 / threads)}`);
}

/**
 * Heap (MiB) past which a rebuild collects garbage itself after a commit. V8 lets its heap grow to several times the
 * live data before it collects (about 100 MiB live at 1M events, 400 MiB of heap); the rebuild's garbage is
 * short-lived (pages of events, serialised documents), so one full collection after a batch brings it back down.
 */
const REBUILD_HEAP_CEILING = 128;
/** The least ceiling a thread of a rebuild in several threads gets (MiB). */
const REBUILD_HEAP_FLOOR = 64;

/**
 * Makes V8's collector reachable from fresh contexts (`--expose-gc`) until withdrawn. The flag is the process's, not a
 * thread's: the main thread sets it before any worker starts and withdraws it when all have ended, so no thread takes
 * it back while another is looking for the collector.
 */
export function exposeCollector(): { withdraw(): void } {
  setFlagsFromString('--expose-gc');
  return { withdraw: () => setFlagsFromString('--no-expose-gc') };
}

function heapCeiling(mib: number): { keepBelow(): void } {
  // Without the flag (a caller that did not expose it) the heap is left to V8.
  const collect = runInNewContext("typeof gc === 'function' ? gc : undefined") as (() => void) | undefined;
  // The next collection waits for 32 MiB of new garbage beyond what the last one left (or the ceiling): when the live
  // data itself outgrows the ceiling, the rebuild does not collect after every projection's commit.
  let threshold = mib * 1024 * 1024;
  return {
    keepBelow() {
      if (!collect || getHeapStatistics().used_heap_size <= threshold) return;
      collect();
      threshold = Math.max(mib * 1024 * 1024, getHeapStatistics().used_heap_size + 32 * 1024 * 1024);
    },
  };
}
