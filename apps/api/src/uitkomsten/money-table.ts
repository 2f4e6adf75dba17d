import { ALL_AREAS } from '../disclosure/area-codes';
import { MoneyCell, Protected, protectMoneyYielding } from '../disclosure/disclosure';
import { eventLoopSlices } from '../shared/event-loop-slices';
import { monthsOf, periodKind, periodsBetween, quarterOf } from './periods';

/** An amount of one money measure in one wijk and calendar month, and whose money it was (pseudonymous ids). */
export interface WijkMoney {
  wijkCode: string;
  month: string;
  measure: string;
  cents: number;
  people: Iterable<string>;
}

export interface MoneyShape {
  /** wijkCode → gemeenteCode of every wijk (money of a wijk of no gemeente here is left out). */
  gemeenteOf: ReadonlyMap<string, string>;
  measures: readonly string[];
  /** Measures that split a total in every area and period, e.g. released = Σ released per funder. */
  sums?: readonly { total: string; parts: string[] }[];
  firstMonth: string;
  lastMonth: string;
}

/**
 * Money of wijken by month, carried up to gemeenten, the region, quarters and years, and published as ONE table
 * through protectMoney in one call with every sum relation (areas, periods, breakdowns): an amount is shown only for
 * five or more people, rounded to €100, and no subtraction across areas, periods or breakdowns recovers an amount
 * about fewer than five. Flows only: money adds up over months.
 */
export class MoneyTable {
  private constructor(
    private readonly truth: Map<string, MoneyCell>,
    private readonly published: Map<string, Protected> | null,
  ) {}

  static async build(items: Iterable<WijkMoney>, shape: MoneyShape, exact: boolean): Promise<MoneyTable> {
    const wijken = [...shape.gemeenteOf.keys()].sort();
    const gemeenten = [...new Set(shape.gemeenteOf.values())].sort();
    const areas = [ALL_AREAS, ...gemeenten, ...wijken];
    const periods = periodsBetween(shape.firstMonth, shape.lastMonth);
    const months = periods.filter((p) => periodKind(p) === 'maand');
    const quarters = periods.filter((p) => periodKind(p) === 'kwartaal');
    const years = periods.filter((p) => periodKind(p) === 'jaar');
    const measures = new Set(shape.measures);
    const truth = new Map<string, { cents: number; people: Set<string> }>();
    const cellOf = (k: string) => truth.get(k) ?? truth.set(k, { cents: 0, people: new Set() }).get(k)!;
    const used = new Set<string>();
    // Built in slices: each amount's people are added to nine cells, for every amount of the region.
    const pause = eventLoopSlices();
    let added = 0;
    for (const item of items) {
      if ((++added & 255) === 0) await pause();
      const gemeente = shape.gemeenteOf.get(item.wijkCode);
      if (!gemeente || !measures.has(item.measure) || item.month < shape.firstMonth || item.month > shape.lastMonth) continue;
      used.add(item.measure);
      for (const area of [item.wijkCode, gemeente, ALL_AREAS])
        for (const period of [item.month, quarterOf(item.month), item.month.slice(0, 4)]) {
          const cell = cellOf(key(item.measure, area, period));
          cell.cents += item.cents;
          for (const p of item.people) cell.people.add(p);
        }
    }
    // A measure with no money anywhere is 0 everywhere: it takes no part in the table (nothing to recover from a known 0).
    const live = [...measures].filter((m) => used.has(m));
    for (const m of live) for (const area of areas) for (const period of periods) cellOf(key(m, area, period));
    if (exact) return new MoneyTable(truth, null);
    const sums: { total: string; parts: string[] }[] = [];
    for (const m of live)
      for (const area of areas) {
        await pause();
        for (const q of quarters)
          sums.push({
            total: key(m, area, q),
            parts: monthsOf(q)
              .filter((mo) => months.includes(mo))
              .map((mo) => key(m, area, mo)),
          });
        for (const y of years)
          sums.push({
            total: key(m, area, y),
            parts: quarters.filter((q) => q.startsWith(y)).map((q) => key(m, area, q)),
          });
      }
    for (const m of live)
      for (const period of periods) {
        await pause();
        sums.push({ total: key(m, ALL_AREAS, period), parts: gemeenten.map((g) => key(m, g, period)) });
        for (const g of gemeenten)
          sums.push({
            total: key(m, g, period),
            parts: wijken.filter((w) => shape.gemeenteOf.get(w) === g).map((w) => key(m, w, period)),
          });
      }
    for (const { total, parts } of shape.sums ?? []) {
      const liveParts = parts.filter((p) => used.has(p));
      if (!used.has(total)) continue;
      for (const area of areas)
        for (const period of periods)
          sums.push({
            total: key(total, area, period),
            parts: liveParts.map((p) => key(p, area, period)),
          });
    }
    return new MoneyTable(truth, await protectMoneyYielding(truth, sums));
  }

  /** The published amount (exact for exact readers); 0 for money nobody moved. */
  value(measure: string, area: string, period: string): Protected {
    const cell = key(measure, area, period);
    if (!this.truth.has(cell)) return 0;
    return this.published ? this.published.get(cell)! : this.truth.get(cell)!.cents;
  }

  /** The people a cell is about (for a figure derived inside the server, never published). */
  peopleOf(measure: string, area: string, period: string): number {
    return this.truth.get(key(measure, area, period))?.people.size ?? 0;
  }
}

const key = (measure: string, area: string, period: string) => `${measure}|${area}|${period}`;
