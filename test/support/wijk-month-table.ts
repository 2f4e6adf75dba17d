import { RecordedEvent } from '@wijkzorg/event-store';

/**
 * Exact figures per wijk and calendar month, carried up to gemeenten and the region and to quarters and years
 * by the definitions in docs/uitkomsten/ — written for the tests apart from the api's PeriodCube, so the two can
 * disagree. Flows add up over the months of a period; a stock of a period is its value at the end of the
 * period's last month (the current month for a period still running).
 */
export class WijkMonthTable {
  private readonly cells = new Map<string, number>();
  private readonly lists = new Map<string, number[]>();

  constructor(
    /** wijkCode → gemeenteCode, from WijkRegistered. */
    readonly gemeenteOf: ReadonlyMap<string, string>,
    readonly firstMonth: string,
    readonly lastMonth: string,
    private readonly stocks: ReadonlySet<string>,
  ) {}

  /** The wijken of the region as registered, and the gemeente of each. */
  static wijkenOf(events: RecordedEvent[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const e of events) if (e.type === 'WijkRegistered') out.set((e.data as { wijkCode: string }).wijkCode, (e.data as { gemeenteCode: string }).gemeenteCode);
    return out;
  }

  /** Every month of the table, in order. */
  months(): string[] {
    const out: string[] = [];
    for (let m = this.firstMonth; m <= this.lastMonth; m = addMonth(m)) out.push(m);
    return out;
  }

  add(metric: string, wijkCode: string, month: string, n = 1): void {
    if (month < this.firstMonth || month > this.lastMonth) return;
    const key = `${metric}|${wijkCode}|${month}`;
    this.cells.set(key, (this.cells.get(key) ?? 0) + n);
  }

  /** A number of a group (e.g. days to resolution of one report) for medians. */
  push(list: string, wijkCode: string, month: string, value: number): void {
    if (month < this.firstMonth || month > this.lastMonth) return;
    const key = `${list}|${wijkCode}|${month}`;
    this.lists.set(key, [...(this.lists.get(key) ?? []), value]);
  }

  wijkenIn(area: string): string[] {
    return [...this.gemeenteOf].filter(([w, g]) => area === 'all' || area === w || area === g).map(([w]) => w);
  }

  /** The exact figure of a metric for an area ('all', a gemeente or a wijk) and a period (month, quarter, year). */
  value(metric: string, area: string, period: string): number {
    const months = monthsIn(period).filter((m) => m >= this.firstMonth && m <= this.lastMonth);
    if (this.stocks.has(metric)) {
      // A month outside the table has no stock; a quarter or year still running has the stock of its last month so far.
      const last = period.length === 7 && !period.includes('Q') ? period : monthsIn(period).at(-1)! > this.lastMonth ? this.lastMonth : monthsIn(period).at(-1)!;
      if (last > this.lastMonth) return 0;
      if (last < this.firstMonth) return 0;
      return this.wijkenIn(area).reduce((sum, w) => sum + (this.cells.get(`${metric}|${w}|${last}`) ?? 0), 0);
    }
    let sum = 0;
    for (const w of this.wijkenIn(area)) for (const m of months) sum += this.cells.get(`${metric}|${w}|${m}`) ?? 0;
    return sum;
  }

  /** All numbers of a list for an area and a period. */
  list(list: string, area: string, period: string): number[] {
    const months = monthsIn(period);
    return this.wijkenIn(area).flatMap((w) => months.flatMap((m) => this.lists.get(`${list}|${w}|${m}`) ?? []));
  }
}

export function addMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The calendar months of `2025`, `2025-Q3` or `2025-07`. */
export function monthsIn(period: string): string[] {
  const year = period.slice(0, 4);
  if (period.length === 4) return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  if (period.includes('Q')) {
    const first = (Number(period.slice(6)) - 1) * 3 + 1;
    return [0, 1, 2].map((i) => `${year}-${String(first + i).padStart(2, '0')}`);
  }
  return [period];
}

/** Percent with one decimal; undefined (null) for a share of nothing. */
export const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const monthOfIso = (iso: string) => iso.slice(0, 7);
