import { DomainError, givenWhen, testContext } from '../shared';
import { ClientEvent, ClientCommand, clientDecider } from './client';
import { Placement } from './state';

const placement: Placement = { wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 'team-1', providerId: 'prov-a' };
const at = (day: number) => `2026-02-${String(day).padStart(2, '0')}T10:00:00Z`;
const e = <T extends ClientEvent['type']>(type: T, data: Extract<ClientEvent, { type: T }>['data'], day = 1) => ({ type, schemaVersion: 1, occurredAt: at(day), data }) as ClientEvent;

const intake = e('IntakeRegistered', {
  clientId: 'c1',
  preferredWijk: 'WK047901',
  lifeDomains: ['wonen', 'begeleiding_zorg'],
  urgency: 'regulier',
  acuteConfusedBehaviour: false,
  goals: ['zelfstandig wonen'],
  referralSource: 'wijkteam',
  personal: {},
  placement,
});
const scaled = (fromLevel: string, toLevel: string, day = 2) =>
  e(toLevel === 'informeel' ? 'CareScaledDown' : 'CareScaledUp', { clientId: 'c1', fromLevel, toLevel, reason: 'r', decidedBy: 'zp', wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 'team-1', homeId: null, stayedInHome: false } as never, day);
const decide = (given: ClientEvent[], when: ClientCommand, context = testContext()) => givenWhen(clientDecider, given, when, context);
const errorOf = (result: unknown) => result as DomainError;

describe('intake', () => {
  const register: ClientCommand = { type: 'RegisterIntake', clientId: 'c1', preferredWijk: 'WK047901', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [], referralSource: 'huisarts', placement };

  it('registers the client with its preferred wijk and placement', () => {
    const [event] = decide([], register) as ClientEvent[];
    expect(event).toMatchObject({ type: 'IntakeRegistered', data: { clientId: 'c1', preferredWijk: 'WK047901', placement } });
  });
  it('treats acute confused behaviour as acute urgency', () => {
    const [event] = decide([], { ...register, acuteConfusedBehaviour: true }) as ClientEvent[];
    expect(event.data).toMatchObject({ urgency: 'acuut' });
  });
  it('refuses a BSN that fails the elfproef, naming personal.bsn', () => {
    expect(errorOf(decide([], { ...register, personal: { bsn: '123456789' } })).field).toBe('personal.bsn');
    expect(decide([], { ...register, personal: { bsn: '111222333' } })).toHaveLength(1);
  });
  it('refuses a second intake', () => {
    expect(errorOf(decide([intake], register)).code).toBe('already_registered');
  });
});

describe('care scaling', () => {
  const scale = (toLevel: string, teamPlace: string): ClientCommand => ({ type: 'ScaleCare', toLevel, reason: 'meer nodig', decidedBy: 'wijkverpleegkundige', effectiveAt: at(5), teamPlace } as never);

  it('scales up from informal care once a team place is granted', () => {
    const [event] = decide([intake], scale('intensief_ambulant', 'granted')) as ClientEvent[];
    expect(event).toMatchObject({ type: 'CareScaledUp', occurredAt: at(5), data: { fromLevel: 'informeel', toLevel: 'intensief_ambulant', teamId: 'team-1' } });
  });
  it('puts the request on the wachtlijst when the team is full', () => {
    const [event] = decide([intake], scale('licht_ambulant', 'unavailable')) as ClientEvent[];
    expect(event).toMatchObject({ type: 'CareScalingWaitlisted', data: { requestedLevel: 'licht_ambulant' } });
  });
  it('keeps the client in the same home when scaling to 24-hour care', () => {
    const movedIn = e('ClientMovedIn', { clientId: 'c1', homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901' }, 3);
    const [event] = decide([intake, scaled('informeel', 'licht_ambulant'), movedIn], scale('zorg_24uur_thuis', 'held')) as ClientEvent[];
    expect(event.data).toMatchObject({ homeId: 'h1', stayedInHome: true, fromLevel: 'licht_ambulant', toLevel: 'zorg_24uur_thuis' });
  });
  it('scales down with reason', () => {
    const [event] = decide([intake, scaled('informeel', 'intensief_ambulant')], scale('licht_ambulant', 'held')) as ClientEvent[];
    expect(event.type).toBe('CareScaledDown');
  });
  it('refuses a step to the current level', () => {
    expect(errorOf(decide([intake], scale('informeel', 'not_needed'))).field).toBe('toLevel');
  });
  it('refuses a step up without a team place', () => {
    expect(errorOf(decide([intake], scale('licht_ambulant', 'not_needed'))).code).toBe('team_place_missing');
  });
  it('refuses a step effective before the intake or in the future', () => {
    const before = { ...(scale('licht_ambulant', 'granted') as object), effectiveAt: '2026-01-31T10:00:00Z' } as never;
    expect(errorOf(decide([intake], before))).toMatchObject({ code: 'time_before_intake', field: 'effectiveAt' });
    const future = { ...(scale('licht_ambulant', 'granted') as object), effectiveAt: '2026-03-02T09:00:00Z' } as never;
    expect(errorOf(decide([intake], future))).toMatchObject({ code: 'time_in_future', field: 'effectiveAt' });
  });
  it('refuses an effective date that is not ISO-8601 UTC', () => {
    expect(errorOf(decide([intake], { ...(scale('licht_ambulant', 'granted') as object), effectiveAt: '01-02-2026' } as never)).field).toBe('effectiveAt');
  });
});

describe('housing', () => {
  const requested = e('HousingRequested', { clientId: 'c1', wijkCode: 'WK047901', preferredWijk: 'WK047901', reason: 'dakloos' }, 2);
  const offered = (offerId: string, wijkCode: string) => e('HousingOffered', { clientId: 'c1', offerId, homeId: `home-${offerId}`, wooncirkelId: 'wc-1', wijkCode, corporation: 'Parteon', travelMinutesToKern: 4 }, 3);
  const offer = { type: 'OfferHousing', offerId: 'o1', corporation: 'Parteon', home: { homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', travelMinutesToKern: 4, vacant: true } } as const;

  it('offers a vacant home to a client who waits for housing', () => {
    expect(decide([intake, requested], offer)).toEqual([expect.objectContaining({ type: 'HousingOffered' })]);
    expect(errorOf(decide([intake], offer)).code).toBe('not_waiting_for_housing');
    expect(errorOf(decide([intake, requested], { ...offer, home: { ...offer.home, vacant: false } })).code).toBe('home_occupied');
  });
  it('matches in the preferred wijk with reciprocity and closes the wait', () => {
    const events = decide([intake, requested, offered('o1', 'WK047901')], { type: 'AcceptHousingOffer', offerId: 'o1', reciprocity: ['boodschappen', 'oppassen'] }) as ClientEvent[];
    expect(events.map((x) => x.type)).toEqual(['HousingOfferAccepted', 'HousingMatched']);
    expect(events[1].data).toMatchObject({ preferredWijkHonoured: true, deviationReason: null, reciprocity: ['boodschappen', 'oppassen'], waitedSince: at(2) });
  });
  it('requires a recorded deviation outside the preferred wijk', () => {
    const given = [intake, requested, offered('o2', 'WK047902')];
    expect(errorOf(decide(given, { type: 'AcceptHousingOffer', offerId: 'o2', reciprocity: [] })).field).toBe('deviationReason');
    const events = decide(given, { type: 'AcceptHousingOffer', offerId: 'o2', reciprocity: ['klusjes'], deviationReason: 'eerder beschikbaar' }) as ClientEvent[];
    expect(events[1].data).toMatchObject({ preferredWijkHonoured: false, deviationReason: 'eerder beschikbaar' });
  });
  it('moves in only into the matched home, once', () => {
    const matched = decide([intake, requested, offered('o1', 'WK047901')], { type: 'AcceptHousingOffer', offerId: 'o1', reciprocity: [] }) as ClientEvent[];
    const given = [intake, requested, offered('o1', 'WK047901'), ...matched];
    const moved = decide(given, { type: 'MoveIn', movedInAt: at(9) }) as ClientEvent[];
    expect(moved[0]).toMatchObject({ type: 'ClientMovedIn', data: { homeId: 'home-o1' } });
    expect(errorOf(decide([...given, ...moved], { type: 'MoveIn', movedInAt: at(10) })).code).toBe('not_matched');
  });
});

describe('person-following budget', () => {
  const allocated = e('BudgetAllocated', { clientId: 'c1', year: 2026, funder: 'wmo', amountCents: 100_000, wijkCode: 'WK047901' }, 2);
  const release = (amountCents: number, extra: object = {}): ClientCommand => ({ type: 'ReleaseBudget', releaseId: `r${amountCents}`, year: 2026, funder: 'wmo', purpose: 'begeleiding', amountCents, approvedBy: 'teamleider', fastTrack: false, overrideAllocation: false, ...extra });
  const doorbraaktafel = testContext({ actor: { role: 'doorbraaktafel', id: 'dbt-zaanstad' } });

  it('releases within the allocation', () => {
    expect(decide([intake, allocated], release(100_000))).toEqual([expect.objectContaining({ type: 'BudgetReleased' })]);
  });
  it('never releases beyond the allocation without a doorbraaktafel override', () => {
    expect(errorOf(decide([intake, allocated], release(100_001))).code).toBe('exceeds_allocation');
    expect(errorOf(decide([intake, allocated], release(100_001, { overrideAllocation: true, justification: 'acuut' }))).code).toBe('doorbraaktafel_only');
    expect(errorOf(decide([intake, allocated], release(100_001, { overrideAllocation: true }), doorbraaktafel)).field).toBe('justification');
    const [event] = decide([intake, allocated], release(100_001, { overrideAllocation: true, justification: 'huisuitzetting voorkomen' }), doorbraaktafel) as ClientEvent[];
    expect(event.data).toMatchObject({ overrideAllocation: true, justification: 'huisuitzetting voorkomen' });
  });
  it('refuses fractional or negative cents', () => {
    expect(errorOf(decide([intake, allocated], release(10.5))).field).toBe('amountCents');
    expect(errorOf(decide([intake], { type: 'AllocateBudget', year: 2026, funder: 'wmo', amountCents: -1 })).field).toBe('amountCents');
  });
  it('spends no more than released, and nothing after settlement', () => {
    const released = e('BudgetReleased', { clientId: 'c1', releaseId: 'r1', year: 2026, funder: 'wmo', purpose: 'begeleiding', amountCents: 500, approvedBy: 'x', fastTrack: false, overrideAllocation: false, justification: null, wijkCode: 'WK047901' }, 3);
    expect(errorOf(decide([intake, allocated, released], { type: 'SpendBudget', releaseId: 'r1', amountCents: 501, description: 'x', spentAt: at(4) })).code).toBe('exceeds_release');
    const settled = decide([intake, allocated, released], { type: 'SettleBudget', year: 2026, funder: 'wmo' }) as ClientEvent[];
    expect(settled[0].data).toMatchObject({ allocatedCents: 100_000, releasedCents: 500, spentCents: 0, unspentCents: 100_000 });
    expect(errorOf(decide([intake, allocated, released, ...settled], { type: 'SpendBudget', releaseId: 'r1', amountCents: 1, description: 'x', spentAt: at(4) })).code).toBe('budget_settled');
  });
  it('transfers the open budget when the client changes wijk', () => {
    const to: Placement = { wooncirkelId: 'wc-2', wijkCode: 'WK044101', teamId: 'team-2', providerId: 'prov-b' };
    const events = decide([intake, allocated], { type: 'TransferClient', reason: 'verhuisd naar Hoorn', toPlacement: to }) as ClientEvent[];
    expect(events.map((x) => x.type)).toEqual(['ClientTransferred', 'BudgetTransferred']);
    expect(events[1].data).toMatchObject({ fromWijk: 'WK047901', toWijk: 'WK044101', lines: [{ year: 2026, funder: 'wmo', remainingCents: 100_000 }] });
  });
});

describe('doorbraaktafel', () => {
  const escalated = e('CaseEscalated', { clientId: 'c1', caseId: 'case-1', reason: 'vastgelopen', wijkCode: 'WK047901' }, 2);
  it('records decisions only with the person present', () => {
    const when: ClientCommand = { type: 'RecordDoorbraakDecision', caseId: 'case-1', decision: 'maatwerk', participants: ['gemeente', 'corporatie'], clientPresent: false };
    expect(errorOf(decide([intake, escalated], when)).field).toBe('clientPresent');
    expect(decide([intake, escalated], { ...when, clientPresent: true })).toHaveLength(1);
  });
});

describe('waiting for daginvulling', () => {
  it('closes the wait when daginvulling is arranged', () => {
    const requested = e('DaginvullingRequested', { clientId: 'c1', wish: 'tuinieren', wijkCode: 'WK047901' }, 2);
    const [arranged] = decide([intake, requested], { type: 'ArrangeDaginvulling', activity: 'moestuin', provider: 'buurthuis' }) as ClientEvent[];
    expect(arranged.data).toMatchObject({ waitedSince: at(2) });
    expect(errorOf(decide([intake, requested, arranged], { type: 'ArrangeDaginvulling', activity: 'x', provider: 'y' })).code).toBe('not_waiting');
  });
});
