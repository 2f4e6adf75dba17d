import { RecordedEvent } from '@wijkzorg/event-store';
import { inArea, inPeriod } from './recompute-doorbraaktafel';

/**
 * The money measures recomputed from the raw events, written from the event catalog and docs/uitkomsten/geld.md only
 * (no read model, no api code). Every amount counts in the calendar month of its event, in the client's wijk (a
 * client's money), the pot's wijk (a wijk pot) or the gemeente (a flex pot's own budget, in no wijk).
 */
export const FUNDERS_ALL = ['wmo', 'wmo_beschermd_wonen', 'wlz', 'zvw', 'participatiewet', 'forensische_zorg', 'gemeente_maatwerk', 'project', 'jeugdwet', 'woningcorporatie'];
export const PURPOSES = ['woonkosten', 'dagbesteding', 'vervoer', 'schulden', 'zorg_begeleiding', 'inrichting', 'opleiding_werk', 'overig'];
/** Keys that hold money of no person only (published as they are). */
export const OPEN_MONEY = ['toegekend_wijkbudget', 'toegekend_flexpot', 'vrijgegeven_wijkbudget'];

interface Movement {
  /** A wijk code, or a gemeente code for money of the whole gemeente. */
  area: string;
  month: string;
  keys: string[];
  cents: number;
}

export function recomputeGeld(events: RecordedEvent[]) {
  const moves: Movement[] = [];
  for (const e of events) {
    const d = e.data as Record<string, any>;
    const month = e.occurredAt.slice(0, 7);
    const purpose = PURPOSES.includes(d.purpose) ? d.purpose : 'overig';
    if (e.type === 'BudgetAllocated') moves.push({ area: d.wijkCode, month, cents: d.amountCents, keys: ['toegekend', 'toegekend_persoonsvolgend', `toegekend_wet_${d.funder}`] });
    if (e.type === 'BudgetReleased') moves.push({ area: d.wijkCode, month, cents: d.amountCents, keys: ['vrijgegeven', d.potId ? 'vrijgegeven_flexpot' : 'vrijgegeven_persoonsvolgend', `vrijgegeven_wet_${d.funder}`, `vrijgegeven_doel_${purpose}`] });
    if (e.type === 'BudgetSpent') moves.push({ area: d.wijkCode, month, cents: d.amountCents, keys: ['besteed', `besteed_wet_${d.funder}`, `besteed_doel_${purpose}`] });
    if (e.type === 'BudgetPotOpened' || e.type === 'BudgetPotToppedUp') moves.push({ area: d.kind === 'wijk' ? d.wijkCode : d.gemeenteCode, month, cents: d.amountCents, keys: ['toegekend', d.kind === 'wijk' ? 'toegekend_wijkbudget' : 'toegekend_flexpot', `toegekend_wet_${d.funder}`] });
    if (e.type === 'BudgetPotReleased' && d.clientId === null) moves.push({ area: d.wijkCode, month, cents: d.amountCents, keys: ['vrijgegeven', 'vrijgegeven_wijkbudget', `vrijgegeven_wet_${d.funder}`] });
  }
  const keys = [
    'toegekend',
    'toegekend_persoonsvolgend',
    'toegekend_wijkbudget',
    'toegekend_flexpot',
    'vrijgegeven',
    'vrijgegeven_persoonsvolgend',
    'vrijgegeven_flexpot',
    'vrijgegeven_wijkbudget',
    'besteed',
    ...FUNDERS_ALL.flatMap((f) => [`toegekend_wet_${f}`, `vrijgegeven_wet_${f}`, `besteed_wet_${f}`]),
    ...PURPOSES.flatMap((p) => [`vrijgegeven_doel_${p}`, `besteed_doel_${p}`]),
  ];
  const contains = (area: string, moveArea: string) => (moveArea.startsWith('GM') ? area === 'all' || area === moveArea : inArea(moveArea, area));

  /** The exact figures of one area and period; the flex pot's own budget is no wijk's (null there). */
  return (area: string, period: string): Record<string, number | null> => {
    const out: Record<string, number | null> = Object.fromEntries(keys.map((k) => [k, 0]));
    for (const m of moves) if (contains(area, m.area) && inPeriod(m.month, period)) for (const k of m.keys) out[k] = (out[k] as number) + m.cents;
    if (area.startsWith('WK')) out.toegekend_flexpot = null;
    return out;
  };
}
