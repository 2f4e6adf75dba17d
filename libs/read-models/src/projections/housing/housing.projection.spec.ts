import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { DomainEvent } from '../../projection';
import { housingProjection } from './housing.projection';

const spec = projectionSpecification(housingProjection);
const kern = { name: 'kern', opensAt: '08:00', closesAt: '22:00' };
const team = { teamId: 't-1', name: 'team', providerId: 'prov-a', caseloadCapacity: 5 };
const registered = event(
  'WooncirkelRegistered',
  {
    wooncirkelId: 'wc-1',
    wijkCode: 'WK047901',
    name: 'Poelenburg',
    form: 'kern_met_cirkel' as const,
    kern,
    team,
    homes: [
      { homeId: 'h1', address: 'Straat 1', housingType: 'cluster' as const, owner: 'parteon', travelMinutesToKern: 0 },
      { homeId: 'h2', address: 'Straat 2', housingType: 'zelfstandig_in_cirkel' as const, owner: 'rochdale', travelMinutesToKern: 6 },
    ],
  },
  '2026-01-01T09:00:00Z',
  2,
);
const home = (homeId: string, owner: string | null, status: string, since: string, extra: object = {}) => ({
  homeId,
  wooncirkelId: 'wc-1',
  wijkCode: 'WK047901',
  gemeenteCode: 'GM0479',
  housingType: homeId === 'h1' ? 'cluster' : 'zelfstandig_in_cirkel',
  owner: owner ?? 'onbekend',
  travelMinutesToKern: homeId === 'h1' ? 0 : 6,
  status,
  since,
  ...extra,
});
const place = { wooncirkel: { 'wc-1': { wooncirkelId: 'wc-1', wijkCode: 'WK047901', form: 'kern_met_cirkel' } } };
const use = (type: 'HomeReserved' | 'HomeOccupied' | 'HomeVacated', homeId: string, at: string) =>
  type === 'HomeReserved' ? event(type, { wooncirkelId: 'wc-1', wijkCode: 'WK047901', homeId, clientId: 'c1', offerId: 'o1' }, at) : event(type, { wooncirkelId: 'wc-1', wijkCode: 'WK047901', homeId, clientId: 'c1' }, at);

describe('housing projection: homes per owner, origins of requests, reciprocity agreed vs delivered', () => {
  it('follows each home through vacant, reserved and occupied, with its owner and no client', () => {
    spec
      .given([
        registered,
        use('HomeReserved', 'h2', '2026-02-01T09:00:00Z'),
        use('HomeOccupied', 'h2', '2026-02-20T09:00:00Z'),
        event('HomeAdded', { wooncirkelId: 'wc-1', home: { homeId: 'h3', address: 'Straat 3', housingType: 'cluster' as const, owner: 'parteon', travelMinutesToKern: 1 } }, '2026-03-01T09:00:00Z', 2),
        use('HomeReserved', 'h1', '2026-03-02T09:00:00Z'),
        event('HomeReservationReleased', { wooncirkelId: 'wc-1', wijkCode: 'WK047901', homeId: 'h1', clientId: 'c2', offerId: 'o2', reason: 'offer_declined' as const }, '2026-03-05T09:00:00Z'),
      ])
      .then({
        ...place,
        home: {
          'wc-1:h1': home('h1', 'parteon', 'vacant', '2026-03-05T09:00:00Z'),
          'wc-1:h2': home('h2', 'rochdale', 'occupied', '2026-02-20T09:00:00Z'),
          'wc-1:h3': home('h3', 'parteon', 'vacant', '2026-03-01T09:00:00Z', { housingType: 'cluster', travelMinutesToKern: 1 }),
        },
      });
  });

  it('counts housing requests per wijk and month by origin; a v1 request counts as not recorded', () => {
    const requested = (clientId: string, origin: 'intramurale_ggz' | 'thuis' | null, at: string) => event('HousingRequested', { clientId, wijkCode: 'WK075803', preferredWijk: 'WK075803', reason: 'x', origin }, at);
    const counts = (byOrigin: Record<string, number>) => ({ thuis: 0, intramurale_ggz: 0, beschermd_wonen: 0, maatschappelijke_opvang: 0, detentie: 0, ziekenhuis: 0, dakloos: 0, overig: 0, niet_vastgelegd: 0, ...byOrigin });
    spec.given([requested('c1', 'intramurale_ggz', '2026-02-03T09:00:00Z'), requested('c2', 'intramurale_ggz', '2026-02-13T09:00:00Z'), requested('c3', null, '2026-02-20T09:00:00Z'), requested('c4', 'thuis', '2026-03-01T09:00:00Z')]).then({
      origin: {
        'WK075803:2026-02': { wijkCode: 'WK075803', gemeenteCode: 'GM0758', month: '2026-02', requests: 3, byOrigin: counts({ intramurale_ggz: 2, niet_vastgelegd: 1 }) },
        'WK075803:2026-03': { wijkCode: 'WK075803', gemeenteCode: 'GM0758', month: '2026-03', requests: 1, byOrigin: counts({ thuis: 1 }) },
      },
    });
  });

  it('keeps per client what was agreed and what was delivered, follows a transfer and forgets an erased client', () => {
    const matched = event(
      'HousingMatched',
      { clientId: 'c1', offerId: 'o1', homeId: 'h2', wooncirkelId: 'wc-1', wijkCode: 'WK047901', preferredWijk: 'WK047901', preferredWijkHonoured: true, deviationReason: null, reciprocity: ['boodschappen' as const, 'klusjes' as const], waitedSince: null },
      '2026-02-10T09:00:00Z',
    );
    const delivered = (contribution: 'boodschappen' | 'klusjes' | 'koken', month: string, amount: { hours?: number; times?: number }) =>
      event('ReciprocityDelivered', { clientId: 'c1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', contribution, month, hours: amount.hours ?? null, times: amount.times ?? null }, `${month}-28T09:00:00Z`);
    const given: DomainEvent[] = [
      matched,
      delivered('boodschappen', '2026-02', { times: 3 }),
      delivered('boodschappen', '2026-03', { times: 2 }),
      event('ReciprocityAgreementChanged', { clientId: 'c1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', from: ['boodschappen' as const, 'klusjes' as const], to: ['boodschappen' as const, 'koken' as const], reason: 'kookt liever' }, '2026-04-01T09:00:00Z'),
      delivered('koken', '2026-04', { hours: 5 }),
      event(
        'ClientTransferred',
        { clientId: 'c1', from: { wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 't', providerId: 'p' }, to: { wooncirkelId: 'wc-2', wijkCode: 'WK047902', teamId: 't2', providerId: 'p' }, reason: 'r', intensity: 'geen' as const, setting: 'elders' as const },
        '2026-05-01T09:00:00Z',
      ),
    ];
    spec.given(given).then({
      reciprocity: {
        c1: {
          clientId: 'c1',
          wooncirkelId: 'wc-2',
          wijkCode: 'WK047902',
          gemeenteCode: 'GM0479',
          agreed: ['boodschappen', 'koken'],
          agreedSince: '2026-02-10T09:00:00Z',
          changes: 1,
          delivered: { boodschappen: { hours: 0, times: 5, months: ['2026-02', '2026-03'] }, koken: { hours: 5, times: 0, months: ['2026-04'] } },
          agreedDelivered: 2,
          lastDeliveredMonth: '2026-04',
        },
      },
    });
    spec.given([...given, event('ClientDataErased', { clientId: 'c1', legalBasis: 'avg_art_17' as const, wijkCode: 'WK047902', wooncirkelId: 'wc-2', intensity: 'geen' as const, setting: 'elders' as const }, '2026-06-01T09:00:00Z', 3)]).then({});
  });
});
