import { ALL_AREAS } from '../disclosure/area-codes';
import { CountSolverMemo, Protected, Relation, protectCountsRemembered, protectCountsYielding, sumRelation } from '../disclosure/disclosure';
import { eventLoopSlices } from '../shared/event-loop-slices';
import { lastMonthOf, monthsOf, periodKind, periodsBetween, quarterOf } from './periods';

/** A count of one metric in one wijk: a flow in a month (adds up over months) or a stock at the end of a month. */
export interface WijkCount {
  wijkCode: string;
  month: string;
  metric: string;
  count: number;
}

export interface CubeShape {
  /** wijkCode → gemeenteCode of every wijk (a wijk of no gemeente here is left out). */
  gemeenteOf: ReadonlyMap<string, string>;
  /** Metrics that add up over time: a quarter is the sum of its months, a year of its quarters. */
  flows: readonly string[];
  /** Metrics counted at the end of a month: a period's stock is the stock at the end of its last month. */
  stocks: readonly string[];
  /** Parts that add up to a total in every area and period, e.g. waiting = waiting:care + waiting:housing + … */
  sums?: readonly { total: string; parts: string[] }[];
  /** The months the table spans (inclusive): every month, quarter and year overlapping them is a period. */
  firstMonth: string;
  lastMonth: string;
}

/**
 * Counts of wijken by month, carried up to gemeenten and the region and to quarters and years, and published as
 * ONE table: every cell of every area and period is protected together (docs/disclosure-control.md), so no
 * combination of answers — another period, another level, another breakdown — pins a suppressed count.
 */
export class PeriodCube {
  private constructor(
    private readonly truth: Map<string, number>,
    private readonly published: ReadonlyMap<string, Protected> | null,
    private readonly shape: CubeShape,
  ) {}

  /** `memo`: the earlier builds of a table built again and again (each minute, after writes), see PeriodCubeMemo. */
  static async build(counts: Iterable<WijkCount>, shape: CubeShape, exact: boolean, memo?: PeriodCubeMemo): Promise<PeriodCube> {
    if (!memo) return PeriodCube.compute(counts, shape, exact);
    const all = [...counts]; // an iterator (a Map's values) can be walked once only
    const inputs = { counts: all.map((c) => `${c.wijkCode}|${c.month}|${c.metric}|${c.count}`), shape: JSON.stringify({ ...shape, gemeenteOf: [...shape.gemeenteOf] }) };
    const last = memo.last.get(exact);
    // A new object all the same: callers keep things per answer by the cube's identity (rowsOnce), and the areas' names
    // they build rows with are not in its shape.
    if (last && last.shape === inputs.shape && last.counts.length === inputs.counts.length && last.counts.every((c, i) => c === inputs.counts[i])) return last.cube.sameFiguresFor(shape);
    const cube = await PeriodCube.compute(all, shape, exact, memo.solver);
    memo.last.set(exact, { ...inputs, cube });
    return cube;
  }

  private static async compute(counts: Iterable<WijkCount>, shape: CubeShape, exact: boolean, solver?: CountSolverMemo): Promise<PeriodCube> {
    // A region's cube is tens of thousands of cells: built in slices, so no request waits behind the whole of it.
    const pause = eventLoopSlices();
    const metrics = [...shape.flows, ...shape.stocks];
    const wijken = [...shape.gemeenteOf.keys()].sort();
    const gemeenten = [...new Set(shape.gemeenteOf.values())].sort();
    const periods = periodsBetween(shape.firstMonth, shape.lastMonth);
    const months = periods.filter((p) => periodKind(p) === 'maand');
    const areas = [ALL_AREAS, ...gemeenten, ...wijken];
    const truth = new Map<string, number>();
    for (const metric of metrics) {
      for (const area of areas) for (const month of months) truth.set(key(metric, area, month), 0);
      await pause();
    }
    const isFlow = new Set(shape.flows);
    let counted = 0;
    for (const c of counts) {
      if ((++counted & 1023) === 0) await pause();
      const gemeente = shape.gemeenteOf.get(c.wijkCode);
      if (!gemeente || c.month < shape.firstMonth || c.month > shape.lastMonth || !truth.has(key(c.metric, ALL_AREAS, c.month))) continue;
      for (const area of [c.wijkCode, gemeente, ALL_AREAS]) truth.set(key(c.metric, area, c.month), truth.get(key(c.metric, area, c.month))! + c.count);
    }
    const quarters = [...new Set(months.map(quarterOf))];
    const years = [...new Set(months.map((m) => m.slice(0, 4)))];
    const relations: Relation[] = [];
    const addUp = (total: string, parts: string[]) => {
      truth.set(total, sum(parts.map((p) => truth.get(p)!)));
      relations.push(sumRelation(total, parts));
    };
    // Only flows add up over time; a stock's quarter and year are the cell of its last month (see value()).
    for (const metric of shape.flows)
      for (const area of areas) {
        await pause();
        for (const quarter of quarters)
          addUp(
            key(metric, area, quarter),
            monthsOf(quarter)
              .filter((m) => m >= shape.firstMonth && m <= shape.lastMonth)
              .map((m) => key(metric, area, m)),
          );
        for (const year of years)
          addUp(
            key(metric, area, year),
            quarters.filter((q) => q.startsWith(year)).map((q) => key(metric, area, q)),
          );
      }
    for (const metric of metrics)
      for (const period of periods.filter((p) => isFlow.has(metric) || periodKind(p) === 'maand')) {
        await pause();
        relations.push(
          sumRelation(
            key(metric, ALL_AREAS, period),
            gemeenten.map((g) => key(metric, g, period)),
          ),
        );
        for (const g of gemeenten)
          relations.push(
            sumRelation(
              key(metric, g, period),
              wijken.filter((w) => shape.gemeenteOf.get(w) === g).map((w) => key(metric, w, period)),
            ),
          );
      }
    for (const { total, parts } of shape.sums ?? [])
      for (const area of areas) {
        await pause();
        for (const period of periods.filter((p) => isFlow.has(total) || periodKind(p) === 'maand'))
          relations.push(
            sumRelation(
              key(total, area, period),
              parts.map((p) => key(p, area, period)),
            ),
          );
      }
    const protectedCells = exact ? null : await (solver ? protectCountsRemembered(truth, relations, solver) : protectCountsYielding(truth, relations));
    return new PeriodCube(truth, protectedCells, shape);
  }

  /** This cube's figures in a new object, for a build with the same counts and shape. */
  private sameFiguresFor(shape: CubeShape): PeriodCube {
    return new PeriodCube(this.truth, this.published, shape);
  }

  /** Whether the table speaks about this period at all (it lies within the months of the log). */
  covers(period: string): boolean {
    return monthsOf(period).some((m) => m >= this.shape.firstMonth && m <= this.shape.lastMonth);
  }

  /** The published value (or the exact count for exact readers); 0 outside the table's span. */
  value(metric: string, area: string, period: string): Protected {
    const cell = this.shape.stocks.includes(metric) && periodKind(period) !== 'maand' ? key(metric, area, clampMonth(lastMonthOf(period), this.shape.lastMonth)) : key(metric, area, period);
    if (!this.truth.has(cell)) return 0;
    return this.published ? this.published.get(cell)! : this.truth.get(cell)!;
  }
}

/**
 * The last build of a table that is built again and again (each minute for "now", after writes): given the same counts
 * in the same order and the same shape it has the same figures (a build is a function of exactly these), so it is not
 * built again; else the count solver reuses what it can of its last solve (CountSolverMemo). One memo per table, i.e. per group.
 */
export class PeriodCubeMemo {
  readonly solver = new CountSolverMemo();
  /** Per exact (auditors) or protected build: the counts as `wijk|month|metric|count`, the shape as JSON, the cube. */
  readonly last = new Map<boolean, { counts: string[]; shape: string; cube: PeriodCube }>();
}

const key = (metric: string, area: string, period: string) => `${metric}|${area}|${period}`;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const clampMonth = (month: string, last: string) => (month > last ? last : month);

/**
 * A share in percent (one decimal) from two published counts: only where both are published numbers and the
 * denominator is not 0, so it tells nothing the counts do not; otherwise the count's suppression mark or null.
 */
export function shareOf(numerator: Protected, denominator: Protected): Protected | null {
  if (typeof denominator !== 'number') return denominator;
  if (typeof numerator !== 'number') return numerator;
  if (denominator === 0) return null;
  return Math.round((Math.min(numerator, denominator) / denominator) * 1000) / 10;
}
