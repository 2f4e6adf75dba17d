import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { Actor } from '@wijkzorg/domain';
import { CurrentActor } from '../shared/actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { sendClientCommand } from '../shared/commands';
import { Matches } from 'class-validator';
import { DAGINVULLING_ACTIVITIES, DaginvullingActivity, PROVIDER_CODE_PATTERN } from '@wijkzorg/domain';
import { CommandDto, OneOf, Text } from '../shared/fields';
import { IdParamPipe } from '../shared/id-param.pipe';
import { ApiCommand } from '../shared/openapi';

export class RequestDaginvullingDto extends CommandDto {
  @Text() wish: string;
}
export class ArrangeDaginvullingDto extends CommandDto {
  @OneOf(DAGINVULLING_ACTIVITIES, { description: 'the kind of day activity, as a code' }) activity: DaginvullingActivity;
  @Text({ max: 50, description: "provider code: lower-case letters, digits and hyphens, e.g. prov-leviaan or buurthuis-poelenburg; never a person's name" })
  @Matches(PROVIDER_CODE_PATTERN, { message: 'provider must be a provider code: lower-case letters, digits and hyphens, e.g. buurthuis-poelenburg' })
  provider: string;
  @Text({ optional: true, max: 1000, description: "free text about the arrangement: personal data, sealed with the client's key, never published" }) note?: string;
}
export class PauseWaitingDto extends CommandDto {
  @Text() reason: string;
}

@ApiTags('daginvulling en wachten')
@Controller('clients/:clientId')
export class DaginvullingController {
  constructor(private readonly commands: CommandBus) {}

  @Roles('zorgprofessional')
  @ApiCommand('Request daginvulling (day activities) for a client')
  @Post('daginvulling-requests')
  request(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: RequestDaginvullingDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'RequestDaginvulling', dto, actor);
  }

  @Roles('zorgprofessional')
  @ApiCommand('Arrange daginvulling for a client')
  @Post('daginvulling-arrangements')
  arrange(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: ArrangeDaginvullingDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'ArrangeDaginvulling', dto, actor);
  }

  @Roles('zorgprofessional')
  /** The client stops actively waiting for a while (niet-actief wachtend). */
  @ApiCommand('Pause the waiting of a client (the wait does not count meanwhile)')
  @Post('waiting/pause')
  pause(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: PauseWaitingDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'PauseWaiting', dto, actor);
  }

  @Roles('zorgprofessional')
  @ApiCommand('Resume the waiting of a client')
  @Post('waiting/resume')
  resume(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: CommandDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'ResumeWaiting', dto, actor);
  }
}
