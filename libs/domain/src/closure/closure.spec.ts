import { ClientEvent } from '../client/client';
import { client, at, e, intake, scaled, decide } from '../client/given';

describe('afsluiting', () => {
  const close = (reason: string, day = 10, note?: string) => ({ type: 'CloseTrajectory', reason, effectiveAt: at(day), ...(note ? { note } : {}) }) as never;
  const closedBase = { clientId: 'c1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 'team-1', intensity: 'geen' as const, setting: 'eigen_woning_in_cirkel' as const };

  it('closes with a coded reason, listing the waits it ends and the budget lines left open', () => {
    const waitlisted = e('CareScalingWaitlisted', { clientId: 'c1', fromIntensity: 'geen', requestedIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'zp', wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 'team-1' }, 3);
    const budget = e('BudgetAllocated', { clientId: 'c1', year: 2026, funder: 'wmo', amountCents: 100_000, wijkCode: 'WK047901' }, 3);
    client
      .given([intake, waitlisted, budget])
      .when(close('hersteld'))
      .then([{ type: 'TrajectoryClosed', schemaVersion: 1, occurredAt: at(10), data: { ...closedBase, reason: 'hersteld', note: null, heldTeamPlace: false, homeId: null, endedWaits: ['care'], openBudgetLines: 1 } }]);
  });
  it('moves the client out of its home first, with the closure as reason', () => {
    const movedIn = e('ClientMovedIn', { clientId: 'c1', homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', fromSetting: 'elders', toSetting: 'eigen_woning_in_cirkel', reason: 'passende_woning' }, 3);
    const events = decide([intake, scaled('geen', 'licht_ambulant'), movedIn], close('verhuisd_buiten_regio')) as ClientEvent[];
    expect(events.map((x) => x.type)).toEqual(['ClientMovedOut', 'TrajectoryClosed']);
    expect(events[0].data).toMatchObject({ homeId: 'h1', reason: 'afsluiting', fromSetting: 'eigen_woning_in_cirkel', toSetting: 'elders' });
    expect(events[1].data).toMatchObject({ heldTeamPlace: true, homeId: 'h1' });
  });
  it('refuses an unknown reason, and overig without a note', () => {
    client.given([intake]).when(close('opgelost')).thenThrows('invalid_closure_reason', 'reason');
    client.given([intake]).when(close('overig')).thenThrows('note_required', 'note');
    expect((decide([intake], close('overig', 10, 'naar familie in Belgie')) as ClientEvent[])[0].data).toMatchObject({ reason: 'overig', note: 'naar familie in Belgie' });
  });
  it('refuses a closure in the future or before the intake', () => {
    client
      .given([intake])
      .when({ type: 'CloseTrajectory', reason: 'hersteld', effectiveAt: '2027-01-01T00:00:00Z' } as never)
      .thenThrows('time_in_future', 'effectiveAt');
    client
      .given([intake])
      .when({ type: 'CloseTrajectory', reason: 'hersteld', effectiveAt: '2025-01-01T00:00:00Z' } as never)
      .thenThrows('time_before_intake', 'effectiveAt');
  });

  const closed = e('TrajectoryClosed', { ...closedBase, reason: 'zorg_elders', note: null, heldTeamPlace: false, homeId: null, endedWaits: [], openBudgetLines: 1 }, 10);
  const budget = e('BudgetAllocated', { clientId: 'c1', year: 2026, funder: 'wmo', amountCents: 100_000, wijkCode: 'WK047901' }, 3);
  it('refuses closing twice and any new step afterwards', () => {
    client.given([intake, closed]).when(close('hersteld', 11)).thenThrows('trajectory_closed', 'clientId');
    client
      .given([intake, closed])
      .when({ type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'zp', effectiveAt: at(11), teamPlace: 'granted' } as never)
      .thenThrows('trajectory_closed');
    client
      .given([intake, closed])
      .when({ type: 'RequestHousing', reason: 'r' } as never)
      .thenThrows('trajectory_closed');
    client
      .given([intake, closed])
      .when({ type: 'RegisterIntake' } as never)
      .thenThrows('trajectory_closed');
  });
  it('still settles the budget lines left open', () => {
    const events = decide([intake, budget, closed], { type: 'SettleBudget', year: 2026, funder: 'wmo' } as never) as ClientEvent[];
    expect(events.map((x) => x.type)).toEqual(['BudgetSettled']);
  });
  it('may still be erased; the erasure then does not take the client out of the caseload a second time', () => {
    const [erased] = decide([intake, closed], { type: 'EraseClientData', legalBasis: 'bewaartermijn_verstreken' }) as ClientEvent[];
    expect(erased).toMatchObject({ type: 'ClientDataErased', data: { intensity: null, setting: null, wooncirkelId: 'wc-1' } });
  });
});
