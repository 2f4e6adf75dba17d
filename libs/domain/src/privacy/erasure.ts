import { DecisionContext, EventOf, event, rule } from '../shared';
import { ClientState } from '../client/state';

/** AVG art. 17: erase the client's personal data. The facts stay; what identifies the person goes. */
export interface EraseClientData {
  type: 'EraseClientData';
  legalBasis: 'avg_art_17' | 'bewaartermijn_verstreken';
}
export type ClientDataErased = EventOf<'ClientDataErased', { clientId: string; legalBasis: string; wijkCode: string }>;

export function decideErasure(command: EraseClientData, state: ClientState, { now }: DecisionContext): ClientDataErased[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  rule(['avg_art_17', 'bewaartermijn_verstreken'].includes(command.legalBasis), 'invalid_legal_basis', 'legalBasis must be avg_art_17 or bewaartermijn_verstreken', 'legalBasis');
  return [event('ClientDataErased', { clientId: state.clientId!, legalBasis: command.legalBasis, wijkCode: state.placement!.wijkCode }, now)];
}

export function evolveErasure(state: ClientState, _e: ClientDataErased): ClientState {
  return { ...state, erased: true };
}
