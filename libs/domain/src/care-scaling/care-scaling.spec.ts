import { ClientEvent, ClientCommand } from '../client/client';
import { client, at, e, intake, indicatie, beschermdWonen, scaled, decide, errorOf } from '../client/given';
import { clientDecider } from '../client/client';

describe('care scaling', () => {
  const scale = (toLevel: string, teamPlace: string): ClientCommand => ({ type: 'ScaleCare', toLevel, reason: 'meer nodig', decidedBy: 'wijkverpleegkundige', effectiveAt: at(5), teamPlace }) as never;

  it('scales up from informal care once a team place is granted', () => {
    const [event] = decide([intake, indicatie()], scale('intensief_ambulant', 'granted')) as ClientEvent[];
    expect(event).toMatchObject({ type: 'CareScaledUp', occurredAt: at(5), data: { fromLevel: 'informeel', toLevel: 'intensief_ambulant', teamId: 'team-1' } });
  });
  it('puts the request on the wachtlijst when the team is full', () => {
    const [event] = decide([intake], scale('licht_ambulant', 'unavailable')) as ClientEvent[];
    expect(event).toMatchObject({ type: 'CareScalingWaitlisted', data: { requestedLevel: 'licht_ambulant' } });
  });
  it('keeps the client in the same home when scaling to 24-hour care', () => {
    const movedIn = e('ClientMovedIn', { clientId: 'c1', homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901' }, 3);
    const [event] = decide([intake, beschermdWonen(), scaled('informeel', 'licht_ambulant'), movedIn], scale('zorg_24uur_thuis', 'held')) as ClientEvent[];
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
    expect(second).toMatchObject({ type: 'CareScalingWaitlisted', data: { requestedLevel: 'intensief_ambulant' } });
    const state = [intake, ...first, second].reduce(clientDecider.evolve, clientDecider.initialState);
    expect(state.waiting.care).toEqual({ requestedLevel: 'intensief_ambulant', since: at(5) });
  });
});
