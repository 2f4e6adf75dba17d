import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { Actor } from '@wijkzorg/domain';
import { CurrentActor } from '../shared/actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { sendClientCommand } from '../shared/commands';
import { CommandDto, Flag, Identifier, Text, TextList } from '../shared/fields';
import { IdParamPipe } from '../shared/id-param.pipe';
import { ApiCommand } from '../shared/openapi';

export class EscalateCaseDto extends CommandDto {
  @Identifier() caseId: string;
  @Text() reason: string;
}
export class RecordDecisionDto extends CommandDto {
  @Text() decision: string;
  @TextList({ maxItems: 30 }) participants: string[];
  @Flag({ description: 'decisions are taken with the person present: must be true' }) clientPresent: boolean;
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
  @ApiCommand('Record a decision of the doorbraaktafel on a case')
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
