import { BadRequestException } from '@nestjs/common';
import { isoUtcProblem } from '@wijkzorg/domain';
import { ProjectionRunner, monthOf } from '@wijkzorg/read-models';

/** Month series never run longer than this, whatever dates the log holds. */
export const MAX_SERIES_MONTHS = 240;

export function addMonths(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * Where a month series starts: the log's first event, or earlier back-dated data (an intake registered today
 * as of last year), but never more than MAX_SERIES_MONTHS before `until` — a year-0000 date cannot blow it up.
 */
export function seriesStart(firstEventAt: string | null, until: string, earliestData: Iterable<string> = []): string {
  const limit = addMonths(monthOf(until), -(MAX_SERIES_MONTHS - 1));
  let first = firstEventAt ? monthOf(firstEventAt) : monthOf(until);
  for (const at of earliestData) if (monthOf(at) < first) first = monthOf(at);
  return first < limit ? limit : first > monthOf(until) ? monthOf(until) : first;
}

/**
 * The span of the log: from its first event until now. A moment asked about is clamped into it, so no query
 * walks months nobody recorded (asOf=9999-12-31 used to loop over a million months).
 */
export class LogSpan {
  private first: string | null = null;

  constructor(private readonly runner: ProjectionRunner) {}

  async firstEventAt(): Promise<string | null> {
    if (this.first === null) {
      const [event] = await this.runner.events.readAll({ afterPosition: 0, maxCount: 1 });
      this.first = event?.occurredAt ?? null;
    }
    return this.first;
  }

  /**
   * `asOf` clamped to the span the log can speak about: not after now, not before the first event — or before
   * back-dated data, but never more than MAX_SERIES_MONTHS back. A calendar-impossible moment is a 400 naming the field.
   */
  async clamp(asOf: string, now: string): Promise<string> {
    const problem = isoUtcProblem(asOf, 'asOf');
    if (problem) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: problem, fields: [{ field: 'asOf', problems: [problem] }] });
    const ms = Date.parse(asOf);
    if (ms > Date.parse(now)) return now;
    const earliest = `${addMonths(monthOf(now), -(MAX_SERIES_MONTHS - 1))}-01T00:00:00.000Z`;
    const first = await this.firstEventAt();
    const bound = first !== null && first < earliest ? first : earliest;
    return ms < Date.parse(bound) ? bound : asOf;
  }
}

/** "Now" as the end of the current minute: answers are shared for a minute and still include what happened in it. */
export const endOfCurrentMinute = () => new Date(Math.floor(Date.now() / 60_000) * 60_000 + 59_999).toISOString();
