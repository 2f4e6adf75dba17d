import { RecordedEvent } from '@wijkzorg/event-store';

/**
 * The wonen measures (docs/uitkomsten/wonen.md) recomputed from the raw events, written from the event catalog
 * and the docs only (no read model, no api code), so it can disagree with them.
 */
export const WONEN_COUNTS = ['koppelingen', 'koppelingen_voorkeurswijk', 'verhuizingen_naar_woning', 'housing_first_plaatsingen', 'aanvragen', 'aanvragen_uit_intramuraal', 'koppelingen_uit_intramuraal', 'wederkerigheid_afgesproken', 'wederkerigheid_geleverd'] as const;
const INTRAMURAL = new Set(['intramurale_ggz', 'beschermd_wonen']);

export interface WonenTruth {
  /** `${measure}|${wijkCode}|${month}` → exact count. */
  counts: Map<string, number>;
  gemeenteOf: Map<string, string>;
}

export function recomputeWonen(events: RecordedEvent[]): WonenTruth {
  const counts = new Map<string, number>();
  const gemeenteOf = new Map<string, string>();
  const add = (measure: string, wijk: string, month: string) => counts.set(`${measure}|${wijk}|${month}`, (counts.get(`${measure}|${wijk}|${month}`) ?? 0) + 1);
  const formOf = new Map<string, string>();
  const originOf = new Map<string, string | null>();
  for (const e of events) {
    const d = e.data as Record<string, any>;
    const month = e.occurredAt.slice(0, 7);
    switch (e.type) {
      case 'WijkRegistered':
        gemeenteOf.set(d.wijkCode, d.gemeenteCode);
        break;
      case 'WooncirkelRegistered':
        formOf.set(d.wooncirkelId, d.form);
        break;
      case 'HousingRequested':
        originOf.set(d.clientId, d.origin ?? null);
        add('aanvragen', d.wijkCode, month);
        if (INTRAMURAL.has(d.origin)) add('aanvragen_uit_intramuraal', d.wijkCode, month);
        break;
      case 'HousingMatched':
        add('koppelingen', d.wijkCode, month);
        if (d.wijkCode === d.preferredWijk) add('koppelingen_voorkeurswijk', d.wijkCode, month);
        if (INTRAMURAL.has(originOf.get(d.clientId) ?? '')) add('koppelingen_uit_intramuraal', d.wijkCode, month);
        if (d.reciprocity.length > 0) add('wederkerigheid_afgesproken', d.wijkCode, month);
        break;
      case 'ClientMovedIn':
        add('verhuizingen_naar_woning', d.wijkCode, month);
        if (formOf.get(d.wooncirkelId) === 'housing_first') add('housing_first_plaatsingen', d.wijkCode, month);
        break;
      case 'ReciprocityAgreementChanged':
        if (d.to.length > 0) add('wederkerigheid_afgesproken', d.wijkCode, month);
        break;
      case 'ReciprocityDelivered':
        add('wederkerigheid_geleverd', d.wijkCode, d.month);
        break;
    }
  }
  return { counts, gemeenteOf };
}

export function monthsOfPeriod(period: string): string[] {
  const year = period.slice(0, 4);
  if (period.length === 7 && !period.includes('Q')) return [period];
  const first = period.includes('Q') ? (Number(period.slice(6)) - 1) * 3 + 1 : 1;
  const n = period.includes('Q') ? 3 : 12;
  return Array.from({ length: n }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

/** The exact values of one area (ALL = 'all', a gemeente code or a wijk code) for one period. */
export function wonenValues(truth: WonenTruth, area: string, period: string): Record<string, number | null> {
  const wijken = [...truth.gemeenteOf.keys()].filter((w) => area === 'all' || w === area || truth.gemeenteOf.get(w) === area);
  const months = monthsOfPeriod(period);
  const values: Record<string, number | null> = {};
  for (const measure of WONEN_COUNTS) values[measure] = wijken.reduce((sum, w) => sum + months.reduce((s, m) => s + (truth.counts.get(`${measure}|${w}|${m}`) ?? 0), 0), 0);
  const all = values.koppelingen!;
  values.aandeel_voorkeurswijk = all === 0 ? null : Math.round((values.koppelingen_voorkeurswijk! / all) * 1000) / 10;
  return values;
}
