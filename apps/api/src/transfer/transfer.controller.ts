import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { Actor } from '@wijkzorg/domain';
import { CurrentActor } from '../shared/actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { sendClientCommand } from '../shared/commands';
import { CommandDto, Identifier, Text } from '../shared/fields';
import { IdParamPipe } from '../shared/id-param.pipe';
import { ApiCommand } from '../shared/openapi';

export class TransferClientDto extends CommandDto {
  @Identifier({ description: 'the wooncirkel (and so wijk, team and provider) that takes over' }) toWooncirkelId: string;
  @Text() reason: string;
}

/** The client changes wooncirkel, wijk or provider; the open budget moves along. */
@ApiTags('transfer')
@Controller('clients/:clientId/transfers')
export class TransferController {
  constructor(private readonly commands: CommandBus) {}

  @Roles('zorgprofessional')
  @ApiCommand('Transfer a client to another wooncirkel')
  @Post()
  transfer(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: TransferClientDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'TransferClient', dto, actor);
  }
}
