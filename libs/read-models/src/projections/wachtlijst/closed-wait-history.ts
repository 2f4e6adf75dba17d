import { Doc, DocKey } from '../../read-model-store.port';
import { ProjectionContext, monthOf } from '../../projection';
import type { WaitSegment, WaitlistEntry } from './wachtlijst.projection';

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

const bump = (counts: Record<string, number>, key: string, n: number) => {
  const value = (counts[key] ?? 0) + n;
  if (value === 0) delete counts[key];
  else counts[key] = value;
};

/** Adds a wait that has just closed (every segment ended) to the history document of its closing month. */
export function recordClosedWait(ctx: ProjectionContext, closed: WaitlistEntry): void {
  const closedAt = closed.closedAt!;
  const segments: WaitSegment[] = closed.segments?.length ? closed.segments : [{ wijkCode: closed.wijkCode, gemeenteCode: closed.gemeenteCode, wooncirkelId: closed.wooncirkelId, from: closed.since, to: closedAt }];
  const sinceDay = String(Math.floor(Date.parse(closed.since) / DAY));
  const { id } = closedWaitHistoryKey(closedAt);
  ctx.update<ClosedWaitHistory>(CLOSED_WAIT_HISTORY, id, (doc) => {
    const history = doc ?? { month: id, latestClosedAt: closedAt, earliestSince: closed.since, areas: {}, completed: {} };
    if (closedAt > history.latestClosedAt) history.latestClosedAt = closedAt;
    if (closed.since < history.earliestSince) history.earliestSince = closed.since;
    const levels = [staysBy(segments, (s) => `wijk:${s.wijkCode}`), staysBy(segments, (s) => `gemeente:${s.gemeenteCode}`), staysBy(segments, () => ALL_WAIT_AREAS)];
    for (const stays of levels) {
      stays.forEach((stay, i) => {
        const area = (history.areas[stay.area] ??= { joined: {}, left: {}, staying: {}, waited: {} });
        const to = stay.to ?? closedAt;
        bump(area.joined, monthOf(stay.from), 1);
        bump(area.left, monthOf(to), 1);
        bump((area.staying[monthOf(stay.from)] ??= {}), sinceDay, 1);
        bump((area.staying[monthOf(to)] ??= {}), sinceDay, -1);
        for (const month of [monthOf(stay.from), monthOf(to)]) if (area.staying[month] && Object.keys(area.staying[month]).length === 0) delete area.staying[month];
        // A completed wait counts where it ended.
        if (i === stays.length - 1) bump(area.waited, String(closed.waitedDays ?? 0), 1);
      });
    }
    const last = segments[segments.length - 1];
    bump((history.completed[last.wijkCode] ??= {}), `${closed.kind}|${closed.status}|${closed.urgency}`, 1);
    return history;
  });
}
