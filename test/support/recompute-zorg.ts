import { RecordedEvent } from '@wijkzorg/event-store';

/**
 * Group `zorg` recomputed from the raw events (docs/uitkomsten/zorg.md), independent of the read models and the
 * api: a client is in care from its intake until its trajectory is closed or its data erased, counted in the wijk,
 * care intensity and setting the last event gave it. Figures are exact (no disclosure control).
 */
export interface ZorgFigures {
  /** The exact value of a measure for an area ('all', a GM code or a WK code) and a period (2025, 2025-Q3, 2025-07). */
  value(area: string, period: string, key: string): number;
}

const INTENSITIES = ['geen', 'licht_ambulant', 'intensief_ambulant', 'zorg_24uur'];
const SETTINGS = ['eigen_woning_in_cirkel', 'clusterwoning', 'elders'];
const FLOW_EVENTS: Record<string, string> = { IntakeRegistered: 'intakes', TrajectoryClosed: 'afgesloten_trajecten', CareScaledUp: 'opschalingen', CareScaledDown: 'afschalingen' };

const gemeenteOf = (wijkCode: string) => `GM${wijkCode.slice(2, 6)}`;
const inArea = (area: string, wijkCode: string) => area === 'all' || area === wijkCode || area === gemeenteOf(wijkCode);

function monthsOf(period: string): string[] {
  if (/^\d{4}-\d{2}$/.test(period)) return [period];
  const year = period.slice(0, 4);
  const first = period.length === 4 ? 1 : (Number(period.slice(6)) - 1) * 3 + 1;
  return Array.from({ length: period.length === 4 ? 12 : 3 }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

export function recomputeZorg(events: RecordedEvent[], lastMonth: string): ZorgFigures {
  type Client = { wijkCode: string; intensity: string; setting: string };
  const clients = new Map<string, Client>();
  const wijken = new Set(events.filter((e) => e.type === 'WijkRegistered').map((e) => (e.data as { wijkCode: string }).wijkCode));
  /** Every stock change and flow: wijk, month, measure key, +1/−1. */
  const facts: { wijkCode: string; month: string; key: string; delta: number }[] = [];
  const stockKeys = (c: Client) => ['clienten', `clienten_${c.intensity}`, `clienten_${c.setting}`];
  const move = (id: string, month: string, next: Client | null) => {
    const was = clients.get(id);
    if (was) for (const key of stockKeys(was)) facts.push({ wijkCode: was.wijkCode, month, key, delta: -1 });
    if (next) for (const key of stockKeys(next)) facts.push({ wijkCode: next.wijkCode, month, key, delta: 1 });
    if (next) clients.set(id, next);
    else clients.delete(id);
  };
  for (const e of events) {
    const d = e.data as Record<string, any>;
    const month = e.occurredAt.slice(0, 7);
    const was = clients.get(d.clientId);
    switch (e.type) {
      case 'IntakeRegistered':
        if (was) continue;
        move(d.clientId, month, { wijkCode: d.placement.wijkCode, intensity: 'geen', setting: d.setting });
        break;
      case 'CareScaledUp':
      case 'CareScaledDown':
        if (was) move(d.clientId, month, { ...was, intensity: d.toIntensity });
        break;
      case 'ClientMovedIn':
      case 'ClientMovedOut':
      case 'ClientMoved':
        if (was) move(d.clientId, month, { ...was, setting: d.toSetting });
        break;
      case 'ClientTransferred':
        if (was) move(d.clientId, month, { ...was, wijkCode: d.to.wijkCode });
        break;
      case 'TrajectoryClosed':
      case 'ClientDataErased':
        if (!was) continue;
        move(d.clientId, month, null);
        break;
      default:
        continue;
    }
    const flow = FLOW_EVENTS[e.type];
    if (flow) facts.push({ wijkCode: e.type === 'TrajectoryClosed' ? was!.wijkCode : e.type === 'IntakeRegistered' ? d.placement.wijkCode : d.wijkCode, month, key: flow, delta: 1 });
  }
  const counted = facts.filter((f) => wijken.has(f.wijkCode) && f.month <= lastMonth);
  const stocks = new Set(['clienten', ...INTENSITIES.map((i) => `clienten_${i}`), ...SETTINGS.map((s) => `clienten_${s}`)]);
  return {
    value(area, period, key) {
      const months = monthsOf(period).filter((m) => m <= lastMonth);
      if (months.length === 0) return 0;
      const relevant = counted.filter((f) => f.key === key && inArea(area, f.wijkCode));
      // A stock: every change up to the end of the period's last month (up to now for the running period).
      if (stocks.has(key)) return relevant.filter((f) => f.month <= months.at(-1)!).reduce((s, f) => s + f.delta, 0);
      return relevant.filter((f) => months.includes(f.month)).reduce((s, f) => s + f.delta, 0);
    },
  };
}
