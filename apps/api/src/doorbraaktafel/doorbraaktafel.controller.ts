import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { AVOIDED_COST_CATEGORIES, Actor, AvoidedCostCategory, BREAKTHROUGH_TYPES, BreakthroughType, DOORBRAAK_ROLES, DoorbraakRole, MAX_AVOIDED_COST_MONTHS } from '@wijkzorg/domain';
import { CurrentActor } from '../shared/actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { sendClientCommand } from '../shared/commands';
import { Cents, CommandDto, Flag, Identifier, ListOf, Nested, OneOf, Text, WholeNumber } from '../shared/fields';
import { IdParamPipe } from '../shared/id-param.pipe';
import { ApiCommand } from '../shared/openapi';

export class EscalateCaseDto extends CommandDto {
  @Identifier() caseId: string;
  @Text() reason: string;
}
export class AvoidedCostDto {
  @OneOf(AVOIDED_COST_CATEGORIES, { description: 'what the solution is estimated to avoid' }) category: AvoidedCostCategory;
  @Cents({ description: 'estimated cost avoided over basisMonths, integer euro cents (e.g. 5000000 for € 50.000 of detention a year)' }) amountCents: number;
  @WholeNumber(1, MAX_AVOIDED_COST_MONTHS, { description: 'the period the estimate covers, in months' }) basisMonths: number;
}
export class RecordDecisionDto extends CommandDto {
  @ListOf(DOORBRAAK_ROLES, { description: 'who took part, by role: never names' }) participants: DoorbraakRole[];
  @Flag({ description: 'decisions are taken with the person present: must be true' }) clientPresent: boolean;
  @Flag({ description: 'an ervaringsdeskundige was invited: must be true' }) ervaringsdeskundigeInvited: boolean;
  @OneOf(BREAKTHROUGH_TYPES, { description: 'what broke through' }) breakthroughType: BreakthroughType;
  @Text({ optional: true, max: 1000, description: "free text about the decision: personal data, sealed with the client's key, never published" }) note?: string;
  @Cents({ description: 'what the solution costs, integer euro cents' }) solutionCostCents: number;
  @Nested(() => AvoidedCostDto, { optional: true, description: 'the estimated cost the solution avoids' }) avoidedCost?: AvoidedCostDto;
}
export class CloseCaseDto extends CommandDto {
  @Text() outcome: string;
}

@ApiTags('doorbraaktafel')
@Controller('clients/:clientId/doorbraak-cases')
export class DoorbraaktafelController {
  constructor(private readonly commands: CommandBus) {}

  @Roles('zorgprofessional', 'doorbraaktafel')
  @ApiCommand('Escalate a stuck case to the doorbraaktafel')
  @Post()
  escalate(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: EscalateCaseDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'EscalateCase', dto, actor);
  }

  @Roles('doorbraaktafel')
  @ApiCommand('Record a breakthrough of the doorbraaktafel on a case: with the person present and an ervaringsdeskundige invited; participants by role, cost and avoided cost')
  @Post(':caseId/decisions')
  decide(@Param('clientId', IdParamPipe) clientId: string, @Param('caseId', IdParamPipe) caseId: string, @Body() dto: RecordDecisionDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'RecordDoorbraakDecision', dto, actor, { caseId });
  }

  @Roles('doorbraaktafel')
  @ApiCommand('Close a doorbraaktafel case')
  @Post(':caseId/close')
  close(@Param('clientId', IdParamPipe) clientId: string, @Param('caseId', IdParamPipe) caseId: string, @Body() dto: CloseCaseDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'CloseCase', dto, actor, { caseId });
  }
}
