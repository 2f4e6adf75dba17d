import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { housingOutcomesProjection } from './housing-outcomes.projection';

const spec = projectionSpecification(housingOutcomesProjection);
const kern = { name: 'kern', opensAt: '08:00', closesAt: '22:00' };
const team = { teamId: 't-hf', name: 'HF', providerId: 'prov-a', caseloadCapacity: 5 };
const housingFirst = event('WooncirkelRegistered', { wooncirkelId: 'wc-hf', wijkCode: 'WK079605', name: 'HF', form: 'housing_first' as const, kern, team, homes: [] }, '2026-01-01T09:00:00Z', 2);
const requested = (clientId: string, origin: 'intramurale_ggz' | 'beschermd_wonen' | 'thuis', at: string) => event('HousingRequested', { clientId, wijkCode: 'WK079603', preferredWijk: 'WK079605', reason: 'x', origin }, at, 2);
const matched = (clientId: string, honoured: boolean, reciprocity: 'koken'[], at: string) =>
  event('HousingMatched', { clientId, offerId: `o-${clientId}`, homeId: 'h1', wooncirkelId: 'wc-hf', wijkCode: 'WK079605', preferredWijk: honoured ? 'WK079605' : 'WK079603', preferredWijkHonoured: honoured, deviationReason: honoured ? null : 'sneller', reciprocity, waitedSince: null }, at);
const movedIn = (clientId: string, at: string) => event('ClientMovedIn', { clientId, homeId: 'h1', wooncirkelId: 'wc-hf', wijkCode: 'WK079605', fromSetting: 'elders' as const, toSetting: 'eigen_woning_in_cirkel' as const, reason: 'passende_woning' as const }, at, 2);
const month = (wijkCode: string, m: string, counts: object) => ({ wijkCode, gemeenteCode: 'GM0796', month: m, counts });

describe('housing outcomes projection: monthly housing counts per wijk', () => {
  it('counts requests by origin where the client is served, and matches, move-ins and Housing First placements where the home lies', () => {
    spec
      .given([
        housingFirst,
        requested('c1', 'intramurale_ggz', '2026-02-03T09:00:00Z'),
        requested('c2', 'thuis', '2026-02-04T09:00:00Z'),
        requested('c3', 'beschermd_wonen', '2026-03-04T09:00:00Z'),
        matched('c1', true, ['koken'], '2026-03-10T09:00:00Z'),
        matched('c2', false, [], '2026-03-11T09:00:00Z'),
        movedIn('c1', '2026-04-01T09:00:00Z'),
        event('ClientDataErased', { clientId: 'c3', legalBasis: 'avg_art_17', wijkCode: 'WK079603', wooncirkelId: null, intensity: null, setting: null }, '2026-04-02T09:00:00Z', 3),
      ])
      .then({
        wooncirkel: { 'wc-hf': { form: 'housing_first' } },
        request: { c1: { origin: 'intramurale_ggz' }, c2: { origin: 'thuis' } },
        month: {
          'WK079603:2026-02': month('WK079603', '2026-02', { aanvragen: 2, aanvragen_uit_intramuraal: 1, aanvragen_overig: 1 }),
          'WK079603:2026-03': month('WK079603', '2026-03', { aanvragen: 1, aanvragen_uit_intramuraal: 1 }),
          'WK079605:2026-03': month('WK079605', '2026-03', { koppelingen: 2, koppelingen_voorkeurswijk: 1, koppelingen_buiten_voorkeurswijk: 1, koppelingen_uit_intramuraal: 1, wederkerigheid_afgesproken: 1 }),
          'WK079605:2026-04': month('WK079605', '2026-04', { verhuizingen_naar_woning: 1, housing_first_plaatsingen: 1 }),
        },
      });
  });

  it('counts reciprocity agreed (a change to at least one contribution) and delivered in the month delivered', () => {
    spec
      .given([
        event('ReciprocityAgreementChanged', { clientId: 'c1', wooncirkelId: 'wc-hf', wijkCode: 'WK079605', from: ['koken' as const], to: [], reason: 'x' }, '2026-05-01T09:00:00Z'),
        event('ReciprocityAgreementChanged', { clientId: 'c1', wooncirkelId: 'wc-hf', wijkCode: 'WK079605', from: [], to: ['klusjes' as const], reason: 'x' }, '2026-05-02T09:00:00Z'),
        event('ReciprocityDelivered', { clientId: 'c1', wooncirkelId: 'wc-hf', wijkCode: 'WK079605', contribution: 'klusjes' as const, month: '2026-04', hours: 2, times: null }, '2026-05-03T09:00:00Z'),
      ])
      .then({
        month: {
          'WK079605:2026-05': month('WK079605', '2026-05', { wederkerigheid_afgesproken: 1 }),
          'WK079605:2026-04': month('WK079605', '2026-04', { wederkerigheid_geleverd: 1 }),
        },
      });
  });
});
