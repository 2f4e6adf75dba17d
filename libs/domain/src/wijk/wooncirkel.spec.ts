import { DomainError, fold, givenWhen } from '../shared';
import { wijkDecider } from './wijk';
import { RegisterWooncirkel, WooncirkelEvent, homeOccupationClaim, homeReservationClaim, teamPlaceClaim, wooncirkelDecider } from './wooncirkel';

const registration: RegisterWooncirkel = {
  type: 'RegisterWooncirkel',
  wooncirkelId: 'wc-poelenburg',
  wijkCode: 'WK047901',
  name: 'Wooncirkel Poelenburg',
  form: 'kern_met_cirkel',
  kern: { name: 'Kern De Poel', opensAt: '07:30', closesAt: '22:30' },
  team: { teamId: 'team-poel', name: 'Team Poel', providerId: 'prov-a', caseloadCapacity: 1 },
  homes: [
    { homeId: 'h1', address: 'Poelenburg 1', housingType: 'cluster', owner: 'parteon', travelMinutesToKern: 0 },
    { homeId: 'h2', address: 'Poelenburg 20', housingType: 'zelfstandig_in_cirkel', owner: 'parteon', travelMinutesToKern: 8 },
  ],
};
const registered: WooncirkelEvent = { type: 'WooncirkelRegistered', schemaVersion: 2, occurredAt: '2026-01-01T00:00:00Z', data: (({ type: _t, ...d }) => d)(registration) };
const claimed = (clientId: string): WooncirkelEvent => ({ type: 'TeamPlaceClaimed', schemaVersion: 1, occurredAt: '2026-01-02T00:00:00Z', data: { wooncirkelId: 'wc-poelenburg', wijkCode: 'WK047901', teamId: 'team-poel', clientId } });

describe('wijk', () => {
  it('registers a CBS wijk inside its gemeente', () => {
    const events = givenWhen(wijkDecider, [], { type: 'RegisterWijk', wijkCode: 'WK047901', wijkName: 'Poelenburg', gemeenteCode: 'GM0479', gemeenteName: 'Zaanstad' });
    expect(events).toEqual([expect.objectContaining({ type: 'WijkRegistered', data: expect.objectContaining({ wijkCode: 'WK047901' }) })]);
  });
  it('refuses a wijk code from another gemeente, naming gemeenteCode', () => {
    const error = givenWhen(wijkDecider, [], { type: 'RegisterWijk', wijkCode: 'WK036301', wijkName: 'x', gemeenteCode: 'GM0479', gemeenteName: 'Zaanstad' });
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).field).toBe('gemeenteCode');
  });
});

describe('wooncirkel', () => {
  it('registers a kern, a team and homes close to the kern', () => {
    expect(givenWhen(wooncirkelDecider, [], registration)).toEqual([expect.objectContaining({ type: 'WooncirkelRegistered' })]);
  });

  it('refuses a home more than 10 minutes from the kern', () => {
    const far = { ...registration, homes: [{ homeId: 'h9', address: 'Ver weg 1', housingType: 'zelfstandig_in_cirkel' as const, owner: 'parteon', travelMinutesToKern: 11 }] };
    const error = givenWhen(wooncirkelDecider, [], far) as DomainError;
    expect(error.code).toBe('home_too_far_from_kern');
    expect(error.field).toBe('homes[0].travelMinutesToKern');
  });

  it('the 10-minute rule belongs to the form: a Housing First team registers scattered homes far from its base', () => {
    const housingFirst: RegisterWooncirkel = {
      ...registration,
      wooncirkelId: 'wc-hf',
      form: 'housing_first',
      homes: [{ homeId: 'hf1', address: 'Bijlmerdreef 100', housingType: 'housing_first', owner: 'rochdale', travelMinutesToKern: 30 }],
    };
    const [registeredHf] = givenWhen(wooncirkelDecider, [], housingFirst) as WooncirkelEvent[];
    expect(registeredHf).toMatchObject({ type: 'WooncirkelRegistered', data: { form: 'housing_first' } });
    const farHome = { homeId: 'hf2', address: 'Gaasperdam 3', housingType: 'housing_first' as const, owner: 'ymere', travelMinutesToKern: 35 };
    expect(givenWhen(wooncirkelDecider, [registeredHf], { type: 'AddHome', home: farHome })).toEqual([expect.objectContaining({ type: 'HomeAdded' })]);
    // The same home in a kern with its circle is too far.
    expect(givenWhen(wooncirkelDecider, [registered], { type: 'AddHome', home: { ...farHome, housingType: 'zelfstandig_in_cirkel' } })).toMatchObject({ code: 'home_too_far_from_kern', field: 'home.travelMinutesToKern' });
    expect(fold(wooncirkelDecider, [registeredHf]).homes.hf1).toMatchObject({ owner: 'rochdale', housingType: 'housing_first' });
  });

  it('refuses a housing type the form does not hold, a home without an owning corporation and an unknown form, naming the field', () => {
    expect(givenWhen(wooncirkelDecider, [registered], { type: 'AddHome', home: { homeId: 'h7', address: 'a', housingType: 'housing_first', owner: 'parteon', travelMinutesToKern: 3 } })).toMatchObject({ code: 'housing_type_not_in_form', field: 'home.housingType' });
    expect(givenWhen(wooncirkelDecider, [registered], { type: 'AddHome', home: { homeId: 'h7', address: 'a', housingType: 'cluster', owner: null, travelMinutesToKern: 3 } })).toMatchObject({ code: 'invalid_owner', field: 'home.owner' });
    expect(givenWhen(wooncirkelDecider, [registered], { type: 'AddHome', home: { homeId: 'h7', address: 'a', housingType: 'cluster', owner: 'Woningstichting X', travelMinutesToKern: 3 } })).toMatchObject({ code: 'invalid_owner', field: 'home.owner' });
    expect(givenWhen(wooncirkelDecider, [], { ...registration, form: 'kasteel' as never })).toMatchObject({ code: 'invalid_form', field: 'form' });
  });

  it('refuses opening hours that close before they open', () => {
    const error = givenWhen(wooncirkelDecider, [], { ...registration, kern: { name: 'k', opensAt: '22:30', closesAt: '07:30' } }) as DomainError;
    expect(error.field).toBe('kern.closesAt');
  });

  it('grants a team place while capacity lasts, then refuses', () => {
    expect(givenWhen(wooncirkelDecider, [registered], { type: 'ClaimTeamPlace', clientId: 'c1' })).toEqual([claimed('c1')].map((e) => expect.objectContaining({ type: e.type, data: e.data })));
    expect((givenWhen(wooncirkelDecider, [registered, claimed('c1')], { type: 'ClaimTeamPlace', clientId: 'c2' }) as DomainError).code).toBe('team_full');
  });

  it('claiming a place the client already holds decides nothing (idempotent)', () => {
    expect(givenWhen(wooncirkelDecider, [registered, claimed('c1')], { type: 'ClaimTeamPlace', clientId: 'c1' })).toStrictEqual([]);
  });

  it('refuses to occupy a home twice', () => {
    const occupied: WooncirkelEvent = { type: 'HomeOccupied', schemaVersion: 1, occurredAt: '2026-01-03T00:00:00Z', data: { wooncirkelId: 'wc-poelenburg', wijkCode: 'WK047901', homeId: 'h1', clientId: 'c1' } };
    expect((givenWhen(wooncirkelDecider, [registered, occupied], { type: 'OccupyHome', homeId: 'h1', clientId: 'c2' }) as DomainError).code).toBe('home_occupied');
  });
});

describe('wooncirkel claims', () => {
  const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T00:00:00Z`;
  const ev = <T extends WooncirkelEvent['type']>(type: T, data: Extract<WooncirkelEvent, { type: T }>['data'], day = 3) => ({ type, schemaVersion: 1, occurredAt: at(day), data }) as WooncirkelEvent;
  const place = { wooncirkelId: 'wc-poelenburg', wijkCode: 'WK047901' };
  const reserved = (clientId: string, offerId: string, homeId = 'h1') => ev('HomeReserved', { ...place, homeId, clientId, offerId });
  const occupied = (clientId: string, homeId = 'h1') => ev('HomeOccupied', { ...place, homeId, clientId });
  const released = (clientId: string, offerId: string, homeId = 'h1') => ev('HomeReservationReleased', { ...place, homeId, clientId, offerId, reason: 'offer_declined' });
  const state = (...given: WooncirkelEvent[]) => fold(wooncirkelDecider, [registered, ...given]);
  const errorOf = (result: unknown) => result as DomainError;

  it('decides a team place purely: held, grantable or refused', () => {
    expect(teamPlaceClaim(state(), 'c1')).toBe('grantable');
    expect(teamPlaceClaim(state(claimed('c1')), 'c1')).toBe('held');
    expect(teamPlaceClaim(state(claimed('c1')), 'c2')).toBe('refused');
  });

  it('decides a home reservation purely: free, held by this offer, reserved for another, occupied, unknown', () => {
    expect(homeReservationClaim(state(), 'h1', 'c1', 'o1')).toEqual({ outcome: 'grantable' });
    expect(homeReservationClaim(state(reserved('c1', 'o1')), 'h1', 'c1', 'o1')).toEqual({ outcome: 'held' });
    expect(homeReservationClaim(state(reserved('c1', 'o1')), 'h1', 'c2', 'o2')).toEqual({ outcome: 'refused', code: 'home_reserved' });
    expect(homeReservationClaim(state(reserved('c1', 'o1')), 'h1', 'c1', 'o9')).toEqual({ outcome: 'refused', code: 'home_reserved' });
    expect(homeReservationClaim(state(occupied('c3')), 'h1', 'c1', 'o1')).toEqual({ outcome: 'refused', code: 'home_occupied' });
    expect(homeReservationClaim(state(), 'constructor', 'c1', 'o1')).toEqual({ outcome: 'refused', code: 'unknown_home' });
    expect(homeReservationClaim(state(reserved('c1', 'o1'), released('c1', 'o1')), 'h1', 'c2', 'o2')).toEqual({ outcome: 'grantable' });
  });

  it('decides moving in purely: only the client the home is reserved for, into an empty home', () => {
    expect(homeOccupationClaim(state(reserved('c1', 'o1')), 'h1', 'c1')).toEqual({ outcome: 'grantable' });
    expect(homeOccupationClaim(state(reserved('c1', 'o1')), 'h1', 'c2')).toEqual({ outcome: 'refused', code: 'home_reserved' });
    expect(homeOccupationClaim(state(occupied('c1')), 'h1', 'c1')).toEqual({ outcome: 'held' });
    expect(homeOccupationClaim(state(occupied('c1')), 'h1', 'c2')).toEqual({ outcome: 'refused', code: 'home_occupied' });
  });

  it('reserves a home for one offer; another client is refused, naming homeId; the same offer again decides nothing', () => {
    expect(givenWhen(wooncirkelDecider, [registered], { type: 'ReserveHome', homeId: 'h1', clientId: 'c1', offerId: 'o1' })).toEqual([expect.objectContaining({ type: 'HomeReserved', data: { ...place, homeId: 'h1', clientId: 'c1', offerId: 'o1' } })]);
    expect(givenWhen(wooncirkelDecider, [registered, reserved('c1', 'o1')], { type: 'ReserveHome', homeId: 'h1', clientId: 'c1', offerId: 'o1' })).toStrictEqual([]);
    expect(errorOf(givenWhen(wooncirkelDecider, [registered, reserved('c1', 'o1')], { type: 'ReserveHome', homeId: 'h1', clientId: 'c2', offerId: 'o2' }))).toMatchObject({ code: 'home_reserved', field: 'homeId' });
  });

  it('a home reserved for one client cannot be occupied by another; moving in uses the reservation up', () => {
    expect(errorOf(givenWhen(wooncirkelDecider, [registered, reserved('c1', 'o1')], { type: 'OccupyHome', homeId: 'h1', clientId: 'c2' })).code).toBe('home_reserved');
    expect(givenWhen(wooncirkelDecider, [registered, reserved('c1', 'o1')], { type: 'OccupyHome', homeId: 'h1', clientId: 'c1' })).toEqual([expect.objectContaining({ type: 'HomeOccupied' })]);
    expect(state(reserved('c1', 'o1'), occupied('c1')).homes.h1).toMatchObject({ occupantClientId: 'c1', reservedFor: undefined });
  });

  it('releases a reservation only for the client holding it, naming the offer and the reason', () => {
    expect(givenWhen(wooncirkelDecider, [registered, reserved('c1', 'o1')], { type: 'ReleaseHomeReservation', homeId: 'h1', clientId: 'c1', reason: 'client_erased' })).toEqual([
      expect.objectContaining({ type: 'HomeReservationReleased', data: { ...place, homeId: 'h1', clientId: 'c1', offerId: 'o1', reason: 'client_erased' } }),
    ]);
    expect(givenWhen(wooncirkelDecider, [registered, reserved('c1', 'o1')], { type: 'ReleaseHomeReservation', homeId: 'h1', clientId: 'c2', reason: 'offer_declined' })).toStrictEqual([]);
    expect(givenWhen(wooncirkelDecider, [registered], { type: 'ReleaseHomeReservation', homeId: 'h1', clientId: 'c1', reason: 'offer_declined' })).toStrictEqual([]);
  });

  it('refuses a team capacity below the current team, naming caseloadCapacity', () => {
    const grown = ev('TeamCapacityChanged', { ...place, teamId: 'team-poel', from: 1, to: 3 }, 2);
    const given = [registered, grown, claimed('c1'), claimed('c2')];
    expect(errorOf(givenWhen(wooncirkelDecider, given, { type: 'ChangeTeamCapacity', caseloadCapacity: 1 }))).toMatchObject({ code: 'capacity_below_team', field: 'caseloadCapacity' });
    expect(givenWhen(wooncirkelDecider, given, { type: 'ChangeTeamCapacity', caseloadCapacity: 2 })).toEqual([expect.objectContaining({ type: 'TeamCapacityChanged', data: expect.objectContaining({ from: 3, to: 2 }) })]);
  });
});

describe('giving back on a wooncirkel that was never registered', () => {
  it('records nothing for a release, a vacating or a reservation release (nobody holds anything there)', () => {
    expect(givenWhen(wooncirkelDecider, [], { type: 'ReleaseTeamPlace', clientId: 'c1' })).toStrictEqual([]);
    expect(givenWhen(wooncirkelDecider, [], { type: 'VacateHome', homeId: 'h1', clientId: 'c1' })).toStrictEqual([]);
    expect(givenWhen(wooncirkelDecider, [], { type: 'ReleaseHomeReservation', homeId: 'h1', clientId: 'c1', reason: 'client_erased' })).toStrictEqual([]);
  });
  it('still refuses a claim there, naming wooncirkelId', () => {
    const error = givenWhen(wooncirkelDecider, [], { type: 'ClaimTeamPlace', clientId: 'c1' });
    expect((error as DomainError).code).toBe('unknown_wooncirkel');
  });
});
