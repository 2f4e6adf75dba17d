import { WaitSegment, WaitlistEntry } from './wachtlijst.projection';
import { waitOutcomeCounts } from './wait-sums';

const MONTHS = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04'];
const endOf = (month: string) => Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1) - 1;
const segment = (wijkCode: string, from: string, to: string | null): WaitSegment => ({ wijkCode, gemeenteCode: `GM${wijkCode.slice(2, 6)}`, wooncirkelId: `wc-${wijkCode}`, from, to });

function entry(since: string, closedAt: string | null, segments: WaitSegment[]): WaitlistEntry {
  const last = segments[segments.length - 1];
  return {
    waitId: 'c:care:1',
    clientId: 'c',
    kind: 'care',
    wooncirkelId: last.wooncirkelId,
    wijkCode: last.wijkCode,
    gemeenteCode: last.gemeenteCode,
    since,
    urgency: 'regulier',
    status: 'actief_wachtend',
    open: closedAt === null,
    requestedIntensity: null,
    closedAt,
    waitedDays: closedAt === null ? null : 0,
    endedBy: closedAt === null ? null : 'served',
    segments,
  };
}

/** The stock at each month end per wijk as the table read from every entry counts it: open then, in the segment covering then (else the last). */
function stocksFromTheEntry(e: WaitlistEntry): Record<string, number> {
  const stocks: Record<string, number> = {};
  for (const month of MONTHS) {
    const at = endOf(month);
    if (!(Date.parse(e.since) <= at && (e.closedAt === null || Date.parse(e.closedAt) > at))) continue;
    const s = e.segments.find((x) => Date.parse(x.from) <= at && (x.to === null || Date.parse(x.to) > at)) ?? e.segments[e.segments.length - 1];
    stocks[`${s.wijkCode}|${month}`] = 1;
  }
  return stocks;
}

/** The same stocks from the counts the projection sums: per wijk, the stock counts of the months up to each month end. */
function stocksFromTheSums(e: WaitlistEntry): Record<string, number> {
  const stocks: Record<string, number> = {};
  const counts = waitOutcomeCounts(e, e.segments).filter(([, key]) => key.startsWith('stock|'));
  for (const wijk of new Set(counts.map(([w]) => w)))
    for (const month of MONTHS) {
      const n = counts.filter(([w, key]) => w === wijk && key.split('|')[3] <= month).reduce((sum, [, , k]) => sum + k, 0);
      if (n !== 0) stocks[`${wijk}|${month}`] = n;
    }
  return stocks;
}

describe('waitOutcomeCounts: the stock counts of a wait equal what the table counts from the entry at every month end', () => {
  const cases: [string, WaitlistEntry][] = [
    ['a wait that moved once and closed', entry('2026-01-15T00:00:00Z', '2026-03-20T00:00:00Z', [segment('WK047901', '2026-01-15T00:00:00Z', '2026-02-10T00:00:00Z'), segment('WK036301', '2026-02-10T00:00:00Z', '2026-03-20T00:00:00Z')])],
    ['an open wait', entry('2025-12-03T00:00:00Z', null, [segment('WK047901', '2025-12-03T00:00:00Z', null)])],
    // A scale-up recorded with an effectiveAt before the wait began: the segment ends before it starts.
    ['a wait closed before it began (backdated close)', entry('2026-03-10T00:00:00Z', '2026-01-15T00:00:00Z', [segment('WK047901', '2026-03-10T00:00:00Z', '2026-01-15T00:00:00Z')])],
    // Moved on 10 March, closed effective 20 February: the second segment ends before it starts.
    ['a wait closed before its last move', entry('2026-01-15T00:00:00Z', '2026-02-20T00:00:00Z', [segment('WK047901', '2026-01-15T00:00:00Z', '2026-03-10T00:00:00Z'), segment('WK036301', '2026-03-10T00:00:00Z', '2026-02-20T00:00:00Z')])],
    // A transfer effective before the previous one.
    ['a wait whose moves were recorded out of order', entry('2025-12-01T00:00:00Z', null, [segment('WK047901', '2025-12-01T00:00:00Z', '2026-03-01T00:00:00Z'), segment('WK036301', '2026-03-01T00:00:00Z', '2026-01-20T00:00:00Z'), segment('WK040501', '2026-01-20T00:00:00Z', null)])],
  ];

  it.each(cases)('%s', (_, e) => {
    expect(stocksFromTheSums(e)).toEqual(stocksFromTheEntry(e));
  });

  it('counts nothing negative anywhere for a backdated close', () => {
    const [, backdated] = cases[3];
    expect(Object.values(stocksFromTheSums(backdated)).every((n) => n > 0)).toBe(true);
    expect(stocksFromTheSums(backdated)).toEqual({ 'WK047901|2026-01': 1 });
  });
});
