import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SingleBar, Presets } from 'cli-progress';
import { EventStore, SqliteEventStore } from '@wijkzorg/event-store';
import { ALL_PROJECTIONS, CatchUpProgress, ProjectionRunner, ReadModelStore, SqliteReadModelStore, openReadModelStore } from '@wijkzorg/read-models';
import { CliSettings, openCliReadModelStore } from '../settings';

/**
 * Progress of a rebuild or catch-up: a cli-progress bar on stderr when run in a terminal (position,
 * head, events/s); otherwise nothing until the summary, so logs and pipes stay clean.
 */
function progressReporter(label: string, settings: CliSettings) {
  const started = Date.now();
  let firstPosition: number | undefined;
  let events = 0;
  const rate = () => Math.round(events / Math.max(0.001, (Date.now() - started) / 1000));
  const bar = process.stdout.isTTY && process.stderr.isTTY ? new SingleBar({ format: `${label.padEnd(11)} [{bar}] {percentage}% | position {value}/{total} | {rate} events/s`, stream: process.stderr, hideCursor: true }, Presets.legacy) : undefined;
  let barStarted = false;
  return {
    update(p: CatchUpProgress) {
      // Events of the log processed (each is applied to every selected projection).
      firstPosition ??= p.position - p.events;
      events = Math.max(events, p.position - firstPosition);
      if (bar && !barStarted) {
        bar.start(p.headPosition, p.position, { rate: rate() });
        barStarted = true;
      } else bar?.setTotal(p.headPosition);
      bar?.update(p.position, { rate: rate() });
      if (settings.progressLines) console.log(`progress ${p.projection} ${p.position} ${p.headPosition}`);
    },
    done() {
      bar?.stop();
      const seconds = (Date.now() - started) / 1000;
      return { events, seconds, eventsPerSecond: Math.round(events / Math.max(0.001, seconds)) };
    },
  };
}

async function withRunner(events: EventStore, settings: CliSettings, batchSize: number, work: (runner: ProjectionRunner, store: Awaited<ReturnType<typeof openReadModelStore>>) => Promise<number>, pageSize?: number): Promise<number> {
  const store = await openCliReadModelStore(settings);
  try {
    return await work(new ProjectionRunner(events, store, ALL_PROJECTIONS, { batchSize, pageSize, log: (m) => console.error(m) }), store);
  } finally {
    await store.close();
  }
}

/** Position, code version and lag of every projection. */
export function projectionsStatus(events: EventStore, settings: CliSettings, options: { batchSize: number }): Promise<number> {
  return withRunner(events, settings, options.batchSize, async (runner) => {
    const rows = await runner.status();
    console.log(`${'projection'.padEnd(12)} ${'version'.padEnd(9)} ${'position'.padStart(10)} ${'head'.padStart(10)} ${'lag'.padStart(8)}  updated`);
    for (const r of rows) {
      const version = r.storedVersion === r.version ? String(r.version) : `${r.storedVersion ?? '-'}→${r.version}`;
      console.log(`${r.name.padEnd(12)} ${version.padEnd(9)} ${String(r.position).padStart(10)} ${String(r.headPosition).padStart(10)} ${String(r.lag).padStart(8)}  ${r.updatedAt ?? 'never'}`);
    }
    return 0;
  });
}

/** Rebuilds one projection, or all, from position zero, blue-green: the api keeps serving the old read models until the new ones are switched in. */
export function projectionsRebuild(events: EventStore, settings: CliSettings, name: string | undefined, options: { batchSize: number }): Promise<number> {
  return withRunner(
    events,
    settings,
    options.batchSize,
    async (runner, store) => {
      const names = name ? [runner.projection(name).name] : ALL_PROJECTIONS.map((p) => p.name);
      boundRebuildConnections(events, store);
      const heap = heapCeiling(REBUILD_HEAP_CEILING);
      const progress = progressReporter(name ?? 'all', settings);
      await runner.rebuildAll(names, (p) => {
        progress.update(p);
        heap.keepBelow();
      });
      console.log(JSON.stringify({ rebuilt: names, ...progress.done() }));
      return 0;
    },
    REBUILD_PAGE_SIZE,
  );
}

/**
 * Events a rebuild reads from the log at a time: a page is applied to every projection before the next is read, so
 * its events live long enough to be promoted to V8's old space; smaller pages leave less of them behind there.
 */
const REBUILD_PAGE_SIZE = 1000;

/**
 * A rebuild reads the whole log once and writes every read model once: embedded stores read the log through a
 * bounded page cache instead of a memory map (whose pages would stay resident as the log is read) and keep a
 * smaller page cache for the read models, so the process's memory does not grow with the log.
 */
function boundRebuildConnections(events: EventStore, store: ReadModelStore): void {
  if (events instanceof SqliteEventStore) {
    events.db.pragma('mmap_size = 0');
    events.db.pragma('cache_size = -2048');
  }
  if (store instanceof SqliteReadModelStore) store.db.pragma('cache_size = -16384');
}

/**
 * Heap (MiB) past which a rebuild collects garbage itself after a commit. V8 lets its heap grow to several times the
 * live data before it collects (about 100 MiB live at 1M events, 400 MiB of heap); the rebuild's garbage is
 * short-lived (pages of events, serialised documents), so one full collection after a batch brings it back down.
 */
const REBUILD_HEAP_CEILING = 128;

function heapCeiling(mib: number): { keepBelow(): void } {
  // The collector is reachable from a fresh context once exposed; the flag is taken back at once.
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  // The next collection waits for 32 MiB of new garbage beyond what the last one left (or the ceiling): when the live
  // data itself outgrows the ceiling, the rebuild does not collect after every projection's commit.
  let threshold = mib * 1024 * 1024;
  return {
    keepBelow() {
      if (getHeapStatistics().used_heap_size <= threshold) return;
      collect();
      threshold = Math.max(mib * 1024 * 1024, getHeapStatistics().used_heap_size + 32 * 1024 * 1024);
    },
  };
}

/** Brings every projection to the head of the log; resumes where a crashed run stopped. */
export function projectionsCatchUp(events: EventStore, settings: CliSettings, options: { batchSize: number }): Promise<number> {
  return withRunner(events, settings, options.batchSize, async (runner) => {
    await runner.prepare();
    const progress = progressReporter('catch-up', settings);
    await runner.catchUp(undefined, (p) => progress.update(p));
    console.log(JSON.stringify({ caughtUp: ALL_PROJECTIONS.map((p) => p.name), ...progress.done() }));
    return 0;
  });
}
