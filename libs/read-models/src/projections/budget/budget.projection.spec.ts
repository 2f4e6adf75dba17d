import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { intakeIn, placementIn } from '../projection-fixtures';
import { budgetProjection } from './budget.projection';

const spec = projectionSpecification(budgetProjection);

/** Client c1's release r1 of €300 for vervoer in WK047901 (a persoonsvolgend fast-track release unless changed). */
const released = (change: Partial<{ funder: 'wmo' | 'gemeente_maatwerk'; fastTrack: boolean; source: 'persoonsvolgend' | 'flexpot'; potId: string | null; caseId: string | null }>) =>
  event(
    'BudgetReleased',
    {
      clientId: 'c1',
      releaseId: 'r1',
      year: 2026,
      funder: 'wmo' as const,
      purpose: 'vervoer' as const,
      note: null,
      amountCents: 30_000,
      approvedBy: 'teamleider',
      fastTrack: true,
      overrideAllocation: false,
      justification: null,
      wijkCode: 'WK047901',
      source: 'persoonsvolgend' as const,
      potId: null,
      caseId: null,
      ...change,
    },
    '2026-02-05T10:00:00Z',
    3,
  );

describe('budget projection (given events, then documents)', () => {
  it('follows allocation, release and spending per client line, per wijk and year, and per wijk and month', () => {
    spec
      .given([
        intakeIn('c1', placementIn('wc-1', 'WK047901'), '2026-02-03T10:00:00Z'),
        event('BudgetAllocated', { clientId: 'c1', year: 2026, funder: 'wmo' as const, amountCents: 100_000, wijkCode: 'WK047901' }, '2026-02-04T10:00:00Z'),
        released({}),
        event('BudgetSpent', { clientId: 'c1', releaseId: 'r1', year: 2026, funder: 'wmo' as const, purpose: 'vervoer' as const, amountCents: 12_000, description: 'taxi', wijkCode: 'WK047901' }, '2026-03-10T10:00:00Z', 2),
      ])
      .then({
        client: {
          c1: {
            clientId: 'c1',
            wooncirkelId: 'wc-1',
            wijkCode: 'WK047901',
            gemeenteCode: 'GM0479',
            providerId: 'prov-a',
            lines: { '2026:wmo': { year: 2026, funder: 'wmo', allocatedCents: 100_000, releasedCents: 30_000, spentCents: 12_000, unreleasedCents: 70_000, unspentCents: 88_000, settled: false } },
            allocatedCents: 100_000,
            releasedCents: 30_000,
            spentCents: 12_000,
            unreleasedCents: 70_000,
            unspentCents: 88_000,
            transfers: [],
          },
        },
        wijk: {
          'WK047901:2026': {
            wijkCode: 'WK047901',
            gemeenteCode: 'GM0479',
            year: 2026,
            allocatedCents: 100_000,
            releasedCents: 30_000,
            spentCents: 12_000,
            spentByPurpose: { vervoer: 12_000 },
            releasedByFunder: { wmo: 30_000 },
            overrideReleases: 0,
            fastTrackReleases: 1,
            transfersIn: 0,
            transfersOut: 0,
            allocatedBy: ['c1'],
            releasedBy: ['c1'],
            releasersByFunder: { wmo: ['c1'] },
          },
        },
        month: { 'WK047901:2026-03:2026': { wijkCode: 'WK047901', gemeenteCode: 'GM0479', month: '2026-03', year: 2026, spentCents: 12_000, spentByPurpose: { vervoer: 12_000 }, clientIds: ['c1'], spendersByPurpose: { vervoer: ['c1'] } } },
        changes: { 'wijk-figures': { changes: 3 } },
      });
  });

  it('counts the events that change wijk-year or wijk-month documents: not an intake, a move within the wijk or a flex-pot release', () => {
    const transfer = (toWijk: string, at: string) =>
      event('BudgetTransferred', { clientId: 'c1', fromWijk: 'WK047901', toWijk, fromProvider: 'prov-a', toProvider: 'prov-a', lines: [{ year: 2026, funder: 'wmo' as const, allocatedCents: 100_000, releasedCents: 0, spentCents: 0, unreleasedCents: 100_000, unspentCents: 100_000 }] }, at, 2);
    const line = { year: 2026, funder: 'wmo', unreleasedCents: 100_000, unspentCents: 100_000 };
    const wijkYear = (wijkCode: string, gemeenteCode: string, changed: Record<string, unknown>) => ({
      wijkCode,
      gemeenteCode,
      year: 2026,
      allocatedCents: 0,
      releasedCents: 0,
      spentCents: 0,
      spentByPurpose: {},
      releasedByFunder: {},
      overrideReleases: 0,
      fastTrackReleases: 0,
      transfersIn: 0,
      transfersOut: 0,
      allocatedBy: [],
      releasedBy: [],
      releasersByFunder: {},
      ...changed,
    });
    spec
      .given([
        intakeIn('c1', placementIn('wc-1', 'WK047901'), '2026-02-03T10:00:00Z'),
        event('BudgetAllocated', { clientId: 'c1', year: 2026, funder: 'wmo' as const, amountCents: 100_000, wijkCode: 'WK047901' }, '2026-02-04T10:00:00Z'),
        released({ funder: 'gemeente_maatwerk', fastTrack: false, source: 'flexpot', potId: 'pot-1', caseId: 'case-1' }),
        transfer('WK047901', '2026-02-06T10:00:00Z'),
        transfer('WK047902', '2026-02-07T10:00:00Z'),
      ])
      .then({
        client: {
          c1: {
            clientId: 'c1',
            wooncirkelId: 'wc-1',
            wijkCode: 'WK047901',
            gemeenteCode: 'GM0479',
            providerId: 'prov-a',
            lines: { '2026:wmo': { year: 2026, funder: 'wmo', allocatedCents: 100_000, releasedCents: 0, spentCents: 0, unreleasedCents: 100_000, unspentCents: 100_000, settled: false } },
            allocatedCents: 100_000,
            releasedCents: 0,
            spentCents: 0,
            unreleasedCents: 100_000,
            unspentCents: 100_000,
            transfers: [
              { at: '2026-02-06T10:00:00Z', fromWijk: 'WK047901', toWijk: 'WK047901', fromProvider: 'prov-a', toProvider: 'prov-a', lines: [line] },
              { at: '2026-02-07T10:00:00Z', fromWijk: 'WK047901', toWijk: 'WK047902', fromProvider: 'prov-a', toProvider: 'prov-a', lines: [line] },
            ],
          },
        },
        wijk: {
          'WK047901:2026': wijkYear('WK047901', 'GM0479', { allocatedCents: 100_000, allocatedBy: ['c1'], transfersOut: 1 }),
          'WK047902:2026': wijkYear('WK047902', 'GM0479', { transfersIn: 1 }),
        },
        changes: { 'wijk-figures': { changes: 2 } },
      });
  });
});
