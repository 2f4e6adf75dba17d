import { ClientCommand } from '../client/client';
import { client, e, intake } from '../client/given';
import { testContext } from '../shared';

describe('doorbraaktafel', () => {
  const now = testContext().now;
  const escalated = e('CaseEscalated', { clientId: 'c1', caseId: 'case-1', reason: 'vastgelopen', wijkCode: 'WK047901' }, 2);
  const decision: ClientCommand = { type: 'RecordDoorbraakDecision', caseId: 'case-1', decision: 'maatwerk', participants: ['gemeente', 'corporatie'], clientPresent: true };

  it('escalates a stuck case once, with a reason', () => {
    client
      .given([intake])
      .when({ type: 'EscalateCase', caseId: 'case-1', reason: 'vastgelopen' })
      .then([{ type: 'CaseEscalated', schemaVersion: 1, occurredAt: now, data: { clientId: 'c1', caseId: 'case-1', reason: 'vastgelopen', wijkCode: 'WK047901' } }]);
    client.given([intake, escalated]).when({ type: 'EscalateCase', caseId: 'case-1', reason: 'opnieuw' }).thenThrows('duplicate_case', 'caseId');
    client.given([intake]).when({ type: 'EscalateCase', caseId: 'case-2', reason: '  ' }).thenThrows('reason_required', 'reason');
  });

  it('records decisions only with the person present', () => {
    client
      .given([intake, escalated])
      .when({ ...decision, clientPresent: false })
      .thenThrows('client_not_present', 'clientPresent');
    client
      .given([intake, escalated])
      .when(decision)
      .then([{ type: 'DoorbraakDecisionRecorded', schemaVersion: 1, occurredAt: now, data: { clientId: 'c1', caseId: 'case-1', decision: 'maatwerk', participants: ['gemeente', 'corporatie'], clientPresent: true } }]);
  });

  it('decides and closes only open cases', () => {
    client.given([intake]).when(decision).thenThrows('case_not_open', 'caseId');
    const closed = e('CaseClosed', { clientId: 'c1', caseId: 'case-1', outcome: 'opgelost', decisions: 0 }, 3);
    client.given([intake, escalated, closed]).when({ type: 'CloseCase', caseId: 'case-1', outcome: 'nogmaals' }).thenThrows('case_not_open', 'caseId');
  });
});
