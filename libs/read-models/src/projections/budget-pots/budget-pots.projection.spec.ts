import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { budgetPotsProjection } from './budget-pots.projection';

const spec = projectionSpecification(budgetPotsProjection);
const flex = { potId: 'flex-GM0796-2026', kind: 'flex' as const, gemeenteCode: 'GM0796', wijkCode: null, funder: 'gemeente_maatwerk' as const, year: 2026 };
const wijk = { potId: 'wijk-WK079605-wmo-2026', kind: 'wijk' as const, gemeenteCode: 'GM0796', wijkCode: 'WK079605', funder: 'wmo' as const, year: 2026 };

describe('budget pots projection (given events, then documents)', () => {
  it('follows what each pot opened, released for wijk activities and for clients, and what remains; a returned release counts no more', () => {
    spec
      .given([
        event('BudgetPotOpened', { ...flex, amountCents: 1_000_000 }, '2026-01-02T09:00:00Z'),
        event('BudgetPotToppedUp', { ...flex, amountCents: 200_000 }, '2026-09-01T09:00:00Z'),
        event('BudgetPotReleased', { ...flex, releaseId: 'ns', clientId: 'c1', activity: null, purpose: 'vervoer' as const, amountCents: 300_000 }, '2026-09-02T09:00:00Z'),
        event('BudgetPotReleased', { ...flex, releaseId: 'x', clientId: 'c2', activity: null, purpose: 'woonkosten' as const, amountCents: 50_000 }, '2026-09-03T09:00:00Z'),
        event('BudgetPotReleaseReturned', { ...flex, releaseId: 'x', clientId: 'c2', amountCents: 50_000 }, '2026-09-03T09:00:01Z'),
        event('BudgetPotOpened', { ...wijk, amountCents: 6_000_000 }, '2026-01-02T09:00:00Z'),
        event('BudgetPotReleased', { ...wijk, releaseId: 'bp', clientId: null, activity: 'buurtplein' as const, purpose: null, amountCents: 150_000 }, '2026-03-02T09:00:00Z'),
        event('BudgetPotReleased', { ...wijk, releaseId: 'bp2', clientId: null, activity: 'buurtplein' as const, purpose: null, amountCents: 50_000 }, '2026-04-02T09:00:00Z'),
      ])
      .then({
        pot: {
          [flex.potId]: { ...flex, openedCents: 1_200_000, releasedCents: 300_000, remainingCents: 900_000, activityReleases: 0, releasedForActivitiesCents: 0, releasedByActivity: {}, clientReleases: 1, releasedForClientsCents: 300_000, clientIds: ['c1', 'c2'] },
          [wijk.potId]: { ...wijk, openedCents: 6_000_000, releasedCents: 200_000, remainingCents: 5_800_000, activityReleases: 2, releasedForActivitiesCents: 200_000, releasedByActivity: { buurtplein: 200_000 }, clientReleases: 0, releasedForClientsCents: 0, clientIds: [] },
        },
      });
  });
});
