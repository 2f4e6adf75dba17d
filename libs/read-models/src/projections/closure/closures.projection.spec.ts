import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { closuresProjection } from './closures.projection';

const spec = projectionSpecification(closuresProjection);
const closed = (clientId: string, wijkCode: string, reason: 'hersteld' | 'overleden', at: string) =>
  event('TrajectoryClosed', { clientId, reason, note: null, wooncirkelId: 'wc-1', wijkCode, teamId: 't', intensity: 'licht_ambulant' as const, setting: 'eigen_woning_in_cirkel' as const, heldTeamPlace: true, homeId: null, endedWaits: [], openBudgetLines: 0 }, at);

describe('closures projection (given events, then documents)', () => {
  it('counts closures per wijk, month (of the closure) and reason', () => {
    spec.given([closed('c1', 'WK047901', 'hersteld', '2026-03-02T10:00:00Z'), closed('c2', 'WK047901', 'hersteld', '2026-03-30T10:00:00Z'), closed('c3', 'WK047901', 'overleden', '2026-03-05T10:00:00Z'), closed('c4', 'WK047902', 'hersteld', '2026-04-01T10:00:00Z')]).then({
      count: {
        'WK047901:2026-03:hersteld': { wijkCode: 'WK047901', gemeenteCode: 'GM0479', month: '2026-03', reason: 'hersteld', closures: 2 },
        'WK047901:2026-03:overleden': { wijkCode: 'WK047901', gemeenteCode: 'GM0479', month: '2026-03', reason: 'overleden', closures: 1 },
        'WK047902:2026-04:hersteld': { wijkCode: 'WK047902', gemeenteCode: 'GM0479', month: '2026-04', reason: 'hersteld', closures: 1 },
      },
    });
  });
});
