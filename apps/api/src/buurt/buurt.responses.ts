import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BUURT_MONTH_COUNTS } from '@wijkzorg/read-models';
import { NullableProtectedCountSchema, ProtectedCountSchema } from '../shared/response-schemas';

export class OverlastCaseDto {
  @ApiProperty() reportId!: string;
  @ApiProperty({ example: 'WK075803' }) wijkCode!: string;
  @ApiProperty({ example: 'GM0758' }) gemeenteCode!: string;
  @ApiProperty() source!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ format: 'date-time' }) reportedAt!: string;
  @ApiProperty() reportedByRole!: string;
  @ApiProperty({ nullable: true, type: String, description: 'organisation code of the reporter' }) organisation!: string | null;
  @ApiProperty({ description: 'a client is named in the report' }) clientLinked!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the named client (pseudonymous); only for wijkteam, zorgprofessional and auditor' }) clientId?: string | null;
  @ApiProperty() buurtgesprekken!: number;
  @ApiProperty() gesprekkenWithClient!: number;
  @ApiProperty() residentsSpokenTo!: number;
  @ApiProperty({ type: [String] }) responses!: string[];
  @ApiProperty({ description: 'scaling up was decided for the named client' }) careStepExpected!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: "when the client's own care step (CareScaledUp) followed" }) careStepTakenAt!: string | null;
  @ApiProperty({ enum: ['open', 'resolved'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) outcome!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resolvedAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) resolutionDays!: number | null;
}

export class BuurtonderzoekDto {
  @ApiProperty() onderzoekId!: string;
  @ApiProperty() wijkCode!: string;
  @ApiProperty() gemeenteCode!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: String }) organisation!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty() conversations!: number;
  @ApiProperty() residentsSpokenTo!: number;
  @ApiProperty() professionalsSpokenTo!: number;
  @ApiProperty({ type: [String] }) findings!: string[];
  @ApiProperty({ enum: ['lopend', 'plan_gedeeld'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) planSharedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) planChannel!: string | null;
  @ApiProperty({ nullable: true, type: Number }) residentsReached!: number | null;
}

export class BuurtpleinDto {
  @ApiProperty() pleinId!: string;
  @ApiProperty() wijkCode!: string;
  @ApiProperty() gemeenteCode!: string;
  @ApiProperty({ nullable: true, type: String }) organisation!: string | null;
  @ApiProperty() groupSize!: number;
  @ApiProperty() weekday!: string;
  @ApiProperty({ example: '10:00' }) startTime!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty() meetings!: number;
  @ApiProperty({ description: 'attendance summed over the meetings' }) attendance!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) lastMeetingOn!: string | null;
  @ApiProperty({ enum: ['actief', 'beeindigd'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) endedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) endReason!: string | null;
}

export class VisitCountsDto {
  @ApiProperty() clientVisits!: number;
  @ApiProperty() otherVisits!: number;
}
export class DayPartVisitsDto {
  @ApiProperty({ type: VisitCountsDto }) ochtend!: VisitCountsDto;
  @ApiProperty({ type: VisitCountsDto }) middag!: VisitCountsDto;
  @ApiProperty({ type: VisitCountsDto }) avond!: VisitCountsDto;
}
export class KernMonthDto {
  @ApiProperty() wooncirkelId!: string;
  @ApiProperty() wijkCode!: string;
  @ApiProperty() gemeenteCode!: string;
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty({ type: [String], description: 'days of the month with a count (YYYY-MM-DD)' }) dates!: string[];
  @ApiProperty() daysRecorded!: number;
  @ApiProperty({ description: 'visits by clients' }) clientVisits!: number;
  @ApiProperty({ description: 'visits by other residents' }) otherVisits!: number;
  @ApiProperty({ type: DayPartVisitsDto }) byDayPart!: DayPartVisitsDto;
}

/** The neighbourhood of one wijk, for the professionals who work there. */
export class BuurtWijkDto {
  @ApiProperty() wijkCode!: string;
  @ApiProperty({ type: [OverlastCaseDto] }) overlast!: OverlastCaseDto[];
  @ApiProperty({ type: [BuurtonderzoekDto] }) buurtonderzoeken!: BuurtonderzoekDto[];
  @ApiProperty({ type: [BuurtpleinDto] }) buurtpleinen!: BuurtpleinDto[];
  @ApiProperty({ type: [KernMonthDto] }) kernVisits!: KernMonthDto[];
}

export class BuurtFiguresRowDto {
  @ApiProperty({ enum: ['wijk', 'gemeente'] }) level!: string;
  @ApiProperty({ example: 'WK075803' }) code!: string;
  @ApiProperty({ example: 'GM0758' }) gemeenteCode!: string;
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty({ ...NullableProtectedCountSchema, description: 'median days from report to resolution, for five or more resolved reports' }) medianResolutionDays!: number | string | null;
}
// One column per counted figure, each protected (exact for auditors).
for (const metric of BUURT_MONTH_COUNTS) {
  // What TypeScript would have emitted for a declared `number | '<5' | 'x'` property.
  Reflect.defineMetadata('design:type', Object, BuurtFiguresRowDto.prototype, metric);
  ApiProperty({ ...ProtectedCountSchema, description: `${metric} in the month` })(BuurtFiguresRowDto.prototype, metric);
}

export class BuurtFiguresDto {
  @ApiProperty({ enum: ['wijk', 'gemeente'] }) level!: string;
  @ApiProperty({ description: 'false for auditors, who see exact figures' }) protected!: boolean;
  @ApiProperty({ type: [BuurtFiguresRowDto] }) rows!: BuurtFiguresRowDto[];
}
