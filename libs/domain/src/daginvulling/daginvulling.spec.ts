import { ClientEvent } from '../client/client';
import { at, e, intake, decide, errorOf } from '../client/given';

describe('waiting for daginvulling', () => {
  it('closes the wait when daginvulling is arranged', () => {
    const requested = e('DaginvullingRequested', { clientId: 'c1', wish: 'tuinieren', wijkCode: 'WK047901' }, 2);
    const [arranged] = decide([intake, requested], { type: 'ArrangeDaginvulling', activity: 'moestuin', provider: 'buurthuis' }) as ClientEvent[];
    expect(arranged.data).toMatchObject({ waitedSince: at(2) });
    expect(errorOf(decide([intake, requested, arranged], { type: 'ArrangeDaginvulling', activity: 'x', provider: 'y' })).code).toBe('not_waiting');
  });
});
