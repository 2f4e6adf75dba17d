import { randomUUID } from 'node:crypto';
import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { Actor } from '@wijkzorg/domain';
import { CommandOutcome } from '@wijkzorg/application';
import { deterministicUuid } from '@wijkzorg/event-store';
import { CurrentActor } from '../shared/actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ExecuteClientCommand, metaOf, payloadOf } from '../shared/commands';
import { RegisterIntakeDto } from './intake.dto';
import { ApiCommand } from '../shared/openapi';

@ApiTags('intake')
@Controller('intakes')
export class IntakeController {
  constructor(private readonly commands: CommandBus) {}

  @Roles('zorgprofessional')
  /** Aanmelding: starts the client's trajectory. */
  @ApiCommand('Register an intake: a new client in a wooncirkel (personal data sealed)')
  @Post()
  async register(@Body() dto: RegisterIntakeDto, @CurrentActor() actor: Actor): Promise<CommandOutcome & { clientId: string }> {
    const { clientId: given, personal, ...rest } = payloadOf(dto);
    const clientId = given ?? (dto.commandId ? clientIdFromCommandId(dto.commandId) : randomUUID());
    const outcome: CommandOutcome = await this.commands.execute(new ExecuteClientCommand(clientId, { type: 'RegisterIntake', clientId, ...rest, personal: personal ? { ...personal } : undefined }, metaOf(dto, actor)));
    return { clientId, ...outcome };
  }
}

/** A repeated intake (same commandId, no clientId) must land on the same client stream to be recognised as a repeat. */
export function clientIdFromCommandId(commandId: string): string {
  return deterministicUuid(`intake-client/${commandId}`);
}
