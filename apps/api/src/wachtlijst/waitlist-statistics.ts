import { ALL_WAIT_AREAS, ClosedWaitHistory, OpenWaitSums, WaitSegment, WaitlistEntry, WAIT_KINDS, WAIT_STATUSES, gemeenteOf } from '@wijkzorg/read-models';
import { runInTurns, runToEnd } from '../shared/event-loop-slices';

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

/** Nearest-rank percentile of counted values (value → how often): the same as `percentile` of the list they stand for. */
export function percentileOfCounts(counts: Map<number, number>, p: number): number | null {
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

const addTo = <K>(map: Map<K, number>, key: K, n: number) => map.set(key, (map.get(key) ?? 0) + n);
const byMonth = (changes: Map<string, Map<number, number>>): [string, Map<number, number>][] => [...changes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The waits of one area as the wachtlijst projection sums them (closed ones and open ones, see wait-sums.ts). */
export interface WaitSumsOfArea {
  joined: Map<string, number>;
  left: Map<string, number>;
  /** Stays that ended, per month ascending: +1 where one began, −1 where it ended, by the day its wait began. */
  staying: [string, Map<number, number>][];
  /** Stays going on, per month they began ascending, by the day their wait began. */
  openFrom: [string, Map<number, number>][];
  /** Stays going on, by the moment their wait began. */
  openSince: Map<number, number>;
  openByKind: Map<string, number>;
  openByStatus: Map<string, number>;
  /** Waits that ended in the area, by their waited days. */
  waited: Map<number, number>;
}

/** Every wait the projection summed, per area key (`wijk:<code>`, `gemeente:<code>`, `all`). */
export interface WaitSums {
  /** The latest moment any summed wait began, moved or ended: figures as of an earlier one need the entries. */
  latestChange: string | null;
  earliestSince: string | null;
  areas: Map<string, WaitSumsOfArea>;
  /** Per wijk: waits open now (`waiting`) and closed ones (`completed`) by `<kind>|<status>|<urgency>`. */
  cube: { waiting: Map<string, Map<string, number>>; completed: Map<string, Map<string, number>> };
  /** Per wijk: what the wachtlijst outcome table counts (open and closed waits together). */
  outcomes: Map<string, WaitOutcomesOfWijk>;
}

/** What the wachtlijst outcome table counts of the waits of one wijk (see waitOutcomeCounts in wait-sums.ts). */
export interface WaitOutcomesOfWijk {
  /** By `<kind>|<urgency>`, month → change: +1 where a stay in the wijk began, −1 where it ended. */
  stock: Map<string, Map<string, number>>;
  /** Month → change of the stays past their aanvraag's decision term (ended stays). */
  overdue: Map<string, number>;
  /** Stays going on with a decision term: `<month began>|<term ms>` → count. */
  overdueOpen: Map<string, number>;
  /** By kind, month → waits that began here. */
  started: Map<string, Map<string, number>>;
  /** By `<kind>|<served 1/0>`, month → waits that ended here. */
  ended: Map<string, Map<string, number>>;
  /** Served waits by `<kind>|<urgency>`, month they ended → waited days → count. */
  placed: Map<string, Map<string, Map<number, number>>>;
  /** Waits open here now by `<kind>|<status>|<urgency>`: the moment they began → count. */
  waiting: Map<string, Map<number, number>>;
  /** Waits that ended here by `<kind>|<status>|<urgency>`: waited days → count. */
  waited: Map<string, Map<number, number>>;
}

const inner = <K, V>(map: Map<K, V>, key: K, create: () => V): V => map.get(key) ?? map.set(key, create()).get(key)!;

/** Adds one outcome count (`parts`: the key of waitOutcomeCounts split on '|'; `month`: the closing month of a closed wait's document). */
function addOutcome(of: WaitOutcomesOfWijk, parts: string[], month: string | undefined, n: number) {
  const [what, a, b, c] = parts;
  const byMonth = <V>(map: Map<string, Map<string, V>>, key: string) => inner(map, key, () => new Map<string, V>());
  if (what === 'stock') addTo(byMonth(of.stock, `${a}|${b}`), c, n);
  else if (what === 'waiting')
    addTo(
      inner(of.waiting, `${a}|${b}|${c}`, () => new Map<number, number>()),
      Number(parts[4]),
      n,
    );
  else if (what === 'waited')
    addTo(
      inner(of.waited, `${a}|${b}|${c}`, () => new Map<number, number>()),
      Number(parts[4]),
      n,
    );
  else if (what === 'overdue') addTo(of.overdue, a, n);
  else if (what === 'overdueOpen') addTo(of.overdueOpen, `${a}|${b}`, n);
  else if (what === 'started') addTo(byMonth(of.started, a), b, n);
  else if (what === 'ended' && month !== undefined) addTo(byMonth(of.ended, `${a}|${b}`), month, n);
  else if (what === 'placed' && month !== undefined)
    addTo(
      inner(byMonth(of.placed, `${a}|${b}`), month, () => new Map<number, number>()),
      Number(c),
      n,
    );
}

const laterOf = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : Date.parse(b) > Date.parse(a) ? b : a);
const earlierOf = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : b < a ? b : a);

/** Reads the closed-wait history documents and the open-wait sums into one sum per area. */
export function waitSumsOf(history: ClosedWaitHistory[], open: OpenWaitSums | null): WaitSums {
  return runToEnd(waitSumsInSteps(history, open));
}

/**
 * waitSumsOf with `pause` between steps (an area of a document, a thousand open counts): at a million events the
 * sums took 30–110 ms in one go, and they are read again after every commit of the wachtlijst projection.
 */
export function waitSumsInSlices(history: ClosedWaitHistory[], open: OpenWaitSums | null, pause: () => Promise<unknown>): Promise<WaitSums> {
  return runInTurns(waitSumsInSteps(history, open), pause);
}

function* waitSumsInSteps(history: ClosedWaitHistory[], open: OpenWaitSums | null): Generator<void, WaitSums> {
  const sums: WaitSums = { latestChange: open?.latestChange ?? null, earliestSince: open?.earliestSince ?? null, areas: new Map(), cube: { waiting: new Map(), completed: new Map() }, outcomes: new Map() };
  const outcomesOf = (wijk: string) => inner(sums.outcomes, wijk, (): WaitOutcomesOfWijk => ({ stock: new Map(), overdue: new Map(), overdueOpen: new Map(), started: new Map(), ended: new Map(), placed: new Map(), waiting: new Map(), waited: new Map() }));
  const staying = new Map<string, Map<string, Map<number, number>>>();
  const openFrom = new Map<string, Map<string, Map<number, number>>>();
  const changes = (of: Map<string, Map<string, Map<number, number>>>, area: string, month: string) => {
    const months = of.get(area) ?? of.set(area, new Map()).get(area)!;
    return months.get(month) ?? months.set(month, new Map()).get(month)!;
  };
  const areaOf = (key: string) => sums.areas.get(key) ?? sums.areas.set(key, { joined: new Map(), left: new Map(), staying: [], openFrom: [], openSince: new Map(), openByKind: new Map(), openByStatus: new Map(), waited: new Map() }).get(key)!;
  const cubeOf = (of: Map<string, Map<string, number>>, wijk: string) => of.get(wijk) ?? of.set(wijk, new Map()).get(wijk)!;
  for (const doc of history) {
    sums.latestChange = laterOf(sums.latestChange, doc.latestClosedAt);
    sums.earliestSince = earlierOf(sums.earliestSince, doc.earliestSince);
    for (const [key, area] of Object.entries(doc.areas)) {
      const totals = areaOf(key);
      for (const [month, n] of Object.entries(area.joined)) addTo(totals.joined, month, n);
      for (const [month, n] of Object.entries(area.left)) addTo(totals.left, month, n);
      for (const [days, n] of Object.entries(area.waited)) addTo(totals.waited, Number(days), n);
      for (const [month, days] of Object.entries(area.staying)) for (const [day, n] of Object.entries(days)) addTo(changes(staying, key, month), Number(day), n);
      yield;
    }
    for (const [wijk, counts] of Object.entries(doc.completed)) for (const [key, n] of Object.entries(counts)) addTo(cubeOf(sums.cube.completed, wijk), key, n);
    for (const [wijk, counts] of Object.entries(doc.outcomes ?? {})) {
      for (const [key, n] of Object.entries(counts)) addOutcome(outcomesOf(wijk), key.split('|'), doc.month, n);
      yield;
    }
  }
  let counted = 0;
  for (const [key, n] of Object.entries(open?.counts ?? {})) {
    if ((++counted & 1023) === 0) yield;
    const [what, area, ...rest] = key.split('|');
    if (what === 'cube') {
      addTo(cubeOf(sums.cube.waiting, area), rest.join('|'), n);
      continue;
    }
    if (what === 'outcome') {
      addOutcome(outcomesOf(area), rest, undefined, n);
      continue;
    }
    const totals = areaOf(area);
    if (what === 'joined') addTo(totals.joined, rest[0], n);
    else if (what === 'left') addTo(totals.left, rest[0], n);
    else if (what === 'staying') addTo(changes(staying, area, rest[0]), Number(rest[1]), n);
    else if (what === 'openFrom') addTo(changes(openFrom, area, rest[0]), Number(rest[1]), n);
    else if (what === 'since') addTo(totals.openSince, Number(rest[0]), n);
    else if (what === 'kind') addTo(totals.openByKind, rest[0], n);
    else if (what === 'status') addTo(totals.openByStatus, rest[0], n);
  }
  for (const [key, months] of staying) areaOf(key).staying = byMonth(months);
  for (const [key, months] of openFrom) areaOf(key).openFrom = byMonth(months);
  return sums;
}

/** The sums of one area of waitlistStatistics (one level: a wijk, a gemeente, or the region). */
export const waitSumsOfArea = (sums: WaitSums, area: WaitArea): WaitSumsOfArea | undefined => sums.areas.get(area.wijkCode !== undefined ? `wijk:${area.wijkCode}` : area.gemeenteCode !== undefined ? `gemeente:${area.gemeenteCode}` : ALL_WAIT_AREAS);

const NO_WAITS: WaitSumsOfArea = { joined: new Map(), left: new Map(), staying: [], openFrom: [], openSince: new Map(), openByKind: new Map(), openByStatus: new Map(), waited: new Map() };

/** Sums the changes of every month up to the one asked, asked in ascending order. */
function runningSum(changes: [string, Map<number, number>][]) {
  const sum = new Map<number, number>();
  let next = 0;
  return (month: string) => {
    for (; next < changes.length && changes[next][0] <= month; next++) for (const [day, n] of changes[next][1]) if (addTo(sum, day, n).get(day) === 0) sum.delete(day);
    return sum;
  };
}

/**
 * The ages in whole days of the waits in an area at the end of each of `months` (ascending, none after asOf's month;
 * in asOf's month at asOf), as the statistics count them. Each map is new.
 */
export function* agesAtMonthEnds(sums: WaitSumsOfArea | undefined, months: readonly string[], asOf: string): Generator<[string, Map<number, number>]> {
  const area = sums ?? NO_WAITS;
  const asOfMs = Date.parse(asOf);
  const lastMonth = asOf.slice(0, 7);
  const endedStaying = runningSum(area.staying);
  const openStaying = runningSum(area.openFrom);
  for (const month of months) {
    const end = Math.min(endOfMonth(month), asOfMs);
    const lastDay = Math.floor(end / DAY);
    const ages = new Map<number, number>();
    for (const [day, n] of endedStaying(month)) addTo(ages, lastDay - day, n);
    if (month < lastMonth) for (const [day, n] of openStaying(month)) addTo(ages, lastDay - day, n);
    else for (const [since, n] of area.openSince) addTo(ages, Math.floor((end - since) / DAY), n);
    for (const [age, n] of ages) if (n === 0) ages.delete(age);
    yield [month, ages];
  }
}

/**
 * waitlistStatistics from the projection's sums instead of the entries: the same figures, for `asOf` at or after
 * every summed change (WaitSums.latestChange). A wait that began on day d has waited (last day of M − d) whole days
 * at the end of a month M; the current month's waiting days need the moment each open wait began.
 */
export function waitlistStatisticsFromSums(sums: WaitSumsOfArea | undefined, asOf: string, firstMonth = asOf.slice(0, 7)): WaitlistStatistics {
  const area = sums ?? NO_WAITS;
  const asOfMs = Date.parse(asOf);
  const lastMonth = asOf.slice(0, 7);
  const bound = firstMonth < lastMonth ? firstMonth : lastMonth;
  const inSeries = (month: string) => (month < bound ? bound : month);
  const joined = new Map<string, number>();
  const left = new Map<string, number>();
  let first = lastMonth;
  for (const [month, n] of area.joined) {
    if (inSeries(month) < first) first = inSeries(month);
    addTo(joined, inSeries(month), n);
  }
  for (const [month, n] of area.left) addTo(left, inSeries(month), n);
  const endedStaying = runningSum(area.staying);
  const openStaying = runningSum(area.openFrom);
  const daysAt = (end: number) => {
    const days = new Map<number, number>();
    for (const [since, n] of area.openSince) addTo(days, Math.floor((end - since) / DAY), n);
    return days;
  };
  let waitingAtMonthEnd = 0;
  const overTime = monthsBetween(first, lastMonth).map((month) => {
    waitingAtMonthEnd += (joined.get(month) ?? 0) - (left.get(month) ?? 0);
    const end = Math.min(endOfMonth(month), asOfMs);
    const lastDay = Math.floor(end / DAY);
    // Before the current month a month ends on its last day; in it, at asOf, where the open waits' moments count.
    const days = month < lastMonth ? new Map<number, number>() : daysAt(end);
    for (const [day, n] of endedStaying(month)) addTo(days, lastDay - day, n);
    if (month < lastMonth) for (const [day, n] of openStaying(month)) addTo(days, lastDay - day, n);
    return { month, waiting: waitingAtMonthEnd, joined: joined.get(month) ?? 0, left: left.get(month) ?? 0, medianWaitingDays: percentileOfCounts(days, 50) };
  });
  const waitingDays = daysAt(asOfMs);
  const count = <K extends string>(keys: readonly K[], of: Map<string, number>) => Object.fromEntries(keys.map((k) => [k, of.get(k) ?? 0])) as Record<K, number>;
  return {
    asOf,
    waiting: [...area.openSince.values()].reduce((a, b) => a + b, 0),
    byStatus: count(WAIT_STATUSES, area.openByStatus),
    byKind: count(WAIT_KINDS, area.openByKind),
    waitingDays: { median: percentileOfCounts(waitingDays, 50), p90: percentileOfCounts(waitingDays, 90) },
    completedWaits: { count: [...area.waited.values()].reduce((a, b) => a + b, 0), medianDays: percentileOfCounts(area.waited, 50), p90Days: percentileOfCounts(area.waited, 90) },
    overTime,
  };
}

/** What the statistics can be asked for: an area and the wait's kind, status and urgency. */
export interface WaitFilter extends WaitArea {
  kind?: string;
  status?: string;
  urgency?: string;
}

/**
 * waitlistStatistics of any filter from the sums per wijk, except the month series (empty): the figures of the waits
 * open at asOf and of those that ended, for `asOf` at or after every summed change (open waits are then in the wijk of
 * their last part, and a completed wait counts where it ended). Protected readers get filtered series from nowhere
 * (they would reveal small groups over time), so this is all they read.
 */
export function currentWaitlistStatisticsFromSums(sums: WaitSums, filter: WaitFilter, asOf: string): WaitlistStatistics {
  const asOfMs = Date.parse(asOf);
  const waitingDays = new Map<number, number>();
  const completed = new Map<number, number>();
  const byKind = new Map<string, number>();
  const byStatus = new Map<string, number>();
  const chosen = (tag: string) => {
    const [kind, status, urgency] = tag.split('|');
    return (filter.kind === undefined || kind === filter.kind) && (filter.status === undefined || status === filter.status) && (filter.urgency === undefined || urgency === filter.urgency);
  };
  for (const [wijk, outcomes] of sums.outcomes) {
    if ((filter.wijkCode !== undefined && wijk !== filter.wijkCode) || (filter.gemeenteCode !== undefined && gemeenteOf(wijk) !== filter.gemeenteCode)) continue;
    for (const [tag, since] of outcomes.waiting) {
      if (!chosen(tag)) continue;
      const [kind, status] = tag.split('|');
      for (const [ms, n] of since) {
        addTo(waitingDays, Math.floor((asOfMs - ms) / DAY), n);
        addTo(byKind, kind, n);
        addTo(byStatus, status, n);
      }
    }
    for (const [tag, days] of outcomes.waited) if (chosen(tag)) for (const [d, n] of days) addTo(completed, d, n);
  }
  const total = (counts: Map<number, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
  const count = <K extends string>(keys: readonly K[], of: Map<string, number>) => Object.fromEntries(keys.map((k) => [k, of.get(k) ?? 0])) as Record<K, number>;
  return {
    asOf,
    waiting: total(waitingDays),
    byStatus: count(WAIT_STATUSES, byStatus),
    byKind: count(WAIT_KINDS, byKind),
    waitingDays: { median: percentileOfCounts(waitingDays, 50), p90: percentileOfCounts(waitingDays, 90) },
    completedWaits: { count: total(completed), medianDays: percentileOfCounts(completed, 50), p90Days: percentileOfCounts(completed, 90) },
    overTime: [],
  };
}
