import { Doc, DocKey } from '../../read-model-store.port';
import { ProjectionContext, monthOf } from '../../projection';
import type { WaitSegment, WaitlistEntry } from './wait-entry';

const DAY = 86_400_000;

/** What the closed waits of one area add to the waitlist statistics. */
export interface ClosedWaitsOfArea {
  /** Stays in the area that began, and that ended, per month. */
  joined: Record<string, number>;
  left: Record<string, number>;
  /**
   * The stays by the UTC day their wait began (days since 1970): +1 in the month a stay began, −1 in the month it
   * ended. Summed over the months up to M they are the waits in the area at the end of M, and a wait that began on
   * day d has waited (last day of M − d) whole days then.
   */
  staying: Record<string, Record<string, number>>;
  /** Waits that ended in the area, by their waited days. */
  waited: Record<string, number>;
}

/**
 * The waits whose closing event happened in one month, summed per area, so that waitlist statistics read
 * O(months) of these instead of every closed entry (closed entries never change again, so their sums never do).
 */
export interface ClosedWaitHistory extends Doc {
  month: string;
  /** The latest end among them: statistics as of an earlier moment must read the entries instead. */
  latestClosedAt: string;
  earliestSince: string;
  /** Per area: `wijk:<code>`, `gemeente:<code>` and `all`. */
  areas: Record<string, ClosedWaitsOfArea>;
  /** Per wijk where the wait ended: closed waits by `<kind>|<status>|<urgency>`. */
  completed: Record<string, Record<string, number>>;
  /** Per wijk: what the outcome table of the wachtlijst counts of these waits (see waitOutcomeCounts). */
  outcomes: Record<string, Record<string, number>>;
}

export const CLOSED_WAIT_HISTORY = 'closedWaits';
export const ALL_WAIT_AREAS = 'all';
export const closedWaitHistoryKey = (closedAt: string): DocKey => ({ collection: CLOSED_WAIT_HISTORY, id: monthOf(closedAt) });

/** Runs of consecutive segments in the same area (a move within the area is no leave and join). */
function staysBy(segments: WaitSegment[], areaOf: (s: WaitSegment) => string): { area: string; from: string; to: string | null }[] {
  const stays: { area: string; from: string; to: string | null }[] = [];
  let previous: string | undefined;
  for (const s of segments) {
    const area = areaOf(s);
    if (stays.length > 0 && area === previous) stays[stays.length - 1].to = s.to;
    else stays.push({ area, from: s.from, to: s.to });
    previous = area;
  }
  return stays;
}

/**
 * The time a wait was open (from `since` until `closedAt`) split by the wijk that counts it at each moment, as the
 * table read from every entry counts it (segmentAt: the first segment covering the moment, else the last), runs of one
 * wijk merged. Not the segments as they are: a close or move recorded with an effective moment before the segment's
 * start (scaling and closures take the user's `effectiveAt`) leaves a segment that ends before it begins, and a stay
 * built from it would count -1 between its end and its start.
 */
function openStaysByWijk(e: WaitlistEntry, segments: readonly WaitSegment[]): { area: string; from: string; to: string | null }[] {
  const since = Date.parse(e.since);
  const closed = e.closedAt === null ? Infinity : Date.parse(e.closedAt);
  if (!(closed > since)) return [];
  const bounds = new Set([since]);
  for (const s of segments)
    for (const moment of [s.from, s.to]) {
      const ms = moment === null ? NaN : Date.parse(moment);
      if (ms > since && ms < closed) bounds.add(ms);
    }
  const starts = [...bounds].sort((a, b) => a - b);
  const stays: { area: string; from: number; to: number }[] = [];
  starts.forEach((from, i) => {
    const at = segments.find((s) => Date.parse(s.from) <= from && (s.to === null || Date.parse(s.to) > from)) ?? segments[segments.length - 1];
    const to = i + 1 < starts.length ? starts[i + 1] : closed;
    const last = stays[stays.length - 1];
    if (last?.area === at.wijkCode) last.to = to;
    else stays.push({ area: at.wijkCode, from, to });
  });
  return stays.map((stay) => ({ area: stay.area, from: new Date(stay.from).toISOString(), to: stay.to === Infinity ? null : new Date(stay.to).toISOString() }));
}

/** Adds `n` to a count, dropping a count that comes to zero; answers whether it dropped one. */
const bump = (counts: Record<string, number>, key: string, n: number): boolean => {
  const value = (counts[key] ?? 0) + n;
  if (value !== 0) {
    counts[key] = value;
    return false;
  }
  delete counts[key];
  return true;
};

/** Adds a wait that has just closed (every segment ended) to the history document of its closing month. */
export function recordClosedWait(ctx: ProjectionContext, closed: WaitlistEntry): void {
  const closedAt = closed.closedAt!;
  const segments: WaitSegment[] = closed.segments?.length ? closed.segments : [{ wijkCode: closed.wijkCode, gemeenteCode: closed.gemeenteCode, wooncirkelId: closed.wooncirkelId, from: closed.since, to: closedAt }];
  const sinceDay = String(Math.floor(Date.parse(closed.since) / DAY));
  const { id } = closedWaitHistoryKey(closedAt);
  ctx.update<ClosedWaitHistory>(CLOSED_WAIT_HISTORY, id, (doc) => {
    const history = doc ?? { month: id, latestClosedAt: closedAt, earliestSince: closed.since, areas: {}, completed: {}, outcomes: {} };
    if (closedAt > history.latestClosedAt) history.latestClosedAt = closedAt;
    if (closed.since < history.earliestSince) history.earliestSince = closed.since;
    const levels = [staysBy(segments, (s) => `wijk:${s.wijkCode}`), staysBy(segments, (s) => `gemeente:${s.gemeenteCode}`), staysBy(segments, () => ALL_WAIT_AREAS)];
    for (const stays of levels) {
      stays.forEach((stay, i) => {
        const area = (history.areas[stay.area] ??= { joined: {}, left: {}, staying: {}, waited: {} });
        const to = stay.to ?? closedAt;
        const fromMonth = monthOf(stay.from);
        const toMonth = monthOf(to);
        bump(area.joined, fromMonth, 1);
        bump(area.left, toMonth, 1);
        // A stay within one month adds +1 and −1 to the same count: nothing. A month whose last count dropped goes.
        if (fromMonth !== toMonth)
          for (const [month, n] of [[fromMonth, 1] as const, [toMonth, -1] as const]) {
            const days = (area.staying[month] ??= {});
            if (bump(days, sinceDay, n) && Object.keys(days).length === 0) delete area.staying[month];
          }
        // A completed wait counts where it ended.
        if (i === stays.length - 1) bump(area.waited, String(closed.waitedDays ?? 0), 1);
      });
    }
    const last = segments[segments.length - 1];
    bump((history.completed[last.wijkCode] ??= {}), `${closed.kind}|${closed.status}|${closed.urgency}`, 1);
    for (const [wijk, key, n] of waitOutcomeCounts(closed, segments)) bump((history.outcomes[wijk] ??= {}), key, n);
    return history;
  });
}

/** The first month at whose end a decision term has passed (the month of the moment after it); null for no valid term. */
function overdueFromMonth(decideBefore: string | undefined): string | null {
  const ms = decideBefore === undefined ? NaN : Date.parse(decideBefore);
  return Number.isNaN(ms) ? null : monthOf(new Date(ms + 1).toISOString());
}

/**
 * What one wait adds to the wachtlijst outcome table, per wijk (`[wijk, key, count]`), keys by what they count:
 * - `stock|<kind>|<urgency>|<month>`: its stays in the wijk, +1 in the month one began and −1 in the month it ended
 *   (summed over the months up to M: the waits in the wijk at the end of M);
 * - `overdue|<month>`: the same for the part of an ended stay after the aanvraag's decision term (`decideBefore`), from
 *   the first month at whose end the term had passed; `overdueOpen|<month>|<ms>`: a stay going on, by the month it
 *   began and the term's moment (the current month counts to the moment);
 * - `started|<kind>|<month>`: the wait, in the wijk and month it began;
 * - closed waits only (their history document's month is the month they ended): `ended|<kind>|<served 1/0>` in the
 *   wijk where it ended, and for a served wait `placed|<kind>|<urgency>|<waited days>`;
 * - for the filtered waitlist statistics, in the wijk where the wait is (or ended): an open wait by the moment it began,
 *   `waiting|<kind>|<status>|<urgency>|<ms>`, a closed one by its waited days, `waited|<kind>|<status>|<urgency>|<days>`.
 */
export function waitOutcomeCounts(e: WaitlistEntry, segments: readonly WaitSegment[]): [string, string, number][] {
  const counts: [string, string, number][] = [];
  const overdueFrom = overdueFromMonth(e.decideBefore);
  for (const stay of openStaysByWijk(e, segments)) {
    counts.push([stay.area, `stock|${e.kind}|${e.urgency}|${monthOf(stay.from)}`, 1]);
    if (stay.to !== null) counts.push([stay.area, `stock|${e.kind}|${e.urgency}|${monthOf(stay.to)}`, -1]);
    if (overdueFrom === null) continue;
    if (stay.to === null) counts.push([stay.area, `overdueOpen|${monthOf(stay.from)}|${Date.parse(e.decideBefore!)}`, 1]);
    else {
      const from = monthOf(stay.from) > overdueFrom ? monthOf(stay.from) : overdueFrom;
      if (from < monthOf(stay.to)) counts.push([stay.area, `overdue|${from}`, 1], [stay.area, `overdue|${monthOf(stay.to)}`, -1]);
    }
  }
  counts.push([segments[0].wijkCode, `started|${e.kind}|${monthOf(e.since)}`, 1]);
  const last = segments[segments.length - 1].wijkCode;
  if (e.closedAt === null) counts.push([last, `waiting|${e.kind}|${e.status}|${e.urgency}|${Date.parse(e.since)}`, 1]);
  else {
    counts.push([last, `waited|${e.kind}|${e.status}|${e.urgency}|${e.waitedDays ?? 0}`, 1]);
    counts.push([last, `ended|${e.kind}|${e.endedBy === 'served' ? 1 : 0}`, 1]);
    if (e.endedBy === 'served') counts.push([last, `placed|${e.kind}|${e.urgency}|${e.waitedDays ?? 0}`, 1]);
  }
  return counts;
}

/**
 * The open waits summed, for the whole region in one document (it holds no more than the waits open now): per key
 * a count, where the key says what is counted:
 * - `joined|<area>|<month>`, `left|<area>|<month>`: stays in the area that began, ended (moves of an open wait);
 * - `staying|<area>|<month>|<day>`: as in ClosedWaitsOfArea, for the stays that ended already;
 * - `openFrom|<area>|<month>|<day>`: the stays going on, by the month they began and the day their wait began;
 * - `since|<area>|<ms>`: the stays going on, by the moment their wait began (waiting days as of any moment);
 * - `kind|<area>|<kind>`, `status|<area>|<status>`: the stays going on, by the wait's kind and status;
 * - `cube|<wijk>|<kind>|<status>|<urgency>`: the open waits by the wijk they are in;
 * - `outcome|<wijk>|<key>`: what they add to the outcome table (waitOutcomeCounts).
 */
export interface OpenWaitSums extends Doc {
  counts: Record<string, number>;
  /** The earliest start of any wait ever recorded, and the latest moment any open wait began or moved. */
  earliestSince: string | null;
  latestChange: string | null;
}

export const OPEN_WAIT_SUMS = 'openWaits';
export const OPEN_WAIT_SUMS_ID = 'region';
export const openWaitSumsKey: DocKey = { collection: OPEN_WAIT_SUMS, id: OPEN_WAIT_SUMS_ID };

/** What open entries add to the open-wait sums. */
export function openWaitCounts(entries: readonly WaitlistEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const e of entries) {
    const segments: WaitSegment[] = e.segments?.length ? e.segments : [{ wijkCode: e.wijkCode, gemeenteCode: e.gemeenteCode, wooncirkelId: e.wooncirkelId, from: e.since, to: null }];
    const sinceMs = Date.parse(e.since);
    const sinceDay = Math.floor(sinceMs / DAY);
    for (const stays of [staysBy(segments, (s) => `wijk:${s.wijkCode}`), staysBy(segments, (s) => `gemeente:${s.gemeenteCode}`), staysBy(segments, () => ALL_WAIT_AREAS)]) {
      for (const stay of stays) {
        add(`joined|${stay.area}|${monthOf(stay.from)}`);
        if (stay.to !== null) {
          add(`left|${stay.area}|${monthOf(stay.to)}`);
          add(`staying|${stay.area}|${monthOf(stay.from)}|${sinceDay}`);
          counts.set(`staying|${stay.area}|${monthOf(stay.to)}|${sinceDay}`, (counts.get(`staying|${stay.area}|${monthOf(stay.to)}|${sinceDay}`) ?? 0) - 1);
          continue;
        }
        add(`openFrom|${stay.area}|${monthOf(stay.from)}|${sinceDay}`);
        add(`since|${stay.area}|${sinceMs}`);
        add(`kind|${stay.area}|${e.kind}`);
        add(`status|${stay.area}|${e.status}`);
      }
    }
    add(`cube|${segments[segments.length - 1].wijkCode}|${e.kind}|${e.status}|${e.urgency}`);
    for (const [wijk, key, n] of waitOutcomeCounts(e, segments)) counts.set(`outcome|${wijk}|${key}`, (counts.get(`outcome|${wijk}|${key}`) ?? 0) + n);
  }
  return counts;
}

const latestMomentOf = (entries: readonly WaitlistEntry[]) => entries.flatMap((e) => [e.since, ...(e.segments ?? []).map((s) => s.from)]).reduce<string | null>((latest, at) => (latest === null || Date.parse(at) > Date.parse(latest) ? at : latest), null);

/** The open entries of a client, as the context holds them now. */
export const openEntriesOf = (ctx: ProjectionContext, ids: readonly string[]): WaitlistEntry[] => ids.map((id) => ctx.get<WaitlistEntry>('entry', id)).filter((e): e is WaitlistEntry => e !== undefined);

/**
 * A client's open entries as they stood before an event, by wait: each as its stored JSON (without the runner's
 * `_position`). What an entry adds to the open-wait sums depends on it alone, so an entry the event left as it was adds
 * what it added before, and only the entries the event changed, opened or closed need counting again.
 */
export type OpenWaitsBefore = Map<string, string>;
const stateOf = (e: WaitlistEntry): string => {
  const { _position, ...entry } = e;
  return JSON.stringify(entry);
};
export function openWaitsBefore(entries: readonly WaitlistEntry[]): OpenWaitsBefore {
  const before: OpenWaitsBefore = new Map();
  // Should two open entries ever share a waitId, the second is kept under a key of its own: never matched, so
  // subtracted, and its counterpart after the event counted again.
  for (const e of entries) before.set(before.has(e.waitId) ? `${e.waitId}#${before.size}` : e.waitId, stateOf(e));
  return before;
}

/** Moves the open-wait sums from what a client's open entries added before an event (`before`) to what they add after it. */
export function changeOpenWaitSums(ctx: ProjectionContext, before: OpenWaitsBefore, after: readonly WaitlistEntry[]): void {
  const gone = new Map(before);
  const changed: WaitlistEntry[] = [];
  for (const e of after) {
    if (gone.get(e.waitId) === stateOf(e)) gone.delete(e.waitId);
    else changed.push(e);
  }
  const delta = openWaitCounts(changed);
  for (const [key, n] of openWaitCounts([...gone.values()].map((json) => JSON.parse(json) as WaitlistEntry))) delta.set(key, (delta.get(key) ?? 0) - n);
  const latest = latestMomentOf(after);
  const current = ctx.get<OpenWaitSums>(OPEN_WAIT_SUMS, OPEN_WAIT_SUMS_ID);
  const unchanged = current !== undefined && [...delta.values()].every((n) => n === 0) && (latest === null || (current.latestChange !== null && Date.parse(latest) <= Date.parse(current.latestChange))) && after.every((e) => current.earliestSince !== null && e.since >= current.earliestSince);
  if (unchanged) return;
  ctx.update<OpenWaitSums>(OPEN_WAIT_SUMS, OPEN_WAIT_SUMS_ID, (doc) => {
    const sums = doc ?? { counts: {}, earliestSince: null, latestChange: null };
    for (const [key, n] of delta) if (n !== 0) bump(sums.counts, key, n);
    for (const e of after) if (sums.earliestSince === null || e.since < sums.earliestSince) sums.earliestSince = e.since;
    if (latest !== null && (sums.latestChange === null || Date.parse(latest) > Date.parse(sums.latestChange))) sums.latestChange = latest;
    return sums;
  });
}
