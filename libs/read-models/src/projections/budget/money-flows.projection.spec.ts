import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { moneyFlowsProjection } from './money-flows.projection';

const spec = projectionSpecification(moneyFlowsProjection);
const flex = { potId: 'flex-GM0796-2026', kind: 'flex' as const, gemeenteCode: 'GM0796', wijkCode: null, funder: 'gemeente_maatwerk' as const, year: 2026 };
const wijk = { potId: 'wijk-WK079605-wmo-2026', kind: 'wijk' as const, gemeenteCode: 'GM0796', wijkCode: 'WK079605', funder: 'wmo' as const, year: 2026 };
const release = (clientId: string, amountCents: number, potId: string | null) => ({
  clientId,
  releaseId: `r-${clientId}`,
  year: 2026,
  funder: potId ? ('gemeente_maatwerk' as const) : ('wmo' as const),
  purpose: 'vervoer' as const,
  note: null,
  amountCents,
  approvedBy: 'teamleider',
  fastTrack: potId !== null,
  overrideAllocation: false,
  justification: null,
  wijkCode: 'WK079605',
  source: potId ? ('flexpot' as const) : ('persoonsvolgend' as const),
  potId,
  caseId: potId ? 'case-1' : null,
});

describe('money flows projection (given events, then documents)', () => {
  it('books money per area and calendar month by flow, pot, funder and purpose, with whose money it was; a flex pot budget is its gemeente’s, a client’s flex release counts once', () => {
    spec
      .given([
        event('BudgetAllocated', { clientId: 'c1', year: 2026, funder: 'wmo' as const, amountCents: 500_000, wijkCode: 'WK079605' }, '2025-12-20T09:00:00Z'),
        event('BudgetAllocated', { clientId: 'c2', year: 2026, funder: 'wmo' as const, amountCents: 300_000, wijkCode: 'WK079605' }, '2025-12-21T09:00:00Z'),
        event('BudgetReleased', release('c1', 100_000, null), '2026-01-05T09:00:00Z', 3),
        event('BudgetReleased', release('c2', 70_000, flex.potId), '2026-01-06T09:00:00Z', 3),
        event('BudgetPotReleased', { ...flex, releaseId: 'r-c2', clientId: 'c2', activity: null, purpose: 'vervoer' as const, amountCents: 70_000 }, '2026-01-06T09:00:00Z'),
        event('BudgetSpent', { clientId: 'c1', releaseId: 'r-c1', year: 2026, funder: 'wmo' as const, purpose: 'vervoer' as const, amountCents: 40_000, description: 'factuur', wijkCode: 'WK079605' }, '2026-02-01T09:00:00Z', 2),
        event('BudgetPotOpened', { ...flex, amountCents: 1_000_000 }, '2026-01-02T09:00:00Z'),
        event('BudgetPotToppedUp', { ...flex, amountCents: 200_000 }, '2026-01-20T09:00:00Z'),
        event('BudgetPotOpened', { ...wijk, amountCents: 6_000_000 }, '2026-01-02T09:00:00Z'),
        event('BudgetPotReleased', { ...wijk, releaseId: 'bp', clientId: null, activity: 'buurtplein' as const, purpose: null, amountCents: 150_000 }, '2026-01-12T09:00:00Z'),
      ])
      .then({
        month: {
          'WK079605:2025-12': { areaCode: 'WK079605', month: '2025-12', cells: { 'toegekend|persoonsvolgend|wmo|-': { cents: 800_000, clientIds: ['c1', 'c2'] } } },
          'WK079605:2026-01': {
            areaCode: 'WK079605',
            month: '2026-01',
            cells: {
              'vrijgegeven|persoonsvolgend|wmo|vervoer': { cents: 100_000, clientIds: ['c1'] },
              'vrijgegeven|flexpot|gemeente_maatwerk|vervoer': { cents: 70_000, clientIds: ['c2'] },
              'toegekend|wijkbudget|wmo|-': { cents: 6_000_000, clientIds: [] },
              'vrijgegeven|wijkbudget|wmo|buurtplein': { cents: 150_000, clientIds: [] },
            },
          },
          'WK079605:2026-02': { areaCode: 'WK079605', month: '2026-02', cells: { 'besteed|persoonsvolgend|wmo|vervoer': { cents: 40_000, clientIds: ['c1'] } } },
          'GM0796:2026-01': { areaCode: 'GM0796', month: '2026-01', cells: { 'toegekend|flexpot|gemeente_maatwerk|-': { cents: 1_200_000, clientIds: [] } } },
        },
      });
  });
});
