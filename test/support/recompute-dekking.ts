import { RecordedEvent } from '@wijkzorg/event-store';

/**
 * The dekking measures (docs/uitkomsten/dekking.md) recomputed from the raw events, from the event catalog and
 * the docs only: per wooncirkel when it was registered, whether it has a kern, when its kern was closed and when
 * its team offered 24-uurs zorg.
 */
interface Circle {
  wijkCode: string;
  registeredAt: number;
  hasKern: boolean;
  closed: [number, number][];
  offered: [number, number][];
}

export interface DekkingTruth {
  circles: Map<string, Circle>;
  gemeenteOf: Map<string, string>;
}

export function recomputeDekking(events: RecordedEvent[]): DekkingTruth {
  const circles = new Map<string, Circle>();
  const gemeenteOf = new Map<string, string>();
  const open = (intervals: [number, number][], from: string) => intervals.push([Date.parse(from), Infinity]);
  const end = (intervals: [number, number][], at: string) => {
    const last = intervals.at(-1);
    if (last && last[1] === Infinity) last[1] = Date.parse(at);
  };
  for (const e of events) {
    const d = e.data as Record<string, any>;
    const circle = circles.get(d.wooncirkelId);
    switch (e.type) {
      case 'WijkRegistered':
        gemeenteOf.set(d.wijkCode, d.gemeenteCode);
        break;
      case 'WooncirkelRegistered':
        circles.set(d.wooncirkelId, { wijkCode: d.wijkCode, registeredAt: Date.parse(e.occurredAt), hasKern: (d.form ?? 'kern_met_cirkel') === 'kern_met_cirkel' && d.kern.opensAt < d.kern.closesAt, closed: [], offered: [] });
        break;
      case 'DayAndNightCareOffered':
        open(circle!.offered, d.from);
        break;
      case 'DayAndNightCareWithdrawn':
        end(circle!.offered, d.until);
        break;
      case 'KernClosed':
        open(circle!.closed, d.from);
        break;
      case 'KernReopened':
        end(circle!.closed, d.from);
        break;
    }
  }
  return { circles, gemeenteOf };
}

const lastMonth = (period: string) => (period.includes('Q') ? `${period.slice(0, 4)}-${String(Number(period.slice(6)) * 3).padStart(2, '0')}` : period.length === 4 ? `${period}-12` : period);

/** The last millisecond of the period, or `asOf` when that comes first. */
export function endOfPeriod(period: string, asOf: string): number {
  const [y, m] = lastMonth(period).split('-').map(Number);
  return Math.min(Date.UTC(y, m, 1) - 1, Date.parse(asOf));
}

export function dekkingValues(truth: DekkingTruth, area: string, period: string, asOf: string): Record<string, number> {
  const at = endOfPeriod(period, asOf);
  const during = (intervals: [number, number][]) => intervals.some(([from, until]) => from <= at && at < until);
  const here = [...truth.circles.values()].filter((c) => c.registeredAt <= at && (area === 'all' || c.wijkCode === area || truth.gemeenteOf.get(c.wijkCode) === area));
  const withKern = here.filter((c) => c.hasKern && !during(c.closed)).length;
  const with24h = here.filter((c) => during(c.offered)).length;
  return { wooncirkels: here.length, wooncirkels_met_kern: withKern, wooncirkels_met_24uurszorg: with24h, kern_beschikbaar: withKern > 0 ? 1 : 0, zorg_24uur_beschikbaar: with24h > 0 ? 1 : 0 };
}
