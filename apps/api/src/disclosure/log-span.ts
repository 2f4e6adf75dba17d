import { BadRequestException } from '@nestjs/common';
import { ProjectionRunner } from '@wijkzorg/read-models';

/** Month series never run longer than this, whatever dates the log holds. */
export const MAX_SERIES_MONTHS = 240;

export const monthOf = (iso: string) => iso.slice(0, 7);

export function addMonths(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** From the month of the log's first event (at most MAX_SERIES_MONTHS back) to the month of `until`. */
export function seriesStart(firstEventAt: string | null, until: string): string {
  const earliest = addMonths(monthOf(until), -(MAX_SERIES_MONTHS - 1));
  const first = firstEventAt ? monthOf(firstEventAt) : monthOf(until);
  return first < earliest ? earliest : first > monthOf(until) ? monthOf(until) : first;
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

  /** `asOf` clamped to [first event, now]; a calendar-impossible moment is a 400 naming the field. */
  async clamp(asOf: string, now: string): Promise<string> {
    const ms = Date.parse(asOf);
    if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== asOf.slice(0, 10)) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `asOf ${asOf} is not a date in the calendar`, fields: [{ field: 'asOf', problems: ['not a calendar date'] }] });
    }
    if (ms > Date.parse(now)) return now;
    const first = await this.firstEventAt();
    return first !== null && ms < Date.parse(first) ? first : asOf;
  }
}
