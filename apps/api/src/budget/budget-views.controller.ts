import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiExtraModels, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ProjectionRunner, ReadModelStore, budgetQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { PageQueryDto } from '../read-models/page-query.dto';
import { awaitPosition, pageOf, publicDoc, refuseCursor, whereOf } from '../read-models/read-model-queries';
import { ApiMemoisedFigures } from '../read-models/read-position';
import { IdParamPipe } from '../shared/id-param.pipe';
import { AGGREGATE_READERS, PERSON_LEVEL_READERS, Roles } from '../auth/roles.decorator';
import { PersonalDataRead, fromItems } from '../audit/personal-data.interceptor';
import { CurrentActor } from '../shared/actor.decorator';
import { Actor } from '@wijkzorg/domain';
import { assertVisible } from '@wijkzorg/application';
import { scopeOf } from '../wachtlijst/wachtlijst.controller';
import { AreaFigures } from '../disclosure/area-figures';
import { primaryCount } from '../disclosure/disclosure';
import { pageOfPublished, readsExactFigures } from '../disclosure/readers';
import { endOfCurrentMinute } from '../disclosure/log-span';
import { ApiRead } from '../shared/openapi';
import { pageSchemaOf } from '../shared/response-schemas';
import { BudgetLineViewDto, ClientBudgetDto, WijkBudgetDto } from './budget-views.responses';
import { GemeenteCode, WijkCode } from '../shared/fields';

const CLIENT_SORT = ['clientId', 'allocatedCents', 'releasedCents', 'spentCents', 'unreleasedCents', 'unspentCents'] as const;
const WIJK_SORT = ['wijkCode', 'year', 'allocatedCents', 'releasedCents', 'spentCents'] as const;

export class BudgetQueryDto extends PageQueryDto {
  @GemeenteCode({ optional: true }) gemeenteCode?: string;
  @WijkCode({ optional: true }) wijkCode?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt({ message: 'year must be a whole number' }) @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ enum: [...new Set([...CLIENT_SORT, ...WIJK_SORT])] })
  @IsOptional()
  @IsIn([...new Set([...CLIENT_SORT, ...WIJK_SORT])], { message: `sort must be one of ${[...new Set([...CLIENT_SORT, ...WIJK_SORT])].join(', ')}` })
  sort?: string;
}

export class GetClientBudgetQuery {
  constructor(
    readonly clientId: string,
    readonly actor: Actor,
    readonly minPosition?: number,
  ) {}
}
export class ListClientBudgetsQuery {
  constructor(
    readonly query: BudgetQueryDto,
    readonly actor: Actor,
  ) {}
}
export class ListWijkBudgetsQuery {
  constructor(
    readonly query: BudgetQueryDto,
    readonly exact = false,
  ) {}
}

@QueryHandler(GetClientBudgetQuery)
export class GetClientBudgetHandler implements IQueryHandler<GetClientBudgetQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}
  async execute({ clientId, actor, minPosition }: GetClientBudgetQuery) {
    await awaitPosition(this.runner, minPosition);
    const doc = await budgetQueries.clients.get(this.store, clientId);
    assertVisible(actor, { field: 'clientId', id: clientId }, doc ? { wooncirkelId: doc.wooncirkelId } : undefined);
    return publicDoc(doc!);
  }
}

@QueryHandler(ListClientBudgetsQuery)
export class ListClientBudgetsHandler implements IQueryHandler<ListClientBudgetsQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}
  async execute({ query, actor }: ListClientBudgetsQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const sort = CLIENT_SORT.includes(query.sort as never) ? query.sort! : 'clientId';
    return pageOf(this.store, budgetQueries.clients, query, { where: { ...whereOf({ gemeenteCode: query.gemeenteCode, wijkCode: query.wijkCode }), ...scopeOf(actor) }, sort: [{ field: sort, direction: query.direction ?? 'asc' }] });
  }
}

@QueryHandler(ListWijkBudgetsQuery)
export class ListWijkBudgetsHandler implements IQueryHandler<ListWijkBudgetsQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
    private readonly figures: AreaFigures,
  ) {}
  async execute({ query, exact }: ListWijkBudgetsQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const sort = WIJK_SORT.includes(query.sort as never) ? query.sort! : 'wijkCode';
    if (!exact) return this.protectedPage(query, sort);
    const page = await pageOf(this.store, budgetQueries.wijkYears, query, {
      where: whereOf({ gemeenteCode: query.gemeenteCode, wijkCode: query.wijkCode, year: query.year }),
      sort: [
        { field: sort, direction: query.direction ?? 'asc' },
        { field: 'year', direction: 'asc' },
      ],
    });
    // Who the amounts are about serves disclosure control only: a wijk row names no one.
    return { ...page, items: page.items.map(({ allocatedBy: _a, releasedBy: _r, releasersByFunder: _f, ...row }) => row) };
  }

  /** Money from the protected snapshot (shared with /beleid), counts of releases and transfers suppressed and rounded. */
  private async protectedPage(query: BudgetQueryDto, sort: string) {
    refuseCursor(query);
    const snapshot = await this.figures.snapshot(endOfCurrentMinute());
    // The snapshot's counts of the wijk-year documents (by wijk and year): not the documents, whose people lists grow with the clients.
    const items = snapshot.budgetCounts.filter((b) => (query.gemeenteCode === undefined || b.gemeenteCode === query.gemeenteCode) && (query.wijkCode === undefined || b.wijkCode === query.wijkCode) && (query.year === undefined || b.year === query.year));
    const rows = items.map((b) => {
      const money = snapshot.money.get(`${b.wijkCode}|${String(b.year).padStart(4, '0')}`);
      return {
        wijkCode: b.wijkCode,
        gemeenteCode: b.gemeenteCode,
        year: b.year,
        allocatedCents: money?.allocatedCents ?? 0,
        releasedCents: money?.releasedCents ?? 0,
        spentCents: money?.spentCents ?? 0,
        spentByPurpose: money?.spentByPurposeCents ?? {},
        releasedByFunder: money?.releasedByFunderCents ?? {},
        overrideReleases: primaryCount(b.overrideReleases),
        fastTrackReleases: primaryCount(b.fastTrackReleases),
        transfersIn: primaryCount(b.transfersIn),
        transfersOut: primaryCount(b.transfersOut),
      };
    });
    return pageOfPublished(rows, sort, query.direction ?? 'asc', query.limit, query.offset);
  }
}

/** The person-following budget: per client, and money flows per wijk and year. */
@ApiTags('budget views')
@ApiExtraModels(BudgetLineViewDto, ClientBudgetDto, WijkBudgetDto)
@Controller('budget')
export class BudgetViewsController {
  constructor(private readonly queries: QueryBus) {}

  @ApiRead('Budget positions of clients in your scope (person level)', { description: 'budgets of clients', schema: pageSchemaOf(ClientBudgetDto) })
  @Get('clients')
  @Roles(...PERSON_LEVEL_READERS)
  @PersonalDataRead('budget-clients', fromItems)
  clients(@Query() query: BudgetQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListClientBudgetsQuery(query, actor));
  }

  @ApiRead('The budget position of one client: allocations, releases, spendings per line', { description: 'the budget of the client', type: ClientBudgetDto }, [404])
  @Get('clients/:clientId')
  @Roles(...PERSON_LEVEL_READERS)
  @PersonalDataRead('budget-client')
  client(@Param('clientId', IdParamPipe) clientId: string, @Query() query: PageQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetClientBudgetQuery(clientId, actor, query.minPosition));
  }

  @ApiMemoisedFigures()
  @ApiRead('Budget figures per wijk (aggregates)', { description: 'budget figures per wijk and year: protected, exact for auditors', schema: pageSchemaOf(WijkBudgetDto) })
  @Get('wijken')
  @Roles(...AGGREGATE_READERS)
  wijken(@Query() query: BudgetQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListWijkBudgetsQuery(query, readsExactFigures(actor)));
  }
}

export const budgetViewHandlers = [GetClientBudgetHandler, ListClientBudgetsHandler, ListWijkBudgetsHandler];
