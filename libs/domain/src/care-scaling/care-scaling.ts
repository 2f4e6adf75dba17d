import { DecisionContext, EventOf, event, rule, assertEffectiveTime } from '../shared';
import { networkCarries } from '../network/network';
import { CARE_INTENSITIES, CareIntensity, CareSetting, ClientState, intensityRank, livesInOwnHome, needsTeamPlace } from '../shared/client-state';
import { AccessExceptionRecorded, decideAccessForStep } from '../toegang/toegang';

export interface ScaleCare {
  type: 'ScaleCare';
  toIntensity: CareIntensity;
  reason: string;
  decidedBy: string;
  effectiveAt: string;
  /** A step down because the client's own network carries the support from now on (only on a step down, while informal support is active: libs/domain/src/network). */
  carriedByNetwork?: boolean;
  /**
   * Filled in by the command flow after asking the wooncirkel for a team place:
   * 'held' (already on the team), 'granted' (just claimed), 'unavailable' (team full), 'not_needed'.
   */
  teamPlace: 'held' | 'granted' | 'unavailable' | 'not_needed';
}

/** Schema version 2: intensity apart from setting (version 1 had one care level; see legacy-care-levels.ts). */
export const CARE_SCALING_VERSION = 2;

interface ScaledData {
  clientId: string;
  fromIntensity: CareIntensity;
  toIntensity: CareIntensity;
  /** Where the client lives when the step is taken: a scaling step never changes it. */
  setting: CareSetting;
  carriedByNetwork: boolean;
  reason: string;
  decidedBy: string;
  wooncirkelId: string;
  wijkCode: string;
  teamId: string;
  homeId: string | null;
  /** A scaling step never moves the client: true whenever the client lives in a home of their own. */
  stayedInHome: boolean;
}
export type CareScaledUp = EventOf<'CareScaledUp', ScaledData>;
export type CareScaledDown = EventOf<'CareScaledDown', ScaledData>;
export type CareScalingWaitlisted = EventOf<'CareScalingWaitlisted', { clientId: string; fromIntensity: CareIntensity; requestedIntensity: CareIntensity; reason: string; decidedBy: string; wooncirkelId: string; wijkCode: string; teamId: string }>;
export type CareScalingEvent = CareScaledUp | CareScaledDown | CareScalingWaitlisted;

export function decideScaleCare(command: ScaleCare, state: ClientState, { now }: DecisionContext): (CareScalingEvent | AccessExceptionRecorded)[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  rule(CARE_INTENSITIES.includes(command.toIntensity), 'invalid_care_intensity', `toIntensity must be one of ${CARE_INTENSITIES.join(', ')}`, 'toIntensity');
  rule(command.toIntensity !== state.intensity, 'same_care_intensity', `client already gets care intensity ${state.intensity}`, 'toIntensity');
  rule(command.reason.trim().length > 0, 'reason_required', 'reason must explain the scaling step', 'reason');
  rule(command.decidedBy.trim().length > 0, 'decided_by_required', 'decidedBy must name who decided', 'decidedBy');
  assertEffectiveTime(command.effectiveAt, 'effectiveAt', state.registeredAt, now);
  const up = intensityRank(command.toIntensity) > intensityRank(state.intensity);
  const carriedByNetwork = command.carriedByNetwork ?? false;
  rule(!carriedByNetwork || !up, 'carried_by_network_only_down', 'carriedByNetwork can only be true on a step down', 'carriedByNetwork');
  const placement = state.placement!;
  const base = { clientId: state.clientId!, reason: command.reason, decidedBy: command.decidedBy, wooncirkelId: placement.wooncirkelId, wijkCode: placement.wijkCode, teamId: placement.teamId };

  if (command.teamPlace === 'unavailable') {
    rule(needsTeamPlace(command.toIntensity), 'invalid_team_place', 'a team place is only needed for professional care', 'toIntensity');
    return [event('CareScalingWaitlisted', { ...base, fromIntensity: state.intensity, requestedIntensity: command.toIntensity }, command.effectiveAt, CARE_SCALING_VERSION)];
  }
  if (needsTeamPlace(command.toIntensity)) {
    rule(command.teamPlace === 'held' || command.teamPlace === 'granted', 'team_place_missing', 'the team place was not secured', 'toIntensity');
  }
  if (carriedByNetwork) rule(networkCarries(state), 'network_not_carrying', 'an afschaling carried by the network needs informal support that is active now: record it first', 'carriedByNetwork');
  // Legal access: intensief ambulant and 24-uurs care need a valid indicatie, or a marked exception (libs/domain/src/toegang).
  const accessException = decideAccessForStep(state, command.toIntensity, command.effectiveAt, 'toIntensity');
  const data: ScaledData = {
    ...base,
    fromIntensity: state.intensity,
    toIntensity: command.toIntensity,
    setting: state.setting,
    carriedByNetwork,
    homeId: state.home?.homeId ?? null,
    stayedInHome: !!state.home || livesInOwnHome(state.setting),
  };
  return [up ? event('CareScaledUp', data, command.effectiveAt, CARE_SCALING_VERSION) : event('CareScaledDown', data, command.effectiveAt, CARE_SCALING_VERSION), ...accessException];
}

export function evolveCareScaling(state: ClientState, e: CareScalingEvent): ClientState {
  switch (e.type) {
    case 'CareScalingWaitlisted':
      // A repeated waitlisting changes the requested intensity; the wait itself goes on since it began.
      return { ...state, waiting: { ...state.waiting, care: { requestedIntensity: e.data.requestedIntensity, since: state.waiting.care?.since ?? e.occurredAt } } };
    case 'CareScaledUp':
    case 'CareScaledDown': {
      const { care: _closed, ...waiting } = state.waiting;
      // Version 2 steps repeat the setting they found; upcast version 1 steps carry the setting their old level implied.
      return { ...state, intensity: e.data.toIntensity, setting: e.data.setting, holdsTeamPlace: needsTeamPlace(e.data.toIntensity), waiting };
    }
  }
}
