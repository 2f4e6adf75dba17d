import { RecordedEvent } from '@wijkzorg/event-store';

/**
 * The doorbraaktafel measures recomputed from the raw events, written from the event catalog and
 * docs/uitkomsten/doorbraaktafel.md only (no read model, no api code), so it can disagree with them.
 * An area is a wijk code, a gemeente code (GM + the wijk code's four digits) or 'all'; a period is a month, quarter or year.
 */
export const BREAKTHROUGH_TYPES_SEEN = ['uitkering', 'woning', 'zorg', 'schulden', 'justitie', 'daginvulling', 'vervoer', 'overig'];
export const AVOIDED_CATEGORIES = ['detentie', 'crisisopname', 'huisuitzetting', 'maatschappelijke_opvang', 'beschermd_wonen', 'politie_inzet', 'overig'];

interface CaseFact {
  wijkCode: string;
  month: string;
}
interface Decision {
  case: CaseFact;
  month: string;
  clientId: string;
  type: string;
  leadTimeDays: number | null;
  solutionCostCents: number | null;
  avoided: { category: string; amountCents: number; basisMonths: number } | null;
}

export const inArea = (wijkCode: string, area: string) => area === 'all' || area === wijkCode || area === `GM${wijkCode.slice(2, 6)}`;
export function inPeriod(month: string, period: string): boolean {
  if (period.length === 7 && !period.includes('Q')) return month === period;
  if (period.length === 4) return month.startsWith(period);
  const quarter = Number(period.slice(6));
  const m = Number(month.slice(5, 7));
  return month.startsWith(period.slice(0, 4)) && Math.ceil(m / 3) === quarter;
}

export function recomputeDoorbraaktafel(events: RecordedEvent[]) {
  const cases = new Map<string, CaseFact>();
  const closed: CaseFact[] = [];
  const decisions: Decision[] = [];
  for (const e of events) {
    const d = e.data as Record<string, any>;
    const id = `${d.clientId}:${d.caseId}`;
    if (e.type === 'CaseEscalated') cases.set(id, { wijkCode: d.wijkCode, month: e.occurredAt.slice(0, 7) });
    if (e.type === 'CaseClosed' && cases.has(id)) closed.push({ wijkCode: cases.get(id)!.wijkCode, month: e.occurredAt.slice(0, 7) });
    if (e.type === 'DoorbraakDecisionRecorded' && cases.has(id))
      decisions.push({ case: cases.get(id)!, month: e.occurredAt.slice(0, 7), clientId: d.clientId, type: d.breakthroughType ?? 'overig', leadTimeDays: d.leadTimeDays ?? null, solutionCostCents: d.solutionCostCents ?? null, avoided: d.avoidedCost ?? null });
  }

  /** The exact figures of one area and period, keyed as the api's measures. */
  return (area: string, period: string): Record<string, number | null> => {
    const here = decisions.filter((d) => inArea(d.case.wijkCode, area) && inPeriod(d.month, period));
    const leadTimes = here.flatMap((d) => (d.leadTimeDays === null ? [] : [d.leadTimeDays])).sort((a, b) => a - b);
    const n = leadTimes.length;
    const out: Record<string, number | null> = {
      zaken_aangemeld: [...cases.values()].filter((c) => inArea(c.wijkCode, area) && inPeriod(c.month, period)).length,
      zaken_gesloten: closed.filter((c) => inArea(c.wijkCode, area) && inPeriod(c.month, period)).length,
      doorbraken: here.length,
      doorlooptijd_mediaan_dagen: n === 0 ? null : n % 2 === 1 ? leadTimes[(n - 1) / 2] : Math.round((leadTimes[n / 2 - 1] + leadTimes[n / 2]) / 2),
      doorlooptijd_p90_dagen: n === 0 ? null : leadTimes[Math.ceil(0.9 * n) - 1],
      oplossingskosten: here.reduce((s, d) => s + (d.solutionCostCents ?? 0), 0),
      vermeden_kosten: here.reduce((s, d) => s + (d.avoided?.amountCents ?? 0), 0),
    };
    for (const t of BREAKTHROUGH_TYPES_SEEN) out[`doorbraken_${t}`] = here.filter((d) => d.type === t).length;
    for (const c of AVOIDED_CATEGORIES) out[`vermeden_kosten_${c}`] = here.reduce((s, d) => s + (d.avoided?.category === c ? d.avoided.amountCents : 0), 0);
    return out;
  };
}
