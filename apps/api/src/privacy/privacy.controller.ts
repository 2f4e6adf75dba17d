import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '@wijkzorg/domain';
import { CareCommands, CommandMeta, CommandOutcome } from '@wijkzorg/application';
import { CurrentActor } from '../shared/actor.decorator';
import { CommandDto, OneOf } from '../shared/fields';
import { metaOf } from '../shared/commands';
import { IdParamPipe } from '../shared/id-param.pipe';
import { Roles } from '../auth/roles.decorator';
import { ApiCommand } from '../shared/openapi';

export class EraseClientDto extends CommandDto {
  @OneOf(['avg_art_17', 'bewaartermijn_verstreken'], { description: 'why the personal data goes' }) legalBasis: 'avg_art_17' | 'bewaartermijn_verstreken';
}

export class EraseClientCommand {
  constructor(
    readonly clientId: string,
    readonly legalBasis: EraseClientDto['legalBasis'],
    readonly meta: CommandMeta,
  ) {}
}

@CommandHandler(EraseClientCommand)
export class EraseClientHandler implements ICommandHandler<EraseClientCommand> {
  constructor(private readonly care: CareCommands) {}
  execute({ clientId, legalBasis, meta }: EraseClientCommand): Promise<CommandOutcome> {
    return this.care.eraseClient(clientId, legalBasis, meta);
  }
}

/** AVG art. 17: crypto-shredding of one client's personal data; aggregates stay correct. */
@ApiTags('privacy')
@Controller('clients/:clientId/erasure')
export class PrivacyController {
  constructor(private readonly commands: CommandBus) {}

  @ApiCommand('Erase the personal data of a client (AVG art. 17): the key is destroyed, the events stay')
  @Post()
  @Roles('admin')
  erase(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: EraseClientDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new EraseClientCommand(clientId, dto.legalBasis, metaOf(dto, actor)));
  }
}
