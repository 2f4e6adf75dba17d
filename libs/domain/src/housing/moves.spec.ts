import { ClientEvent } from '../client/client';
import { clientDecider } from '../client/client';
import { client, at, e, intake, decide } from '../client/given';
import { settingOfHome } from '../wijk/wooncirkel';

describe('moves', () => {
  const livingElsewhere = e('IntakeRegistered', { ...(intake.data as object), setting: 'elders' } as never, 1);
  const requested = e('HousingRequested', { clientId: 'c1', wijkCode: 'WK047901', preferredWijk: 'WK047901', reason: 'dakloos', origin: 'dakloos' }, 2);
  const offered = e('HousingOffered', { clientId: 'c1', offerId: 'o1', homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', corporation: 'parteon', travelMinutesToKern: 4 }, 3);
  const matched = e('HousingMatched', { clientId: 'c1', offerId: 'o1', homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', preferredWijk: 'WK047901', preferredWijkHonoured: true, deviationReason: null, reciprocity: [], waitedSince: at(2) }, 4);
  const movedIn = e('ClientMovedIn', { clientId: 'c1', homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', fromSetting: 'elders', toSetting: 'clusterwoning', reason: 'passende_woning' }, 5);
  const replay = (events: ClientEvent[]) => events.reduce(clientDecider.evolve, clientDecider.initialState);

  it('records the setting at intake (default: own home in the circle)', () => {
    expect(replay([intake]).setting).toBe('eigen_woning_in_cirkel');
    expect(replay([livingElsewhere]).setting).toBe('elders');
    expect(decide([], { ...(intake.data as object), type: 'RegisterIntake', setting: 'instelling' } as never)).toMatchObject({ code: 'invalid_setting', field: 'setting' });
  });
  it('moves into the matched home: from the setting before to the setting of the home, with a coded reason', () => {
    const [event] = decide([livingElsewhere, requested, offered, matched], { type: 'MoveIn', movedInAt: at(6), homeSetting: settingOfHome('cluster') }) as ClientEvent[];
    expect(event).toMatchObject({ type: 'ClientMovedIn', schemaVersion: 2, data: { homeId: 'h1', fromSetting: 'elders', toSetting: 'clusterwoning', reason: 'passende_woning' } });
    expect(replay([livingElsewhere, requested, offered, matched, event]).setting).toBe('clusterwoning');
    expect(settingOfHome('zelfstandig_in_cirkel')).toBe('eigen_woning_in_cirkel');
    expect(settingOfHome('housing_first')).toBe('eigen_woning_in_cirkel');
    expect(settingOfHome('intramuraal')).toBe('elders');
  });
  it('moves out with a coded reason, the setting it goes to and an optional note', () => {
    const given = [livingElsewhere, requested, offered, matched, movedIn];
    const [event] = decide(given, { type: 'MoveOut', movedOutAt: at(20), reason: 'zorgvraag_veranderd', note: '  naar verpleeghuis ' }) as ClientEvent[];
    expect(event).toMatchObject({ type: 'ClientMovedOut', schemaVersion: 2, data: { fromSetting: 'clusterwoning', toSetting: 'elders', reason: 'zorgvraag_veranderd', note: 'naar verpleeghuis' } });
    expect(replay([...given, event])).toMatchObject({ setting: 'elders', home: undefined });
    client
      .given(given)
      .when({ type: 'MoveOut', movedOutAt: at(20), reason: 'verhuisd' as never })
      .thenThrows('invalid_move_reason', 'reason');
  });
  it('records a move that is not into or out of a wooncirkel home', () => {
    const [event] = decide([livingElsewhere], { type: 'RecordMove', movedAt: at(10), toSetting: 'eigen_woning_in_cirkel', reason: 'uitstroom_intramuraal' }) as ClientEvent[];
    expect(event).toMatchObject({ type: 'ClientMoved', schemaVersion: 1, occurredAt: at(10), data: { clientId: 'c1', wooncirkelId: 'wc-1', fromSetting: 'elders', toSetting: 'eigen_woning_in_cirkel', reason: 'uitstroom_intramuraal', note: null } });
    expect(replay([livingElsewhere, event]).setting).toBe('eigen_woning_in_cirkel');
  });
  it('refuses a move to the setting the client lives in, an unknown setting or reason, and one out of a wooncirkel home', () => {
    const move = { type: 'RecordMove', movedAt: at(10), toSetting: 'clusterwoning', reason: 'eigen_wens' } as const;
    client
      .given([intake])
      .when({ ...move, toSetting: 'eigen_woning_in_cirkel' })
      .thenThrows('same_setting', 'toSetting');
    client
      .given([intake])
      .when({ ...move, toSetting: 'tent' as never })
      .thenThrows('invalid_setting', 'toSetting');
    client
      .given([intake])
      .when({ ...move, reason: 'zomaar' as never })
      .thenThrows('invalid_move_reason', 'reason');
    client.given([livingElsewhere, requested, offered, matched, movedIn]).when(move).thenThrows('move_out_first', 'clientId');
    client.given([]).when(move).thenThrows('unknown_client', 'clientId');
    client
      .given([intake])
      .when({ ...move, movedAt: '2026-01-01T10:00:00Z' })
      .thenThrows('time_before_intake', 'movedAt');
  });
});
