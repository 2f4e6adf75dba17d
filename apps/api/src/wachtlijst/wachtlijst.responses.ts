import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CARE_INTENSITIES, CLOSURE_REASONS, INDICATIE_REFUSAL_REASONS, INDICATIE_WITHDRAWAL_REASONS, URGENCIES } from '@wijkzorg/domain';
import { WAIT_ENDINGS, WAIT_KINDS, WAIT_STATUSES } from '@wijkzorg/read-models';
import { NullableProtectedCountSchema, ProtectedCountSchema, ProtectedCountsByKeySchema } from '../shared/response-schemas';

type Protected = number | '<5' | 'x';

export class WaitingDaysDto {
  @ApiProperty(NullableProtectedCountSchema) median!: Protected | null;
  @ApiProperty(NullableProtectedCountSchema) p90!: Protected | null;
}

export class CompletedWaitsDto {
  @ApiProperty(ProtectedCountSchema) count!: Protected;
  @ApiProperty(NullableProtectedCountSchema) medianDays!: Protected | null;
  @ApiProperty(NullableProtectedCountSchema) p90Days!: Protected | null;
}

export class WaitlistMonthDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ ...ProtectedCountSchema, description: 'waiting at the end of the month' }) waiting!: Protected;
  @ApiProperty(ProtectedCountSchema) joined!: Protected;
  @ApiProperty(ProtectedCountSchema) left!: Protected;
  @ApiProperty(NullableProtectedCountSchema) medianWaitingDays!: Protected | null;
}

/** Waiting list figures as of a moment: protected for policymakers, exact for auditors. */
export class WaitlistStatisticsDto {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty(ProtectedCountSchema) waiting!: Protected;
  @ApiProperty(ProtectedCountsByKeySchema) byStatus!: Record<string, Protected>;
  @ApiProperty({ ...ProtectedCountsByKeySchema, description: `open waits per kind: ${WAIT_KINDS.join(', ')} (indicatie: an aanvraag waiting for the issuer's decision)` }) byKind!: Record<string, Protected>;
  @ApiProperty({ type: WaitingDaysDto }) waitingDays!: WaitingDaysDto;
  @ApiProperty({ type: CompletedWaitsDto }) completedWaits!: CompletedWaitsDto;
  @ApiProperty({ type: [WaitlistMonthDto], description: 'counts per month up to asOf (empty where a filter would reveal a small group over time)' }) overTime!: WaitlistMonthDto[];
}

/** Where a wait was for a while: a transfer ends one segment and starts the next. */
export class WaitSegmentDto {
  @ApiProperty({ example: 'WK047901' }) wijkCode!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty() wooncirkelId!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while the wait is still here' }) to!: string | null;
}

/** One wait of one client (pseudonymous id) for one thing. */
export class WaitlistEntryDto {
  @ApiProperty({ description: 'client, kind and the position of the event that started the wait' }) waitId!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty({ enum: WAIT_KINDS }) kind!: string;
  @ApiProperty() wooncirkelId!: string;
  @ApiProperty({ example: 'WK047901' }) wijkCode!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty({ format: 'date-time', description: 'start of the whole wait' }) since!: string;
  @ApiProperty({ enum: URGENCIES }) urgency!: string;
  @ApiProperty({ enum: WAIT_STATUSES }) status!: string;
  @ApiProperty({ description: 'false once the wait ended' }) open!: boolean;
  @ApiProperty({ type: String, nullable: true, enum: [...CARE_INTENSITIES, null], description: 'for care waits: the care intensity asked for' }) requestedIntensity!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) waitedDays!: number | null;
  @ApiProperty({ type: String, nullable: true, enum: [...WAIT_ENDINGS, null] }) endedBy!: string | null;
  @ApiPropertyOptional({ enum: [...new Set([...CLOSURE_REASONS, ...INDICATIE_REFUSAL_REASONS, ...INDICATIE_WITHDRAWAL_REASONS])], description: 'for a wait ended by the closure of the trajectory: its reason; for an aanvraag (kind indicatie) refused or withdrawn: the coded reason' })
  closureReason?: string;
  @ApiProperty({ type: [WaitSegmentDto], description: 'in order; the last is where the wait is (or ended)' }) segments!: WaitSegmentDto[];
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'kind indicatie: the legal decision term of the aanvraag (Wmo 8 weeks, Wlz 6 weeks)' }) decideBefore?: string;
}
