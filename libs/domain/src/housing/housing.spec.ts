import { ClientEvent } from '../client/client';
import { client, at, e, intake, decide, errorOf } from '../client/given';

describe('housing', () => {
  const requested = e('HousingRequested', { clientId: 'c1', wijkCode: 'WK047901', preferredWijk: 'WK047901', reason: 'dakloos' }, 2);
  const offered = (offerId: string, wijkCode: string) => e('HousingOffered', { clientId: 'c1', offerId, homeId: `home-${offerId}`, wooncirkelId: 'wc-1', wijkCode, corporation: 'parteon', travelMinutesToKern: 4 }, 3);
  const offer = { type: 'OfferHousing', offerId: 'o1', corporation: 'parteon', home: { homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', travelMinutesToKern: 4, vacant: true } } as const;

  it('offers a vacant home to a client who waits for housing', () => {
    expect(decide([intake, requested], offer)).toEqual([expect.objectContaining({ type: 'HousingOffered' })]);
    client.given([intake]).when(offer).thenThrows('not_waiting_for_housing');
    client
      .given([intake, requested])
      .when({ ...offer, home: { ...offer.home, vacant: false } })
      .thenThrows('home_occupied');
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
    client
      .given([...given, ...moved])
      .when({ type: 'MoveIn', movedInAt: at(10) })
      .thenThrows('not_matched');
  });
  it('refuses to offer a home reserved for another client, naming homeId', () => {
    expect(errorOf(decide([intake, requested], { ...offer, home: { ...offer.home, reserved: true } }))).toMatchObject({ code: 'home_reserved', field: 'homeId' });
  });
  it('a matched client cannot accept a second offer: the other open offers lapse with the match', () => {
    const given = [intake, requested, offered('o1', 'WK047901'), offered('o2', 'WK047901')];
    const matched = decide(given, { type: 'AcceptHousingOffer', offerId: 'o1', reciprocity: [] }) as ClientEvent[];
    expect(errorOf(decide([...given, ...matched], { type: 'AcceptHousingOffer', offerId: 'o2', reciprocity: [] }))).toMatchObject({ code: 'offer_closed', field: 'offerId' });
    expect(errorOf(decide([...given, ...matched], { type: 'DeclineHousingOffer', offerId: 'o2', reason: 'x', becauseOfPreference: true }))).toMatchObject({ code: 'offer_closed' });
  });
  it('a new housing wait after a match starts without a stale preference flag', () => {
    const declined = e('HousingOfferDeclined', { clientId: 'c1', offerId: 'o1', reason: 'liever Poelenburg', becauseOfPreference: true }, 4);
    const given = [intake, requested, offered('o1', 'WK047902'), declined, offered('o2', 'WK047901')];
    const matched = decide(given, { type: 'AcceptHousingOffer', offerId: 'o2', reciprocity: [] }) as ClientEvent[];
    const movedIn = decide([...given, ...matched], { type: 'MoveIn', movedInAt: at(9) }) as ClientEvent[];
    const again = decide([...given, ...matched, ...movedIn], { type: 'RequestHousing', reason: 'groter huis' }) as ClientEvent[];
    expect(again).toEqual([expect.objectContaining({ type: 'HousingRequested' })]);
  });
});

describe('the offering corporation is a code, never free text', () => {
  it('refuses a name with spaces or capitals, naming corporation', () => {
    const requested = e('HousingRequested', { clientId: 'c1', wijkCode: 'WK047901', preferredWijk: 'WK047901', reason: 'x' }, 2);
    const error = errorOf(decide([intake, requested], { type: 'OfferHousing', offerId: 'o9', corporation: 'Kees de Vries', home: { homeId: 'h9', wooncirkelId: 'wc-1', wijkCode: 'WK047901', travelMinutesToKern: 4, vacant: true } }));
    expect([error.code, error.field]).toEqual(['invalid_corporation', 'corporation']);
  });
});
