import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { placementIn } from '../projection-fixtures';
import { networkProjection } from './network.projection';

const spec = projectionSpecification(networkProjection);
const A = 'WK047901';
const B = 'WK047902';
const started = (clientId: string, supportId: string, hoursPerWeek: number, at: string, wijkCode = A) => event('InformalSupportStarted', { clientId, supportId, memberId: 'm1', relation: 'naaste' as const, kind: 'boodschappen' as const, hoursPerWeek, note: null, wijkCode }, at);
const ended = (clientId: string, supportId: string, hoursPerWeek: number, at: string, wijkCode = A) =>
  event('InformalSupportEnded', { clientId, supportId, memberId: 'm1', kind: 'boodschappen' as const, hoursPerWeek, reason: 'doel_bereikt' as const, startedAt: '2026-02-01T10:00:00Z', wijkCode }, at);
const month = (wijkCode: string, m: string, counts: Record<string, number>) => ({
  wijkCode,
  gemeenteCode: `GM${wijkCode.slice(2, 6)}`,
  month: m,
  membersAdded: 0,
  supportsStarted: 0,
  supportsEnded: 0,
  referralsMade: 0,
  referralsAvoided: 0,
  afschalingen: 0,
  afschalingenCarriedByNetwork: 0,
  clientsWithSupportChange: 0,
  weeklyHoursChange: 0,
  ...counts,
});
const scaledDown = (carriedByNetwork: boolean | undefined, at: string) =>
  event(
    'CareScaledDown',
    { clientId: 'c1', fromIntensity: 'licht_ambulant' as const, toIntensity: 'geen' as const, setting: 'elders' as const, carriedByNetwork: carriedByNetwork ?? false, reason: 'r', decidedBy: 'zp', wooncirkelId: 'wc-1', wijkCode: A, teamId: 't', homeId: null, stayedInHome: false },
    at,
  );

describe('network projection (given events, then documents)', () => {
  it('counts informal support now (clients, supports, weekly hours) and per month, with referrals and afschalingen', () => {
    spec
      .given([
        event('NetworkMemberAdded', { clientId: 'c1', memberId: 'm1', relation: 'naaste' as const, personal: { name: 'Els' }, wijkCode: A }, '2026-02-01T10:00:00Z'),
        started('c1', 's1', 2, '2026-02-02T10:00:00Z'),
        started('c1', 's2', 1, '2026-02-03T10:00:00Z'),
        started('c2', 's1', 4, '2026-02-04T10:00:00Z'),
        ended('c2', 's1', 4, '2026-03-01T10:00:00Z'),
        event('ReferralMade', { clientId: 'c1', referralId: 'r1', care: 'ggz_behandeling' as const, referredTo: null, wijkCode: A }, '2026-03-02T10:00:00Z'),
        event('ReferralAvoided', { clientId: 'c1', referralId: 'r2', care: 'wmo_begeleiding' as const, solution: 'informele_steun' as const, supportId: 's1', memberId: 'm1', note: null, wijkCode: A }, '2026-03-03T10:00:00Z'),
        scaledDown(true, '2026-03-04T10:00:00Z'),
        scaledDown(undefined, '2026-03-05T10:00:00Z'),
      ])
      .then({
        client: {
          c1: {
            clientId: 'c1',
            wijkCode: A,
            supports: [
              { supportId: 's1', hoursPerWeek: 2 },
              { supportId: 's2', hoursPerWeek: 1 },
            ],
          },
          c2: { clientId: 'c2', wijkCode: A, supports: [] },
        },
        wijk: { [A]: { wijkCode: A, gemeenteCode: 'GM0479', clientsWithSupport: 1, activeSupports: 2, weeklyHours: 3 } },
        month: {
          [`${A}:2026-02`]: month(A, '2026-02', { membersAdded: 1, supportsStarted: 3, clientsWithSupportChange: 2, weeklyHoursChange: 7 }),
          [`${A}:2026-03`]: month(A, '2026-03', { supportsEnded: 1, referralsMade: 1, referralsAvoided: 1, afschalingen: 2, afschalingenCarriedByNetwork: 1, clientsWithSupportChange: -1, weeklyHoursChange: -4 }),
        },
      });
  });

  it('moves the support along with a transferred client and drops it when the client is erased', () => {
    spec
      .given([
        started('c1', 's1', 3, '2026-02-02T10:00:00Z'),
        event('ClientTransferred', { clientId: 'c1', from: placementIn('wc-1', A), to: placementIn('wc-2', B), reason: 'verhuizing', intensity: 'geen' as const, setting: 'elders' as const }, '2026-02-10T10:00:00Z'),
        started('c2', 's1', 1, '2026-02-11T10:00:00Z', B),
        event('ClientDataErased', { clientId: 'c2', legalBasis: 'avg_art_17', wijkCode: B, wooncirkelId: 'wc-2', intensity: 'geen' as const, setting: 'elders' as const }, '2026-02-12T10:00:00Z'),
      ])
      .then({
        client: { c1: { clientId: 'c1', wijkCode: B, supports: [{ supportId: 's1', hoursPerWeek: 3 }] }, c2: { clientId: 'c2', wijkCode: B, supports: [] } },
        wijk: {
          [A]: { wijkCode: A, gemeenteCode: 'GM0479', clientsWithSupport: 0, activeSupports: 0, weeklyHours: 0 },
          [B]: { wijkCode: B, gemeenteCode: 'GM0479', clientsWithSupport: 1, activeSupports: 1, weeklyHours: 3 },
        },
        month: { [`${A}:2026-02`]: month(A, '2026-02', { supportsStarted: 1 }), [`${B}:2026-02`]: month(B, '2026-02', { supportsStarted: 1, clientsWithSupportChange: 1, weeklyHoursChange: 3 }) },
      });
  });

  it('counts the change of clients with support and hours in the month it happens, and stops counting a closed trajectory', () => {
    const closed = (clientId: string, at: string) =>
      event('TrajectoryClosed', { clientId, reason: 'hersteld' as const, note: null, wooncirkelId: 'wc-1', wijkCode: A, teamId: 't', intensity: 'geen' as const, setting: 'elders' as const, heldTeamPlace: false, homeId: null, endedWaits: [], openBudgetLines: 0 }, at);
    spec.given([started('c1', 's1', 3, '2026-01-20T10:00:00Z'), started('c2', 's1', 5, '2026-02-02T10:00:00Z'), closed('c1', '2026-03-05T10:00:00Z')]).then({
      client: { c1: { clientId: 'c1', wijkCode: A, supports: [] }, c2: { clientId: 'c2', wijkCode: A, supports: [{ supportId: 's1', hoursPerWeek: 5 }] } },
      wijk: { [A]: { wijkCode: A, gemeenteCode: 'GM0479', clientsWithSupport: 1, activeSupports: 1, weeklyHours: 5 } },
      month: {
        [`${A}:2026-01`]: month(A, '2026-01', { supportsStarted: 1, clientsWithSupportChange: 1, weeklyHoursChange: 3 }),
        [`${A}:2026-02`]: month(A, '2026-02', { supportsStarted: 1, clientsWithSupportChange: 1, weeklyHoursChange: 5 }),
        [`${A}:2026-03`]: month(A, '2026-03', { clientsWithSupportChange: -1, weeklyHoursChange: -3 }),
      },
    });
  });
});
