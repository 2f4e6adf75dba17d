/**
 * The periods a measure is published for: calendar months, quarters and years. Fixed periods make all figures
 * of a measure one protected table (a year is the sum of its quarters, a quarter of its months); free date
 * ranges would let a reader subtract two overlapping ranges and recover a suppressed month.
 */
/** Years from 1900: before that the month arithmetic would leave four digits (year 0000 has no December before it). */
export const PERIOD_PATTERN = /^(19|[2-9]\d)\d{2}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;
export type PeriodKind = 'maand' | 'kwartaal' | 'jaar';

export function periodKind(period: string): PeriodKind {
  return period.length === 4 ? 'jaar' : period.includes('Q') ? 'kwartaal' : 'maand';
}

export const quarterOf = (month: string) => `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;

/** The calendar months a period spans, in order. */
export function monthsOf(period: string): string[] {
  const year = period.slice(0, 4);
  const kind = periodKind(period);
  if (kind === 'maand') return [period];
  const first = kind === 'jaar' ? 1 : (Number(period.slice(6)) - 1) * 3 + 1;
  const count = kind === 'jaar' ? 12 : 3;
  return Array.from({ length: count }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

/** The month, quarter and year a month belongs to. */
export const periodsContaining = (month: string) => [month, quarterOf(month), month.slice(0, 4)];

/** The last month of a period (a stock "at the end of" a period is its stock at the end of this month). */
export const lastMonthOf = (period: string) => monthsOf(period).at(-1)!;

/** Every month, quarter and year that overlaps [firstMonth, lastMonth], months first. */
export function periodsBetween(firstMonth: string, lastMonth: string): string[] {
  const months: string[] = [];
  for (let m = firstMonth; m <= lastMonth; m = nextMonth(m)) months.push(m);
  return [...months, ...new Set(months.map(quarterOf)), ...new Set(months.map((m) => m.slice(0, 4)))];
}

export function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * The months a chart of `period` shows: the months of a quarter or year, or for one month the twelve months
 * ending with it (a single point is no trend).
 */
export function seriesMonthsOf(period: string): string[] {
  if (periodKind(period) !== 'maand') return monthsOf(period);
  const months = [period];
  while (months.length < 12) {
    const first = months[0];
    const y = Number(first.slice(0, 4));
    const m = Number(first.slice(5, 7));
    months.unshift(m === 1 ? `${String(y - 1).padStart(4, '0')}-12` : `${first.slice(0, 4)}-${String(m - 1).padStart(2, '0')}`);
  }
  return months;
}
