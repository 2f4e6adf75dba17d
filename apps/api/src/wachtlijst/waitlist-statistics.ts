import { WaitSegment, WaitlistEntry, WAIT_KINDS, WAIT_STATUSES } from '@wijkzorg/read-models';

const DAY = 86_400_000;

/** Nearest-rank percentile of an ascending list; null for an empty list. */
export function percentile(sortedAscending: number[], p: number): number | null {
  if (sortedAscending.length === 0) return null;
  return sortedAscending[Math.max(0, Math.ceil((p / 100) * sortedAscending.length) - 1)];
}

/** Last millisecond of a month (setUTCFullYear, because Date.UTC reads years 0–99 as 1900–1999). */
export function endOfMonth(month: string): number {
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

/** Where a wait was, part by part (entries from before segments were kept: one part, where it is now). */
export const segmentsOf = (e: WaitlistEntry): WaitSegment[] => (e.segments?.length ? e.segments : [{ wijkCode: e.wijkCode, gemeenteCode: e.gemeenteCode, wooncirkelId: e.wooncirkelId, from: e.since, to: e.closedAt }]);

/** The part of a wait that covers a moment (the last part once the wait has ended). */
export function segmentAt(e: WaitlistEntry, atMs: number): WaitSegment {
  const segments = segmentsOf(e);
  return segments.find((s) => Date.parse(s.from) <= atMs && (s.to === null || Date.parse(s.to) > atMs)) ?? segments[segments.length - 1];
}

/** An area to count waits in; empty for the whole region. */
export interface WaitArea {
  wijkCode?: string;
  gemeenteCode?: string;
}

/** The spans a wait spent inside an area: runs of consecutive segments in it (a move within the area is no leave and join). */
function staysIn(e: WaitlistEntry, area: WaitArea): { from: string; to: string | null }[] {
  const inside = (s: WaitSegment) => (area.wijkCode === undefined || s.wijkCode === area.wijkCode) && (area.gemeenteCode === undefined || s.gemeenteCode === area.gemeenteCode);
  const stays: { from: string; to: string | null }[] = [];
  let previousInside = false;
  for (const s of segmentsOf(e)) {
    const now = inside(s);
    if (now && previousInside) stays[stays.length - 1].to = s.to;
    else if (now) stays.push({ from: s.from, to: s.to });
    previousInside = now;
  }
  return stays;
}

/**
 * Waitlist figures as of a moment: who waits now, how long (median, p90), and counts per month.
 * The month series starts no earlier than `firstMonth` (the log's first month): earlier joins and leaves
 * count in that month, so a year-0000 date cannot make the series explode. Within an area a wait counts where it
 * was at each moment: a transfer moves it out of one area and into another from then on, past months stay as
 * they were, and the waiting time is always the whole wait's (since it began).
 */
export function waitlistStatistics(allEntries: WaitlistEntry[], asOf: string, firstMonth = asOf.slice(0, 7), area: WaitArea = {}) {
  const asOfMs = Date.parse(asOf);
  const stays = allEntries.map((e) => ({ e, stays: staysIn(e, area) })).filter((s) => s.stays.length > 0);
  // Moments parsed once, not once per month of the series.
  const spans = stays.map((s) => ({ e: s.e, sinceMs: Date.parse(s.e.since), stays: s.stays.map((st) => ({ from: Date.parse(st.from), to: st.to === null ? Infinity : Date.parse(st.to) })) }));
  const inAreaAt = (ms: number) => spans.filter((s) => s.stays.some((st) => st.from <= ms && st.to > ms));
  const openSpans = inAreaAt(asOfMs);
  const openNow = openSpans.map((s) => s.e);
  const waitingDays = openSpans.map((s) => Math.floor((asOfMs - s.sinceMs) / DAY)).sort((a, b) => a - b);
  // A completed wait counts where it ended.
  const completed = stays
    .filter(({ e, stays: own }) => e.closedAt !== null && Date.parse(e.closedAt) <= asOfMs && own[own.length - 1].to === e.closedAt)
    .map(({ e }) => e.waitedDays ?? 0)
    .sort((a, b) => a - b);
  const count = <K extends string>(keys: readonly K[], of: (e: WaitlistEntry) => string) => Object.fromEntries(keys.map((k) => [k, openNow.filter((e) => of(e) === k).length])) as Record<K, number>;
  // Counts over time in one pass: joins and leaves per month, then running totals.
  const joined = new Map<string, number>();
  const left = new Map<string, number>();
  const bound = firstMonth < asOf.slice(0, 7) ? firstMonth : asOf.slice(0, 7);
  const inSeries = (iso: string) => (iso.slice(0, 7) < bound ? bound : iso.slice(0, 7));
  let first = asOf.slice(0, 7);
  for (const stay of stays.flatMap((s) => s.stays)) {
    if (Date.parse(stay.from) > asOfMs) continue;
    const month = inSeries(stay.from);
    if (month < first) first = month;
    joined.set(month, (joined.get(month) ?? 0) + 1);
    if (stay.to !== null && Date.parse(stay.to) <= asOfMs) left.set(inSeries(stay.to), (left.get(inSeries(stay.to)) ?? 0) + 1);
  }
  let waitingAtMonthEnd = 0;
  const overTime = monthsBetween(first, asOf.slice(0, 7)).map((month) => {
    waitingAtMonthEnd += (joined.get(month) ?? 0) - (left.get(month) ?? 0);
    const end = Math.min(endOfMonth(month), asOfMs);
    const days = inAreaAt(end)
      .map((s) => Math.floor((end - s.sinceMs) / DAY))
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
