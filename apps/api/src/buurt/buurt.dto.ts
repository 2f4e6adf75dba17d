import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Min } from 'class-validator';
import {
  BUURTONDERZOEK_REASONS,
  BUURTPLEIN_END_REASONS,
  BUURTPLEIN_MAX_GROUP,
  BUURTPLEIN_MIN_GROUP,
  BUURT_FINDINGS,
  BuurtFinding,
  BuurtonderzoekReason,
  BuurtpleinEndReason,
  DAY_PART_NAMES,
  DayPart,
  GESPREK_FORMS,
  GesprekForm,
  MAX_PEOPLE_COUNT,
  MAX_VISITS_PER_DAY_PART,
  OVERLAST_CATEGORIES,
  OVERLAST_OUTCOMES,
  OVERLAST_RESPONSES,
  OVERLAST_SOURCES,
  OverlastCategory,
  OverlastOutcome,
  OverlastResponse,
  OverlastSource,
  PLAN_CHANNELS,
  PlanChannel,
  WEEKDAYS,
  Weekday,
} from '@wijkzorg/domain';
import { CommandDto, Flag, GemeenteCode, Identifier, ListOf, OneOf, UtcTime, WholeNumber, WijkCode } from '../shared/fields';

/** A calendar date YYYY-MM-DD (the decider checks that it exists and is not in the future). */
const CalendarDate = (description: string) => applyDecorators(Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }), ApiProperty({ type: String, format: 'date', example: '2026-03-03', description }));
const ClockTime = (description: string) => applyDecorators(Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '$property must be a time of day HH:MM' }), ApiProperty({ type: String, example: '10:00', description }));
const People = (description: string) => WholeNumber(0, MAX_PEOPLE_COUNT, { description });

export class ReportOverlastDto extends CommandDto {
  @Identifier() reportId: string;
  @WijkCode() wijkCode: string;
  @OneOf(OVERLAST_SOURCES, { description: 'who reported it' }) source: OverlastSource;
  @OneOf(OVERLAST_CATEGORIES) category: OverlastCategory;
  @UtcTime({ description: 'when it was reported' }) reportedAt: string;
  @Identifier({ optional: true, description: 'a client of this wijk, named on purpose by a professional (zorgprofessional, wijkteam); pseudonymous' }) clientId?: string;
}

export class RecordBuurtgesprekDto extends CommandDto {
  @UtcTime() heldAt: string;
  @Flag({ description: 'the client took part (needs a client named in the report)' }) withClient: boolean;
  @People('residents who took part (at least 1)') residents: number;
  @People('professionals who took part') professionals: number;
}

export class DecideOverlastResponseDto extends CommandDto {
  @ListOf(OVERLAST_RESPONSES, { description: 'what is done; geen_actie stands alone. opschalen_zorg for a named client expects a care step on the client trajectory (ScaleCare)' }) responses: OverlastResponse[];
  @UtcTime() decidedAt: string;
}

export class ResolveOverlastDto extends CommandDto {
  @OneOf(OVERLAST_OUTCOMES) outcome: OverlastOutcome;
  @UtcTime() resolvedAt: string;
}

export class StartBuurtonderzoekDto extends CommandDto {
  @Identifier() onderzoekId: string;
  @WijkCode() wijkCode: string;
  @OneOf(BUURTONDERZOEK_REASONS) reason: BuurtonderzoekReason;
  @UtcTime() startedAt: string;
}

export class RecordBuurtonderzoekGesprekkenDto extends CommandDto {
  @UtcTime() heldAt: string;
  @OneOf(GESPREK_FORMS) form: GesprekForm;
  @People('residents spoken to') residents: number;
  @People('professionals spoken to') professionals: number;
}

export class RecordBuurtonderzoekFindingsDto extends CommandDto {
  @ListOf(BUURT_FINDINGS, { description: 'at least one' }) findings: BuurtFinding[];
  @UtcTime() recordedAt: string;
}

export class ShareBuurtonderzoekPlanDto extends CommandDto {
  @UtcTime() sharedAt: string;
  @OneOf(PLAN_CHANNELS) channel: PlanChannel;
  @WholeNumber(0, 100_000, { description: 'residents reached with the plan' }) residentsReached: number;
}

export class StartBuurtpleinDto extends CommandDto {
  @Identifier() pleinId: string;
  @WijkCode() wijkCode: string;
  @WholeNumber(BUURTPLEIN_MIN_GROUP, BUURTPLEIN_MAX_GROUP, { description: `residents in the group: seven or eight is the norm, ${BUURTPLEIN_MIN_GROUP}–${BUURTPLEIN_MAX_GROUP} accepted` }) groupSize: number;
  @OneOf(WEEKDAYS, { description: 'the fixed day of the week' }) weekday: Weekday;
  @ClockTime('the fixed time of the weekly meeting') startTime: string;
  @UtcTime() startedAt: string;
}

export class RecordBuurtpleinMeetingDto extends CommandDto {
  @CalendarDate('the day of the meeting: the fixed weekday') heldOn: string;
  @WholeNumber(0, BUURTPLEIN_MAX_GROUP, { description: 'residents present, at most the group size' }) attendance: number;
}

export class EndBuurtpleinDto extends CommandDto {
  @OneOf(BUURTPLEIN_END_REASONS) reason: BuurtpleinEndReason;
  @UtcTime() endedAt: string;
}

export class RecordKernVisitsDto extends CommandDto {
  @CalendarDate('the day') date: string;
  @OneOf(DAY_PART_NAMES, { description: 'ochtend 06–12, middag 12–18, avond 18–24; the kern must be open during it' }) dayPart: DayPart;
  @WholeNumber(0, MAX_VISITS_PER_DAY_PART, { description: 'visits by clients' }) clientVisits: number;
  @WholeNumber(0, MAX_VISITS_PER_DAY_PART, { description: 'visits by other residents (non-clients)' }) otherVisits: number;
}

export class BuurtFiguresQueryDto {
  @ApiPropertyOptional({ enum: ['wijk', 'gemeente'], default: 'wijk' }) @IsOptional() @IsIn(['wijk', 'gemeente'], { message: 'level must be wijk or gemeente' }) level?: 'wijk' | 'gemeente';
  @GemeenteCode({ optional: true }) gemeenteCode?: string;
  @WijkCode({ optional: true }) wijkCode?: string;
  @ApiPropertyOptional({ example: '2026-03' }) @IsOptional() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' }) month?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt({ message: 'minPosition must be a whole number' }) @Min(0) minPosition?: number;
}

export class BuurtWijkQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt({ message: 'minPosition must be a whole number' }) @Min(0) minPosition?: number;
}
