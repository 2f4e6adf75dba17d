import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CommandDto, Identifier, Text } from '../shared/fields';
import { ScaleCareDto } from '../care-scaling/care-scaling.dto';
import { CloseTrajectoryDto } from '../closure/closure.dto';
import { PageQueryDto } from '../read-models/page-query.dto';

/** A scaling step planned ahead: the scaling step's own body, its effectiveAt in the future, and the planner's planId. */
export class PlanScaleCareDto extends ScaleCareDto {
  @Identifier({ description: 'your id for this plan: cancel it by this id' }) planId: string;
}

/** A closure planned ahead (e.g. the end of a care period agreed with the client). */
export class PlanClosureDto extends CloseTrajectoryDto {
  @Identifier({ description: 'your id for this plan: cancel it by this id' }) planId: string;
}

export class CancelPlannedStepDto extends CommandDto {
  @Text() reason: string;
}

export const PLANNED_STEP_FILTERS = ['due', 'planned', 'cancelled', 'took_effect', 'failed'] as const;
export class PlannedStepsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PLANNED_STEP_FILTERS, description: 'due: planned and its date has passed' })
  @IsOptional()
  @IsIn([...PLANNED_STEP_FILTERS], { message: `status must be one of ${PLANNED_STEP_FILTERS.join(', ')}` })
  status?: (typeof PLANNED_STEP_FILTERS)[number];
}
