import { WaitlistEntry, WAIT_KINDS, WAIT_STATUSES } from '@wijkzorg/read-models';
import { Relation, forGroup, protectCounts, sumRelation } from '../disclosure/disclosure';
import { hideBreakdownOfSmallGroup } from '../disclosure/readers';

const DAY = 86_400_000;

/** Nearest-rank percentile of an ascending list; null for an empty list. */
export function percentile(sortedAscending: number[], p: number): number | null {
  if (sortedAscending.length === 0) return null;
  return sortedAscending[Math.max(0, Math.ceil((p / 100) * sortedAscending.length) - 1)];
}

/** Last millisecond of a month (setUTCFullYear, because Date.UTC reads years 0–99 as 1900–1999). */
function endOfMonth(month: string): number {
  const next = new Date(0);
  next.setUTCFullYear(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1);
  return next.getTime() - 1;
}

function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let y = Number(first.slice(0, 4)), m = Number(first.slice(5, 7)); `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}` <= last; m === 12 ? ((m = 1), y++) : m++) {
    months.push(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`);
  }
  return months;
}

/**
 * Waitlist figures as of a moment: who waits now, how long (median, p90), and counts per month.
 * The month series starts no earlier than `firstMonth` (the log's first month): earlier joins and leaves
 * count in that month, so a year-0000 date cannot make the series explode.
 */
export function waitlistStatistics(entries: WaitlistEntry[], asOf: string, firstMonth = asOf.slice(0, 7)) {
  const asOfMs = Date.parse(asOf);
  const openNow = entries.filter((e) => Date.parse(e.since) <= asOfMs && (e.closedAt === null || Date.parse(e.closedAt) > asOfMs));
  const waitingDays = openNow.map((e) => Math.floor((asOfMs - Date.parse(e.since)) / DAY)).sort((a, b) => a - b);
  const completed = entries.filter((e) => e.closedAt !== null && Date.parse(e.closedAt) <= asOfMs).map((e) => e.waitedDays ?? 0).sort((a, b) => a - b);
  const count = <K extends string>(keys: readonly K[], of: (e: WaitlistEntry) => string) => Object.fromEntries(keys.map((k) => [k, openNow.filter((e) => of(e) === k).length])) as Record<K, number>;
  // Counts over time in one pass: joins and leaves per month, then running totals.
  const joined = new Map<string, number>();
  const left = new Map<string, number>();
  const bound = firstMonth < asOf.slice(0, 7) ? firstMonth : asOf.slice(0, 7);
  const inSeries = (iso: string) => (iso.slice(0, 7) < bound ? bound : iso.slice(0, 7));
  let first = asOf.slice(0, 7);
  for (const e of entries) {
    if (Date.parse(e.since) > asOfMs) continue;
    const month = inSeries(e.since);
    if (month < first) first = month;
    joined.set(month, (joined.get(month) ?? 0) + 1);
    if (e.closedAt !== null && Date.parse(e.closedAt) <= asOfMs) left.set(inSeries(e.closedAt), (left.get(inSeries(e.closedAt)) ?? 0) + 1);
  }
  let waitingAtMonthEnd = 0;
  const overTime = monthsBetween(first, asOf.slice(0, 7)).map((month) => {
    waitingAtMonthEnd += (joined.get(month) ?? 0) - (left.get(month) ?? 0);
    const end = Math.min(endOfMonth(month), asOfMs);
    const days = entries
      .filter((e) => Date.parse(e.since) <= end && (e.closedAt === null || Date.parse(e.closedAt) > end))
      .map((e) => Math.floor((end - Date.parse(e.since)) / DAY))
      .sort((a, b) => a - b);
    return { month, waiting: waitingAtMonthEnd, joined: joined.get(month) ?? 0, left: left.get(month) ?? 0, medianWaitingDays: percentile(days, 50) };
  });
  return {
    asOf,
    waiting: openNow.length,
    byStatus: count(WAIT_STATUSES, (e) => e.status),
    byKind: count(WAIT_KINDS, (e) => e.kind),
    waitingDays: { median: percentile(waitingDays, 50), p90: percentile(waitingDays, 90) },
    completedWaits: { count: completed.length, medianDays: percentile(completed, 50), p90Days: percentile(completed, 90) },
    overTime,
  };
}

export type WaitlistStatistics = ReturnType<typeof waitlistStatistics>;

/**
 * The same figures through disclosure control: counts rounded to 5 with "<5", complementary suppression along
 * waiting = Σ status = Σ kind, completed = Σ left and stock(m) = stock(m−1) + joined − left; medians only for
 * groups of five. A filter that narrows the group below five gets "<5" and a hidden breakdown, never exact figures.
 */
export function protectedWaitlistStatistics(stats: WaitlistStatistics) {
  const last = stats.overTime[stats.overTime.length - 1]?.month;
  const stockOf = (month: string) => (month === last ? 'waiting' : `${month}|waiting`);
  const truth = new Map<string, number>([['waiting', stats.waiting], ['completed', stats.completedWaits.count]]);
  for (const s of WAIT_STATUSES) truth.set(`status:${s}`, stats.byStatus[s]);
  for (const k of WAIT_KINDS) truth.set(`kind:${k}`, stats.byKind[k]);
  const relations: Relation[] = [sumRelation('waiting', WAIT_STATUSES.map((s) => `status:${s}`)), sumRelation('waiting', WAIT_KINDS.map((k) => `kind:${k}`))];
  stats.overTime.forEach((row, i) => {
    truth.set(stockOf(row.month), row.waiting);
    truth.set(`${row.month}|joined`, row.joined);
    truth.set(`${row.month}|left`, row.left);
    const previous = i > 0 ? [{ cell: stockOf(stats.overTime[i - 1].month), sign: -1 as const }] : [];
    relations.push({ terms: [{ cell: stockOf(row.month), sign: 1 }, ...previous, { cell: `${row.month}|joined`, sign: -1 }, { cell: `${row.month}|left`, sign: 1 }] });
  });
  if (stats.overTime.length > 0) relations.push(sumRelation('completed', stats.overTime.map((row) => `${row.month}|left`)));
  const published = protectCounts(truth, relations);
  const count = (key: string) => published.get(key)!;
  return {
    asOf: stats.asOf,
    waiting: count('waiting'),
    byStatus: hideBreakdownOfSmallGroup(count('waiting'), Object.fromEntries(WAIT_STATUSES.map((s) => [s, count(`status:${s}`)]))),
    byKind: hideBreakdownOfSmallGroup(count('waiting'), Object.fromEntries(WAIT_KINDS.map((k) => [k, count(`kind:${k}`)]))),
    waitingDays: { median: forGroup(stats.waiting, stats.waitingDays.median), p90: forGroup(stats.waiting, stats.waitingDays.p90) },
    completedWaits: { count: count('completed'), medianDays: forGroup(stats.completedWaits.count, stats.completedWaits.medianDays), p90Days: forGroup(stats.completedWaits.count, stats.completedWaits.p90Days) },
    overTime: stats.overTime.map((row) => ({ month: row.month, waiting: count(stockOf(row.month)), joined: count(`${row.month}|joined`), left: count(`${row.month}|left`), medianWaitingDays: forGroup(row.waiting, row.medianWaitingDays) })),
  };
}
