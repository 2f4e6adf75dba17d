import { ClientCommand } from '../client/client';
import { e, intake, decide, errorOf } from '../client/given';

describe('doorbraaktafel', () => {
  const escalated = e('CaseEscalated', { clientId: 'c1', caseId: 'case-1', reason: 'vastgelopen', wijkCode: 'WK047901' }, 2);
  it('records decisions only with the person present', () => {
    const when: ClientCommand = { type: 'RecordDoorbraakDecision', caseId: 'case-1', decision: 'maatwerk', participants: ['gemeente', 'corporatie'], clientPresent: false };
    expect(errorOf(decide([intake, escalated], when)).field).toBe('clientPresent');
    expect(decide([intake, escalated], { ...when, clientPresent: true })).toHaveLength(1);
  });
});
