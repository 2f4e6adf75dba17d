import { ClientEvent } from '../client/client';
import { client, at, e, intake, decide, errorOf } from '../client/given';
import { testContext } from '../shared';

/** The corporation Parteon, speaking for its organisation. */
const now = testContext().now;
const parteon = testContext({ actor: { role: 'woningcorporatie', id: 'parteon-1', organisation: 'parteon' } });

describe('housing', () => {
  const requested = e('HousingRequested', { clientId: 'c1', wijkCode: 'WK047901', preferredWijk: 'WK047901', reason: 'dakloos', origin: 'thuis' }, 2);
  const offered = (offerId: string, wijkCode: string) => e('HousingOffered', { clientId: 'c1', offerId, homeId: `home-${offerId}`, wooncirkelId: 'wc-1', wijkCode, corporation: 'parteon', travelMinutesToKern: 4 }, 3);
  const offer = { type: 'OfferHousing', offerId: 'o1', corporation: 'parteon', home: { homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', travelMinutesToKern: 4, vacant: true } } as const;

  it('offers a vacant home to a client who waits for housing', () => {
    expect(decide([intake, requested], offer, parteon)).toEqual([expect.objectContaining({ type: 'HousingOffered' })]);
    client.given([intake]).when(offer, parteon).thenThrows('not_waiting_for_housing');
    client
      .given([intake, requested])
      .when({ ...offer, home: { ...offer.home, vacant: false } }, parteon)
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
    expect(errorOf(decide([intake, requested], { ...offer, home: { ...offer.home, reserved: true } }, parteon))).toMatchObject({ code: 'home_reserved', field: 'homeId' });
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
    const again = decide([...given, ...matched, ...movedIn], { type: 'RequestHousing', reason: 'groter huis', origin: 'thuis' }) as ClientEvent[];
    expect(again).toEqual([expect.objectContaining({ type: 'HousingRequested' })]);
  });
});

describe('the offering corporation is a code, never free text', () => {
  it('refuses a name with spaces or capitals, naming corporation', () => {
    const requested = e('HousingRequested', { clientId: 'c1', wijkCode: 'WK047901', preferredWijk: 'WK047901', reason: 'x', origin: 'thuis' }, 2);
    const error = errorOf(decide([intake, requested], { type: 'OfferHousing', offerId: 'o9', corporation: 'Kees de Vries', home: { homeId: 'h9', wooncirkelId: 'wc-1', wijkCode: 'WK047901', travelMinutesToKern: 4, vacant: true } }, parteon));
    expect([error.code, error.field]).toEqual(['invalid_corporation', 'corporation']);
  });
});

describe('housing v2: only the owner offers, the 10-minute rule of the wooncirkel, where the client comes from', () => {
  const requested = e('HousingRequested', { clientId: 'c1', wijkCode: 'WK047901', preferredWijk: 'WK047901', reason: 'uitstroom', origin: 'intramurale_ggz' }, 2);
  const home = { homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', travelMinutesToKern: 4, vacant: true, owner: 'parteon', housingType: 'zelfstandig_in_cirkel' as const, tenMinuteRule: true };
  const offer = { type: 'OfferHousing' as const, offerId: 'o1', home };
  const ymere = testContext({ actor: { role: 'woningcorporatie', id: 'ymere-1', organisation: 'ymere' } });

  it('the owning corporation offers its home; the offer names it as the corporation', () => {
    client
      .given([intake, requested])
      .when(offer, parteon)
      .then([{ type: 'HousingOffered', schemaVersion: 1, occurredAt: now, data: { clientId: 'c1', offerId: 'o1', homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', corporation: 'parteon', travelMinutesToKern: 4 } }]);
  });
  it('another corporation may not offer it, naming homeId', () => {
    client.given([intake, requested]).when(offer, ymere).thenThrows('not_home_owner', 'homeId');
  });
  it('a corporation without an organisation, or a body naming another corporation, is refused naming corporation', () => {
    client
      .given([intake, requested])
      .when(offer, testContext({ actor: { role: 'woningcorporatie', id: 'anon' } }))
      .thenThrows('organisation_required', 'corporation');
    client
      .given([intake, requested])
      .when({ ...offer, corporation: 'ymere' }, parteon)
      .thenThrows('corporation_mismatch', 'corporation');
  });
  it('a home registered before owners were recorded may be offered by any corporation', () => {
    expect(decide([intake, requested], { ...offer, home: { ...home, owner: null } }, ymere)).toEqual([expect.objectContaining({ data: expect.objectContaining({ corporation: 'ymere' }) })]);
  });
  it('the 10-minute rule holds only where the wooncirkel has it: a far Housing First home is offered', () => {
    const far = { ...home, travelMinutesToKern: 25 };
    client
      .given([intake, requested])
      .when({ ...offer, home: far }, parteon)
      .thenThrows('home_too_far_from_kern', 'homeId');
    expect(decide([intake, requested], { ...offer, home: { ...far, housingType: 'housing_first', tenMinuteRule: false } }, parteon)).toEqual([expect.objectContaining({ type: 'HousingOffered' })]);
  });
  it('a request records where the client comes from', () => {
    const events = decide([intake], { type: 'RequestHousing', reason: 'uitstroom uit de kliniek', origin: 'intramurale_ggz' }) as ClientEvent[];
    expect(events[0].data).toMatchObject({ origin: 'intramurale_ggz' });
    client
      .given([intake])
      .when({ type: 'RequestHousing', reason: 'x', origin: 'kasteel' as never })
      .thenThrows('invalid_origin', 'origin');
  });
});
