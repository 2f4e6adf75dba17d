import { EventStore } from '@wijkzorg/event-store';
import { ALL_PROJECTIONS, CatchUpProgress, ProjectionRunner, openReadModelStore } from '@wijkzorg/read-models';
import { ParsedArgs, UsageError, intOption } from '../args';

/** A one-line progress bar on stderr: bar, percentage, events done, events per second. */
function progressBar(label: string) {
  const started = Date.now();
  let firstPosition: number | undefined;
  let events = 0;
  return {
    update(p: CatchUpProgress) {
      // Events of the log processed (each is applied to every selected projection).
      firstPosition ??= p.position - p.events;
      events = Math.max(events, p.position - firstPosition);
      const fraction = p.headPosition > 0 ? Math.min(1, p.position / p.headPosition) : 1;
      const width = 30;
      const filled = Math.round(fraction * width);
      const rate = events / Math.max(0.001, (Date.now() - started) / 1000);
      process.stderr.write(`\r${label.padEnd(11)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}%  position ${p.position.toLocaleString('en-US')}/${p.headPosition.toLocaleString('en-US')}  ${Math.round(rate).toLocaleString('en-US')} events/s`);
      // A line per batch on stdout lets scripts (and tests) follow progress.
      if (process.env.WIJKZORG_PROGRESS_LINES) console.log(`progress ${p.projection} ${p.position} ${p.headPosition}`);
    },
    done() {
      const seconds = (Date.now() - started) / 1000;
      process.stderr.write('\n');
      return { events, seconds, eventsPerSecond: Math.round(events / Math.max(0.001, seconds)) };
    },
  };
}

export async function projectionsCommand(events: EventStore, words: string[], options: ParsedArgs['options']): Promise<number> {
  const [action, name] = words;
  const store = await openReadModelStore();
  const runner = new ProjectionRunner(events, store, ALL_PROJECTIONS, { batchSize: intOption(options, 'batch-size', action === 'status' ? 2000 : 50_000), log: (m) => console.error(m) });
  try {
    switch (action) {
      case 'status': {
        const rows = await runner.status();
        console.log(`${'projection'.padEnd(12)} ${'version'.padEnd(9)} ${'position'.padStart(10)} ${'head'.padStart(10)} ${'lag'.padStart(8)}  updated`);
        for (const r of rows) {
          const version = r.storedVersion === r.version ? String(r.version) : `${r.storedVersion ?? '-'}→${r.version}`;
          console.log(`${r.name.padEnd(12)} ${version.padEnd(9)} ${String(r.position).padStart(10)} ${String(r.headPosition).padStart(10)} ${String(r.lag).padStart(8)}  ${r.updatedAt ?? 'never'}`);
        }
        return 0;
      }
      case 'rebuild': {
        const names = name ? [runner.projection(name).name] : ALL_PROJECTIONS.map((p) => p.name);
        const bar = progressBar(name ?? 'all');
        if (name) await runner.rebuild(name, (p) => bar.update(p));
        else {
          for (const n of names) await store.reset(n, runner.projection(n).version);
          await runner.catchUp(names, (p) => bar.update(p));
        }
        console.log(JSON.stringify({ rebuilt: names, ...bar.done() }));
        return 0;
      }
      case 'catch-up': {
        await runner.prepare();
        const bar = progressBar('catch-up');
        await runner.catchUp(undefined, (p) => bar.update(p));
        console.log(JSON.stringify({ caughtUp: ALL_PROJECTIONS.map((p) => p.name), ...bar.done() }));
        return 0;
      }
      default:
        throw new UsageError('projections status | projections rebuild [name] | projections catch-up');
    }
  } finally {
    await store.close();
  }
}
