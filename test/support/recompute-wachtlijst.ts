import { RecordedEvent } from '@wijkzorg/event-store';
import { ExpectedWait, recompute } from './recompute';

/**
 * The wachtlijst outcome measures (docs/uitkomsten/wachtlijst.md) recomputed from the raw events: the waits as
 * recompute() rebuilds them from the event catalog, then every figure of an area and period counted directly —
 * gemeenten, the region, quarters and years from the waits themselves, not from the API's months or wijken.
 */
const DAY = 86_400_000;
const GROUPS: Record<string, string[]> = { teamplaats: ['care', 'transfer'], woning: ['housing'], daginvulling: ['daginvulling'], indicatie: ['indicatie'] };
const URGENCIES = ['regulier', 'hoog', 'acuut'];
export const ALL = 'all';

const gemeenteOf = (wijkCode: string) => `GM${wijkCode.slice(2, 6)}`;
const inArea = (wijkCode: string, area: string) => area === ALL || area === wijkCode || area === gemeenteOf(wijkCode);

function monthsOfPeriod(period: string): string[] {
  if (/^\d{4}-\d{2}$/.test(period)) return [period];
  const year = period.slice(0, 4);
  const [first, n] = period.includes('Q') ? [(Number(period.slice(6)) - 1) * 3 + 1, 3] : [1, 12];
  return Array.from({ length: n }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`);
}
/** The first millisecond after a month, minus one. */
function lastMsOf(month: string): number {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - 1;
}
function nearestRank(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
/** Where a wait was at a moment: the part that covers it. */
function wijkAt(w: ExpectedWait, ms: number): string {
  const part = w.segments.find((s) => Date.parse(s.from) <= ms && (s.to === null || Date.parse(s.to) > ms)) ?? w.segments[w.segments.length - 1];
  return part.wijkCode;
}

export interface WachtlijstRecomputation {
  waits: (ExpectedWait & { group: string; urgency: string })[];
  /** The exact figure of a measure key for an area (wijk code, gemeente code or 'all') and a period. */
  value(key: string, area: string, period: string): number | null;
}

export function recomputeWachtlijst(events: RecordedEvent[], asOf: string): WachtlijstRecomputation {
  const asOfMs = Date.parse(asOf);
  const { waits: all, clients } = recompute(events, asOf);
  const groupOf = (kind: string) => Object.keys(GROUPS).find((g) => GROUPS[g].includes(kind))!;
  // The legal decision term of each aanvraag, by client and moment asked (a wait's `since` is that moment).
  const termOf = new Map(events.filter((e) => e.type === 'IndicatieRequested').map((e) => [`${(e.data as { clientId: string }).clientId}@${e.occurredAt}`, Date.parse((e.data as { decideBefore: string }).decideBefore)]));
  const waits = all.filter((w) => Date.parse(w.since) <= asOfMs).map((w) => ({ ...w, group: groupOf(w.kind), urgency: clients.get(w.clientId)!.urgency }));
  const endOfPeriod = (period: string) => Math.min(lastMsOf(monthsOfPeriod(period).at(-1)!), asOfMs);
  const openAt = (w: ExpectedWait, ms: number) => Date.parse(w.since) <= ms && (w.closedAt === null || Date.parse(w.closedAt) > ms);
  const ended = (w: ExpectedWait) => w.closedAt !== null && Date.parse(w.closedAt) <= asOfMs;

  const lists = new Map<string, ReturnType<typeof listsOf>>();
  function listsOf(area: string, period: string) {
    const months = new Set(monthsOfPeriod(period));
    const end = endOfPeriod(period);
    const openHere = waits.filter((w) => openAt(w, end) && inArea(wijkAt(w, end), area));
    const startedHere = waits.filter((w) => months.has(w.since.slice(0, 7)) && inArea(w.segments[0].wijkCode, area));
    const endedHere = waits.filter((w) => ended(w) && months.has(w.closedAt!.slice(0, 7)) && inArea(w.segments[w.segments.length - 1].wijkCode, area));
    return { end, openHere, startedHere, endedHere, placed: endedHere.filter((w) => w.endedBy === 'served') };
  }
  function value(key: string, area: string, period: string): number | null {
    if (!lists.has(`${area}|${period}`)) lists.set(`${area}|${period}`, listsOf(area, period));
    const { end, openHere, startedHere, endedHere, placed } = lists.get(`${area}|${period}`)!;
    const ageOf = (w: ExpectedWait) => Math.floor((end - Date.parse(w.since)) / DAY);
    let m: RegExpMatchArray | null;
    if (key === 'wachtend') return openHere.length;
    if (key === 'wachtend_langer_dan_6_maanden') return openHere.filter((w) => ageOf(w) > 182).length;
    if (key === 'wachtend_langer_dan_12_maanden') return openHere.filter((w) => ageOf(w) > 365).length;
    if (key === 'aanvragen_over_termijn') return openHere.filter((w) => w.kind === 'indicatie' && termOf.get(`${w.clientId}@${w.since}`)! < end).length;
    if (key === 'wachtduur_p90_wachtenden') return nearestRank(openHere.map(ageOf), 90);
    if ((m = key.match(/^wachtend_([a-z]+)(?:_([a-z]+))?$/))) return openHere.filter((w) => w.group === m![1] && (!m![2] || w.urgency === m![2])).length;
    if (key === 'instroom') return startedHere.length;
    if ((m = key.match(/^instroom_([a-z]+)$/))) return startedHere.filter((w) => w.group === m![1]).length;
    if (key === 'uitstroom') return endedHere.length;
    if (key === 'uitstroom_geplaatst') return placed.length;
    if (key === 'uitstroom_zonder_plaatsing') return endedHere.length - placed.length;
    if ((m = key.match(/^uitstroom_([a-z]+)$/))) return endedHere.filter((w) => w.group === m![1]).length;
    if ((m = key.match(/^wachttijd_(mediaan|p90)_([a-z]+)(?:_([a-z]+))?$/))) {
      const days = placed.filter((w) => w.group === m![2] && (!m![3] || w.urgency === m![3])).map((w) => w.waitedDays!);
      return nearestRank(days, m[1] === 'mediaan' ? 50 : 90);
    }
    throw new Error(`no recomputation for ${key}`);
  }
  return { waits, value };
}

export const WACHTLIJST_GROUPS = Object.keys(GROUPS);
export const WACHTLIJST_URGENCIES = URGENCIES;
