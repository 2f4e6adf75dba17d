import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiExtraModels, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { Actor, gemeenteCodeOfWijk, HOUSING_TYPES, ORGANISATION_CODE_PATTERN, RECIPROCITY_CONTRIBUTIONS } from '@wijkzorg/domain';
import { AccessDenied, wooncirkelScopeOf } from '@wijkzorg/application';
import { Condition, HOME_STATES, ORIGIN_KEYS, ProjectionRunner, ReadModelStore, housingQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { PositionCache } from '../read-models/position-cache';
import { PageQueryDto } from '../read-models/page-query.dto';
import { awaitPosition, pageOf, whereOf } from '../read-models/read-model-queries';
import { AGGREGATE_READERS, PERSON_LEVEL_READERS, Roles } from '../auth/roles.decorator';
import { PersonalDataRead, fromItems } from '../audit/personal-data.interceptor';
import { CurrentActor } from '../shared/actor.decorator';
import { ApiRead } from '../shared/openapi';
import { pageSchemaOf } from '../shared/response-schemas';
import { MONEY_ROUNDING_CENTS, Protected, ROUNDING_BASE, Relation, protectCountsYielding, protectMoney, sumRelation, suppressedWith } from '../disclosure/disclosure';
import { readsExactFigures } from '../disclosure/readers';
import { ContributionFiguresDto, DeliveredDto, HousingOriginsDto, OwnedHomeDto, ReciprocityDto, ReciprocityStatisticsDto } from './housing.responses';
import { GemeenteCode, WijkCode } from '../shared/fields';

export class AreaQueryDto extends PageQueryDto {
  @GemeenteCode({ optional: true, example: 'GM0758' }) gemeenteCode?: string;
  @WijkCode({ optional: true, example: 'WK075803' }) wijkCode?: string;
}

const HOME_SORT = ['homeId', 'wooncirkelId', 'since', 'status'] as const;
export class HomesQueryDto extends AreaQueryDto {
  @ApiPropertyOptional({ example: 'parteon', description: 'the owning corporation (a corporation sees only its own homes)' })
  @IsOptional()
  @Matches(ORGANISATION_CODE_PATTERN, { message: 'owner must be an organisation code like parteon' })
  owner?: string;
  @ApiPropertyOptional({ enum: HOME_STATES }) @IsOptional() @IsIn([...HOME_STATES], { message: `status must be one of ${HOME_STATES.join(', ')}` }) status?: string;
  @ApiPropertyOptional({ enum: HOUSING_TYPES }) @IsOptional() @IsIn([...HOUSING_TYPES], { message: `housingType must be one of ${HOUSING_TYPES.join(', ')}` }) housingType?: string;
  @ApiPropertyOptional({ enum: HOME_SORT }) @IsOptional() @IsIn([...HOME_SORT], { message: `sort must be one of ${HOME_SORT.join(', ')}` }) sort?: string;
}

export class ListHomesQuery {
  constructor(
    readonly query: HomesQueryDto,
    readonly actor: Actor,
  ) {}
}
export class HousingOriginsQuery {
  constructor(
    readonly query: AreaQueryDto,
    readonly exact: boolean,
  ) {}
}
export class ListReciprocityQuery {
  constructor(
    readonly query: AreaQueryDto,
    readonly actor: Actor,
  ) {}
}
export class ReciprocityStatisticsQuery {
  constructor(
    readonly query: AreaQueryDto,
    readonly exact: boolean,
  ) {}
}

/** Zorgprofessionals see the clients of their own wooncirkels only. */
const scopeOf = (actor: Actor): Record<string, Condition> => {
  const scope = wooncirkelScopeOf(actor);
  return scope === 'all' ? {} : { wooncirkelId: { in: scope } };
};
const REGION = 'regio';
/** Hours and times go through the money protection: scaled so its rounding (to € 100) rounds them to a base of 5. */
const AMOUNT_SCALE = MONEY_ROUNDING_CENTS / ROUNDING_BASE;
const areaOf = (q: AreaQueryDto) => q.wijkCode ?? q.gemeenteCode ?? REGION;
const areaWhere = (q: AreaQueryDto): Record<string, Condition> => whereOf({ wijkCode: q.wijkCode, gemeenteCode: q.gemeenteCode });

/** A woningcorporatie sees the homes of its own organisation only; admins and auditors every home. */
@QueryHandler(ListHomesQuery)
export class ListHomesHandler implements IQueryHandler<ListHomesQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}
  async execute({ query, actor }: ListHomesQuery) {
    let owner = query.owner;
    if (actor.role === 'woningcorporatie') {
      if (!actor.organisation) throw new AccessDenied('a corporation reads the homes of its organisation: your token names none (claim org)', 'owner');
      if (owner !== undefined && owner !== actor.organisation) throw new AccessDenied(`you speak for ${actor.organisation}: you may read its homes only`, 'owner');
      owner = actor.organisation;
    }
    await awaitPosition(this.runner, query.minPosition);
    const where = { ...areaWhere(query), ...whereOf({ owner, status: query.status, housingType: query.housingType }) };
    return pageOf(this.store, housingQueries.homes, query, { where, sort: [{ field: query.sort ?? 'homeId', direction: query.direction ?? 'asc' }] });
  }
}

@QueryHandler(HousingOriginsQuery)
export class HousingOriginsHandler implements IQueryHandler<HousingOriginsQuery> {
  /** The region's table is the same for every filter until the housing read model moves: computed once per position. */
  private readonly tables: PositionCache<{ months: string[]; published: ReadonlyMap<string, Protected> }>;

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {
    this.tables = new PositionCache(runner, [housingQueries.origins.projection], 4);
  }

  async execute({ query, exact }: HousingOriginsQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const { months, published } = await this.tables.get(exact, () => this.table(exact));
    // A wijk outside the gemeente asked for finds nothing, as before.
    const area = query.wijkCode && query.gemeenteCode && gemeenteCodeOfWijk(query.wijkCode) !== query.gemeenteCode ? '-' : (query.wijkCode ?? query.gemeenteCode ?? REGION);
    const zero = (cell: string) => published.get(cell) ?? 0;
    const row = (key: string) => ({ requests: zero(`${area}|${key}:requests`), byOrigin: Object.fromEntries(ORIGIN_KEYS.map((o) => [o, zero(`${area}|${key}:${o}`)])) });
    return { area: areaOf(query), total: row('total'), months: months.map((month) => ({ month, ...row(month) })), exact };
  }

  /**
   * One table for the whole region (every wijk, gemeente and the region, per month and in total), protected once:
   * the filter only picks an area of it, so figures of different areas cannot be subtracted into a small count.
   */
  private async table(exact: boolean) {
    const { items } = await housingQueries.origins.find(this.store, {});
    const truth = new Map<string, number>();
    const add = (cell: string, n: number) => truth.set(cell, (truth.get(cell) ?? 0) + n);
    const months = [...new Set(items.map((m) => m.month))].sort();
    const wijken = [...new Set(items.map((m) => m.wijkCode))].sort();
    const gemeenten = [...new Set(items.map((m) => m.gemeenteCode))].sort();
    const areas = [...wijken, ...gemeenten, REGION];
    const cells = ['requests', ...ORIGIN_KEYS];
    for (const area of areas) for (const row of [...months, 'total']) for (const cell of cells) add(`${area}|${row}:${cell}`, 0);
    for (const m of items) {
      for (const area of [m.wijkCode, m.gemeenteCode, REGION]) {
        for (const row of [m.month, 'total']) {
          add(`${area}|${row}:requests`, m.requests);
          for (const origin of ORIGIN_KEYS) add(`${area}|${row}:${origin}`, m.byOrigin[origin] ?? 0);
        }
      }
    }
    const relations = areas.flatMap((area) => [
      ...[...months, 'total'].map((row) =>
        sumRelation(
          `${area}|${row}:requests`,
          ORIGIN_KEYS.map((o) => `${area}|${row}:${o}`),
        ),
      ),
      ...cells.map((cell) =>
        sumRelation(
          `${area}|total:${cell}`,
          months.map((m) => `${area}|${m}:${cell}`),
        ),
      ),
    ]);
    for (const row of [...months, 'total'])
      for (const cell of cells) {
        relations.push(
          sumRelation(
            `${REGION}|${row}:${cell}`,
            gemeenten.map((g) => `${g}|${row}:${cell}`),
          ),
        );
        for (const g of gemeenten)
          relations.push(
            sumRelation(
              `${g}|${row}:${cell}`,
              wijken.filter((w) => items.some((m) => m.wijkCode === w && m.gemeenteCode === g)).map((w) => `${w}|${row}:${cell}`),
            ),
          );
      }
    const published: ReadonlyMap<string, Protected> = exact ? truth : await protectCountsYielding(truth, relations);
    return { months, published };
  }
}

@QueryHandler(ListReciprocityQuery)
export class ListReciprocityHandler implements IQueryHandler<ListReciprocityQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}
  async execute({ query, actor }: ListReciprocityQuery) {
    await awaitPosition(this.runner, query.minPosition);
    return pageOf(this.store, housingQueries.reciprocity, query, { where: { ...areaWhere(query), ...scopeOf(actor) }, sort: [{ field: 'clientId', direction: query.direction ?? 'asc' }] });
  }
}

@QueryHandler(ReciprocityStatisticsQuery)
export class ReciprocityStatisticsHandler implements IQueryHandler<ReciprocityStatisticsQuery> {
  /** The region's protected table is the same for every filter until the housing read model moves: computed once per position. */
  private readonly tables: PositionCache<{ published: ReadonlyMap<string, Protected>; money: ReadonlyMap<string, Protected> }>;

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {
    this.tables = new PositionCache(runner, [housingQueries.reciprocity.projection], 2);
  }
  async execute({ query, exact }: ReciprocityStatisticsQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const { items } = await housingQueries.reciprocity.find(this.store, { where: areaWhere(query) });
    const withAgreement = items.filter((r) => r.agreed.length > 0);
    const delivering = withAgreement.filter((r) => r.agreedDelivered > 0);
    const byContribution = RECIPROCITY_CONTRIBUTIONS.map((c) => {
      const agreed = withAgreement.filter((r) => r.agreed.includes(c));
      const delivered = agreed.filter((r) => (r.delivered[c]?.months.length ?? 0) > 0);
      const hours = delivered.reduce((sum, r) => sum + (r.delivered[c]?.hours ?? 0), 0);
      const times = delivered.reduce((sum, r) => sum + (r.delivered[c]?.times ?? 0), 0);
      return { c, agreed: agreed.length, delivering: delivered.length, hours, times };
    });
    if (exact) {
      return {
        area: areaOf(query),
        clientsWithAgreement: withAgreement.length,
        clientsDelivering: delivering.length,
        byContribution: Object.fromEntries(byContribution.map((f) => [f.c, { agreedClients: f.agreed, deliveringClients: f.delivering, hours: f.hours, times: f.times }])),
        exact,
      };
    }
    return this.protectedFigures(query);
  }

  /**
   * One table for the whole region (every wijk, gemeente and the region), protected once, of which the filter
   * picks an area: counts as everywhere (delivering clients are part of the agreeing ones), hours and times like
   * money (groups of five or more, and never recoverable by subtracting areas from their gemeente or region).
   */
  private async protectedFigures(query: AreaQueryDto) {
    const { published, money } = await this.tables.get('protected', () => this.protectedTable());
    const area = query.wijkCode && query.gemeenteCode && gemeenteCodeOfWijk(query.wijkCode) !== query.gemeenteCode ? '-' : (query.wijkCode ?? query.gemeenteCode ?? REGION);
    const count = (key: string): Protected => published.get(`${area}|${key}`) ?? 0;
    const amount = (key: string, group: Protected): Protected => {
      const value = money.get(`${area}|${key}`) ?? 0;
      return suppressedWith(group, typeof value === 'number' ? value / AMOUNT_SCALE : value);
    };
    return {
      area: areaOf(query),
      clientsWithAgreement: count('agreement'),
      clientsDelivering: count('delivering'),
      byContribution: Object.fromEntries(RECIPROCITY_CONTRIBUTIONS.map((c) => [c, { agreedClients: count(`${c}:agreed`), deliveringClients: count(`${c}:delivering`), hours: amount(`${c}:hours`, count(`${c}:delivering`)), times: amount(`${c}:times`, count(`${c}:delivering`)) }])),
      exact: false,
    };
  }

  private async protectedTable() {
    const { items } = await housingQueries.reciprocity.find(this.store, {});
    const rows = items.filter((r) => r.agreed.length > 0);
    const wijken = [...new Set(rows.map((r) => r.wijkCode))].sort();
    const gemeenten = [...new Set(rows.map((r) => r.gemeenteCode))].sort();
    const areas = [...wijken, ...gemeenten, REGION];
    const inArea = (area: string) => rows.filter((r) => area === REGION || r.wijkCode === area || r.gemeenteCode === area);
    const truth = new Map<string, number>();
    const relations: Relation[] = [];
    const amounts = new Map<string, { cents: number; people: Set<string> }>();
    const countKeys = ['agreement', 'delivering', 'not-delivering', ...RECIPROCITY_CONTRIBUTIONS.flatMap((c) => [`${c}:agreed`, `${c}:delivering`, `${c}:not-delivering`])];
    for (const area of areas) {
      const its = inArea(area);
      const delivering = its.filter((r) => r.agreedDelivered > 0).length;
      truth
        .set(`${area}|agreement`, its.length)
        .set(`${area}|delivering`, delivering)
        .set(`${area}|not-delivering`, its.length - delivering);
      relations.push(sumRelation(`${area}|agreement`, [`${area}|delivering`, `${area}|not-delivering`]));
      for (const c of RECIPROCITY_CONTRIBUTIONS) {
        const agreed = its.filter((r) => r.agreed.includes(c));
        const deliveredBy = agreed.filter((r) => (r.delivered[c]?.months.length ?? 0) > 0);
        truth
          .set(`${area}|${c}:agreed`, agreed.length)
          .set(`${area}|${c}:delivering`, deliveredBy.length)
          .set(`${area}|${c}:not-delivering`, agreed.length - deliveredBy.length);
        relations.push(sumRelation(`${area}|${c}:agreed`, [`${area}|${c}:delivering`, `${area}|${c}:not-delivering`]));
        const people = new Set(deliveredBy.map((r) => r.clientId));
        for (const k of ['hours', 'times'] as const) amounts.set(`${area}|${c}:${k}`, { cents: deliveredBy.reduce((sum, r) => sum + (r.delivered[c]?.[k] ?? 0), 0) * AMOUNT_SCALE, people });
      }
    }
    const sums: { total: string; parts: string[] }[] = [];
    const partsOf = (area: string) => (area === REGION ? gemeenten : wijken.filter((w) => gemeenteCodeOfWijk(w) === area));
    for (const area of [...gemeenten, REGION]) {
      for (const key of countKeys)
        relations.push(
          sumRelation(
            `${area}|${key}`,
            partsOf(area).map((p) => `${p}|${key}`),
          ),
        );
      for (const c of RECIPROCITY_CONTRIBUTIONS) for (const k of ['hours', 'times']) sums.push({ total: `${area}|${c}:${k}`, parts: partsOf(area).map((p) => `${p}|${c}:${k}`) });
    }
    return { published: await protectCountsYielding(truth, relations), money: protectMoney(amounts, sums) };
  }
}

/** Housing figures: the homes each corporation owns, where housing requests come from, reciprocity agreed vs delivered. */
@ApiTags('housing')
@ApiExtraModels(OwnedHomeDto, ReciprocityDto, DeliveredDto, ContributionFiguresDto)
@Controller()
export class HousingFiguresController {
  constructor(private readonly queries: QueryBus) {}

  /** No client and no address: which homes a corporation owns and whether each is vacant, reserved or occupied. */
  @ApiRead('Homes per owning corporation, with their state', { description: 'homes', schema: pageSchemaOf(OwnedHomeDto) }, [403])
  @Get('homes')
  @Roles('woningcorporatie', 'admin', 'auditor')
  homes(@Query() query: HomesQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListHomesQuery(query, actor));
  }

  @ApiRead('Where clients came from when they asked for housing (aggregates per month)', { description: 'origin counts', type: HousingOriginsDto })
  @Get('housing-requests/origins')
  @Roles(...AGGREGATE_READERS, 'gemeente')
  origins(@Query() query: AreaQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new HousingOriginsQuery(query, readsExactFigures(actor)));
  }

  /** Person-level (pseudonymous ids): zorgprofessionals see their own wooncirkels only. */
  @ApiRead('Reciprocity per client: agreed and delivered (person level)', { description: 'reciprocity per client', schema: pageSchemaOf(ReciprocityDto) })
  @Get('reciprocity')
  @Roles(...PERSON_LEVEL_READERS)
  @PersonalDataRead('reciprocity', fromItems)
  reciprocity(@Query() query: AreaQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListReciprocityQuery(query, actor));
  }

  @ApiRead('Reciprocity agreed vs delivered (aggregates)', { description: 'reciprocity figures', type: ReciprocityStatisticsDto })
  @Get('reciprocity/statistics')
  @Roles(...AGGREGATE_READERS, 'gemeente')
  reciprocityStatistics(@Query() query: AreaQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ReciprocityStatisticsQuery(query, readsExactFigures(actor)));
  }
}

export const housingFiguresHandlers = [ListHomesHandler, HousingOriginsHandler, ListReciprocityHandler, ReciprocityStatisticsHandler];
