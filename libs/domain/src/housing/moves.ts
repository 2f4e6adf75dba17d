import { DecisionContext, EventOf, event, rule, assertEffectiveTime } from '../shared';
import { CARE_SETTINGS, CareSetting, ClientState, MOVE_REASONS, MoveReason } from '../shared/client-state';

/**
 * A move that is not into or out of a wooncirkel home (those are MoveIn/MoveOut): e.g. from elsewhere
 * into an own home in the circle, or into a cluster home of another landlord.
 */
export interface RecordMove {
  type: 'RecordMove';
  movedAt: string;
  toSetting: CareSetting;
  reason: MoveReason;
  note?: string;
}
export const CLIENT_MOVED_SETTING_VERSION = 1;
export type ClientMoved = EventOf<'ClientMoved', { clientId: string; wooncirkelId: string; wijkCode: string; fromSetting: CareSetting; toSetting: CareSetting; reason: MoveReason; note: string | null }>;

export function decideRecordMove(command: RecordMove, state: ClientState, { now }: DecisionContext): ClientMoved[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  rule(!state.home, 'move_out_first', `client lives in wooncirkel home ${state.home?.homeId}: record leaving it with move-out`, 'clientId');
  rule(CARE_SETTINGS.includes(command.toSetting), 'invalid_setting', `toSetting must be one of ${CARE_SETTINGS.join(', ')}`, 'toSetting');
  rule(command.toSetting !== state.setting, 'same_setting', `client already lives in setting ${state.setting}`, 'toSetting');
  rule(MOVE_REASONS.includes(command.reason), 'invalid_move_reason', `reason must be one of ${MOVE_REASONS.join(', ')}`, 'reason');
  assertEffectiveTime(command.movedAt, 'movedAt', state.registeredAt, now);
  const { wooncirkelId, wijkCode } = state.placement!;
  const data = { clientId: state.clientId!, wooncirkelId, wijkCode, fromSetting: state.setting, toSetting: command.toSetting, reason: command.reason, note: command.note?.trim() || null };
  return [event('ClientMoved', data, command.movedAt, CLIENT_MOVED_SETTING_VERSION)];
}

export function evolveRecordMove(state: ClientState, e: ClientMoved): ClientState {
  return { ...state, setting: e.data.toSetting };
}
