import { DecisionContext, EventOf, event, rule, assertText } from '../shared';
import { ClientState } from '../shared/client-state';
import { STAFF_ID_PATTERN } from '../wijk/team';

/** Why a client gets (another) vaste begeleider: coded, so continuity can be measured per reason. */
export const BEGELEIDER_REASONS = ['eerste_toewijzing', 'vertrek_medewerker', 'wens_client', 'zorginhoudelijk', 'ziekte_of_verlof', 'transfer', 'teamindeling'] as const;
export type BegeleiderReason = (typeof BEGELEIDER_REASONS)[number];
export const MAX_BEGELEIDER_NOTE_LENGTH = 1000;

export interface AssignBegeleider {
  type: 'AssignBegeleider';
  staffId: string;
  reason: BegeleiderReason;
  /** Free text about the client and the change: sealed with the client's key. */
  note?: string;
  /** Filled in by the command flow: is the staff member on the team of the client's wooncirkel now? */
  onTeam: boolean;
}

export type BegeleiderAssigned = EventOf<'BegeleiderAssigned', { clientId: string; staffId: string; previousStaffId: string | null; reason: BegeleiderReason; note: string | null; wooncirkelId: string; teamId: string }>;
export type ContinuityEvent = BegeleiderAssigned;

export function decideAssignBegeleider(command: AssignBegeleider, state: ClientState, { now }: DecisionContext): ContinuityEvent[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  rule(typeof command.staffId === 'string' && STAFF_ID_PATTERN.test(command.staffId), 'invalid_staff_id', 'staffId must be a staff code (lowercase letters, digits, dashes)', 'staffId');
  rule(BEGELEIDER_REASONS.includes(command.reason), 'invalid_reason', `reason must be one of ${BEGELEIDER_REASONS.join(', ')}`, 'reason');
  if (command.note !== undefined) assertText(command.note, 'note', { max: MAX_BEGELEIDER_NOTE_LENGTH, multiline: true });
  const previous = state.begeleider?.staffId ?? null;
  rule(previous !== command.staffId, 'same_begeleider', `${command.staffId} is already the vaste begeleider of this client`, 'staffId');
  // The first begeleider is a first assignment; every later one is a change with its own reason.
  const first = previous === null ? ['eerste_toewijzing', 'transfer'] : [];
  rule(
    previous === null ? first.includes(command.reason) : command.reason !== 'eerste_toewijzing',
    'invalid_reason',
    previous === null ? 'a client without vaste begeleider gets one with reason eerste_toewijzing (or transfer, on a new team)' : 'a change of vaste begeleider names why it changes (not eerste_toewijzing)',
    'reason',
  );
  const placement = state.placement!;
  rule(command.onTeam, 'not_on_team', `staff member ${command.staffId} is not on the team of wooncirkel ${placement.wooncirkelId}`, 'staffId');
  return [event('BegeleiderAssigned', { clientId: state.clientId!, staffId: command.staffId, previousStaffId: previous, reason: command.reason, note: command.note ?? null, wooncirkelId: placement.wooncirkelId, teamId: placement.teamId }, now)];
}

export function evolveContinuity(state: ClientState, e: ContinuityEvent): ClientState {
  return { ...state, begeleider: { staffId: e.data.staffId, since: e.occurredAt } };
}
