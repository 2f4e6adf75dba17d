import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { doorbraaktafelProjection } from './doorbraaktafel.projection';

const spec = projectionSpecification(doorbraaktafelProjection);
const decided = (clientId: string, extra: object, at: string) =>
  event(
    'DoorbraakDecisionRecorded',
    {
      clientId,
      caseId: 'case-1',
      wijkCode: 'WK079605',
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

describe('doorbraaktafel projection (given events, then documents)', () => {
  it('counts cases and breakthroughs per gemeente and year, with lead times and solution cost against avoided cost per category', () => {
    spec
      .given([
        event('CaseEscalated', { clientId: 'c1', caseId: 'case-1', reason: 'r', wijkCode: 'WK079605' }, '2026-02-01T09:00:00Z'),
        event('CaseEscalated', { clientId: 'c2', caseId: 'case-1', reason: 'r', wijkCode: 'WK079603' }, '2026-02-03T09:00:00Z'),
        decided('c1', { avoidedCost: { category: 'detentie', amountCents: 5_000_000, basisMonths: 12 } }, '2026-02-11T09:00:00Z'),
        decided('c2', { breakthroughType: 'woning', solutionCostCents: 100_000, avoidedCost: { category: 'detentie', amountCents: 1_200_000, basisMonths: 6 }, leadTimeDays: 20 }, '2026-02-23T09:00:00Z'),
        decided('c3', { breakthroughType: 'woning', solutionCostCents: 40_000, leadTimeDays: null }, '2027-01-05T09:00:00Z'),
        // Upcast from v1: no wijk, no figures.
        decided('c4', { wijkCode: null, breakthroughType: 'overig', solutionCostCents: null }, '2026-03-01T09:00:00Z'),
      ])
      .then({
        year: {
          'GM0796:2026': {
            gemeenteCode: 'GM0796',
            year: 2026,
            cases: 2,
            caseClientIds: ['c1', 'c2'],
            breakthroughs: 2,
            breakthroughsByType: { justitie: 1, woning: 1 },
            breakthroughClientIds: ['c1', 'c2'],
            leadTimesDays: [10, 20],
            solutionCents: 400_000,
            withoutEstimate: { decisions: 0, solutionCents: 0, avoidedCents: 0, avoidedCentsPerYear: 0, clientIds: [] },
            avoidedByCategory: { detentie: { decisions: 2, solutionCents: 400_000, avoidedCents: 6_200_000, avoidedCentsPerYear: 7_400_000, clientIds: ['c1', 'c2'] } },
          },
          'GM0796:2027': {
            gemeenteCode: 'GM0796',
            year: 2027,
            cases: 0,
            caseClientIds: [],
            breakthroughs: 1,
            breakthroughsByType: { woning: 1 },
            breakthroughClientIds: ['c3'],
            leadTimesDays: [],
            solutionCents: 40_000,
            withoutEstimate: { decisions: 1, solutionCents: 40_000, avoidedCents: 0, avoidedCentsPerYear: 0, clientIds: ['c3'] },
            avoidedByCategory: {},
          },
        },
      });
  });
});
