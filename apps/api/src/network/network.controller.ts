import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CommandBus, IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { Actor, ActorRole, clientDecider, clientStream } from '@wijkzorg/domain';
import { AggregateStore, NetworkView, assertVisible, networkViewOf } from '@wijkzorg/application';
import { ProjectionRunner } from '@wijkzorg/read-models';
import { CurrentActor } from '../shared/actor.decorator';
import { AGGREGATE_READERS, PERSON_LEVEL_READERS, Roles } from '../auth/roles.decorator';
import { PersonalDataRead } from '../audit/personal-data.interceptor';
import { sendClientCommand } from '../shared/commands';
import { IdParamPipe } from '../shared/id-param.pipe';
import { ApiCommand, ApiRead } from '../shared/openapi';
import { awaitPosition } from '../read-models/read-model-queries';
import { endOfCurrentMinute } from '../disclosure/log-span';
import { readsExactFigures } from '../disclosure/readers';
import { NetworkFigures } from '../disclosure/network-figures';
import { AddNetworkMemberDto, EndInformalSupportDto, RecordReferralAvoidedDto, RecordReferralMadeDto, RemoveNetworkMemberDto, StartInformalSupportDto } from './network.dto';
import { NetworkFiguresDto, NetworkViewDto } from './network.responses';
import { GemeenteCode, WijkCode } from '../shared/fields';

/** Who works with a client's network: the care team, the wijkteam and the welfare organisation (each scoped by its wooncirkels). */
const NETWORK_ACTORS: ActorRole[] = ['zorgprofessional', 'wijkteam', 'welzijn'];
/** Aggregates of informal care: the usual aggregate readers and the gemeente, wijkteam and welfare organisation (protected figures). */
const NETWORK_FIGURE_READERS: ActorRole[] = [...AGGREGATE_READERS, 'gemeente', 'wijkteam', 'welzijn'];

export class GetNetworkQuery {
  constructor(
    readonly clientId: string,
    readonly actor: Actor,
  ) {}
}

@QueryHandler(GetNetworkQuery)
export class NetworkViewHandler implements IQueryHandler<GetNetworkQuery, NetworkView> {
  constructor(private readonly store: AggregateStore) {}

  async execute({ clientId, actor }: GetNetworkQuery): Promise<NetworkView> {
    const { state, revision, events } = await this.store.load(clientDecider, clientStream(clientId));
    assertVisible(actor, { field: 'clientId', id: clientId }, revision >= 0 ? { wooncirkelId: state.placement?.wooncirkelId, wijkCode: state.placement?.wijkCode } : undefined);
    return networkViewOf(clientId, events);
  }
}

@ApiTags('netwerk en informele zorg')
@Controller('clients/:clientId')
export class NetworkController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Roles(...NETWORK_ACTORS)
  @ApiCommand("Add a member to the client's network (mantelzorger, naaste, vrijwilliger, …)")
  @Post('network/members')
  addMember(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: AddNetworkMemberDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'AddNetworkMember', dto, actor);
  }

  @Roles(...NETWORK_ACTORS)
  @ApiCommand("A member leaves the client's network (the support the member gave ends with it)")
  @Post('network/members/:memberId/departure')
  removeMember(@Param('clientId', IdParamPipe) clientId: string, @Param('memberId', IdParamPipe) memberId: string, @Body() dto: RemoveNetworkMemberDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'RemoveNetworkMember', dto, actor, { memberId });
  }

  @Roles(...NETWORK_ACTORS)
  @ApiCommand('Informal support starts: who, what and how many hours a week')
  @Post('network/support')
  startSupport(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: StartInformalSupportDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'StartInformalSupport', dto, actor);
  }

  @Roles(...NETWORK_ACTORS)
  @ApiCommand('Informal support ends, with a coded reason')
  @Post('network/support/:supportId/end')
  endSupport(@Param('clientId', IdParamPipe) clientId: string, @Param('supportId', IdParamPipe) supportId: string, @Body() dto: EndInformalSupportDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'EndInformalSupport', dto, actor, { supportId });
  }

  @Roles(...NETWORK_ACTORS)
  @ApiCommand('Record an outgoing referral to indicated care')
  @Post('referrals/made')
  referralMade(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: RecordReferralMadeDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'RecordReferralMade', dto, actor);
  }

  @Roles(...NETWORK_ACTORS)
  @ApiCommand('Record a referral to indicated care that was avoided, with the informal solution that replaced it')
  @Post('referrals/avoided')
  referralAvoided(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: RecordReferralAvoidedDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'RecordReferralAvoided', dto, actor);
  }

  /** Person level: names and notes opened for the purpose given, and the read access-logged. */
  @ApiRead("The client's network: members, informal support, referrals (person level)", { description: 'the network', type: NetworkViewDto }, [404])
  @Get('network')
  @Roles(...PERSON_LEVEL_READERS, 'wijkteam', 'welzijn')
  @PersonalDataRead('client-network')
  network(@Param('clientId', IdParamPipe) clientId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute<GetNetworkQuery, NetworkView>(new GetNetworkQuery(clientId, actor));
  }
}

export class NetworkFiguresQueryDto {
  @GemeenteCode({ optional: true }) gemeenteCode?: string;
  @WijkCode({ optional: true }) wijkCode?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt({ message: 'minPosition must be a whole number' }) @Min(0) minPosition?: number;
}

export class NetworkFiguresQuery {
  constructor(
    readonly query: NetworkFiguresQueryDto,
    readonly exact: boolean,
  ) {}
}

@QueryHandler(NetworkFiguresQuery)
export class NetworkFiguresHandler implements IQueryHandler<NetworkFiguresQuery> {
  constructor(
    private readonly figures: NetworkFigures,
    private readonly runner: ProjectionRunner,
  ) {}

  async execute({ query, exact }: NetworkFiguresQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const asOf = endOfCurrentMinute();
    const snapshot = exact ? await this.figures.exact(asOf) : await this.figures.snapshot(asOf);
    // Filters only choose rows of the one protected table.
    const rows = [...snapshot.areas.values()]
      .filter((a) => !query.gemeenteCode || a.gemeenteCode === query.gemeenteCode)
      .filter((a) => !query.wijkCode || a.code === query.wijkCode)
      .sort((a, b) => (a.level === b.level ? a.code.localeCompare(b.code) : ['all', 'gemeente', 'wijk'].indexOf(a.level) - ['all', 'gemeente', 'wijk'].indexOf(b.level)));
    return { asOf: snapshot.asOf, rows };
  }
}

/** Policymakers: informal care per wijk and gemeente (van formeel naar informeel), through the disclosure-control layer. */
@ApiTags('beleid')
@Controller('beleid/netwerk')
export class NetworkFiguresController {
  constructor(private readonly queries: QueryBus) {}

  @ApiRead('Informal care per wijk, gemeente and region: support and hours, referrals made vs avoided, afschalingen carried by the network (disclosure-controlled)', { description: 'figures per area', type: NetworkFiguresDto })
  @Get()
  @Roles(...NETWORK_FIGURE_READERS)
  figures(@Query() query: NetworkFiguresQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new NetworkFiguresQuery(query, readsExactFigures(actor)));
  }
}
