import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { intakeIn, placementIn, scaledUp } from '../projection-fixtures';
import { zorgverloopProjection } from './zorgverloop.projection';

const spec = projectionSpecification(zorgverloopProjection);
const from = placementIn('wc-1', 'WK047901');
const to = placementIn('wc-9', 'WK047902');
const closed = (clientId: string, wijkCode: string, at: string) =>
  event('TrajectoryClosed', { clientId, reason: 'hersteld' as const, note: null, wooncirkelId: 'wc-1', wijkCode, teamId: 't', intensity: 'licht_ambulant' as const, setting: 'eigen_woning_in_cirkel' as const, heldTeamPlace: true, homeId: null, endedWaits: [], openBudgetLines: 0 }, at);
const month = (wijkCode: string, m: string, change: Record<string, number>, flows: Partial<Record<'intakes' | 'closures' | 'erasures' | 'scaledUp' | 'scaledDown', number>> = {}) => ({
  wijkCode,
  gemeenteCode: 'GM0479',
  month: m,
  change,
  intakes: 0,
  closures: 0,
  erasures: 0,
  scaledUp: 0,
  scaledDown: 0,
  ...flows,
});

describe('zorgverloop projection (given events, then documents)', () => {
  it('records per wijk and month the net change per intensity and setting, and the flows; a closed client leaves once', () => {
    spec
      .given([
        intakeIn('c1', from, '2026-02-03T10:00:00Z'),
        intakeIn('c2', from, '2026-02-04T10:00:00Z'),
        scaledUp('c1', 'wc-1', 'WK047901', '2026-03-04T10:00:00Z'),
        event('ClientMoved', { clientId: 'c2', wooncirkelId: 'wc-1', wijkCode: 'WK047901', fromSetting: 'eigen_woning_in_cirkel' as const, toSetting: 'clusterwoning' as const, reason: 'eigen_wens' as const, note: null }, '2026-03-05T10:00:00Z'),
        event('ClientTransferred', { clientId: 'c2', from, to, reason: 'verhuizing', intensity: 'geen' as const, setting: 'clusterwoning' as const }, '2026-03-10T10:00:00Z', 2),
        closed('c1', 'WK047901', '2026-04-01T10:00:00Z'),
        closed('c1', 'WK047901', '2026-04-02T10:00:00Z'),
      ])
      .then({
        month: {
          'WK047901:2026-02': month('WK047901', '2026-02', { clients: 2, 'intensity:geen': 2, 'setting:eigen_woning_in_cirkel': 2 }, { intakes: 2 }),
          'WK047901:2026-03': month('WK047901', '2026-03', { clients: -1, 'intensity:geen': -2, 'intensity:licht_ambulant': 1, 'setting:eigen_woning_in_cirkel': -1, 'setting:clusterwoning': 0 }, { scaledUp: 1 }),
          'WK047902:2026-03': month('WK047902', '2026-03', { clients: 1, 'intensity:geen': 1, 'setting:clusterwoning': 1 }),
          'WK047901:2026-04': month('WK047901', '2026-04', { clients: -1, 'intensity:licht_ambulant': -1, 'setting:eigen_woning_in_cirkel': -1 }, { closures: 1 }),
        },
        client: { c2: { clientId: 'c2', wijkCode: 'WK047902', intensity: 'geen', setting: 'clusterwoning' } },
      });
  });
});
