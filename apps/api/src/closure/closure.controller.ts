import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { Actor } from '@wijkzorg/domain';
import { CommandOutcome } from '@wijkzorg/application';
import { CurrentActor } from '../shared/actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { sendClientCommand } from '../shared/commands';
import { IdParamPipe } from '../shared/id-param.pipe';
import { ApiCommand } from '../shared/openapi';
import { CloseTrajectoryDto } from './closure.dto';

@ApiTags('closure')
@Controller('clients/:clientId/closure')
export class ClosureController {
  constructor(private readonly commands: CommandBus) {}

  @Roles('zorgprofessional')
  /** Afsluiting: gives back team place, home and reservations and ends every wait; afterwards only settling budget and erasure. */
  @ApiCommand('Close the trajectory with a coded reason')
  @Post()
  close(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: CloseTrajectoryDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return sendClientCommand(this.commands, clientId, 'CloseTrajectory', dto, actor);
  }
}
