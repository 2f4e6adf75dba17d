import { EventOf, assertIsoUtc, event, rule } from '../shared';

/** Why a kern closes (codes only). */
export const KERN_CLOSURE_REASONS = ['verbouwing', 'locatie_vervallen', 'personeelstekort', 'samengevoegd', 'overig'] as const;
export type KernClosureReason = (typeof KERN_CLOSURE_REASONS)[number];

/** A kern (the meeting place of a kern_met_cirkel wooncirkel) closes from a date, for a while or for good. */
export interface CloseKern {
  type: 'CloseKern';
  from: string;
  reason: KernClosureReason;
}
export interface ReopenKern {
  type: 'ReopenKern';
  from: string;
}
export type KernCommand = CloseKern | ReopenKern;

export type KernClosed = EventOf<'KernClosed', { wooncirkelId: string; wijkCode: string; from: string; reason: KernClosureReason }>;
export type KernReopened = EventOf<'KernReopened', { wooncirkelId: string; wijkCode: string; closedFrom: string; from: string }>;
export type KernEvent = KernClosed | KernReopened;

export interface KernClosureState {
  /** Since when the kern is closed (absent: open). */
  kernClosedFrom?: string;
  /** When the kern last reopened: a new closure starts no earlier. */
  kernReopenedAt?: string;
}

export function decideKern(command: KernCommand, state: KernClosureState & { form?: string }, ref: { wooncirkelId: string; wijkCode: string }, now: string): KernEvent[] {
  assertIsoUtc(command.from, 'from');
  if (command.type === 'CloseKern') {
    rule(state.form === 'kern_met_cirkel', 'no_kern', `wooncirkel ${ref.wooncirkelId} has no kern (form ${state.form})`, 'wooncirkelId');
    rule(KERN_CLOSURE_REASONS.includes(command.reason), 'invalid_reason', `reason must be one of ${KERN_CLOSURE_REASONS.join(', ')}`, 'reason');
    rule(!state.kernClosedFrom, 'already_closed', `the kern is closed already (since ${state.kernClosedFrom})`, 'from');
    rule(!state.kernReopenedAt || Date.parse(command.from) >= Date.parse(state.kernReopenedAt), 'before_reopening', `from must not lie before the kern reopened (${state.kernReopenedAt})`, 'from');
    return [event('KernClosed', { ...ref, from: command.from, reason: command.reason }, now)];
  }
  const closedFrom = state.kernClosedFrom;
  rule(closedFrom, 'not_closed', 'the kern is not closed', 'from');
  rule(Date.parse(command.from) >= Date.parse(closedFrom), 'reopened_before_closure', `from must not lie before the closure (${closedFrom})`, 'from');
  return [event('KernReopened', { ...ref, closedFrom, from: command.from }, now)];
}

export function evolveKern<S extends KernClosureState>(state: S, e: KernEvent): S {
  return e.type === 'KernClosed' ? { ...state, kernClosedFrom: e.data.from } : { ...state, kernClosedFrom: undefined, kernReopenedAt: e.data.from };
}
