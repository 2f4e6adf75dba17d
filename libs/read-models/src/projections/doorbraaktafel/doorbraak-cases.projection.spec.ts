import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { doorbraakCasesProjection } from './doorbraak-cases.projection';

const spec = projectionSpecification(doorbraakCasesProjection);
const decided = (clientId: string, extra: object, at: string) =>
  event(
    'DoorbraakDecisionRecorded',
    {
      clientId,
      caseId: 'case-1',
      wijkCode: 'WK079603',
      participants: ['gemeente' as const, 'ervaringsdeskundige' as const],
      clientPresent: true as const,
      ervaringsdeskundigeInvited: true,
      breakthroughType: 'justitie' as const,
      note: null,
      solutionCostCents: 300_000,
      avoidedCost: null,
      escalatedAt: '2026-02-01T09:00:00Z',
      leadTimeDays: 10,
      ...extra,
    },
    at,
    2,
  );

describe('doorbraak cases projection (given events, then documents)', () => {
  it('keeps each case in the wijk of its escalation, with its decisions (also one without a wijk of its own) and when it closed', () => {
    spec
      .given([
        event('CaseEscalated', { clientId: 'c1', caseId: 'case-1', reason: 'r', wijkCode: 'WK079605' }, '2026-02-01T09:00:00Z'),
        decided('c1', { avoidedCost: { category: 'detentie', amountCents: 5_000_000, basisMonths: 12 } }, '2026-02-11T09:00:00Z'),
        decided('c1', { wijkCode: null, breakthroughType: 'overig', solutionCostCents: null, leadTimeDays: null }, '2026-03-01T09:00:00Z'),
        event('CaseClosed', { clientId: 'c1', caseId: 'case-1', outcome: 'ok', decisions: 2 }, '2026-04-01T09:00:00Z'),
        // A decision on a case this read model never saw escalated is no case of it.
        decided('c9', {}, '2026-03-01T09:00:00Z'),
      ])
      .then({
        case: {
          'c1:case-1': {
            clientId: 'c1',
            caseId: 'case-1',
            wijkCode: 'WK079605',
            escalatedAt: '2026-02-01T09:00:00Z',
            decisions: [
              { at: '2026-02-11T09:00:00Z', breakthroughType: 'justitie', leadTimeDays: 10, solutionCostCents: 300_000, avoidedCost: { category: 'detentie', amountCents: 5_000_000, basisMonths: 12 } },
              { at: '2026-03-01T09:00:00Z', breakthroughType: 'overig', leadTimeDays: null, solutionCostCents: null, avoidedCost: null },
            ],
            closedAt: '2026-04-01T09:00:00Z',
          },
        },
      });
  });
});
