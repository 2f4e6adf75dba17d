import { ALL_WAIT_AREAS, ClosedWaitHistory, WaitSegment, WaitlistEntry, WAIT_KINDS, WAIT_STATUSES } from '@wijkzorg/read-models';

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

/** Nearest-rank percentile of counted values (value → how often), the same as `percentile` of the list they stand for. */
function percentileOfCounts(counts: Map<number, number>, p: number): number | null {
  let total = 0;
  for (const n of counts.values()) total += n;
  if (total === 0) return null;
  const rank = Math.max(0, Math.ceil((p / 100) * total) - 1);
  let seen = 0;
  for (const value of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(value)!;
    if (seen > rank) return value;
  }
  return null;
}

/** The closed waits of one area, summed over the history documents of the wachtlijst projection. */
export interface ClosedWaitTotals {
  joined: Map<string, number>;
  left: Map<string, number>;
  /** Per month, ascending: the change in waits staying, by the day their wait began (see ClosedWaitsOfArea). */
  staying: [string, Map<number, number>][];
  waited: Map<number, number>;
}

/** Every closed wait of the history documents, per area, with the latest end among them and the earliest start. */
export interface ClosedWaitSummary {
  latestClosedAt: string | null;
  earliestSince: string | null;
  areas: Map<string, ClosedWaitTotals>;
  /** Per wijk where the wait ended: closed waits by `<kind>|<status>|<urgency>`. */
  completed: Map<string, Map<string, number>>;
}

const addTo = <K>(map: Map<K, number>, key: K, n: number) => map.set(key, (map.get(key) ?? 0) + n);

export function summariseClosedWaits(history: ClosedWaitHistory[]): ClosedWaitSummary {
  const summary: ClosedWaitSummary = { latestClosedAt: null, earliestSince: null, areas: new Map(), completed: new Map() };
  const staying = new Map<string, Map<string, Map<number, number>>>();
  for (const doc of history) {
    if (summary.latestClosedAt === null || Date.parse(doc.latestClosedAt) > Date.parse(summary.latestClosedAt)) summary.latestClosedAt = doc.latestClosedAt;
    if (summary.earliestSince === null || doc.earliestSince < summary.earliestSince) summary.earliestSince = doc.earliestSince;
    for (const [key, area] of Object.entries(doc.areas)) {
      const totals = summary.areas.get(key) ?? summary.areas.set(key, { joined: new Map(), left: new Map(), staying: [], waited: new Map() }).get(key)!;
      for (const [month, n] of Object.entries(area.joined)) addTo(totals.joined, month, n);
      for (const [month, n] of Object.entries(area.left)) addTo(totals.left, month, n);
      for (const [days, n] of Object.entries(area.waited)) addTo(totals.waited, Number(days), n);
      const byMonth = staying.get(key) ?? staying.set(key, new Map()).get(key)!;
      for (const [month, days] of Object.entries(area.staying)) {
        const counts = byMonth.get(month) ?? byMonth.set(month, new Map()).get(month)!;
        for (const [day, n] of Object.entries(days)) addTo(counts, Number(day), n);
      }
    }
    for (const [wijk, counts] of Object.entries(doc.completed)) {
      const total = summary.completed.get(wijk) ?? summary.completed.set(wijk, new Map()).get(wijk)!;
      for (const [key, n] of Object.entries(counts)) addTo(total, key, n);
    }
  }
  for (const [key, byMonth] of staying) summary.areas.get(key)!.staying = [...byMonth].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return summary;
}

/** The closed-wait totals of an area of waitlistStatistics (one level: a wijk, a gemeente, or the region). */
export const closedWaitsOf = (summary: ClosedWaitSummary, area: WaitArea): ClosedWaitTotals | undefined => summary.areas.get(area.wijkCode !== undefined ? `wijk:${area.wijkCode}` : area.gemeenteCode !== undefined ? `gemeente:${area.gemeenteCode}` : ALL_WAIT_AREAS);

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
 * With `closed` (the area's closed-wait totals, all ended by `asOf`), `allEntries` are the open entries only and the
 * figures are the same as from every entry.
 */
export function waitlistStatistics(allEntries: WaitlistEntry[], asOf: string, firstMonth = asOf.slice(0, 7), area: WaitArea = {}, closed?: ClosedWaitTotals) {
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
  const completedCounts = new Map(closed?.waited);
  for (const days of completed) addTo(completedCounts, days, 1);
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
  for (const [month, n] of closed?.joined ?? []) {
    if (inSeries(month) < first) first = inSeries(month);
    addTo(joined, inSeries(month), n);
  }
  for (const [month, n] of closed?.left ?? []) addTo(left, inSeries(month), n);
  // The closed waits staying at the end of a month: the changes of every month up to it, summed in one sweep.
  const staying = new Map<number, number>();
  let nextChange = 0;
  const closedStayingAt = (month: string) => {
    for (; closed && nextChange < closed.staying.length && closed.staying[nextChange][0] <= month; nextChange++) for (const [day, n] of closed.staying[nextChange][1]) if (addTo(staying, day, n).get(day) === 0) staying.delete(day);
    return staying;
  };
  let waitingAtMonthEnd = 0;
  const overTime = monthsBetween(first, asOf.slice(0, 7)).map((month) => {
    waitingAtMonthEnd += (joined.get(month) ?? 0) - (left.get(month) ?? 0);
    const end = Math.min(endOfMonth(month), asOfMs);
    const open = inAreaAt(end).map((s) => Math.floor((end - s.sinceMs) / DAY));
    if (!closed)
      return {
        month,
        waiting: waitingAtMonthEnd,
        joined: joined.get(month) ?? 0,
        left: left.get(month) ?? 0,
        medianWaitingDays: percentile(
          open.sort((a, b) => a - b),
          50,
        ),
      };
    // A wait that began on day d has waited (last day − d) whole days at the end of a month's last day.
    const lastDay = Math.floor(end / DAY);
    const days = new Map<number, number>();
    for (const [day, n] of closedStayingAt(month)) addTo(days, lastDay - day, n);
    for (const d of open) addTo(days, d, 1);
    return { month, waiting: waitingAtMonthEnd, joined: joined.get(month) ?? 0, left: left.get(month) ?? 0, medianWaitingDays: percentileOfCounts(days, 50) };
  });
  return {
    asOf,
    waiting: openNow.length,
    byStatus: count(WAIT_STATUSES, (e) => e.status),
    byKind: count(WAIT_KINDS, (e) => e.kind),
    waitingDays: { median: percentile(waitingDays, 50), p90: percentile(waitingDays, 90) },
    completedWaits: closed
      ? { count: [...completedCounts.values()].reduce((a, b) => a + b, 0), medianDays: percentileOfCounts(completedCounts, 50), p90Days: percentileOfCounts(completedCounts, 90) }
      : { count: completed.length, medianDays: percentile(completed, 50), p90Days: percentile(completed, 90) },
    overTime,
  };
}

export type WaitlistStatistics = ReturnType<typeof waitlistStatistics>;
