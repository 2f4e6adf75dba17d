import { ClientEvent } from '../client/client';
import { client, e, intake, scaled, decide } from '../client/given';
import { testContext } from '../shared';

describe('planned steps', () => {
  const now = '2026-03-01T09:00:00Z';
  const nextWeek = '2026-03-08T09:00:00Z';
  const afschaling = { type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'gaat goed', decidedBy: 'wijkverpleegkundige', effectiveAt: nextWeek } as const;
  const plan = (planId: string, step: object = afschaling) => ({ type: 'PlanStep', planId, step }) as never;
  const facts = { clientId: 'c1', planId: 'p1', kind: 'ScaleCare', effectiveAt: nextWeek, wooncirkelId: 'wc-1', wijkCode: 'WK047901' };
  const intensief = scaled('geen', 'intensief_ambulant');
  const scheduled = { type: 'PlannedStepScheduled', schemaVersion: 1, occurredAt: now, data: { ...facts, step: { type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'gaat goed', decidedBy: 'wijkverpleegkundige' }, plannerId: 'zp-1', plannerRole: 'zorgprofessional' } } as ClientEvent;

  it('plans a step with a future date, by the planner', () => {
    client.given([intake, intensief]).when(plan('p1')).then([scheduled]);
  });
  it('refuses a step in the past, a duplicate plan id, and a step its own rules refuse', () => {
    client
      .given([intake, intensief])
      .when(plan('p1', { ...afschaling, effectiveAt: '2026-02-20T09:00:00Z' }))
      .thenThrows('planned_step_not_in_future', 'effectiveAt');
    client.given([intake, intensief, scheduled]).when(plan('p1')).thenThrows('duplicate_plan', 'planId');
    client
      .given([intake, intensief])
      .when(plan('p2', { ...afschaling, toIntensity: 'intensief_ambulant' }))
      .thenThrows('same_care_intensity', 'toIntensity');
    client
      .given([intake, intensief])
      .when(plan('p2', { type: 'CloseTrajectory', reason: 'beter', effectiveAt: nextWeek }))
      .thenThrows('invalid_closure_reason', 'reason');
    client
      .given([intake, intensief])
      .when(plan('p2', { type: 'MoveOut', effectiveAt: nextWeek }))
      .thenThrows('invalid_step_kind');
  });
  it('cancels a pending step; an unknown or finished one is refused', () => {
    client
      .given([intake, intensief, scheduled])
      .when({ type: 'CancelPlannedStep', planId: 'p1', reason: 'toch niet' })
      .then([{ type: 'PlannedStepCancelled', schemaVersion: 1, occurredAt: now, data: { ...facts, reason: 'toch niet' } } as ClientEvent]);
    client.given([intake, intensief]).when({ type: 'CancelPlannedStep', planId: 'p9', reason: 'x' }).thenThrows('unknown_planned_step', 'planId');
    const cancelled = e('PlannedStepCancelled', { ...facts, reason: 'x' } as never);
    client.given([intake, intensief, scheduled, cancelled]).when({ type: 'CancelPlannedStep', planId: 'p1', reason: 'x' }).thenThrows('planned_step_not_pending', 'planId');
  });
  const take = { type: 'TakePlannedStep', planId: 'p1', command: { ...afschaling, teamPlace: 'held' } } as never;
  const onTheDay = testContext({ now: '2026-03-08T10:00:00Z', actor: { role: 'system', id: 'planned-steps' } });
  it('takes effect on its date as the command it stands for, recording that it did', () => {
    const events = decide([intake, intensief, scheduled], take, onTheDay) as ClientEvent[];
    expect(events.map((x) => x.type)).toEqual(['CareScaledDown', 'PlannedStepTookEffect']);
    expect(events[0]).toMatchObject({ occurredAt: nextWeek, data: { toIntensity: 'licht_ambulant' } });
    expect(events[1].data).toMatchObject({ planId: 'p1', plannerId: 'zp-1', events: ['CareScaledDown'] });
  });
  it('does not take effect before its date, nor twice', () => {
    client.given([intake, intensief, scheduled]).when(take).thenThrows('planned_step_not_due', 'planId');
    const [down, tookEffect] = decide([intake, intensief, scheduled], take, onTheDay) as ClientEvent[];
    client.given([intake, intensief, scheduled, down, tookEffect]).when(take, onTheDay).thenThrows('planned_step_not_pending');
  });
  it('a step up into a full team fails with team_full and the wait it caused', () => {
    const up = { type: 'ScaleCare', toIntensity: 'zorg_24uur', reason: 'meer nodig', decidedBy: 'zp', effectiveAt: nextWeek } as const;
    const { effectiveAt: _at, ...upContent } = up;
    const scheduledUp = { ...scheduled, data: { ...(scheduled.data as object), step: upContent } } as ClientEvent;
    const fromInformal = decide([intake, scheduledUp], { type: 'TakePlannedStep', planId: 'p1', command: { ...up, teamPlace: 'unavailable' } } as never, onTheDay) as ClientEvent[];
    expect(fromInformal.map((x) => x.type)).toEqual(['CareScalingWaitlisted', 'PlannedStepFailed']);
    expect(fromInformal[1].data).toMatchObject({ code: 'team_full', waitlisted: true });
  });
  it('records a refusal on its date as a failure with the rule code', () => {
    const events = decide([intake, intensief, scheduled], { type: 'RecordPlannedStepFailure', planId: 'p1', code: 'trajectory_closed', field: 'clientId' }, onTheDay) as ClientEvent[];
    expect(events[0]).toMatchObject({ type: 'PlannedStepFailed', data: { code: 'trajectory_closed', waitlisted: false } });
  });
});
