import { ClientCommand, ClientEvent } from '../client/client';
import { at, client, decide, e, errorOf, intake, placement } from '../client/given';
import { clientDecider } from '../client/client';
import { fold } from '../shared';

describe('vaste begeleider', () => {
  const assign = (staffId: string, reason: string, onTeam = true, note?: string): ClientCommand => ({ type: 'AssignBegeleider', staffId, reason, onTeam, ...(note ? { note } : {}) }) as never;
  const assigned = (staffId: string, previousStaffId: string | null, day = 3) => e('BegeleiderAssigned', { clientId: 'c1', staffId, previousStaffId, reason: previousStaffId ? 'vertrek_medewerker' : 'eerste_toewijzing', note: null, wooncirkelId: 'wc-1', teamId: 'team-1' }, day);

  it('assigns the first vaste begeleider from the team, with an optional sealed note', () => {
    const [event] = decide([intake], assign('pb-anouk', 'eerste_toewijzing', true, 'Klikt goed, kent de buurt')) as ClientEvent[];
    expect(event).toMatchObject({ type: 'BegeleiderAssigned', data: { clientId: 'c1', staffId: 'pb-anouk', previousStaffId: null, reason: 'eerste_toewijzing', note: 'Klikt goed, kent de buurt', wooncirkelId: placement.wooncirkelId, teamId: placement.teamId } });
  });
  it('a change names the previous begeleider and why it changed', () => {
    const [event] = decide([intake, assigned('pb-anouk', null)], assign('pb-sem', 'vertrek_medewerker')) as ClientEvent[];
    expect(event.data).toMatchObject({ staffId: 'pb-sem', previousStaffId: 'pb-anouk', reason: 'vertrek_medewerker' });
  });
  it('refuses a begeleider who is not on the team, the same begeleider again, and a reason that does not fit', () => {
    client
      .given([intake])
      .when(assign('pb-anouk', 'eerste_toewijzing', false))
      .thenThrows('not_on_team', 'staffId');
    client
      .given([intake, assigned('pb-anouk', null)])
      .when(assign('pb-anouk', 'wens_client'))
      .thenThrows('same_begeleider', 'staffId');
    client
      .given([intake, assigned('pb-anouk', null)])
      .when(assign('pb-sem', 'eerste_toewijzing'))
      .thenThrows('invalid_reason', 'reason');
    client.given([intake]).when(assign('pb-anouk', 'wens_client')).thenThrows('invalid_reason', 'reason');
    expect(errorOf(decide([intake], assign('Anouk', 'eerste_toewijzing'))).field).toBe('staffId');
  });
  it('a transfer leaves the old team’s begeleider behind', () => {
    const transferred = e('ClientTransferred', { clientId: 'c1', from: placement, to: { ...placement, wooncirkelId: 'wc-2', teamId: 'team-2' }, reason: 'dichter bij familie', intensity: 'licht_ambulant', setting: 'eigen_woning_in_cirkel' } as never, 4);
    const [event] = decide([intake, assigned('pb-anouk', null), transferred], assign('pb-noor', 'transfer')) as ClientEvent[];
    expect(event.data).toMatchObject({ previousStaffId: null, wooncirkelId: 'wc-2' });
  });
});

describe('a transfer into a full team waits', () => {
  it('records the waiting transfer instead of refusing it', () => {
    const to = { ...placement, wooncirkelId: 'wc-2', teamId: 'team-2' };
    const [event] = decide([intake], { type: 'TransferClient', reason: 'dichter bij familie', toPlacement: to, teamPlace: 'unavailable' }) as ClientEvent[];
    expect(event).toMatchObject({ type: 'TransferWaitlisted', data: { from: placement, to } });
  });
  it('a waiting transfer that turns to another team waits on since it began; arriving ends the wait', () => {
    const waited = (wooncirkelId: string, day: number) => e('TransferWaitlisted', { clientId: 'c1', from: placement, to: { ...placement, wooncirkelId }, reason: 'dichter bij familie' }, day);
    expect(fold(clientDecider, [intake, waited('wc-2', 3), waited('wc-3', 9)]).waiting.transfer).toEqual({ toWooncirkelId: 'wc-3', since: at(3) });
    const arrived = e('ClientTransferred', { clientId: 'c1', from: placement, to: { ...placement, wooncirkelId: 'wc-3' }, reason: 'plek vrij', intensity: 'licht_ambulant', setting: 'eigen_woning_in_cirkel' } as never, 12);
    expect(fold(clientDecider, [intake, waited('wc-3', 9), arrived]).waiting.transfer).toBeUndefined();
  });
});
