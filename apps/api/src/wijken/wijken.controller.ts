import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { HomeStateDto, WijkAnswerDto, WooncirkelAnswerDto } from './wijken.responses';
import { CommandBus, CommandHandler, ICommandHandler, QueryBus, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Actor, AddHome, ChangeTeamCapacity, RegisterWijk, RegisterWooncirkel, WooncirkelState, WijkState, wijkDecider, wijkStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { AggregateStore, CareCommands, CommandMeta, CommandOutcome, assertVisible } from '@wijkzorg/application';
import { CurrentActor } from '../shared/actor.decorator';
import { IdParamPipe, WijkCodeParamPipe } from '../shared/id-param.pipe';
import { Roles } from '../auth/roles.decorator';
import { PersonalDataRead } from '../audit/personal-data.interceptor';
import { metaOf, payloadOf } from '../shared/commands';
import { AddHomeDto, ChangeTeamCapacityDto, RegisterWijkDto, RegisterWooncirkelDto } from './wijken.dto';
import { ApiCommand, ApiRead } from '../shared/openapi';

export class RegisterWijkCommand {
  constructor(
    readonly command: RegisterWijk,
    readonly meta: CommandMeta,
  ) {}
}
export class RegisterWooncirkelCommand {
  constructor(
    readonly command: RegisterWooncirkel,
    readonly meta: CommandMeta,
  ) {}
}
export class ChangeWooncirkelCommand {
  constructor(
    readonly wooncirkelId: string,
    readonly command: AddHome | ChangeTeamCapacity,
    readonly meta: CommandMeta,
  ) {}
}
export class GetWooncirkelQuery {
  constructor(
    readonly wooncirkelId: string,
    readonly actor: Actor,
  ) {}
}
export class GetWijkQuery {
  constructor(readonly wijkCode: string) {}
}

@CommandHandler(RegisterWijkCommand)
export class RegisterWijkHandler implements ICommandHandler<RegisterWijkCommand> {
  constructor(private readonly care: CareCommands) {}
  execute({ command, meta }: RegisterWijkCommand): Promise<CommandOutcome> {
    return this.care.registerWijk(command, meta);
  }
}
@CommandHandler(RegisterWooncirkelCommand)
export class RegisterWooncirkelHandler implements ICommandHandler<RegisterWooncirkelCommand> {
  constructor(private readonly care: CareCommands) {}
  execute({ command, meta }: RegisterWooncirkelCommand): Promise<CommandOutcome> {
    return this.care.registerWooncirkel(command, meta);
  }
}
@CommandHandler(ChangeWooncirkelCommand)
export class ChangeWooncirkelHandler implements ICommandHandler<ChangeWooncirkelCommand> {
  constructor(private readonly care: CareCommands) {}
  execute({ wooncirkelId, command, meta }: ChangeWooncirkelCommand): Promise<CommandOutcome> {
    return this.care.changeWooncirkel(wooncirkelId, command, meta);
  }
}
@QueryHandler(GetWooncirkelQuery)
export class GetWooncirkelHandler implements IQueryHandler<GetWooncirkelQuery> {
  constructor(private readonly store: AggregateStore) {}
  async execute({ wooncirkelId, actor }: GetWooncirkelQuery): Promise<{ revision: number; state: WooncirkelState }> {
    const { revision, state } = await this.store.load(wooncirkelDecider, wooncirkelStream(wooncirkelId));
    assertVisible(actor, { field: 'wooncirkelId', id: wooncirkelId }, state.registered ? { wooncirkelId } : undefined);
    return { revision, state };
  }
}
@QueryHandler(GetWijkQuery)
export class GetWijkHandler implements IQueryHandler<GetWijkQuery> {
  constructor(private readonly store: AggregateStore) {}
  async execute({ wijkCode }: GetWijkQuery): Promise<{ revision: number; state: WijkState }> {
    const { revision, state } = await this.store.load(wijkDecider, wijkStream(wijkCode));
    return { revision, state };
  }
}

@ApiTags('wijken en wooncirkels')
@ApiExtraModels(HomeStateDto)
@Controller()
export class WijkenController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Roles('admin')
  @ApiCommand('Register a wijk (CBS code, name, gemeente)')
  @Post('wijken')
  registerWijk(@Body() dto: RegisterWijkDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new RegisterWijkCommand({ type: 'RegisterWijk', ...payloadOf(dto) }, metaOf(dto, actor)));
  }

  @Roles('admin', 'zorgprofessional', 'auditor')
  @ApiRead('One wijk', { description: 'the wijk', type: WijkAnswerDto }, [404])
  @Get('wijken/:wijkCode')
  wijk(@Param('wijkCode', WijkCodeParamPipe) wijkCode: string) {
    return this.queries.execute(new GetWijkQuery(wijkCode));
  }

  @Roles('admin')
  @ApiCommand('Register a wooncirkel: kern, team and homes')
  @Post('wooncirkels')
  registerWooncirkel(@Body() dto: RegisterWooncirkelDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new RegisterWooncirkelCommand({ type: 'RegisterWooncirkel', ...payloadOf(dto) }, metaOf(dto, actor)));
  }

  /** Holds which (pseudonymous) clients are on the team and in which home: a person-level read, so zorgprofessionals see their own wooncirkels only. */
  @Roles('admin', 'zorgprofessional', 'auditor')
  @ApiRead('One wooncirkel with its homes and team', { description: 'the wooncirkel', type: WooncirkelAnswerDto }, [404])
  @Get('wooncirkels/:wooncirkelId')
  @PersonalDataRead('wooncirkel', (_params, response) => {
    const { state } = response as { state: WooncirkelState };
    // Team members, occupants and clients a home is reserved for: each is a person whose data is read.
    const ofHomes = Object.values(state.homes).flatMap((h) => [h.occupantClientId, h.reservedFor?.clientId].filter((id): id is string => typeof id === 'string'));
    const waitingForTeam = [...state.teamPlaceWaits.map((w) => w.clientId), ...Object.values(state.teamPlaceOffers).map((o) => o.clientId), ...state.overCapacityGrants.map((g) => g.clientId)];
    return [...new Set([...state.teamClientIds, ...ofHomes, ...waitingForTeam])];
  })
  wooncirkel(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetWooncirkelQuery(wooncirkelId, actor));
  }

  @Roles('admin')
  @ApiCommand('Add a home to a wooncirkel')
  @Post('wooncirkels/:wooncirkelId/homes')
  addHome(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @Body() dto: AddHomeDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new ChangeWooncirkelCommand(wooncirkelId, { type: 'AddHome', home: dto.home }, metaOf(dto, actor)));
  }

  @Roles('admin')
  @ApiCommand('Change the caseload capacity of the wooncirkel team', { status: 200 })
  @Put('wooncirkels/:wooncirkelId/team-capacity')
  changeCapacity(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @Body() dto: ChangeTeamCapacityDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new ChangeWooncirkelCommand(wooncirkelId, { type: 'ChangeTeamCapacity', caseloadCapacity: dto.caseloadCapacity }, metaOf(dto, actor)));
  }
}

export const wijkenHandlers = [RegisterWijkHandler, RegisterWooncirkelHandler, ChangeWooncirkelHandler, GetWooncirkelHandler, GetWijkHandler];
