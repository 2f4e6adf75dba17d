import { DomainError, givenWhen } from '../shared';
import { wijkDecider } from './wijk';
import { RegisterWooncirkel, WooncirkelEvent, wooncirkelDecider } from './wooncirkel';

const registration: RegisterWooncirkel = {
  type: 'RegisterWooncirkel',
  wooncirkelId: 'wc-poelenburg',
  wijkCode: 'WK047901',
  name: 'Wooncirkel Poelenburg',
  kern: { name: 'Kern De Poel', opensAt: '07:30', closesAt: '22:30' },
  team: { teamId: 'team-poel', name: 'Team Poel', providerId: 'prov-a', caseloadCapacity: 1 },
  homes: [
    { homeId: 'h1', address: 'Poelenburg 1', kind: 'cluster', travelMinutesToKern: 0 },
    { homeId: 'h2', address: 'Poelenburg 20', kind: 'wooncirkel', travelMinutesToKern: 8 },
  ],
};
const registered: WooncirkelEvent = { type: 'WooncirkelRegistered', schemaVersion: 1, occurredAt: '2026-01-01T00:00:00Z', data: (({ type: _t, ...d }) => d)(registration) };
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
    const far = { ...registration, homes: [{ homeId: 'h9', address: 'Ver weg 1', kind: 'wooncirkel' as const, travelMinutesToKern: 11 }] };
    const error = givenWhen(wooncirkelDecider, [], far) as DomainError;
    expect(error.code).toBe('home_too_far_from_kern');
    expect(error.field).toBe('homes[0].travelMinutesToKern');
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
    expect(givenWhen(wooncirkelDecider, [registered, claimed('c1')], { type: 'ClaimTeamPlace', clientId: 'c1' })).toEqual([]);
  });

  it('refuses to occupy a home twice', () => {
    const occupied: WooncirkelEvent = { type: 'HomeOccupied', schemaVersion: 1, occurredAt: '2026-01-03T00:00:00Z', data: { wooncirkelId: 'wc-poelenburg', wijkCode: 'WK047901', homeId: 'h1', clientId: 'c1' } };
    expect((givenWhen(wooncirkelDecider, [registered, occupied], { type: 'OccupyHome', homeId: 'h1', clientId: 'c2' }) as DomainError).code).toBe('home_occupied');
  });
});
