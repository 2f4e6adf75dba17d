import { DomainError, fold, givenWhen, testContext } from '../shared';
import { RegisterWooncirkel, WooncirkelCommand, WooncirkelEvent, teamPlaceClaim, wooncirkelDecider } from './wooncirkel';
import { GrantOverCapacity } from './team';

const ref = { wooncirkelId: 'wc-poel', wijkCode: 'WK047901', teamId: 'team-poel' };
const registration: RegisterWooncirkel = {
  type: 'RegisterWooncirkel',
  wooncirkelId: 'wc-poel',
  wijkCode: 'WK047901',
  name: 'Wooncirkel Poelenburg',
  form: 'kern_met_cirkel',
  kern: { name: 'Kern De Poel', opensAt: '07:30', closesAt: '22:30' },
  team: { teamId: 'team-poel', name: 'Team Poel', providerId: 'prov-a', caseloadCapacity: 1 },
  homes: [],
};
const at = (day: number) => `2026-02-${String(day).padStart(2, '0')}T10:00:00Z`;
const ev = <T extends WooncirkelEvent['type']>(type: T, data: object, day = 1) => ({ type, schemaVersion: 1, occurredAt: at(day), data: { ...ref, ...data } }) as WooncirkelEvent;
const registered = { type: 'WooncirkelRegistered', schemaVersion: 1, occurredAt: at(1), data: (({ type: _t, ...d }) => d)(registration) } as WooncirkelEvent;
const joined = (staffId: string, role: string, day = 1) => ev('StaffJoinedTeam', { staffId, role, hoursPerWeek: 32 }, day);
const claimed = (clientId: string, day = 2) => ev('TeamPlaceClaimed', { clientId }, day);
const waits = (clientId: string, urgency: string, day: number, kind = 'care') => ev('TeamPlaceWaitStarted', { clientId, kind, urgency }, day);
const when = (given: WooncirkelEvent[], command: WooncirkelCommand, now = '2026-03-01T09:00:00Z') => givenWhen(wooncirkelDecider, given, command, testContext({ now }));
const refusal = (result: unknown) => result as DomainError;
const full = [registered, joined('tl-mirjam', 'teamleider'), claimed('c-on-team')];

describe('team composition', () => {
  it('a staff member joins with a role and hours; an ervaringsdeskundige is a role like the others', () => {
    expect(when([registered], { type: 'JoinTeam', staffId: 'ed-karim', role: 'ervaringsdeskundige', hoursPerWeek: 16 })).toEqual([expect.objectContaining({ type: 'StaffJoinedTeam', data: { ...ref, staffId: 'ed-karim', role: 'ervaringsdeskundige', hoursPerWeek: 16 } })]);
  });
  it('refuses a staff code that is not one, a role outside TEAM_ROLES, impossible hours and a second join, each naming its field', () => {
    expect(refusal(when([registered], { type: 'JoinTeam', staffId: 'Anouk Jansen', role: 'woonbegeleider', hoursPerWeek: 16 })).field).toBe('staffId');
    expect(refusal(when([registered], { type: 'JoinTeam', staffId: 'wb-anouk', role: 'chauffeur' as never, hoursPerWeek: 16 })).field).toBe('role');
    expect(refusal(when([registered], { type: 'JoinTeam', staffId: 'wb-anouk', role: 'woonbegeleider', hoursPerWeek: 41 })).field).toBe('hoursPerWeek');
    expect(refusal(when([registered, joined('wb-anouk', 'woonbegeleider')], { type: 'JoinTeam', staffId: 'wb-anouk', role: 'woonbegeleider', hoursPerWeek: 16 })).code).toBe('already_on_team');
  });
  it('a leaver leaves with a coded reason and the role they had; only a member can leave', () => {
    expect(when([registered, joined('wb-anouk', 'woonbegeleider')], { type: 'LeaveTeam', staffId: 'wb-anouk', reason: 'uit_dienst' })).toEqual([expect.objectContaining({ type: 'StaffLeftTeam', data: { ...ref, staffId: 'wb-anouk', role: 'woonbegeleider', reason: 'uit_dienst' } })]);
    expect(refusal(when([registered], { type: 'LeaveTeam', staffId: 'wb-anouk', reason: 'uit_dienst' })).code).toBe('not_on_team');
  });
});

describe('a freed team place goes to the wachtlijst', () => {
  it('offers the freed place to the most urgent client, then the longest waiting (acuut > hoog > regulier)', () => {
    const given = [...full, waits('c-regulier-oud', 'regulier', 3), waits('c-hoog', 'hoog', 5), waits('c-hoog-oud', 'hoog', 4)];
    const events = when(given, { type: 'ReleaseTeamPlace', clientId: 'c-on-team' }) as WooncirkelEvent[];
    expect(events.map((e) => e.type)).toEqual(['TeamPlaceReleased', 'TeamPlaceOffered']);
    expect(events[1].data).toMatchObject({ clientId: 'c-hoog-oud', kind: 'care', urgency: 'hoog', waitingSince: at(4), reservedUntil: '2026-03-06T09:00:00.000Z', overCapacity: false });
  });
  it('the offered place is reserved: only its client may claim it', () => {
    const given = [...full, waits('c-a', 'regulier', 3), ev('TeamPlaceReleased', { clientId: 'c-on-team' }, 6), ev('TeamPlaceOffered', { offerId: 'team-poel-plaats-1', clientId: 'c-a', kind: 'care', urgency: 'regulier', waitingSince: at(3), reservedUntil: at(11), overCapacity: false }, 6)];
    const state = fold(wooncirkelDecider, given);
    expect(teamPlaceClaim(state, 'c-other')).toBe('refused');
    expect(teamPlaceClaim(state, 'c-a')).toBe('grantable');
    const after = fold(wooncirkelDecider, [...given, claimed('c-a', 7)]);
    expect(after.teamPlaceOffers).toEqual({});
    expect(after.teamPlaceWaits).toStrictEqual([]);
  });
  it('a waiting transfer is offered a place like a wait for care', () => {
    const events = when([...full, waits('c-transfer', 'regulier', 3, 'transfer')], { type: 'ReleaseTeamPlace', clientId: 'c-on-team' }) as WooncirkelEvent[];
    expect(events[1]).toMatchObject({ type: 'TeamPlaceOffered', data: { clientId: 'c-transfer', kind: 'transfer' } });
  });
  it('more capacity offers places too; nobody waiting means nothing is offered', () => {
    const events = when([...full, waits('c-a', 'regulier', 3)], { type: 'ChangeTeamCapacity', caseloadCapacity: 2 }) as WooncirkelEvent[];
    expect(events.map((e) => e.type)).toEqual(['TeamCapacityChanged', 'TeamPlaceOffered']);
    expect((when(full, { type: 'ReleaseTeamPlace', clientId: 'c-on-team' }) as WooncirkelEvent[]).map((e) => e.type)).toEqual(['TeamPlaceReleased']);
  });
  it('a client who no longer waits gives its offer back to the next in line', () => {
    const given = [
      ...full,
      waits('c-a', 'hoog', 3),
      waits('c-b', 'regulier', 4),
      ev('TeamPlaceReleased', { clientId: 'c-on-team' }, 6),
      ev('TeamPlaceOffered', { offerId: 'team-poel-plaats-1', clientId: 'c-a', kind: 'care', urgency: 'hoog', waitingSince: at(3), reservedUntil: at(11), overCapacity: false }, 6),
    ];
    const events = when(given, { type: 'EndTeamPlaceWait', clientId: 'c-a', ending: 'no_longer_needed' }) as WooncirkelEvent[];
    expect(events.map((e) => [e.type, (e.data as { clientId: string }).clientId])).toEqual([
      ['TeamPlaceWaitEnded', 'c-a'],
      ['TeamPlaceOffered', 'c-b'],
    ]);
    expect(events[0].data).toMatchObject({ withdrawnOfferId: 'team-poel-plaats-1' });
  });
});

describe('override of an offer by a teamleider', () => {
  const offered = [
    ...full,
    waits('c-a', 'hoog', 3),
    waits('c-b', 'regulier', 4),
    ev('TeamPlaceReleased', { clientId: 'c-on-team' }, 6),
    ev('TeamPlaceOffered', { offerId: 'team-poel-plaats-1', clientId: 'c-a', kind: 'care', urgency: 'hoog', waitingSince: at(3), reservedUntil: at(11), overCapacity: false }, 6),
  ];
  it('moves the offer to another waiting client, with a coded reason and who decided', () => {
    const [event] = when(offered, { type: 'OverrideTeamPlaceOffer', offerId: 'team-poel-plaats-1', toClientId: 'c-b', decidedBy: 'tl-mirjam', reason: 'zorginhoudelijke_match' }) as WooncirkelEvent[];
    expect(event).toMatchObject({ type: 'TeamPlaceOfferOverridden', data: { fromClientId: 'c-a', toClientId: 'c-b', decidedBy: 'tl-mirjam', reason: 'zorginhoudelijke_match' } });
    const state = fold(wooncirkelDecider, [...offered, event]);
    expect(teamPlaceClaim(state, 'c-b')).toBe('grantable');
    expect(teamPlaceClaim(state, 'c-a')).toBe('refused');
  });
  it('refuses a decider who is no teamleider, a client who does not wait, an unknown offer', () => {
    const withPb = [...offered, joined('pb-anouk', 'persoonlijk_begeleider', 2)];
    expect(refusal(when(withPb, { type: 'OverrideTeamPlaceOffer', offerId: 'team-poel-plaats-1', toClientId: 'c-b', decidedBy: 'pb-anouk', reason: 'veiligheid' })).code).toBe('not_a_teamleider');
    expect(refusal(when(offered, { type: 'OverrideTeamPlaceOffer', offerId: 'team-poel-plaats-1', toClientId: 'c-x', decidedBy: 'tl-mirjam', reason: 'veiligheid' })).field).toBe('toClientId');
    expect(refusal(when(offered, { type: 'OverrideTeamPlaceOffer', offerId: 'nope', toClientId: 'c-b', decidedBy: 'tl-mirjam', reason: 'veiligheid' })).field).toBe('offerId');
  });
});

describe('temporary over-capacity for an acute case', () => {
  const acute: GrantOverCapacity['client'] = { urgency: 'acuut', onThisWooncirkel: true, holdsTeamPlace: false };
  const grant = (client = acute, until = '2026-04-01T00:00:00Z', decidedBy = 'tl-mirjam'): WooncirkelCommand => ({ type: 'GrantOverCapacity', clientId: 'c-acuut', decidedBy, reason: 'dreigende_dakloosheid', until, client });
  it('a teamleider grants a place beyond capacity, reserved at once for the acute client', () => {
    const events = when(full, grant()) as WooncirkelEvent[];
    expect(events.map((e) => e.type)).toEqual(['TeamOverCapacityGranted', 'TeamPlaceOffered']);
    expect(events[0].data).toMatchObject({ clientId: 'c-acuut', decidedBy: 'tl-mirjam', reason: 'dreigende_dakloosheid', until: '2026-04-01T00:00:00Z', caseloadCapacity: 1, placesTaken: 1 });
    expect(events[1].data).toMatchObject({ clientId: 'c-acuut', overCapacity: true });
    expect(teamPlaceClaim(fold(wooncirkelDecider, [...full, ...events]), 'c-acuut')).toBe('grantable');
  });
  it('refuses a client who is not acute, a decider who is no teamleider, an end date in the past or beyond 90 days, and a team with room', () => {
    expect(refusal(when(full, grant({ ...acute, urgency: 'hoog' }))).code).toBe('not_acute');
    expect(refusal(when(full, grant(acute, '2026-04-01T00:00:00Z', 'pb-x'))).code).toBe('not_a_teamleider');
    expect(refusal(when(full, grant(acute, '2026-02-01T00:00:00Z'))).field).toBe('until');
    expect(refusal(when(full, grant(acute, '2026-07-01T00:00:00Z'))).code).toBe('over_capacity_too_long');
    expect(refusal(when([registered, joined('tl-mirjam', 'teamleider')], grant())).code).toBe('team_has_capacity');
    expect(refusal(when(full, grant({ ...acute, onThisWooncirkel: false }))).code).toBe('not_on_wooncirkel');
  });
  it('while over capacity a freed place is absorbed before anyone waiting gets one', () => {
    const over = [...full, waits('c-wacht', 'hoog', 3), ev('TeamOverCapacityGranted', { clientId: 'c-acuut', decidedBy: 'tl-mirjam', reason: 'acute_crisis', until: at(28), caseloadCapacity: 1, placesTaken: 1 }, 4), claimed('c-acuut', 4)];
    const events = when(over, { type: 'ReleaseTeamPlace', clientId: 'c-on-team' }) as WooncirkelEvent[];
    expect(events.map((e) => e.type)).toEqual(['TeamPlaceReleased', 'TeamOverCapacityAbsorbed']);
    // The next freed place goes to the wachtlijst again.
    const next = when([...over, ...events], { type: 'ReleaseTeamPlace', clientId: 'c-acuut' }) as WooncirkelEvent[];
    expect(next.map((e) => e.type)).toEqual(['TeamPlaceReleased', 'TeamPlaceOffered']);
  });
});

describe('waiting for a team place', () => {
  it('a client waits once; a new kind of wait replaces the old', () => {
    expect(when([...full, waits('c-a', 'regulier', 3)], { type: 'WaitForTeamPlace', clientId: 'c-a', kind: 'care', urgency: 'regulier' })).toStrictEqual([]);
    const events = when([...full, waits('c-a', 'regulier', 3)], { type: 'WaitForTeamPlace', clientId: 'c-a', kind: 'transfer', urgency: 'regulier' }) as WooncirkelEvent[];
    expect(events.map((e) => e.type)).toEqual(['TeamPlaceWaitEnded', 'TeamPlaceWaitStarted']);
  });
  it('a member of the team does not wait for a place on it', () => {
    expect(when(full, { type: 'WaitForTeamPlace', clientId: 'c-on-team', kind: 'care', urgency: 'acuut' })).toStrictEqual([]);
  });
});
