import { DecisionContext, EventOf, event, rule } from '../shared';
import { CareIntensity, CareSetting, ClientState } from '../shared/client-state';
import { ReservationReleaseReason, WooncirkelCommand } from '../wijk/wooncirkel';

/** AVG art. 17: erase the client's personal data. The facts stay; what identifies the person goes. */
export interface EraseClientData {
  type: 'EraseClientData';
  legalBasis: 'avg_art_17' | 'bewaartermijn_verstreken';
}
/**
 * Schema version 2 adds where the client was served and at which care level, so read models can take
 * the client out of the caseload. Version 1 events upcast with both null (they stay counted, as before).
 * Version 3 says intensity and setting instead of the care level.
 */
export const CLIENT_DATA_ERASED_VERSION = 3;
export type ClientDataErased = EventOf<'ClientDataErased', { clientId: string; legalBasis: string; wijkCode: string; wooncirkelId: string | null; intensity: CareIntensity | null; setting: CareSetting | null }>;

export function decideErasure(command: EraseClientData, state: ClientState, { now }: DecisionContext): ClientDataErased[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  rule(['avg_art_17', 'bewaartermijn_verstreken'].includes(command.legalBasis), 'invalid_legal_basis', 'legalBasis must be avg_art_17 or bewaartermijn_verstreken', 'legalBasis');
  const placement = state.placement!;
  // A closed trajectory left the caseload when it closed: intensity and setting null keep it from leaving twice.
  return [event('ClientDataErased', { clientId: state.clientId!, legalBasis: command.legalBasis, wijkCode: placement.wijkCode, wooncirkelId: placement.wooncirkelId, intensity: state.closed ? null : state.intensity, setting: state.closed ? null : state.setting }, now, CLIENT_DATA_ERASED_VERSION)];
}

/**
 * The trajectory closes. What the client held elsewhere (team place, home, reservations) is given back
 * by the command flow on the wooncirkel streams; the state keeps those facts so a retry can finish it.
 */
export function evolveErasure(state: ClientState, _e: ClientDataErased): ClientState {
  return { ...state, erased: true };
}

/** What an erased client may still hold on wooncirkels and must give back. */
export function holdingsOf(state: ClientState): { teamPlace: string | null; home: { wooncirkelId: string; homeId: string } | null; reservations: { wooncirkelId: string; homeId: string }[] } {
  const reservations = Object.values(state.offers)
    .filter((o) => o.status === 'open')
    .map((o) => ({ wooncirkelId: o.wooncirkelId, homeId: o.homeId }));
  if (state.match) reservations.push({ wooncirkelId: state.match.wooncirkelId, homeId: state.match.homeId });
  return {
    // Released whether or not the client holds it: the release is idempotent and also clears a leftover claim.
    teamPlace: state.placement?.wooncirkelId ?? null,
    home: state.home ? { wooncirkelId: state.home.wooncirkelId, homeId: state.home.homeId } : null,
    reservations,
  };
}

/** The idempotent wooncirkel commands that give back what a client holds (erasure, afsluiting): reservations, home, team place. */
export function givingBack(state: ClientState, clientId: string, reason: Extract<ReservationReleaseReason, 'client_erased' | 'trajectory_closed'>): { wooncirkelId: string; command: WooncirkelCommand }[] {
  const holdings = holdingsOf(state);
  return [
    ...holdings.reservations.map((r) => ({ wooncirkelId: r.wooncirkelId, command: { type: 'ReleaseHomeReservation' as const, homeId: r.homeId, clientId, reason } })),
    ...(holdings.home ? [{ wooncirkelId: holdings.home.wooncirkelId, command: { type: 'VacateHome' as const, homeId: holdings.home.homeId, clientId } }] : []),
    ...(holdings.teamPlace ? [{ wooncirkelId: holdings.teamPlace, command: { type: 'ReleaseTeamPlace' as const, clientId } }] : []),
    // Waits for a team place end too (an offer made to the client goes to the next in line).
    ...(state.waiting.care && state.placement ? [{ wooncirkelId: state.placement.wooncirkelId, command: { type: 'EndTeamPlaceWait' as const, clientId, ending: reason } }] : []),
    ...(state.waiting.transfer ? [{ wooncirkelId: state.waiting.transfer.toWooncirkelId, command: { type: 'EndTeamPlaceWait' as const, clientId, ending: reason } }] : []),
  ];
}
