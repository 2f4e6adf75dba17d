import { WAIT_KINDS, WAIT_STATUSES } from '@wijkzorg/read-models';
import { WaitlistStatistics } from '../wachtlijst/waitlist-statistics';
import { Protected, SECRET, forPublishedGroup } from './disclosure';
import { ALL_AREAS, ANY } from './area-codes';
import type { AreaSnapshot } from './area-figures';
import { hideBreakdownOfSmallGroup } from './readers';

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
