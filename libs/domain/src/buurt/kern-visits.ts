import { DecisionContext, Decider, EventOf, event, rule } from '../shared';
import { DAY_PARTS, DAY_PART_NAMES, DayPart, assertCount, assertPastDate, kernOpenDuring } from './buurt-codes';

/**
 * Visits to the kern of a wooncirkel, the meeting place open to everyone: counts of clients and of other
 * residents per day part. Stream per wooncirkel and month: kern-<wooncirkelId>-<YYYY-MM>.
 */
export interface RecordKernVisits {
  type: 'RecordKernVisits';
  wooncirkelId: string;
  date: string;
  dayPart: DayPart;
  clientVisits: number;
  otherVisits: number;
  /** Filled in by the command flow from the wooncirkel aggregate: where the kern is and its opening hours. */
  kern: { wijkCode: string; opensAt: string; closesAt: string };
}
export type KernVisitsCommand = RecordKernVisits;

export type KernVisitsRecorded = EventOf<'KernVisitsRecorded', { wooncirkelId: string; wijkCode: string; date: string; dayPart: DayPart; clientVisits: number; otherVisits: number; organisation?: string }>;
export type KernVisitsEvent = KernVisitsRecorded;

export interface KernVisitsState {
  /** `date|dayPart` already recorded. */
  recorded: string[];
}

/** Most people a kern receives in one day part: a bound against typos, far above any real kern. */
export const MAX_VISITS_PER_DAY_PART = 2000;

export const kernVisitsDecider: Decider<KernVisitsCommand, KernVisitsState, KernVisitsEvent> = {
  initialState: { recorded: [] },

  decide(command, state, { now, actor }: DecisionContext): KernVisitsEvent[] {
    assertPastDate(command.date, 'date', now);
    rule(DAY_PART_NAMES.includes(command.dayPart), 'invalid_day_part', `dayPart must be one of ${DAY_PART_NAMES.join(', ')}`, 'dayPart');
    const { opensAt, closesAt } = command.kern;
    const part = DAY_PARTS[command.dayPart];
    rule(kernOpenDuring(command.kern, command.dayPart), 'kern_closed', `the kern is open ${opensAt}–${closesAt}, not in the ${command.dayPart} (${part.from}–${part.to})`, 'dayPart');
    assertCount(command.clientVisits, 'clientVisits', MAX_VISITS_PER_DAY_PART);
    assertCount(command.otherVisits, 'otherVisits', MAX_VISITS_PER_DAY_PART);
    rule(!state.recorded.includes(`${command.date}|${command.dayPart}`), 'visits_already_recorded', `visits of the ${command.dayPart} of ${command.date} are recorded already`, 'dayPart');
    const { wooncirkelId, date, dayPart, clientVisits, otherVisits } = command;
    return [event('KernVisitsRecorded', { wooncirkelId, wijkCode: command.kern.wijkCode, date, dayPart, clientVisits, otherVisits, ...(actor.organisation ? { organisation: actor.organisation } : {}) }, now)];
  },

  evolve(state, e): KernVisitsState {
    return { recorded: [...state.recorded, `${e.data.date}|${e.data.dayPart}`] };
  },
};

export const kernVisitsStream = (wooncirkelId: string, date: string) => `kern-${wooncirkelId}-${date.slice(0, 7)}`;
