import { ClientEvent } from '../client/client';
import { decide, e, errorOf, intake } from '../client/given';

describe('erasure (AVG art. 17)', () => {
  const erased = e('ClientDataErased', { clientId: 'c1', legalBasis: 'avg_art_17', wijkCode: 'WK047901', wooncirkelId: 'wc-1', careLevel: 'informeel' }, 3);

  it('records the erasure with its legal basis', () => {
    expect(decide([intake], { type: 'EraseClientData', legalBasis: 'avg_art_17' })).toEqual([expect.objectContaining({ type: 'ClientDataErased', schemaVersion: 2, data: { clientId: 'c1', legalBasis: 'avg_art_17', wijkCode: 'WK047901', wooncirkelId: 'wc-1', careLevel: 'informeel' } })]);
    expect(errorOf(decide([intake], { type: 'EraseClientData', legalBasis: 'because' as never })).field).toBe('legalBasis');
  });

  it('closes the trajectory: every later command is refused', () => {
    const given: ClientEvent[] = [intake, erased];
    expect(errorOf(decide(given, { type: 'RequestHousing', reason: 'x' })).code).toBe('client_erased');
    expect(errorOf(decide(given, { type: 'EraseClientData', legalBasis: 'avg_art_17' })).code).toBe('client_erased');
  });
});
