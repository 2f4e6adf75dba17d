import { ApiProperty } from '@nestjs/swagger';
import { PLANNABLE_STEP_KINDS, PLANNED_STEP_STATUSES } from '@wijkzorg/domain';

/** One planned step as the read model keeps it: what, when, where and how it ended (its content stays in the client stream). */
export class PlannedStepDto {
  @ApiProperty() planId!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty({ enum: PLANNABLE_STEP_KINDS }) kind!: string;
  @ApiProperty({ format: 'date-time' }) effectiveAt!: string;
  @ApiProperty() wooncirkelId!: string;
  @ApiProperty({ example: 'WK047901' }) wijkCode!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty({ enum: PLANNED_STEP_STATUSES, description: 'planned (due once effectiveAt has passed), cancelled, took_effect, failed' }) status!: string;
  @ApiProperty({ format: 'date-time' }) plannedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when it was cancelled, took effect or failed' }) endedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'for a failed step: the code of the rule that refused it (team_full: it became a wait)' }) failure!: string | null;
}
