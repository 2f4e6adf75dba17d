import { EventOf, assertIsoUtc, event, rule } from '../shared';

/**
 * 24-uurs zorg (day and night care) is an offer a wooncirkel's team declares: staff around the clock for the
 * clients of its circle (Leviaan: "overal moeten 24-uurs zorg beschikbaar zijn en een kern"). It is a fact
 * about an organisation, never derived from clients who receive zorg_24uur (that would speak about persons).
 */
export const DAY_AND_NIGHT_CARE_WITHDRAWAL_REASONS = ['personeelstekort', 'financiering', 'team_opgeheven', 'elders_georganiseerd', 'overig'] as const;
export type DayAndNightCareWithdrawalReason = (typeof DAY_AND_NIGHT_CARE_WITHDRAWAL_REASONS)[number];

export interface OfferDayAndNightCare {
  type: 'OfferDayAndNightCare';
  /** From when the team offers 24-uurs zorg (ISO-8601 UTC; may lie ahead: a planned start). */
  from: string;
}
export interface WithdrawDayAndNightCare {
  type: 'WithdrawDayAndNightCare';
  /** From when the offer ends (ISO-8601 UTC). */
  until: string;
  reason: DayAndNightCareWithdrawalReason;
}
export type DayAndNightCareCommand = OfferDayAndNightCare | WithdrawDayAndNightCare;

export type DayAndNightCareOffered = EventOf<'DayAndNightCareOffered', { wooncirkelId: string; wijkCode: string; teamId: string; from: string }>;
export type DayAndNightCareWithdrawn = EventOf<'DayAndNightCareWithdrawn', { wooncirkelId: string; wijkCode: string; teamId: string; from: string; until: string; reason: DayAndNightCareWithdrawalReason }>;
export type DayAndNightCareEvent = DayAndNightCareOffered | DayAndNightCareWithdrawn;

export interface DayAndNightCareState {
  /** The offer in force (or planned): since when. */
  dayAndNightCareFrom?: string;
  /** When the last offer ended: a new offer starts no earlier. */
  dayAndNightCareEndedAt?: string;
}

export function decideDayAndNightCare(command: DayAndNightCareCommand, state: DayAndNightCareState, ref: { wooncirkelId: string; wijkCode: string; teamId: string }, now: string): DayAndNightCareEvent[] {
  if (command.type === 'OfferDayAndNightCare') {
    assertIsoUtc(command.from, 'from');
    rule(!state.dayAndNightCareFrom, 'already_offered', `wooncirkel ${ref.wooncirkelId} offers 24-uurs zorg already (since ${state.dayAndNightCareFrom})`, 'from');
    rule(!state.dayAndNightCareEndedAt || Date.parse(command.from) >= Date.parse(state.dayAndNightCareEndedAt), 'before_last_withdrawal', `from must not lie before the end of the previous offer (${state.dayAndNightCareEndedAt})`, 'from');
    return [event('DayAndNightCareOffered', { ...ref, from: command.from }, now)];
  }
  assertIsoUtc(command.until, 'until');
  rule(DAY_AND_NIGHT_CARE_WITHDRAWAL_REASONS.includes(command.reason), 'invalid_reason', `reason must be one of ${DAY_AND_NIGHT_CARE_WITHDRAWAL_REASONS.join(', ')}`, 'reason');
  const from = state.dayAndNightCareFrom;
  rule(from, 'not_offered', `wooncirkel ${ref.wooncirkelId} does not offer 24-uurs zorg`, 'until');
  rule(Date.parse(command.until) >= Date.parse(from), 'until_before_offer', `until must not lie before the start of the offer (${from})`, 'until');
  return [event('DayAndNightCareWithdrawn', { ...ref, from, until: command.until, reason: command.reason }, now)];
}

export function evolveDayAndNightCare<S extends DayAndNightCareState>(state: S, e: DayAndNightCareEvent): S {
  return e.type === 'DayAndNightCareOffered' ? { ...state, dayAndNightCareFrom: e.data.from } : { ...state, dayAndNightCareFrom: undefined, dayAndNightCareEndedAt: e.data.until };
}
