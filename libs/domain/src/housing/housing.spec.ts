import { ClientEvent } from '../client/client';
import { at, e, intake, decide, errorOf } from '../client/given';

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
