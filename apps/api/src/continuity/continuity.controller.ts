import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { CommandBus, CommandHandler, ICommandHandler, IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@wijkzorg/domain';
import { CareCommands, CommandMeta, CommandOutcome, GrantOverCapacityInput, TeamChange, assertVisible, wooncirkelScopeOf } from '@wijkzorg/application';
import { ProjectionRunner, ReadModelStore, TeamComposition, continuityQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { PageQueryDto } from '../read-models/page-query.dto';
import { awaitPosition, publicDoc, refuseCursor, whereOf } from '../read-models/read-model-queries';
import { CurrentActor } from '../shared/actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { PersonalDataRead } from '../audit/personal-data.interceptor';
import { metaOf, sendClientCommand } from '../shared/commands';
import { IdParamPipe } from '../shared/id-param.pipe';
import { ApiCommand, ApiRead } from '../shared/openapi';
import { pageSchemaOf } from '../shared/response-schemas';
import { TeamCompositionDto, TeamFactsDto } from './continuity.responses';
import { AssignBegeleiderDto, GrantOverCapacityDto, JoinTeamDto, LeaveTeamDto, OverrideTeamPlaceOfferDto } from './continuity.dto';
import { GemeenteCode, QueryFlag, WijkCode } from '../shared/fields';

export class ChangeTeamCommand {
  constructor(
    readonly wooncirkelId: string,
    readonly command: TeamChange,
    readonly meta: CommandMeta,
  ) {}
}
export class GrantOverCapacityCommand {
  constructor(
    readonly wooncirkelId: string,
    readonly input: GrantOverCapacityInput,
    readonly meta: CommandMeta,
  ) {}
}
export class GetTeamQuery {
  constructor(
    readonly wooncirkelId: string,
    readonly actor: Actor,
    readonly minPosition?: number,
  ) {}
}
export class ListTeamsQuery {
  constructor(
    readonly query: TeamFilterDto,
    readonly actor: Actor,
  ) {}
}

export class TeamFilterDto extends PageQueryDto {
  @GemeenteCode({ optional: true, example: 'GM0479' }) gemeenteCode?: string;

  @WijkCode({ optional: true, example: 'WK047901' }) wijkCode?: string;

  @QueryFlag('false: only the wooncirkels whose team lacks an ervaringsdeskundige')
  hasErvaringsdeskundige?: boolean;
}

@CommandHandler(ChangeTeamCommand)
export class ChangeTeamHandler implements ICommandHandler<ChangeTeamCommand> {
  constructor(private readonly care: CareCommands) {}
  execute({ wooncirkelId, command, meta }: ChangeTeamCommand): Promise<CommandOutcome> {
    return this.care.changeTeam(wooncirkelId, command, meta);
  }
}
@CommandHandler(GrantOverCapacityCommand)
export class GrantOverCapacityHandler implements ICommandHandler<GrantOverCapacityCommand> {
  constructor(private readonly care: CareCommands) {}
  execute({ wooncirkelId, input, meta }: GrantOverCapacityCommand): Promise<CommandOutcome> {
    return this.care.grantOverCapacity(wooncirkelId, input, meta);
  }
}

/** The facts of a team that are about the wooncirkel, not about persons: what the overview shows. */
const teamFacts = (t: TeamComposition) => {
  const rolesCount: Record<string, number> = {};
  for (const s of t.staff) rolesCount[s.role] = (rolesCount[s.role] ?? 0) + 1;
  return {
    wooncirkelId: t.wooncirkelId,
    wijkCode: t.wijkCode,
    gemeenteCode: t.gemeenteCode,
    teamId: t.teamId,
    providerId: t.providerId,
    caseloadCapacity: t.caseloadCapacity,
    teamClients: t.teamClientIds.length,
    staffCount: t.staffCount,
    hoursPerWeek: t.hoursPerWeek,
    roles: rolesCount,
    hasErvaringsdeskundige: t.hasErvaringsdeskundige,
    clientsWithoutBegeleider: t.withoutBegeleider.length,
    waitingForPlace: t.waiting.length,
    openOffers: t.openOffers.length,
    overCapacity: t.overCapacity.length,
  };
};

@QueryHandler(GetTeamQuery)
export class GetTeamHandler implements IQueryHandler<GetTeamQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}
  async execute({ wooncirkelId, actor, minPosition }: GetTeamQuery) {
    await awaitPosition(this.runner, minPosition);
    const team = await continuityQueries.teams.get(this.store, wooncirkelId);
    assertVisible(actor, { field: 'wooncirkelId', id: wooncirkelId }, team ? { wooncirkelId } : undefined);
    const { begeleiderOf: _internal, ...shown } = publicDoc(team!);
    return { ...shown, begeleiders: team!.teamClientIds.map((clientId) => ({ clientId, staffId: Object.hasOwn(team!.begeleiderOf, clientId) ? team!.begeleiderOf[clientId] : null })) };
  }
}

@QueryHandler(ListTeamsQuery)
export class ListTeamsHandler implements IQueryHandler<ListTeamsQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}
  async execute({ query, actor }: ListTeamsQuery) {
    await awaitPosition(this.runner, query.minPosition);
    refuseCursor(query);
    const scope = wooncirkelScopeOf(actor);
    const where = whereOf({ gemeenteCode: query.gemeenteCode, wijkCode: query.wijkCode, hasErvaringsdeskundige: query.hasErvaringsdeskundige, ...(scope === 'all' ? {} : { wooncirkelId: { in: scope } }) });
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const { items, total } = await continuityQueries.teams.find(this.store, { where, sort: [{ field: 'wooncirkelId', direction: query.direction ?? 'asc' }], limit, offset });
    return { items: items.map(teamFacts), total, limit, offset };
  }
}

@ApiTags('continuity')
@ApiExtraModels(TeamCompositionDto, TeamFactsDto)
@Controller()
export class ContinuityController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Roles('admin', 'zorgprofessional')
  @ApiCommand('A staff member joins the wooncirkel team with a role and hours per week')
  @Post('wooncirkels/:wooncirkelId/team/staff')
  joinTeam(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @Body() dto: JoinTeamDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new ChangeTeamCommand(wooncirkelId, { type: 'JoinTeam', staffId: dto.staffId, role: dto.role, hoursPerWeek: dto.hoursPerWeek }, metaOf(dto, actor)));
  }

  @Roles('admin', 'zorgprofessional')
  @ApiCommand('A staff member leaves the team; their clients are without vaste begeleider until reassigned')
  @Post('wooncirkels/:wooncirkelId/team/staff/:staffId/departure')
  leaveTeam(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @Param('staffId', IdParamPipe) staffId: string, @Body() dto: LeaveTeamDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new ChangeTeamCommand(wooncirkelId, { type: 'LeaveTeam', staffId, reason: dto.reason }, metaOf(dto, actor)));
  }

  @Roles('zorgprofessional')
  /** Over-capacity: a place beyond capacity for an acute client, decided by a teamleider of the team, until an end date. */
  @ApiCommand('Grant a temporary team place beyond capacity for an acute client')
  @Post('wooncirkels/:wooncirkelId/team/over-capacity')
  grantOverCapacity(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @Body() dto: GrantOverCapacityDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new GrantOverCapacityCommand(wooncirkelId, { type: 'GrantOverCapacity', clientId: dto.clientId, decidedBy: dto.decidedBy, reason: dto.reason, until: dto.until }, metaOf(dto, actor)));
  }

  @Roles('zorgprofessional')
  @ApiCommand('A teamleider gives an offered team place to another waiting client, with a reason')
  @Post('wooncirkels/:wooncirkelId/team/place-offers/:offerId/override')
  overrideOffer(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @Param('offerId', IdParamPipe) offerId: string, @Body() dto: OverrideTeamPlaceOfferDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new ChangeTeamCommand(wooncirkelId, { type: 'OverrideTeamPlaceOffer', offerId, toClientId: dto.toClientId, decidedBy: dto.decidedBy, reason: dto.reason }, metaOf(dto, actor)));
  }

  @Roles('zorgprofessional')
  @ApiCommand('Assign or change the vaste begeleider of a client (a member of its team), with a coded reason')
  @Post('clients/:clientId/begeleider')
  assignBegeleider(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: AssignBegeleiderDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return sendClientCommand(this.commands, clientId, 'AssignBegeleider', dto, actor);
  }

  /** Staff codes, clients on the team and their begeleider, waits, open offers: person-level, so logged and scoped. */
  @Roles('admin', 'zorgprofessional', 'auditor')
  @ApiRead('The team of one wooncirkel: staff and roles, clients without vaste begeleider, waits and open place offers', { description: 'the team', type: TeamCompositionDto }, [404])
  @Get('wooncirkels/:wooncirkelId/team')
  @PersonalDataRead('team', (_params, response) => {
    const team = response as { teamClientIds: string[]; waiting: { clientId: string }[]; openOffers: { clientId: string }[] };
    return [...new Set([...team.teamClientIds, ...team.waiting.map((w) => w.clientId), ...team.openOffers.map((o) => o.clientId)])];
  })
  team(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @Query() query: PageQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetTeamQuery(wooncirkelId, actor, query.minPosition));
  }

  /** Wooncirkel-level facts only (counts per role, no staff codes or clients); ?hasErvaringsdeskundige=false lists the teams without one. */
  @Roles('admin', 'zorgprofessional', 'auditor')
  @ApiRead('Team composition per wooncirkel: roles, hours, ervaringsdeskundige present, over-capacity', { description: 'a page of teams', schema: pageSchemaOf(TeamFactsDto) })
  @Get('teams')
  teams(@Query() query: TeamFilterDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListTeamsQuery(query, actor));
  }
}

export const continuityHandlers = [ChangeTeamHandler, GrantOverCapacityHandler, GetTeamHandler, ListTeamsHandler];
