import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { plannedStepsProjection } from './planned-steps.projection';

const spec = projectionSpecification(plannedStepsProjection);
const facts = (planId: string) => ({ clientId: 'c1', planId, kind: 'ScaleCare' as const, effectiveAt: '2026-04-01T09:00:00Z', wooncirkelId: 'wc-1', wijkCode: 'WK047901' });
const scheduled = (planId: string) => event('PlannedStepScheduled', { ...facts(planId), step: { type: 'ScaleCare' as const, toIntensity: 'licht_ambulant' as const, reason: 'r', decidedBy: 'zp' }, plannerId: 'zp-1', plannerRole: 'zorgprofessional' }, '2026-03-01T09:00:00Z');
const entry = (planId: string, rest: object) => ({ ...facts(planId), gemeenteCode: 'GM0479', plannedAt: '2026-03-01T09:00:00Z', ...rest });

describe('planned-steps projection (given events, then documents)', () => {
  it('keeps every planned step with how it ended, without its content', () => {
    spec
      .given([
        scheduled('p1'),
        scheduled('p2'),
        scheduled('p3'),
        scheduled('p4'),
        event('PlannedStepTookEffect', { ...facts('p1'), plannerId: 'zp-1', events: ['CareScaledDown'] }, '2026-04-01T10:00:00Z'),
        event('PlannedStepCancelled', { ...facts('p2'), reason: 'toch niet' }, '2026-03-10T10:00:00Z'),
        event('PlannedStepFailed', { ...facts('p3'), wooncirkelId: 'wc-2', plannerId: 'zp-1', code: 'team_full', field: 'toIntensity', waitlisted: true }, '2026-04-01T10:00:00Z'),
      ])
      .then({
        step: {
          'c1:p1': entry('p1', { status: 'took_effect', endedAt: '2026-04-01T10:00:00Z', failure: null }),
          'c1:p2': entry('p2', { status: 'cancelled', endedAt: '2026-03-10T10:00:00Z', failure: null }),
          'c1:p3': entry('p3', { status: 'failed', endedAt: '2026-04-01T10:00:00Z', failure: 'team_full', wooncirkelId: 'wc-2' }),
          'c1:p4': entry('p4', { status: 'planned', endedAt: null, failure: null }),
        },
      });
  });
});
