import { DecisionContext, EventOf, event, rule } from '../shared';
import { ClientState, RECIPROCITY_CONTRIBUTIONS, ReciprocityContribution } from '../shared/client-state';

/** Hours in a month: no more can be delivered in one. */
export const MAX_RECIPROCITY_HOURS_PER_MONTH = 744;
export const MAX_RECIPROCITY_TIMES_PER_MONTH = 100;
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Wederkerigheid as delivered (Breda): what the client contributed to the wijk in one month, in whole
 * hours or in times (boodschappen for a neighbour three times). Recorded per contribution and month.
 */
export interface RecordReciprocityDelivery {
  type: 'RecordReciprocityDelivery';
  contribution: ReciprocityContribution;
  month: string;
  hours?: number;
  times?: number;
}
/** The agreement changes only by agreement with the client: the new set, and why. */
export interface ChangeReciprocityAgreement {
  type: 'ChangeReciprocityAgreement';
  contributions: ReciprocityContribution[];
  reason: string;
}
export type ReciprocityCommand = RecordReciprocityDelivery | ChangeReciprocityAgreement;

export type ReciprocityDelivered = EventOf<'ReciprocityDelivered', { clientId: string; wooncirkelId: string; wijkCode: string; contribution: ReciprocityContribution; month: string; hours: number | null; times: number | null }>;
export type ReciprocityAgreementChanged = EventOf<'ReciprocityAgreementChanged', { clientId: string; wooncirkelId: string; wijkCode: string; from: ReciprocityContribution[]; to: ReciprocityContribution[]; reason: string }>;
export type ReciprocityEvent = ReciprocityDelivered | ReciprocityAgreementChanged;

const isCount = (value: unknown, max: number) => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;

export function decideReciprocity(command: ReciprocityCommand, state: ClientState, { now }: DecisionContext): ReciprocityEvent[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  rule(state.reciprocity, 'no_reciprocity_agreement', 'reciprocity is agreed at the housing match: this client has no agreement yet', 'clientId');
  const { clientId, placement } = state as Required<Pick<ClientState, 'clientId' | 'placement'>>;
  const agreed = state.reciprocity.agreed;
  switch (command.type) {
    case 'RecordReciprocityDelivery': {
      rule(RECIPROCITY_CONTRIBUTIONS.includes(command.contribution), 'invalid_contribution', `contribution must be one of ${RECIPROCITY_CONTRIBUTIONS.join(', ')}`, 'contribution');
      rule(agreed.includes(command.contribution), 'contribution_not_agreed', `${command.contribution} is not part of the agreement (${agreed.join(', ') || 'none'}): change the agreement first`, 'contribution');
      rule(typeof command.month === 'string' && MONTH_PATTERN.test(command.month), 'invalid_month', 'month must be YYYY-MM', 'month');
      rule(command.month >= state.reciprocity.since.slice(0, 7), 'before_agreement', `month lies before the agreement (${state.reciprocity.since.slice(0, 7)})`, 'month');
      rule(command.month <= now.slice(0, 7), 'month_in_future', 'month lies in the future: record what was delivered', 'month');
      const hours = command.hours ?? null;
      const times = command.times ?? null;
      rule((hours === null) !== (times === null), 'hours_or_times', 'give either hours or times', 'hours');
      if (hours !== null) rule(isCount(hours, MAX_RECIPROCITY_HOURS_PER_MONTH), 'invalid_hours', `hours must be a whole number 1..${MAX_RECIPROCITY_HOURS_PER_MONTH}`, 'hours');
      if (times !== null) rule(isCount(times, MAX_RECIPROCITY_TIMES_PER_MONTH), 'invalid_times', `times must be a whole number 1..${MAX_RECIPROCITY_TIMES_PER_MONTH}`, 'times');
      return [event('ReciprocityDelivered', { clientId, wooncirkelId: placement.wooncirkelId, wijkCode: placement.wijkCode, contribution: command.contribution, month: command.month, hours, times }, now)];
    }
    case 'ChangeReciprocityAgreement': {
      rule(Array.isArray(command.contributions) && command.contributions.every((c) => RECIPROCITY_CONTRIBUTIONS.includes(c)), 'invalid_reciprocity', `contributions may only hold ${RECIPROCITY_CONTRIBUTIONS.join(', ')}`, 'contributions');
      const to = [...new Set(command.contributions)];
      const unchanged = to.length === agreed.length && to.every((c) => agreed.includes(c));
      rule(!unchanged, 'agreement_unchanged', 'the agreement already holds exactly these contributions', 'contributions');
      return [event('ReciprocityAgreementChanged', { clientId, wooncirkelId: placement.wooncirkelId, wijkCode: placement.wijkCode, from: agreed, to, reason: command.reason }, now)];
    }
  }
}

export function evolveReciprocity(state: ClientState, e: ReciprocityEvent): ClientState {
  switch (e.type) {
    case 'ReciprocityDelivered':
      return state;
    case 'ReciprocityAgreementChanged':
      return { ...state, reciprocity: { agreed: e.data.to, since: state.reciprocity?.since ?? e.occurredAt } };
  }
}
