import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { CommandBus, CommandHandler, ICommandHandler, IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Actor, OpenBudgetPot, ReleaseForWijkActivity, TopUpBudgetPot, budgetPotDecider, budgetPotStream, potRemainingCents } from '@wijkzorg/domain';
import { AccessDenied, AggregateStore, CareCommands, CommandMeta, CommandOutcome, speaksForGemeente } from '@wijkzorg/application';
import { CurrentActor } from '../shared/actor.decorator';
import { IdParamPipe } from '../shared/id-param.pipe';
import { Roles } from '../auth/roles.decorator';
import { metaOf, payloadOf } from '../shared/commands';
import { notFound } from '../shared/not-found';
import { ApiCommand, ApiRead } from '../shared/openapi';
import { BudgetPotView, DoorbraakYear, ProjectionRunner, ReadModelStore, budgetPotQueries, doorbraaktafelQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { awaitPosition, pageOf, whereOf } from '../read-models/read-model-queries';
import { PotFiguresQueryDto, doorbraakRow, gemeenteFilterOf, potRow } from './budget-pot-views';
import { OpenBudgetPotDto, ReleaseForWijkActivityDto, TopUpBudgetPotDto } from './budget-pots.dto';
import { AvoidedCostFiguresDto, BudgetPotAnswerDto, BudgetPotDto, BudgetPotRowDto, DoorbraakFiguresDto } from './budget-pots.responses';
import { pageSchemaOf } from '../shared/response-schemas';

export class OpenBudgetPotCommand {
  constructor(
    readonly command: OpenBudgetPot,
    readonly meta: CommandMeta,
  ) {}
}
export class ChangeBudgetPotCommand {
  constructor(
    readonly potId: string,
    readonly command: TopUpBudgetPot | ReleaseForWijkActivity,
    readonly meta: CommandMeta,
  ) {}
}
export class GetBudgetPotQuery {
  constructor(
    readonly potId: string,
    readonly actor: Actor,
  ) {}
}

@CommandHandler(OpenBudgetPotCommand)
export class OpenBudgetPotHandler implements ICommandHandler<OpenBudgetPotCommand> {
  constructor(private readonly care: CareCommands) {}
  execute({ command, meta }: OpenBudgetPotCommand): Promise<CommandOutcome> {
    return this.care.openBudgetPot(command, meta);
  }
}
@CommandHandler(ChangeBudgetPotCommand)
export class ChangeBudgetPotHandler implements ICommandHandler<ChangeBudgetPotCommand> {
  constructor(private readonly care: CareCommands) {}
  execute({ potId, command, meta }: ChangeBudgetPotCommand): Promise<CommandOutcome> {
    return this.care.changeBudgetPot(potId, command, meta);
  }
}
export class ListBudgetPotsQuery {
  constructor(
    readonly query: PotFiguresQueryDto,
    readonly actor: Actor,
  ) {}
}
export class DoorbraakFiguresQuery {
  constructor(
    readonly query: PotFiguresQueryDto,
    readonly actor: Actor,
  ) {}
}

@QueryHandler(ListBudgetPotsQuery)
export class ListBudgetPotsHandler implements IQueryHandler<ListBudgetPotsQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}
  async execute({ query, actor }: ListBudgetPotsQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const gemeenteCode = gemeenteFilterOf(actor, query.gemeenteCode);
    const page = await pageOf(this.store, budgetPotQueries.pots, query, {
      where: whereOf({ gemeenteCode, wijkCode: query.wijkCode, year: query.year, kind: query.kind }),
      sort: [
        { field: 'gemeenteCode', direction: query.direction ?? 'asc' },
        { field: 'year', direction: query.direction ?? 'asc' },
        { field: 'potId', direction: 'asc' },
      ],
    });
    return { ...page, items: page.items.map((pot) => potRow(pot as BudgetPotView, actor)) };
  }
}

@QueryHandler(DoorbraakFiguresQuery)
export class DoorbraakFiguresHandler implements IQueryHandler<DoorbraakFiguresQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}
  async execute({ query, actor }: DoorbraakFiguresQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const gemeenteCode = gemeenteFilterOf(actor, query.gemeenteCode);
    const page = await pageOf(this.store, doorbraaktafelQueries.years, query, {
      where: whereOf({ gemeenteCode, year: query.year }),
      sort: [
        { field: 'gemeenteCode', direction: query.direction ?? 'asc' },
        { field: 'year', direction: query.direction ?? 'asc' },
      ],
    });
    return { ...page, items: page.items.map((y) => doorbraakRow(y as DoorbraakYear, actor)) };
  }
}

@QueryHandler(GetBudgetPotQuery)
export class GetBudgetPotHandler implements IQueryHandler<GetBudgetPotQuery> {
  constructor(private readonly store: AggregateStore) {}
  async execute({ potId, actor }: GetBudgetPotQuery): Promise<BudgetPotAnswerDto> {
    const { revision, state } = await this.store.load(budgetPotDecider, budgetPotStream(potId));
    if (!state.opened) throw notFound(`budget pot ${potId} is not open`, { field: 'potId', problem: 'no such budget pot' });
    const facts = state.facts!;
    // A gemeente reads its own pots; the doorbraaktafel, auditors and admins read every pot.
    if (actor.role === 'gemeente' && !speaksForGemeente(actor, facts.gemeenteCode)) throw new AccessDenied(`pot ${potId} belongs to gemeente ${facts.gemeenteCode}`, 'potId');
    // Which client a release paid for is on the client's trajectory; the pot shows only that it was for a client.
    const releases = Object.values(state.releases).map((r) => ({ releaseId: r.releaseId, amountCents: r.amountCents, forClient: r.clientId !== null, returned: r.returned }));
    const pot: BudgetPotDto = { ...facts, openedCents: state.openedCents, releasedCents: state.releasedCents, remainingCents: potRemainingCents(state), releases };
    return { revision, pot };
  }
}

/** Wijkgebonden budgets and the gemeente's flex pot: opened and topped up by the gemeente itself. */
@ApiTags('budget pots')
@ApiExtraModels(BudgetPotRowDto)
@Controller('budget-pots')
export class BudgetPotsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Roles('gemeente')
  @ApiCommand('Open a wijk pot (wijk, funder, year) or the flex pot (year) of your own gemeente', { description: 'The pot id follows from what it is for: wijk-<wijkCode>-<funder>-<year> or flex-<gemeenteCode>-<year>.' })
  @Post()
  open(@Body() dto: OpenBudgetPotDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new OpenBudgetPotCommand({ type: 'OpenBudgetPot', ...payloadOf(dto) }, metaOf(dto, actor)));
  }

  @Roles('gemeente')
  @ApiCommand('Top up a pot of your own gemeente')
  @Post(':potId/top-ups')
  topUp(@Param('potId', IdParamPipe) potId: string, @Body() dto: TopUpBudgetPotDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new ChangeBudgetPotCommand(potId, { type: 'TopUpBudgetPot', amountCents: dto.amountCents }, metaOf(dto, actor)));
  }

  @Roles('gemeente')
  @ApiCommand('Pay a wijk activity (no client) from a wijk pot of your own gemeente; never below zero')
  @Post(':potId/releases')
  release(@Param('potId', IdParamPipe) potId: string, @Body() dto: ReleaseForWijkActivityDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(new ChangeBudgetPotCommand(potId, { type: 'ReleaseForWijkActivity', ...payloadOf(dto) }, metaOf(dto, actor)));
  }

  @Roles('gemeente', 'beleidsmaker', 'doorbraaktafel', 'auditor', 'admin')
  @ApiRead('Budget pots per gemeente, wijk and year: opened, released, remaining', { description: 'a page of pots; a gemeente reads its own, a beleidsmaker money for clients only for five or more', schema: pageSchemaOf(BudgetPotRowDto) }, [403])
  @Get()
  pots(@Query() query: PotFiguresQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListBudgetPotsQuery(query, actor));
  }

  @Roles('gemeente', 'doorbraaktafel', 'auditor', 'admin')
  @ApiRead('One budget pot: opened, released, remaining and its releases', { description: 'the pot', type: BudgetPotAnswerDto }, [403, 404])
  @Get(':potId')
  pot(@Param('potId', IdParamPipe) potId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetBudgetPotQuery(potId, actor));
  }
}

/** What the doorbraaktafel achieved, per gemeente and year: beside its pot, since its money comes from the flex pot. */
@ApiTags('doorbraaktafel')
@ApiExtraModels(DoorbraakFiguresDto, AvoidedCostFiguresDto)
@Controller('doorbraaktafel')
export class DoorbraaktafelFiguresController {
  constructor(private readonly queries: QueryBus) {}

  @Roles('gemeente', 'beleidsmaker', 'doorbraaktafel', 'auditor', 'admin')
  @ApiRead('Doorbraaktafel figures per gemeente and year: cases, breakthroughs by type, lead-time median, solution cost against avoided cost per category', { description: 'a page of gemeente-years, through disclosure control (exact for auditors)', schema: pageSchemaOf(DoorbraakFiguresDto) }, [403])
  @Get('figures')
  figures(@Query() query: PotFiguresQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new DoorbraakFiguresQuery(query, actor));
  }
}

export const budgetPotsHandlers = [OpenBudgetPotHandler, ChangeBudgetPotHandler, GetBudgetPotHandler, ListBudgetPotsHandler, DoorbraakFiguresHandler];
