import { WaitSegment, WaitlistEntry, WAIT_KINDS, WAIT_STATUSES } from '@wijkzorg/read-models';
import { Protected, SECRET, forPublishedGroup } from '../disclosure/disclosure';
import { ALL_AREAS, ANY } from '../disclosure/area-codes';
import type { AreaSnapshot } from '../disclosure/area-figures';
import { hideBreakdownOfSmallGroup } from '../disclosure/readers';

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
  const inAreaAt = (ms: number) => stays.filter((s) => s.stays.some((st) => Date.parse(st.from) <= ms && (st.to === null || Date.parse(st.to) > ms))).map((s) => s.e);
  const openNow = inAreaAt(asOfMs);
  const waitingDays = openNow.map((e) => Math.floor((asOfMs - Date.parse(e.since)) / DAY)).sort((a, b) => a - b);
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

export interface StatisticsFilter {
  gemeenteCode?: string;
  wijkCode?: string;
  kind?: string;
  status?: string;
  urgency?: string;
}

/**
 * The statistics a non-person-level reader sees: every count is a cell of the one protected snapshot (the waitlist
 * cube by area × kind × status × urgency, and the area month series), so no filter or endpoint gives a figure that
 * another could be subtracted from. A moment in an earlier month resolves to the end of that month; figures the
 * snapshot does not hold for that month (breakdowns, filtered series) are hidden. Medians only for five or more.
 */
export function protectedWaitlistStatistics(snapshot: AreaSnapshot, filter: StatisticsFilter, exactForMedians: WaitlistStatistics) {
  const asOfMonth = exactForMedians.asOf.slice(0, 7);
  const now = asOfMonth >= snapshot.asOf.slice(0, 7);
  const wijk = filter.wijkCode ? snapshot.areas.get(filter.wijkCode) : undefined;
  const area = filter.wijkCode ?? filter.gemeenteCode ?? ALL_AREAS;
  const empty = !snapshot.areas.has(area) || (filter.wijkCode !== undefined && filter.gemeenteCode !== undefined && wijk?.gemeenteCode !== filter.gemeenteCode);
  const series = snapshot.series.get(area) ?? [];
  const areaOnly = !filter.kind && !filter.status && !filter.urgency;
  const figure = (kind = filter.kind, status = filter.status, urgency = filter.urgency, metric: 'waiting' | 'completed' = 'waiting'): Protected => {
    if (empty) return 0;
    if (now) return snapshot.waitFigure(area, kind ?? ANY, status ?? ANY, urgency ?? ANY, metric);
    if (areaOnly && kind === undefined && status === undefined && metric === 'waiting') return series.find((m) => m.month === asOfMonth)?.waiting ?? 0;
    return SECRET;
  };
  const waiting = figure();
  const breakdown = <K extends string>(keys: readonly K[], chosen: string | undefined, of: (key: K) => Protected) => hideBreakdownOfSmallGroup(waiting, Object.fromEntries(keys.map((k) => [k, chosen !== undefined && chosen !== k ? 0 : of(k)])));
  const stats = exactForMedians;
  const completedCount = figure(filter.kind, filter.status, filter.urgency, 'completed');
  return {
    asOf: stats.asOf,
    waiting,
    byStatus: breakdown(WAIT_STATUSES, filter.status, (s) => figure(filter.kind, s)),
    byKind: breakdown(WAIT_KINDS, filter.kind, (k) => figure(k, filter.status)),
    waitingDays: { median: forPublishedGroup(waiting, stats.waiting, stats.waitingDays.median), p90: forPublishedGroup(waiting, stats.waiting, stats.waitingDays.p90) },
    completedWaits: { count: completedCount, medianDays: forPublishedGroup(completedCount, stats.completedWaits.count, stats.completedWaits.medianDays), p90Days: forPublishedGroup(completedCount, stats.completedWaits.count, stats.completedWaits.p90Days) },
    overTime: areaOnly && !empty ? series.filter((m) => m.month <= asOfMonth).map((m) => ({ month: m.month, waiting: m.waiting, joined: m.joinedWaitlist, left: m.leftWaitlist, medianWaitingDays: m.medianWaitingDays })) : [],
  };
}
