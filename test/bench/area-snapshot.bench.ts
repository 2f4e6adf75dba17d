import { rmSync } from 'node:fs';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { ALL_PROJECTIONS, ProjectionRunner, SqliteReadModelStore, wachtlijstQueries } from '@wijkzorg/read-models';
import { AreaFigures } from '../../apps/api/src/disclosure/area-figures';
import { benchStore } from './bench-data';
import { report, reportGrowth, section } from './report';

/** Log sizes of the growth line (WIJKZORG_BENCH_SNAPSHOT_SIZES=10000,100000 picks others). */
const SIZES = (process.env.WIJKZORG_BENCH_SNAPSHOT_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const RUNS = 5;
/** Independent of the log's length: the largest log's compute may take at most this many times the smallest's. */
const MAX_GROWTH = 2;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The protected area snapshot's computation alone (AreaFigures.compute: reads, waitlist statistics, table, both
 * solvers), in this process on caught-up read models, at 10k, 100k and 1M events; beside it the same computation
 * reading every wait entry as it did before the wachtlijst projection kept its sums (same table, same figures).
 */
export async function benchAreaSnapshot(): Promise<void> {
  section('area snapshot: AreaFigures.compute alone, from the wait sums and (before) from every wait entry');
  const fromSums: { events: number; value: number }[] = [];
  const fromEntries: { events: number; value: number }[] = [];
  const withMoneyKept: { events: number; value: number }[] = [];
  for (const target of SIZES) {
    const { dir, path, events } = await benchStore(target, (m) => console.log(`  ${m}`));
    const eventStore = new SqliteEventStore(path, { synchronous: 'NORMAL' });
    const store = new SqliteReadModelStore(path);
    try {
      const runner = new ProjectionRunner(eventStore, store, ALL_PROJECTIONS, { batchSize: 50_000 });
      await runner.prepare();
      await runner.catchUp();
      // A fresh AreaFigures computes everything; the one kept computes again after a write that changed no budget document (an intake, a wait).
      const fresh = () => new AreaFigures(store, runner);
      const kept = fresh();
      const everyEntry = () => {
        const figures = fresh();
        Object.defineProperty(figures, 'waits', { value: async () => ({ entries: (await wachtlijstQueries.entries.find(store)).items }) });
        return figures;
      };
      const asOf = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 59_999).toISOString();
      const timed = async (of: AreaFigures) => {
        const started = performance.now();
        await of['compute'](asOf);
        return performance.now() - started;
      };
      await timed(kept); // warm-up
      await timed(everyEntry());
      const sums: number[] = [];
      const moneyKept: number[] = [];
      const entries: number[] = [];
      // Alternated, so all see the same load of the shared machine.
      for (let i = 0; i < RUNS; i++) {
        sums.push(await timed(fresh()));
        moneyKept.push(await timed(kept));
        entries.push(await timed(everyEntry()));
      }
      fromSums.push({ events, value: median(sums) });
      withMoneyKept.push({ events, value: median(moneyKept) });
      fromEntries.push({ events, value: median(entries) });
      const size = `${events.toLocaleString('en-US')} events`;
      report({ name: `area snapshot compute from the sums (${size})`, value: median(sums), unit: 'ms' });
      report({ name: `  the same, money table kept (no budget document changed)`, value: median(moneyKept), unit: 'ms' });
      report({ name: `  the same from every wait entry (before)`, value: median(entries), unit: 'ms' });
    } finally {
      await store.close();
      await eventStore.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  reportGrowth('area snapshot compute from the sums', 'ms', fromSums);
  reportGrowth('area snapshot compute from the sums, money table kept', 'ms', withMoneyKept);
  reportGrowth('area snapshot compute from every wait entry (before)', 'ms', fromEntries);
  if (fromSums.length > 1)
    for (const [label, points] of [
      ['area snapshot compute', fromSums],
      ['area snapshot compute, money kept', withMoneyKept],
    ] as const) {
      const [smallest, largest] = [points[0], points[points.length - 1]];
      report({ name: `${label}, ${largest.events.toLocaleString('en-US')} ÷ ${smallest.events.toLocaleString('en-US')} events`, value: largest.value / smallest.value, unit: '×', atMost: MAX_GROWTH });
    }
}
