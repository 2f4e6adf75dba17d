import { DecisionContext, EventOf, event, rule } from '../shared';
import { ClientState } from '../client/state';

export interface RequestDaginvulling {
  type: 'RequestDaginvulling';
  wish: string;
}
export interface ArrangeDaginvulling {
  type: 'ArrangeDaginvulling';
  activity: string;
  provider: string;
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
export type DaginvullingArranged = EventOf<'DaginvullingArranged', { clientId: string; activity: string; provider: string; wijkCode: string; waitedSince: string }>;
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
      return [event('DaginvullingArranged', { clientId, activity: command.activity, provider: command.provider, wijkCode, waitedSince: state.waiting.daginvulling.since }, now)];
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
