import { WijkCount } from '../period-cube';

/** A change of a stock in one wijk in one month (e.g. +1 client with support, −3 weekly hours). */
export interface WijkChange {
  wijkCode: string;
  month: string;
  change: number;
}

/**
 * The stock of each wijk at the end of each of `months` (ascending): the sum of all its changes up to and
 * including that month, also those before the first month (a stock carries its history into the table).
 */
export function stocksAtMonthEnd(metric: string, changes: Iterable<WijkChange>, months: readonly string[]): WijkCount[] {
  const byWijk = new Map<string, WijkChange[]>();
  for (const c of changes) byWijk.set(c.wijkCode, [...(byWijk.get(c.wijkCode) ?? []), c]);
  const counts: WijkCount[] = [];
  for (const [wijkCode, list] of byWijk) {
    const sorted = [...list].sort((a, b) => a.month.localeCompare(b.month));
    let stock = 0;
    let next = 0;
    for (const month of months) {
      while (next < sorted.length && sorted[next].month <= month) stock += sorted[next++].change;
      if (stock !== 0) counts.push({ wijkCode, month, metric, count: stock });
    }
  }
  return counts;
}

/** The median of some numbers (the mean of the middle two for an even count); null for none. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
