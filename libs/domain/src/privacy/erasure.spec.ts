import { ClientEvent } from '../client/client';
import { client, decide, e, errorOf, intake, scaled } from '../client/given';
import { clientDecider } from '../client/client';
import { holdingsOf } from './erasure';

describe('erasure (AVG art. 17)', () => {
  const erased = e('ClientDataErased', { clientId: 'c1', legalBasis: 'avg_art_17', wijkCode: 'WK047901', wooncirkelId: 'wc-1', intensity: 'geen', setting: 'eigen_woning_in_cirkel' }, 3);

  it('records the erasure with its legal basis', () => {
    expect(decide([intake], { type: 'EraseClientData', legalBasis: 'avg_art_17' })).toEqual([
      expect.objectContaining({ type: 'ClientDataErased', schemaVersion: 3, data: { clientId: 'c1', legalBasis: 'avg_art_17', wijkCode: 'WK047901', wooncirkelId: 'wc-1', intensity: 'geen', setting: 'eigen_woning_in_cirkel' } }),
    ]);
    expect(errorOf(decide([intake], { type: 'EraseClientData', legalBasis: 'because' as never })).field).toBe('legalBasis');
  });

  it('closes the trajectory: every later command is refused', () => {
    const given: ClientEvent[] = [intake, erased];
    client.given(given).when({ type: 'RequestHousing', reason: 'x', origin: 'thuis' }).thenThrows('client_erased');
    client.given(given).when({ type: 'EraseClientData', legalBasis: 'avg_art_17' }).thenThrows('client_erased');
  });
  it('records where the client was served and at which level, so read models can take it out', () => {
    const [event] = decide([intake, scaled('geen', 'intensief_ambulant')], { type: 'EraseClientData', legalBasis: 'bewaartermijn_verstreken' }) as ClientEvent[];
    expect(event.data).toEqual({ clientId: 'c1', legalBasis: 'bewaartermijn_verstreken', wijkCode: 'WK047901', wooncirkelId: 'wc-1', intensity: 'intensief_ambulant', setting: 'eigen_woning_in_cirkel' });
  });

  it('names what the erased client still holds: team, home, and the homes of its open offers and match', () => {
    const offered = (offerId: string, homeId: string) => e('HousingOffered', { clientId: 'c1', offerId, homeId, wooncirkelId: 'wc-1', wijkCode: 'WK047901', corporation: 'parteon', travelMinutesToKern: 2 }, 4);
    const given: ClientEvent[] = [
      intake,
      scaled('geen', 'licht_ambulant'),
      e('HousingRequested', { clientId: 'c1', wijkCode: 'WK047901', preferredWijk: 'WK047901', reason: 'x', origin: 'thuis' }, 3),
      offered('o1', 'h1'),
      offered('o2', 'h2'),
      e('HousingOfferDeclined', { clientId: 'c1', offerId: 'o2', reason: 'x', becauseOfPreference: false }, 5),
      offered('o3', 'h3'),
      erased,
    ];
    const state = given.reduce(clientDecider.evolve, clientDecider.initialState);
    expect(holdingsOf(state)).toEqual({
      teamPlace: 'wc-1',
      home: null,
      reservations: [
        { wooncirkelId: 'wc-1', homeId: 'h1' },
        { wooncirkelId: 'wc-1', homeId: 'h3' },
      ],
    });
  });
});
