import { WaitlistEntry, WAIT_KINDS, WAIT_STATUSES } from '@wijkzorg/read-models';

const DAY = 86_400_000;

/** Nearest-rank percentile of an ascending list; null for an empty list. */
export function percentile(sortedAscending: number[], p: number): number | null {
  if (sortedAscending.length === 0) return null;
  return sortedAscending[Math.max(0, Math.ceil((p / 100) * sortedAscending.length) - 1)];
}

const endOfMonth = (month: string) => Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1) - 1;

function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let y = Number(first.slice(0, 4)), m = Number(first.slice(5, 7)); `${y}-${String(m).padStart(2, '0')}` <= last; m === 12 ? ((m = 1), y++) : m++) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return months;
}

/** Waitlist figures as of a moment: who waits now, how long (median, p90), and counts per month. */
export function waitlistStatistics(entries: WaitlistEntry[], asOf: string) {
  const asOfMs = Date.parse(asOf);
  const openNow = entries.filter((e) => Date.parse(e.since) <= asOfMs && (e.closedAt === null || Date.parse(e.closedAt) > asOfMs));
  const waitingDays = openNow.map((e) => Math.floor((asOfMs - Date.parse(e.since)) / DAY)).sort((a, b) => a - b);
  const completed = entries.filter((e) => e.closedAt !== null && Date.parse(e.closedAt) <= asOfMs).map((e) => e.waitedDays ?? 0).sort((a, b) => a - b);
  const count = <K extends string>(keys: readonly K[], of: (e: WaitlistEntry) => string) => Object.fromEntries(keys.map((k) => [k, openNow.filter((e) => of(e) === k).length])) as Record<K, number>;
  // Counts over time in one pass: joins and leaves per month, then running totals.
  const joined = new Map<string, number>();
  const left = new Map<string, number>();
  let first = asOf.slice(0, 7);
  for (const e of entries) {
    if (Date.parse(e.since) > asOfMs) continue;
    const month = e.since.slice(0, 7);
    if (month < first) first = month;
    joined.set(month, (joined.get(month) ?? 0) + 1);
    if (e.closedAt !== null && Date.parse(e.closedAt) <= asOfMs) left.set(e.closedAt.slice(0, 7), (left.get(e.closedAt.slice(0, 7)) ?? 0) + 1);
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
