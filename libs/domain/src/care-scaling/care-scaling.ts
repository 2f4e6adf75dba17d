import { DecisionContext, EventOf, event, rule, assertEffectiveTime } from '../shared';
import { networkCarries } from '../network/network';
import { CARE_LEVELS, CareLevel, ClientState, careLevelRank, needsTeamPlace } from '../shared/client-state';

export interface ScaleCare {
  type: 'ScaleCare';
  toLevel: CareLevel;
  reason: string;
  decidedBy: string;
  effectiveAt: string;
  /**
   * Filled in by the command flow after asking the wooncirkel for a team place:
   * 'held' (already on the team), 'granted' (just claimed), 'unavailable' (team full), 'not_needed'.
   */
  teamPlace: 'held' | 'granted' | 'unavailable' | 'not_needed';
  /** Afschaling because the client's network carries the care (part B owns the field; the network rule is libs/domain/src/network). */
  carriedByNetwork?: boolean;
}

interface ScaledData {
  clientId: string;
  fromLevel: CareLevel;
  toLevel: CareLevel;
  reason: string;
  decidedBy: string;
  wooncirkelId: string;
  wijkCode: string;
  teamId: string;
  homeId: string | null;
  /** A scaling step inside a wooncirkel never moves the client: true whenever the client has a home there. */
  stayedInHome: boolean;
  carriedByNetwork?: boolean;
}
export type CareScaledUp = EventOf<'CareScaledUp', ScaledData>;
export type CareScaledDown = EventOf<'CareScaledDown', ScaledData>;
export type CareScalingWaitlisted = EventOf<'CareScalingWaitlisted', { clientId: string; fromLevel: CareLevel; requestedLevel: CareLevel; reason: string; decidedBy: string; wooncirkelId: string; wijkCode: string; teamId: string }>;
export type CareScalingEvent = CareScaledUp | CareScaledDown | CareScalingWaitlisted;

export function decideScaleCare(command: ScaleCare, state: ClientState, { now }: DecisionContext): CareScalingEvent[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  rule(CARE_LEVELS.includes(command.toLevel), 'invalid_care_level', `toLevel must be one of ${CARE_LEVELS.join(', ')}`, 'toLevel');
  rule(command.toLevel !== state.careLevel, 'same_care_level', `client is already at care level ${state.careLevel}`, 'toLevel');
  rule(command.reason.trim().length > 0, 'reason_required', 'reason must explain the scaling step', 'reason');
  rule(command.decidedBy.trim().length > 0, 'decided_by_required', 'decidedBy must name who decided', 'decidedBy');
  assertEffectiveTime(command.effectiveAt, 'effectiveAt', state.registeredAt, now);
  const placement = state.placement!;
  const base = { clientId: state.clientId!, fromLevel: state.careLevel, reason: command.reason, decidedBy: command.decidedBy, wooncirkelId: placement.wooncirkelId, wijkCode: placement.wijkCode, teamId: placement.teamId };

  if (command.teamPlace === 'unavailable') {
    rule(needsTeamPlace(command.toLevel), 'invalid_team_place', 'a team place is only needed above informal care', 'toLevel');
    return [event('CareScalingWaitlisted', { ...base, requestedLevel: command.toLevel }, command.effectiveAt)];
  }
  if (needsTeamPlace(command.toLevel)) {
    rule(command.teamPlace === 'held' || command.teamPlace === 'granted', 'team_place_missing', 'the team place was not secured', 'toLevel');
  }
  const data: ScaledData = { ...base, toLevel: command.toLevel, homeId: state.home?.homeId ?? null, stayedInHome: !!state.home };
  const up = careLevelRank(command.toLevel) > careLevelRank(state.careLevel);
  if (command.carriedByNetwork) rule(networkCarries(state), 'network_not_carrying', 'an afschaling carried by the network needs informal support that is active now: record it first', 'carriedByNetwork');
  return [up ? event('CareScaledUp', data, command.effectiveAt) : event('CareScaledDown', command.carriedByNetwork ? { ...data, carriedByNetwork: true } : data, command.effectiveAt)];
}

export function evolveCareScaling(state: ClientState, e: CareScalingEvent): ClientState {
  switch (e.type) {
    case 'CareScalingWaitlisted':
      // A repeated waitlisting changes the requested level; the wait itself goes on since it began.
      return { ...state, waiting: { ...state.waiting, care: { requestedLevel: e.data.requestedLevel, since: state.waiting.care?.since ?? e.occurredAt } } };
    case 'CareScaledUp':
    case 'CareScaledDown': {
      const { care: _closed, ...waiting } = state.waiting;
      return { ...state, careLevel: e.data.toLevel, holdsTeamPlace: needsTeamPlace(e.data.toLevel), waiting };
    }
  }
}
