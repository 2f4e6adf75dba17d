import { ApiProperty } from '@nestjs/swagger';
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
  @ApiProperty(ProtectedCountsByKeySchema) byKind!: Record<string, Protected>;
  @ApiProperty({ type: WaitingDaysDto }) waitingDays!: WaitingDaysDto;
  @ApiProperty({ type: CompletedWaitsDto }) completedWaits!: CompletedWaitsDto;
  @ApiProperty({ type: [WaitlistMonthDto], description: 'counts per month up to asOf (empty where a filter would reveal a small group over time)' }) overTime!: WaitlistMonthDto[];
}
