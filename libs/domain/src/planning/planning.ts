import { DecisionContext, EventOf, NewEvent, event, rule, assertIsoUtc } from '../shared';
import { ClientState, needsTeamPlace } from '../shared/client-state';
import { ScaleCare } from '../care-scaling/care-scaling';
import { CloseTrajectory } from '../closure/closure';

/**
 * A step a professional plans ahead: the client command's own input, as it would be sent on its date
 * (its `effectiveAt` is the planned date). More kinds are added by widening this union.
 */
export type PlannableStep = Omit<ScaleCare, 'teamPlace'> | CloseTrajectory;
export const PLANNABLE_STEP_KINDS = ['ScaleCare', 'CloseTrajectory'] as const;
export type PlannedStepKind = (typeof PLANNABLE_STEP_KINDS)[number];
/** Further ahead than this a plan is a wish, not a step. */
export const MAX_PLANNING_DAYS = 730;

export const PLANNED_STEP_STATUSES = ['planned', 'cancelled', 'took_effect', 'failed'] as const;
export type PlannedStepStatus = (typeof PLANNED_STEP_STATUSES)[number];

export interface PlanStep {
  type: 'PlanStep';
  planId: string;
  step: PlannableStep;
}
export interface CancelPlannedStep {
  type: 'CancelPlannedStep';
  planId: string;
  reason: string;
}
/** Internal (the planned-step runner): the step, prepared by the command flow like the command it is. */
export interface TakePlannedStep {
  type: 'TakePlannedStep';
  planId: string;
  /** Absent when the plan is not pending (the decider refuses before it is needed). */
  command?: ScaleCare | CloseTrajectory;
}
/** Internal (the planned-step runner): the step was refused by a rule on its date. */
export interface RecordPlannedStepFailure {
  type: 'RecordPlannedStepFailure';
  planId: string;
  code: string;
  field: string | null;
}
export type PlanningCommand = PlanStep | CancelPlannedStep | TakePlannedStep | RecordPlannedStepFailure;

interface PlanFacts {
  clientId: string;
  planId: string;
  kind: PlannedStepKind;
  effectiveAt: string;
  wooncirkelId: string;
  wijkCode: string;
}
/** The planned command input without its date (that is the event's `effectiveAt`): sealed as one value, it holds free text. */
export type PlannedStepContent = PlannableStep extends infer S ? (S extends unknown ? Omit<S, 'effectiveAt'> : never) : never;
/** `step` is the planned command input as sent, less its date; `plannerId` the professional who planned it. */
export type PlannedStepScheduled = EventOf<'PlannedStepScheduled', PlanFacts & { step: PlannedStepContent; plannerId: string; plannerRole: string }>;
export type PlannedStepCancelled = EventOf<'PlannedStepCancelled', PlanFacts & { reason: string }>;
/** The step's own events were written with this one (same append): `events` names them. */
export type PlannedStepTookEffect = EventOf<'PlannedStepTookEffect', PlanFacts & { plannerId: string; events: string[] }>;
/** A rule refused the step on its date (`code`, `field`), or it could only wait (`waitlisted`: the CareScalingWaitlisted written with it). */
export type PlannedStepFailed = EventOf<'PlannedStepFailed', PlanFacts & { plannerId: string; code: string; field: string | null; waitlisted: boolean }>;
export type PlanningEvent = PlannedStepScheduled | PlannedStepCancelled | PlannedStepTookEffect | PlannedStepFailed;

export interface PlannedStepState {
  planId: string;
  kind: PlannedStepKind;
  effectiveAt: string;
  step: PlannableStep;
  plannerId: string;
  status: PlannedStepStatus;
}

/** The command a planned step is on its date, before the command flow fills in its claims: decided as if granted when planning. */
export function asPlannedCommand(step: PlannableStep): ScaleCare | CloseTrajectory {
  return step.type === 'ScaleCare' ? { ...step, teamPlace: needsTeamPlace(step.toIntensity) ? 'granted' : 'not_needed' } : step;
}

/** Decides the client command a plan stands for (the client decider itself, passed in to keep this module acyclic). */
export type DecideStep = (command: ScaleCare | CloseTrajectory, context: DecisionContext) => NewEvent[];

export function decidePlanning(command: PlanningCommand, state: ClientState, context: DecisionContext, decideStep: DecideStep): NewEvent[] {
  const { now, actor } = context;
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  const clientId = state.clientId!;
  const { wooncirkelId, wijkCode } = state.placement!;
  if (command.type === 'PlanStep') {
    const { step, planId } = command;
    rule(!Object.hasOwn(state.plannedSteps, planId), 'duplicate_plan', `planned step ${planId} exists already`, 'planId');
    rule(PLANNABLE_STEP_KINDS.includes(step.type), 'invalid_step_kind', `a planned step is one of ${PLANNABLE_STEP_KINDS.join(', ')}`, 'type');
    assertIsoUtc(step.effectiveAt, 'effectiveAt');
    rule(Date.parse(step.effectiveAt) > Date.parse(now), 'planned_step_not_in_future', 'effectiveAt must lie in the future: a step that takes effect now is sent directly', 'effectiveAt');
    rule(Date.parse(step.effectiveAt) <= Date.parse(now) + MAX_PLANNING_DAYS * 86_400_000, 'planned_step_too_far', `effectiveAt may lie at most ${MAX_PLANNING_DAYS} days ahead`, 'effectiveAt');
    // The same rules the step meets on its date, as far as they can be known now (capacity is not).
    decideStep(asPlannedCommand(step), { ...context, now: step.effectiveAt });
    const { effectiveAt, ...content } = step;
    return [event('PlannedStepScheduled', { clientId, planId, kind: step.type, effectiveAt, wooncirkelId, wijkCode, step: content as PlannedStepContent, plannerId: actor.id, plannerRole: actor.role }, now)];
  }
  const plan = Object.hasOwn(state.plannedSteps, command.planId) ? state.plannedSteps[command.planId] : undefined;
  rule(plan, 'unknown_planned_step', `planned step ${command.planId} does not exist`, 'planId');
  rule(plan.status === 'planned', 'planned_step_not_pending', `planned step ${command.planId} is ${plan.status}`, 'planId');
  const facts: PlanFacts = { clientId, planId: plan.planId, kind: plan.kind, effectiveAt: plan.effectiveAt, wooncirkelId, wijkCode };
  switch (command.type) {
    case 'CancelPlannedStep':
      rule(command.reason.trim().length > 0, 'reason_required', 'reason must say why the step is cancelled', 'reason');
      return [event('PlannedStepCancelled', { ...facts, reason: command.reason }, now)];
    case 'TakePlannedStep': {
      rule(Date.parse(plan.effectiveAt) <= Date.parse(now), 'planned_step_not_due', `planned step ${plan.planId} takes effect at ${plan.effectiveAt}`, 'planId');
      rule(command.command?.type === plan.kind, 'invalid_step_kind', `planned step ${plan.planId} is a ${plan.kind}`, 'planId');
      const decided = decideStep(command.command!, context);
      // Team full: the step could not take effect; the wait it caused is written with this record.
      const waitlisted = decided.some((e) => e.type === 'CareScalingWaitlisted');
      const record = waitlisted ? event('PlannedStepFailed', { ...facts, plannerId: plan.plannerId, code: 'team_full', field: 'toIntensity', waitlisted: true }, now) : event('PlannedStepTookEffect', { ...facts, plannerId: plan.plannerId, events: decided.map((e) => e.type) }, now);
      return [...decided, record];
    }
    case 'RecordPlannedStepFailure':
      return [event('PlannedStepFailed', { ...facts, plannerId: plan.plannerId, code: command.code, field: command.field, waitlisted: false }, now)];
  }
}

const STATUS_AFTER: Record<Exclude<PlanningEvent['type'], 'PlannedStepScheduled'>, PlannedStepStatus> = { PlannedStepCancelled: 'cancelled', PlannedStepTookEffect: 'took_effect', PlannedStepFailed: 'failed' };

export function evolvePlanning(state: ClientState, e: PlanningEvent): ClientState {
  if (e.type === 'PlannedStepScheduled') {
    const { planId, kind, effectiveAt, step, plannerId } = e.data;
    return { ...state, plannedSteps: { ...state.plannedSteps, [planId]: { planId, kind, effectiveAt, step: { ...step, effectiveAt } as PlannableStep, plannerId, status: 'planned' } } };
  }
  const plan = state.plannedSteps[e.data.planId];
  if (!plan) return state;
  return { ...state, plannedSteps: { ...state.plannedSteps, [e.data.planId]: { ...plan, status: STATUS_AFTER[e.type] } } };
}
