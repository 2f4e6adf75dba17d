import { DecisionContext, Decider, EventOf, assertClockTime, assertWijkCode, event, gemeenteCodeOfWijk, rule } from '../shared';
import { BUURTPLEIN_END_REASONS, BUURTPLEIN_MAX_GROUP, BUURTPLEIN_MIN_GROUP, WEEKDAYS, BuurtpleinEndReason, Weekday, assertBuurtTime, assertCount, assertPastDate, weekdayOf } from './buurt-codes';

/**
 * A buurtplein: a small group of residents meeting at a fixed moment every week (Breda, source 004).
 * Stream: buurtplein-<pleinId>. Counts only: who the residents are is not recorded.
 */
export interface StartBuurtplein {
  type: 'StartBuurtplein';
  pleinId: string;
  wijkCode: string;
  groupSize: number;
  weekday: Weekday;
  startTime: string;
  startedAt: string;
}
export interface RecordBuurtpleinMeeting {
  type: 'RecordBuurtpleinMeeting';
  heldOn: string;
  attendance: number;
}
export interface EndBuurtplein {
  type: 'EndBuurtplein';
  reason: BuurtpleinEndReason;
  endedAt: string;
}
export type BuurtpleinCommand = StartBuurtplein | RecordBuurtpleinMeeting | EndBuurtplein;

export type BuurtpleinStarted = EventOf<'BuurtpleinStarted', { pleinId: string; wijkCode: string; gemeenteCode: string; groupSize: number; weekday: Weekday; startTime: string; startedAt: string; organisation?: string }>;
export type BuurtpleinMeetingHeld = EventOf<'BuurtpleinMeetingHeld', { pleinId: string; wijkCode: string; heldOn: string; attendance: number; groupSize: number }>;
export type BuurtpleinEnded = EventOf<'BuurtpleinEnded', { pleinId: string; wijkCode: string; reason: BuurtpleinEndReason; endedAt: string; meetings: number }>;
export type BuurtpleinEvent = BuurtpleinStarted | BuurtpleinMeetingHeld | BuurtpleinEnded;

export interface BuurtpleinState {
  started: boolean;
  pleinId?: string;
  wijkCode?: string;
  gemeenteCode?: string;
  organisation?: string;
  groupSize: number;
  weekday?: Weekday;
  startedAt?: string;
  meetingDates: string[];
  ended: boolean;
}

export const buurtpleinDecider: Decider<BuurtpleinCommand, BuurtpleinState, BuurtpleinEvent> = {
  initialState: { started: false, groupSize: 0, meetingDates: [], ended: false },

  decide(command, state, { now, actor }: DecisionContext): BuurtpleinEvent[] {
    if (command.type === 'StartBuurtplein') {
      rule(!state.started, 'already_started', `buurtplein ${command.pleinId} exists already`, 'pleinId');
      assertWijkCode(command.wijkCode, 'wijkCode');
      rule(Number.isInteger(command.groupSize) && command.groupSize >= BUURTPLEIN_MIN_GROUP && command.groupSize <= BUURTPLEIN_MAX_GROUP, 'invalid_group_size', `groupSize must be ${BUURTPLEIN_MIN_GROUP}..${BUURTPLEIN_MAX_GROUP}: a buurtplein is a group of seven or eight residents`, 'groupSize');
      rule((WEEKDAYS as readonly string[]).includes(command.weekday), 'invalid_weekday', `weekday must be one of ${WEEKDAYS.join(', ')}`, 'weekday');
      assertClockTime(command.startTime, 'startTime');
      assertBuurtTime(command.startedAt, 'startedAt', undefined, now);
      const { pleinId, wijkCode, groupSize, weekday, startTime, startedAt } = command;
      return [event('BuurtpleinStarted', { pleinId, wijkCode, gemeenteCode: gemeenteCodeOfWijk(wijkCode), groupSize, weekday, startTime, startedAt, ...(actor.organisation ? { organisation: actor.organisation } : {}) }, now)];
    }
    rule(state.started, 'unknown_buurtplein', 'buurtplein not found', 'pleinId');
    rule(!state.ended, 'buurtplein_ended', `buurtplein ${state.pleinId} has ended`, 'pleinId');
    const pleinId = state.pleinId!;
    const wijkCode = state.wijkCode!;
    switch (command.type) {
      case 'RecordBuurtpleinMeeting':
        assertPastDate(command.heldOn, 'heldOn', now);
        rule(command.heldOn >= state.startedAt!.slice(0, 10), 'time_before_start', `heldOn lies before the buurtplein started (${state.startedAt!.slice(0, 10)})`, 'heldOn');
        // The fixed weekly moment is what makes it a buurtplein; a meeting on another day is not one of its meetings.
        rule(weekdayOf(command.heldOn) === state.weekday, 'not_the_fixed_weekday', `heldOn is a ${weekdayOf(command.heldOn)}; this buurtplein meets on ${state.weekday}`, 'heldOn');
        rule(!state.meetingDates.includes(command.heldOn), 'meeting_already_recorded', `the meeting of ${command.heldOn} is recorded already`, 'heldOn');
        assertCount(command.attendance, 'attendance', state.groupSize);
        return [event('BuurtpleinMeetingHeld', { pleinId, wijkCode, heldOn: command.heldOn, attendance: command.attendance, groupSize: state.groupSize }, now)];
      case 'EndBuurtplein':
        rule((BUURTPLEIN_END_REASONS as readonly string[]).includes(command.reason), 'invalid_reason', `reason must be one of ${BUURTPLEIN_END_REASONS.join(', ')}`, 'reason');
        assertBuurtTime(command.endedAt, 'endedAt', state.startedAt, now);
        return [event('BuurtpleinEnded', { pleinId, wijkCode, reason: command.reason, endedAt: command.endedAt, meetings: state.meetingDates.length }, now)];
    }
  },

  evolve(state, e): BuurtpleinState {
    switch (e.type) {
      case 'BuurtpleinStarted':
        return { ...state, started: true, pleinId: e.data.pleinId, wijkCode: e.data.wijkCode, gemeenteCode: e.data.gemeenteCode, organisation: e.data.organisation, groupSize: e.data.groupSize, weekday: e.data.weekday, startedAt: e.data.startedAt };
      case 'BuurtpleinMeetingHeld':
        return { ...state, meetingDates: [...state.meetingDates, e.data.heldOn] };
      case 'BuurtpleinEnded':
        return { ...state, ended: true };
    }
  },
};

export const buurtpleinStream = (pleinId: string) => `buurtplein-${pleinId}`;
