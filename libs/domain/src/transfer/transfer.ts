import { DecisionContext, EventOf, event, rule } from '../shared';
import { AnyFunder, CareIntensity, CareSetting, ClientState, Placement } from '../shared/client-state';

/** The client changes wooncirkel (and so perhaps wijk or provider); the budget follows the person. */
export interface TransferClient {
  type: 'TransferClient';
  reason: string;
  /** Filled in by the command flow from the target wooncirkel. */
  toPlacement: Placement;
  /** Filled in by the command flow: 'unavailable' when the target team is full, so the transfer waits there. */
  teamPlace?: 'unavailable';
}

/** Schema version 2: the intensity and setting the client moves with (version 1 had `careLevel`). */
export const CLIENT_TRANSFERRED_VERSION = 2;
export type ClientTransferred = EventOf<'ClientTransferred', { clientId: string; from: Placement; to: Placement; reason: string; intensity: CareIntensity; setting: CareSetting }>;
/**
 * One open budget line as it moves. Two figures, named apart: `unreleasedCents` = allocated − released
 * (what may still be released) and `unspentCents` = allocated − spent. Schema version 2; version 1 had
 * `remainingCents` meaning allocated − spent (upcast to `unspentCents`).
 */
export interface TransferredBudgetLine {
  year: number;
  funder: AnyFunder;
  allocatedCents: number;
  releasedCents: number;
  spentCents: number;
  unreleasedCents: number;
  unspentCents: number;
}
export const BUDGET_TRANSFERRED_VERSION = 2;
export type BudgetTransferred = EventOf<'BudgetTransferred', { clientId: string; fromWijk: string; toWijk: string; fromProvider: string; toProvider: string; lines: TransferredBudgetLine[] }>;
/** A transfer into a full team waits on that team's wachtlijst; it is offered a place like anyone waiting. */
export type TransferWaitlisted = EventOf<'TransferWaitlisted', { clientId: string; from: Placement; to: Placement; reason: string }>;
export type TransferEvent = ClientTransferred | BudgetTransferred | TransferWaitlisted;

export function decideTransfer(command: TransferClient, state: ClientState, { now }: DecisionContext): TransferEvent[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  const from = state.placement!;
  const to = command.toPlacement;
  rule(from.wooncirkelId !== to.wooncirkelId, 'same_wooncirkel', `client is already served by wooncirkel ${to.wooncirkelId}`, 'toWooncirkelId');
  rule(!state.home, 'move_out_first', `client still lives in home ${state.home?.homeId}: move out first`, 'toWooncirkelId');
  rule(command.reason.trim().length > 0, 'reason_required', 'reason must explain the transfer', 'reason');
  const clientId = state.clientId!;
  if (command.teamPlace === 'unavailable') return [event('TransferWaitlisted', { clientId, from, to, reason: command.reason }, now)];
  const events: TransferEvent[] = [event('ClientTransferred', { clientId, from, to, reason: command.reason, intensity: state.intensity, setting: state.setting }, now, CLIENT_TRANSFERRED_VERSION)];
  const lines = Object.values(state.budgetLines)
    .filter((l) => !l.settled)
    .map((l) => ({ year: l.year, funder: l.funder, allocatedCents: l.allocatedCents, releasedCents: l.releasedCents, spentCents: l.spentCents, unreleasedCents: l.allocatedCents - l.releasedCents, unspentCents: l.allocatedCents - l.spentCents }));
  if (lines.length > 0) {
    events.push(event('BudgetTransferred', { clientId, fromWijk: from.wijkCode, toWijk: to.wijkCode, fromProvider: from.providerId, toProvider: to.providerId, lines }, now, BUDGET_TRANSFERRED_VERSION));
  }
  return events;
}

export function evolveTransfer(state: ClientState, e: TransferEvent): ClientState {
  switch (e.type) {
    case 'ClientTransferred': {
      // The old team's begeleider stays behind: the new team assigns one.
      const { transfer: _arrived, ...waiting } = state.waiting;
      return { ...state, placement: e.data.to, waiting, begeleider: undefined };
    }
    case 'TransferWaitlisted':
      // Waiting for another team than before: the wait goes on since it began, like a wait for care.
      return { ...state, waiting: { ...state.waiting, transfer: { toWooncirkelId: e.data.to.wooncirkelId, since: state.waiting.transfer?.since ?? e.occurredAt } } };
    case 'BudgetTransferred':
      return state;
  }
}
