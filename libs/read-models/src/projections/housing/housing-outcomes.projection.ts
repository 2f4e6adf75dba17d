import { ClientOrigin } from '@wijkzorg/domain';
import { ProjectedEvent, Projection, gemeenteOf, monthOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/** Origins that count as uitstroom from intramural care (Breda): an intramural GGZ stay or beschermd wonen. */
export const INTRAMURAL_ORIGINS: readonly ClientOrigin[] = ['intramurale_ggz', 'beschermd_wonen'];

/** The monthly housing counts of one wijk (docs/uitkomsten/wonen.md defines each). */
export const HOUSING_OUTCOME_METRICS = [
  'koppelingen',
  'koppelingen_voorkeurswijk',
  'koppelingen_buiten_voorkeurswijk',
  'koppelingen_uit_intramuraal',
  'verhuizingen_naar_woning',
  'housing_first_plaatsingen',
  'aanvragen',
  'aanvragen_uit_intramuraal',
  'aanvragen_overig',
  'wederkerigheid_afgesproken',
  'wederkerigheid_geleverd',
] as const;
export type HousingOutcomeMetric = (typeof HOUSING_OUTCOME_METRICS)[number];

/** Counts of one wijk in one month: codes and numbers only. */
export interface HousingOutcomeMonth extends Doc {
  wijkCode: string;
  gemeenteCode: string;
  month: string;
  counts: Partial<Record<HousingOutcomeMetric, number>>;
}

/** Where the client's latest housing request came from (internal: a match is counted by it; never served). */
interface RequestOrigin extends Doc {
  origin: ClientOrigin | null;
}
interface WooncirkelFormDoc extends Doc {
  form: string;
}

const monthKey = (wijkCode: string, month: string): DocKey => ({ collection: 'month', id: `${wijkCode}:${month}` });
const requestKey = (clientId: string): DocKey => ({ collection: 'request', id: clientId });
const formKey = (wooncirkelId: string): DocKey => ({ collection: 'wooncirkel', id: wooncirkelId });

/**
 * Housing outcomes per wijk and month: matches (in the preferred wijk or not, from intramural care), move-ins,
 * Housing First placements, requests by origin, reciprocity agreed and delivered.
 */
export const housingOutcomesProjection: Projection = {
  name: 'housing_outcomes',
  version: 1,
  indexes: { month: ['wijkCode', 'gemeenteCode', 'month'] },
  handles: ['WooncirkelRegistered', 'HousingRequested', 'HousingMatched', 'ClientMovedIn', 'ReciprocityAgreementChanged', 'ReciprocityDelivered', 'ClientDataErased'],

  keys(e: ProjectedEvent): DocKey[] {
    const { type, data: d } = e;
    switch (type) {
      case 'WooncirkelRegistered':
        return [formKey(d.wooncirkelId)];
      case 'HousingRequested':
        return [requestKey(d.clientId), monthKey(d.wijkCode, monthOf(e.occurredAt))];
      case 'HousingMatched':
        return [requestKey(d.clientId), monthKey(d.wijkCode, monthOf(e.occurredAt))];
      case 'ClientMovedIn':
        return [formKey(d.wooncirkelId), monthKey(d.wijkCode, monthOf(e.occurredAt))];
      case 'ReciprocityAgreementChanged':
        return [monthKey(d.wijkCode, monthOf(e.occurredAt))];
      case 'ReciprocityDelivered':
        return [monthKey(d.wijkCode, d.month)];
      case 'ClientDataErased':
        return [requestKey(d.clientId)];
      default:
        return [];
    }
  },

  apply(e: ProjectedEvent, ctx): void {
    const count = (wijkCode: string, month: string, metrics: HousingOutcomeMetric[]) =>
      ctx.update<HousingOutcomeMonth>('month', `${wijkCode}:${month}`, (m) => {
        const doc = m ?? { wijkCode, gemeenteCode: gemeenteOf(wijkCode), month, counts: {} };
        for (const metric of metrics) doc.counts = { ...doc.counts, [metric]: (doc.counts[metric] ?? 0) + 1 };
        return doc;
      });
    const { type, data: d } = e;
    switch (type) {
      case 'WooncirkelRegistered':
        ctx.update<WooncirkelFormDoc>('wooncirkel', d.wooncirkelId, () => ({ form: d.form }));
        return;
      case 'HousingRequested': {
        ctx.update<RequestOrigin>('request', d.clientId, () => ({ origin: d.origin }));
        const intramural = d.origin !== null && INTRAMURAL_ORIGINS.includes(d.origin);
        count(d.wijkCode, monthOf(e.occurredAt), ['aanvragen', intramural ? 'aanvragen_uit_intramuraal' : 'aanvragen_overig']);
        return;
      }
      case 'HousingMatched': {
        const origin = ctx.get<RequestOrigin>('request', d.clientId)?.origin ?? null;
        const metrics: HousingOutcomeMetric[] = ['koppelingen', d.preferredWijkHonoured ? 'koppelingen_voorkeurswijk' : 'koppelingen_buiten_voorkeurswijk'];
        if (origin !== null && INTRAMURAL_ORIGINS.includes(origin)) metrics.push('koppelingen_uit_intramuraal');
        if (d.reciprocity.length > 0) metrics.push('wederkerigheid_afgesproken');
        count(d.wijkCode, monthOf(e.occurredAt), metrics);
        return;
      }
      case 'ClientMovedIn': {
        const form = ctx.get<WooncirkelFormDoc>('wooncirkel', d.wooncirkelId)?.form;
        count(d.wijkCode, monthOf(e.occurredAt), form === 'housing_first' ? ['verhuizingen_naar_woning', 'housing_first_plaatsingen'] : ['verhuizingen_naar_woning']);
        return;
      }
      case 'ReciprocityAgreementChanged':
        if (d.to.length > 0) count(d.wijkCode, monthOf(e.occurredAt), ['wederkerigheid_afgesproken']);
        return;
      case 'ReciprocityDelivered':
        count(d.wijkCode, d.month, ['wederkerigheid_geleverd']);
        return;
      case 'ClientDataErased':
        // Person-level: the erased client's request origin leaves the read model (counts already made stay).
        ctx.update<RequestOrigin>('request', d.clientId, () => null);
        return;
    }
  },
};
