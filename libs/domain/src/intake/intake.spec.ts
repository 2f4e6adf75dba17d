import { ClientEvent, ClientCommand } from '../client/client';
import { client, placement, intake, decide, errorOf } from '../client/given';

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
    client.given([intake]).when(register).thenThrows('already_registered');
  });
});
