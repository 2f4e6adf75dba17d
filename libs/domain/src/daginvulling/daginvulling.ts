import { DecisionContext, EventOf, event, rule, DAGINVULLING_ACTIVITIES, DaginvullingActivity, PROVIDER_CODE_PATTERN } from '../shared';
import { ClientState } from '../shared/client-state';

export interface RequestDaginvulling {
  type: 'RequestDaginvulling';
  wish: string;
}
export interface ArrangeDaginvulling {
  type: 'ArrangeDaginvulling';
  activity: DaginvullingActivity;
  /** A provider code like prov-leviaan or buurthuis-poelenburg, never a person's name. */
  provider: string;
  /** Free text about the arrangement: personal data, sealed with the client's key. */
  note?: string;
}
/** A client on a waitlist may stop actively waiting for a while (niet-actief wachtend). */
export interface PauseWaiting {
  type: 'PauseWaiting';
  reason: string;
}
export interface ResumeWaiting {
  type: 'ResumeWaiting';
}
export type DaginvullingCommand = RequestDaginvulling | ArrangeDaginvulling | PauseWaiting | ResumeWaiting;

export type DaginvullingRequested = EventOf<'DaginvullingRequested', { clientId: string; wish: string; wijkCode: string }>;
/** Schema version written now; v1 had free-text activity and provider (upcast in libs/application/src/upcasters.ts). */
export const DAGINVULLING_ARRANGED_VERSION = 2;
export type DaginvullingArranged = EventOf<'DaginvullingArranged', { clientId: string; activity: DaginvullingActivity; provider: string; note: string | null; wijkCode: string; waitedSince: string }>;
export type WaitingPaused = EventOf<'WaitingPaused', { clientId: string; reason: string }>;
export type WaitingResumed = EventOf<'WaitingResumed', { clientId: string }>;
export type DaginvullingEvent = DaginvullingRequested | DaginvullingArranged | WaitingPaused | WaitingResumed;

export function decideDaginvulling(command: DaginvullingCommand, state: ClientState, { now }: DecisionContext): DaginvullingEvent[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  const clientId = state.clientId!;
  const wijkCode = state.placement!.wijkCode;
  switch (command.type) {
    case 'RequestDaginvulling':
      rule(!state.waiting.daginvulling, 'already_waiting', 'client already waits for daginvulling', 'clientId');
      return [event('DaginvullingRequested', { clientId, wish: command.wish, wijkCode }, now)];
    case 'ArrangeDaginvulling':
      rule(state.waiting.daginvulling, 'not_waiting', 'client does not wait for daginvulling', 'clientId');
      rule(DAGINVULLING_ACTIVITIES.includes(command.activity), 'invalid_activity', `activity must be one of ${DAGINVULLING_ACTIVITIES.join(', ')}`, 'activity');
      rule(PROVIDER_CODE_PATTERN.test(command.provider), 'invalid_provider', 'provider must be a provider code like prov-leviaan (lower-case letters, digits, hyphens)', 'provider');
      return [event('DaginvullingArranged', { clientId, activity: command.activity, provider: command.provider, note: command.note?.trim() || null, wijkCode, waitedSince: state.waiting.daginvulling.since }, now, DAGINVULLING_ARRANGED_VERSION)];
    case 'PauseWaiting':
      rule(Object.keys(state.waiting).length > 0, 'not_waiting', 'client is on no waitlist', 'clientId');
      rule(!state.waitingPaused, 'already_paused', 'waiting is paused already', 'clientId');
      return [event('WaitingPaused', { clientId, reason: command.reason }, now)];
    case 'ResumeWaiting':
      rule(state.waitingPaused, 'not_paused', 'waiting is not paused', 'clientId');
      return [event('WaitingResumed', { clientId }, now)];
  }
}

export function evolveDaginvulling(state: ClientState, e: DaginvullingEvent): ClientState {
  switch (e.type) {
    case 'DaginvullingRequested':
      return { ...state, waiting: { ...state.waiting, daginvulling: { since: e.occurredAt } } };
    case 'DaginvullingArranged': {
      const { daginvulling: _closed, ...waiting } = state.waiting;
      return { ...state, waiting };
    }
    case 'WaitingPaused':
      return { ...state, waitingPaused: true };
    case 'WaitingResumed':
      return { ...state, waitingPaused: false };
  }
}
