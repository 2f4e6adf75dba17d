import { BegeleiderAssigned, ClientTransferred, StaffJoinedTeam, TeamPlaceClaimed, event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { placementIn, registeredWooncirkel } from '../projection-fixtures';
import { continuityProjection } from './continuity.projection';

const spec = projectionSpecification(continuityProjection);
const here = placementIn('wc-1', 'WK047901');
const there = placementIn('wc-2', 'WK047902');
const ref = { wooncirkelId: 'wc-1', teamId: 'team-wc-1' };
const joined = (staffId: string): StaffJoinedTeam => event('StaffJoinedTeam', { ...ref, staffId, role: 'persoonlijk_begeleider', hoursPerWeek: 32 } as StaffJoinedTeam['data'], '2026-01-02T09:00:00Z');
const claimed = (clientId: string): TeamPlaceClaimed => event('TeamPlaceClaimed', { ...ref, clientId } as TeamPlaceClaimed['data'], '2026-01-03T09:00:00Z');
const assigned = (clientId: string, staffId: string, previousStaffId: string | null, at: string): BegeleiderAssigned => event('BegeleiderAssigned', { clientId, staffId, previousStaffId, reason: 'eerste_toewijzing', note: null, ...ref } as unknown as BegeleiderAssigned['data'], at);
const transferred = (clientId: string): ClientTransferred => event('ClientTransferred', { clientId, from: here, to: there, reason: 'verhuizing', intensity: 'licht_ambulant', setting: 'eigen_woning_in_cirkel' }, '2026-02-01T09:00:00Z', 2);

describe('continuity projection (given events, then documents)', () => {
  it('keeps each client’s begeleider in the team, "__proto__" as any other client id, and drops it when the client moves away', () => {
    spec
      .given([
        registeredWooncirkel('wc-1', 'WK047901', 10),
        joined('pb-anouk'),
        claimed('__proto__'),
        claimed('c2'),
        assigned('__proto__', 'pb-anouk', null, '2026-01-04T09:00:00Z'),
        assigned('c2', 'pb-anouk', null, '2026-01-05T09:00:00Z'),
        assigned('c2', 'pb-sem', 'pb-anouk', '2026-01-06T09:00:00Z'),
        transferred('c2'),
      ])
      .then({
        team: {
          'wc-1': {
            wooncirkelId: 'wc-1',
            wijkCode: 'WK047901',
            gemeenteCode: 'GM0479',
            teamId: 'team-wc-1',
            providerId: 'prov-a',
            caseloadCapacity: 10,
            staff: [{ staffId: 'pb-anouk', role: 'persoonlijk_begeleider', hoursPerWeek: 32, since: '2026-01-02T09:00:00Z' }],
            staffCount: 1,
            hoursPerWeek: 32,
            hasErvaringsdeskundige: false,
            teamClientIds: ['__proto__', 'c2'],
            // c2 moved to wc-2: its begeleider here is dropped, so it counts as without one until its place is released.
            begeleiderOf: JSON.parse('{"__proto__":"pb-anouk"}'),
            withoutBegeleider: ['c2'],
            waiting: [],
            openOffers: [],
            overCapacity: [],
          },
        },
        client: {
          ...JSON.parse('{"__proto__":{"clientId":"__proto__","wooncirkelId":"wc-1","begeleiderStaffId":"pb-anouk","begeleiderSince":"2026-01-04T09:00:00Z","assignments":1,"changes":0}}'),
          c2: { clientId: 'c2', wooncirkelId: 'wc-2', begeleiderStaffId: null, begeleiderSince: null, assignments: 2, changes: 1 },
        },
      });
  });
});
