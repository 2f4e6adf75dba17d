import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SingleBar, Presets } from 'cli-progress';
import { EventStore } from '@wijkzorg/event-store';
import { ALL_PROJECTIONS, CatchUpProgress, ProjectionRunner, openReadModelStore } from '@wijkzorg/read-models';
import { CliSettings, openCliReadModelStore } from '../settings';
import { oneLineMessage } from '../usage-error';
import { rebuildGroups } from './rebuild-groups';
import { REBUILD_PAGE_SIZE, RebuildJob, RebuildMessage, exposeCollector, rebuildGroup } from './rebuild-thread';

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
  // Threads of a rebuild report their own projections: the bar shows the one furthest behind.
  const positions = new Map<string, number>();
  return {
    update(p: CatchUpProgress) {
      // Events of the log processed (each is applied to every selected projection).
      firstPosition ??= p.position - p.events;
      events = Math.max(events, p.position - firstPosition);
      positions.set(p.projection, p.position);
      const behind = Math.min(...positions.values());
      if (bar && !barStarted) {
        bar.start(p.headPosition, behind, { rate: rate() });
        barStarted = true;
      } else bar?.setTotal(p.headPosition);
      bar?.update(behind, { rate: rate() });
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

/**
 * Rebuilds one projection, or all, from position zero, blue-green: the api keeps serving the old read models until
 * the new ones are switched in. With `threads` above 1 the projections are split into groups of about equal work,
 * each rebuilt by a thread of its own (this one and worker threads) in its own pass over the log.
 */
export function projectionsRebuild(events: EventStore, settings: CliSettings, name: string | undefined, options: { batchSize: number; threads?: number }): Promise<number> {
  return withRunner(
    events,
    settings,
    options.batchSize,
    async (runner, store) => {
      const names = name ? [runner.projection(name).name] : ALL_PROJECTIONS.map((p) => p.name);
      const groups = rebuildGroups(names, options.threads ?? 1);
      const progress = progressReporter(name ?? 'all', settings);
      const collector = exposeCollector();
      const own = rebuildGroup(runner, events, store, groups[0], groups.length, (p) => progress.update(p));
      const others = groups.slice(1).map((group) => rebuildInWorker(settings, group, options.batchSize, groups.length, (p) => progress.update(p)));
      // Every group runs to its end before a failure is reported: a group still running would otherwise be cut off mid-batch.
      const outcomes = await Promise.allSettled([own, ...others]);
      collector.withdraw();
      const failed = outcomes.flatMap((outcome, i) => (outcome.status === 'rejected' ? [{ group: groups[i], reason: outcome.reason as unknown }] : []));
      if (failed.length && groups.length === 1) throw failed[0].reason;
      // A failed group's live read models stay as they were; the other groups' are switched in.
      if (failed.length) throw new Error(`${failed.map((f) => `the rebuild of ${f.group.join(', ')} failed: ${oneLineMessage(f.reason)}`).join('; ')}; the other projections were switched in`);
      console.log(JSON.stringify({ rebuilt: names, ...progress.done(), ...(groups.length > 1 ? { threads: groups } : {}) }));
      return 0;
    },
    REBUILD_PAGE_SIZE,
  );
}

/** V8's young generation of a rebuild's worker thread: two semi-spaces and as much again for large new objects. */
const WORKER_YOUNG_GENERATION_MIB = 24;

/** Runs a group in a worker thread with its own connections to the stores; resolves when it has switched its projections in. */
function rebuildInWorker(settings: CliSettings, names: string[], batchSize: number, threads: number, onProgress: (p: CatchUpProgress) => void): Promise<void> {
  const job: RebuildJob = { eventStore: settings.eventStore, readModels: settings.env, names, batchSize, threads };
  return new Promise((resolve, reject) => {
    // Compiled code only: from TypeScript sources (tests in-process) there is no rebuild-worker.js to start.
    // Semi-spaces of 8 MiB instead of 16: at 1M events 7–15 MiB less at the peak, for no more CPU (docs/performance.md).
    const worker = new Worker(join(__dirname, 'rebuild-worker.js'), { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MIB } });
    let failure: string | undefined;
    worker.on('message', (message: RebuildMessage) => {
      if (message.kind === 'progress') onProgress(message.progress);
      else failure = message.error;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 && !failure ? resolve() : reject(new Error(failure ?? `its thread exited with ${code}`))));
  });
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
