import { ClientEvent, ClientCommand } from '../client/client';
import { client, at, e, intake, indicatie, beschermdWonen, scaled, decide, errorOf } from '../client/given';
import { clientDecider } from '../client/client';

describe('care scaling', () => {
  const scale = (toIntensity: string, teamPlace: string): ClientCommand => ({ type: 'ScaleCare', toIntensity, reason: 'meer nodig', decidedBy: 'wijkverpleegkundige', effectiveAt: at(5), teamPlace }) as never;

  it('scales up from informal care once a team place is granted', () => {
    const [event] = decide([intake, indicatie()], scale('intensief_ambulant', 'granted')) as ClientEvent[];
    expect(event).toMatchObject({ type: 'CareScaledUp', occurredAt: at(5), data: { fromIntensity: 'geen', toIntensity: 'intensief_ambulant', teamId: 'team-1' } });
  });
  it('puts the request on the wachtlijst when the team is full', () => {
    const [event] = decide([intake], scale('licht_ambulant', 'unavailable')) as ClientEvent[];
    expect(event).toMatchObject({ type: 'CareScalingWaitlisted', data: { requestedIntensity: 'licht_ambulant' } });
  });
  it('keeps the client in the same home when scaling to 24-hour care', () => {
    const movedIn = e('ClientMovedIn', { clientId: 'c1', homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', fromSetting: 'elders', toSetting: 'eigen_woning_in_cirkel', reason: 'passende_woning' }, 3);
    const [event] = decide([intake, beschermdWonen(), scaled('geen', 'licht_ambulant'), movedIn], scale('zorg_24uur', 'held')) as ClientEvent[];
    expect(event.data).toMatchObject({ homeId: 'h1', stayedInHome: true, fromIntensity: 'licht_ambulant', toIntensity: 'zorg_24uur' });
  });
  it('scales down with reason', () => {
    const [event] = decide([intake, scaled('geen', 'intensief_ambulant')], scale('licht_ambulant', 'held')) as ClientEvent[];
    expect(event.type).toBe('CareScaledDown');
  });
  it('refuses a step to the current level', () => {
    expect(errorOf(decide([intake], scale('geen', 'not_needed'))).field).toBe('toIntensity');
  });
  it('refuses a step up without a team place', () => {
    client.given([intake]).when(scale('licht_ambulant', 'not_needed')).thenThrows('team_place_missing');
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
  it('a repeated waitlisting changes the requested level and keeps the wait since it began', () => {
    const first = decide([intake], scale('licht_ambulant', 'unavailable')) as ClientEvent[];
    const second = { ...(decide([intake, ...first], { ...(scale('intensief_ambulant', 'unavailable') as object), effectiveAt: at(8) } as never) as ClientEvent[])[0] };
    expect(second).toMatchObject({ type: 'CareScalingWaitlisted', data: { requestedIntensity: 'intensief_ambulant' } });
    const state = [intake, ...first, second].reduce(clientDecider.evolve, clientDecider.initialState);
    expect(state.waiting.care).toEqual({ requestedIntensity: 'intensief_ambulant', since: at(5) });
  });

  describe('intensity apart from setting', () => {
    const livingElsewhere = e('IntakeRegistered', { ...(intake.data as object), setting: 'elders' } as never, 1);
    const inCluster = e('IntakeRegistered', { ...(intake.data as object), setting: 'clusterwoning' } as never, 1);

    it('records the setting the client lives in and never changes it (version 2)', () => {
      const [up] = decide([inCluster, beschermdWonen()], scale('zorg_24uur', 'granted')) as ClientEvent[];
      expect(up).toMatchObject({ type: 'CareScaledUp', schemaVersion: 2, data: { fromIntensity: 'geen', toIntensity: 'zorg_24uur', setting: 'clusterwoning', carriedByNetwork: false, stayedInHome: true } });
      const state = [inCluster, up].reduce(clientDecider.evolve, clientDecider.initialState);
      expect([state.intensity, state.setting, state.holdsTeamPlace]).toEqual(['zorg_24uur', 'clusterwoning', true]);
      const [down] = decide([inCluster, up], scale('licht_ambulant', 'held')) as ClientEvent[];
      expect(down).toMatchObject({ type: 'CareScaledDown', data: { fromIntensity: 'zorg_24uur', toIntensity: 'licht_ambulant', setting: 'clusterwoning' } });
    });
    it('counts a step as taken at home for every client in a home of their own, not only in a wooncirkel home', () => {
      expect((decide([intake], scale('licht_ambulant', 'granted')) as ClientEvent[])[0].data).toMatchObject({ homeId: null, setting: 'eigen_woning_in_cirkel', stayedInHome: true });
      expect((decide([livingElsewhere], scale('licht_ambulant', 'granted')) as ClientEvent[])[0].data).toMatchObject({ homeId: null, setting: 'elders', stayedInHome: false });
    });
    it('records that the network carries the support on a step down, and refuses it on a step up', () => {
      const support = e('InformalSupportStarted', { clientId: 'c1', supportId: 's1', memberId: 'm1', relation: 'naaste', kind: 'boodschappen', hoursPerWeek: 2, note: null, wijkCode: 'WK047901' }, 3);
      const [down] = decide([intake, scaled('geen', 'licht_ambulant'), support], { ...(scale('geen', 'not_needed') as object), carriedByNetwork: true } as never) as ClientEvent[];
      expect(down).toMatchObject({ type: 'CareScaledDown', data: { toIntensity: 'geen', carriedByNetwork: true } });
      client
        .given([intake])
        .when({ ...(scale('licht_ambulant', 'granted') as object), carriedByNetwork: true } as never)
        .thenThrows('carried_by_network_only_down', 'carriedByNetwork');
    });
    it('refuses an intensity that is not on the list', () => {
      client.given([intake]).when(scale('beschermd_wonen_cluster', 'granted')).thenThrows('invalid_care_intensity', 'toIntensity');
    });
  });
});
