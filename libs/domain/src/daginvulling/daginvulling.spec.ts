import { ClientEvent } from '../client/client';
import { client, at, e, intake, decide, errorOf } from '../client/given';

describe('waiting for daginvulling', () => {
  it('closes the wait when daginvulling is arranged', () => {
    const requested = e('DaginvullingRequested', { clientId: 'c1', wish: 'tuinieren', wijkCode: 'WK047901' }, 2);
    const [arranged] = decide([intake, requested], { type: 'ArrangeDaginvulling', activity: 'tuin_natuur', provider: 'buurthuis-poelenburg', note: 'moestuin achter de kerk' }) as ClientEvent[];
    expect(arranged).toMatchObject({ schemaVersion: 2, data: { waitedSince: at(2), activity: 'tuin_natuur', provider: 'buurthuis-poelenburg', note: 'moestuin achter de kerk' } });
    client.given([intake, requested, arranged]).when({ type: 'ArrangeDaginvulling', activity: 'overig', provider: 'buurthuis' }).thenThrows('not_waiting');
  });
  it('arranges only a coded activity at a provider code, never free text', () => {
    const requested = e('DaginvullingRequested', { clientId: 'c1', wish: 'tuinieren', wijkCode: 'WK047901' }, 2);
    const activity = errorOf(decide([intake, requested], { type: 'ArrangeDaginvulling', activity: 'moestuin met Piet' as never, provider: 'buurthuis' }));
    expect([activity.code, activity.field]).toEqual(['invalid_activity', 'activity']);
    const provider = errorOf(decide([intake, requested], { type: 'ArrangeDaginvulling', activity: 'tuin_natuur', provider: 'Piet de Vries' }));
    expect([provider.code, provider.field]).toEqual(['invalid_provider', 'provider']);
  });
});
