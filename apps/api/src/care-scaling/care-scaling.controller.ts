import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { Actor } from '@wijkzorg/domain';
import { CommandOutcome } from '@wijkzorg/application';
import { CurrentActor } from '../shared/actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { sendClientCommand } from '../shared/commands';
import { IdParamPipe } from '../shared/id-param.pipe';
import { ScaleCareDto } from './care-scaling.dto';
import { ApiCommand } from '../shared/openapi';

@ApiTags('care scaling')
@Controller('clients/:clientId/care-scaling-steps')
export class CareScalingController {
  constructor(private readonly commands: CommandBus) {}

  @Roles('zorgprofessional')
  /** Op- of afschalen. Without team capacity the request goes on the wachtlijst (CareScalingWaitlisted). */
  @ApiCommand('Scale care up or down one step')
  @Post()
  scale(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: ScaleCareDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return sendClientCommand(this.commands, clientId, 'ScaleCare', dto, actor);
  }
}
