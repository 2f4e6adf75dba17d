import { ClientCommand } from '../client/client';
import { client, e, intake, decide, errorOf } from '../client/given';
import { testContext } from '../shared';

describe('doorbraaktafel', () => {
  const now = testContext().now;
  const escalated = e('CaseEscalated', { clientId: 'c1', caseId: 'case-1', reason: 'vastgelopen', wijkCode: 'WK047901' }, 2);
  const decision: ClientCommand = {
    type: 'RecordDoorbraakDecision',
    caseId: 'case-1',
    participants: ['gemeente', 'woningcorporatie', 'ervaringsdeskundige', 'sociaal_team'],
    clientPresent: true,
    ervaringsdeskundigeInvited: true,
    breakthroughType: 'justitie',
    note: '  NS-jaarkaart: werk in Utrecht houdt hem uit de cel  ',
    solutionCostCents: 300_000,
    avoidedCost: { category: 'detentie', amountCents: 5_000_000, basisMonths: 12 },
  };

  it('escalates a stuck case once, with a reason', () => {
    client
      .given([intake])
      .when({ type: 'EscalateCase', caseId: 'case-1', reason: 'vastgelopen' })
      .then([{ type: 'CaseEscalated', schemaVersion: 1, occurredAt: now, data: { clientId: 'c1', caseId: 'case-1', reason: 'vastgelopen', wijkCode: 'WK047901' } }]);
    client.given([intake, escalated]).when({ type: 'EscalateCase', caseId: 'case-1', reason: 'opnieuw' }).thenThrows('duplicate_case', 'caseId');
    client.given([intake]).when({ type: 'EscalateCase', caseId: 'case-2', reason: '  ' }).thenThrows('reason_required', 'reason');
  });

  it('records a breakthrough by role with its cost, avoided cost and lead time from the escalation', () => {
    client
      .given([intake, escalated])
      .when(decision)
      .then([
        {
          type: 'DoorbraakDecisionRecorded',
          schemaVersion: 2,
          occurredAt: now,
          data: {
            clientId: 'c1',
            caseId: 'case-1',
            wijkCode: 'WK047901',
            participants: ['gemeente', 'woningcorporatie', 'ervaringsdeskundige', 'sociaal_team'],
            clientPresent: true,
            ervaringsdeskundigeInvited: true,
            breakthroughType: 'justitie',
            note: 'NS-jaarkaart: werk in Utrecht houdt hem uit de cel',
            solutionCostCents: 300_000,
            avoidedCost: { category: 'detentie', amountCents: 5_000_000, basisMonths: 12 },
            escalatedAt: '2026-02-02T10:00:00Z',
            leadTimeDays: 26,
          },
        },
      ]);
  });

  it('decides only with the person present and an ervaringsdeskundige invited', () => {
    client
      .given([intake, escalated])
      .when({ ...decision, clientPresent: false } as ClientCommand)
      .thenThrows('client_not_present', 'clientPresent');
    client
      .given([intake, escalated])
      .when({ ...decision, ervaringsdeskundigeInvited: false } as ClientCommand)
      .thenThrows('ervaringsdeskundige_not_invited', 'ervaringsdeskundigeInvited');
  });

  it('records roles, never names, and coded costs', () => {
    const refused = (change: object) => errorOf(decide([intake, escalated], { ...decision, ...change } as ClientCommand));
    expect([refused({ participants: [] }).code, refused({ participants: [] }).field]).toEqual(['participants_required', 'participants']);
    expect(refused({ participants: ['mevrouw De Vries'] }).field).toBe('participants');
    expect(refused({ breakthroughType: 'iets' }).field).toBe('breakthroughType');
    expect(refused({ solutionCostCents: -1 }).field).toBe('solutionCostCents');
    expect(refused({ avoidedCost: { category: 'gevangenis', amountCents: 1, basisMonths: 12 } }).field).toBe('avoidedCost.category');
    expect(refused({ avoidedCost: { category: 'detentie', amountCents: 0, basisMonths: 12 } }).field).toBe('avoidedCost.amountCents');
    expect(refused({ avoidedCost: { category: 'detentie', amountCents: 1, basisMonths: 0 } }).field).toBe('avoidedCost.basisMonths');
  });

  it('decides and closes only open cases', () => {
    client.given([intake]).when(decision).thenThrows('case_not_open', 'caseId');
    const closed = e('CaseClosed', { clientId: 'c1', caseId: 'case-1', outcome: 'opgelost', decisions: 0 }, 3);
    client.given([intake, escalated, closed]).when({ type: 'CloseCase', caseId: 'case-1', outcome: 'nogmaals' }).thenThrows('case_not_open', 'caseId');
    client.given([intake, escalated, closed]).when(decision).thenThrows('case_not_open', 'caseId');
  });
});
