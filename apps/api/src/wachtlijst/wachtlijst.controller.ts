import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiExtraModels, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional } from 'class-validator';
import { URGENCIES } from '@wijkzorg/domain';
import { wooncirkelScopeOf } from '@wijkzorg/application';
import { Condition, ProjectionRunner, ReadModelStore, WAIT_KINDS, WAIT_STATUSES, gemeenteOf, wachtlijstQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { PageQueryDto } from '../read-models/page-query.dto';
import { awaitPosition, pageOf, whereOf } from '../read-models/read-model-queries';
import { ApiMemoisedFigures } from '../read-models/read-position';
import { WaitlistStatistics, currentWaitlistStatisticsFromSums, endOfMonth, waitSumsOfArea, waitlistStatistics, waitlistStatisticsFromSums } from './waitlist-statistics';
import { protectedWaitlistStatistics } from '../disclosure/waitlist-figures';
import { AreaFigures } from '../disclosure/area-figures';
import { readsExactFigures } from '../disclosure/readers';
import { endOfCurrentMinute, seriesStart } from '../disclosure/log-span';
import { PositionCache } from '../read-models/position-cache';
import { AGGREGATE_READERS, PERSON_LEVEL_READERS, Roles } from '../auth/roles.decorator';
import { PersonalDataRead, fromItems } from '../audit/personal-data.interceptor';
import { CurrentActor } from '../shared/actor.decorator';
import { GemeenteCode, IsUtcTime, QueryFlag, WijkCode } from '../shared/fields';
import { Actor } from '@wijkzorg/domain';
import { ApiRead } from '../shared/openapi';
import { pageSchemaOf } from '../shared/response-schemas';
import { WaitlistEntryDto, WaitlistStatisticsDto } from './wachtlijst.responses';

const SORT = ['since', 'waitedDays', 'closedAt', 'wijkCode'] as const;

export class WaitlistFilterDto extends PageQueryDto {
  @GemeenteCode({ optional: true }) gemeenteCode?: string;
  @WijkCode({ optional: true }) wijkCode?: string;
  @ApiPropertyOptional({ enum: WAIT_KINDS }) @IsOptional() @IsIn([...WAIT_KINDS], { message: `kind must be one of ${WAIT_KINDS.join(', ')}` }) kind?: string;
  @ApiPropertyOptional({ enum: WAIT_STATUSES }) @IsOptional() @IsIn([...WAIT_STATUSES], { message: `status must be one of ${WAIT_STATUSES.join(', ')}` }) status?: string;
  @ApiPropertyOptional({ enum: URGENCIES }) @IsOptional() @IsIn([...URGENCIES], { message: `urgency must be one of ${URGENCIES.join(', ')}` }) urgency?: string;
}

export class WaitlistQueryDto extends WaitlistFilterDto {
  @QueryFlag('true (default): still waiting; false: waits that ended')
  open?: boolean;

  @ApiPropertyOptional({ enum: SORT }) @IsOptional() @IsIn([...SORT], { message: `sort must be one of ${SORT.join(', ')}` }) sort?: string;
}

export class WaitlistStatisticsQueryDto extends WaitlistFilterDto {
  @ApiPropertyOptional({ description: 'ISO-8601 UTC moment; default now' })
  @IsOptional()
  @IsUtcTime()
  asOf?: string;
}

export class ListWaitlistQuery {
  constructor(
    readonly query: WaitlistQueryDto,
    readonly actor: Actor,
  ) {}
}
export class WaitlistStatisticsQuery {
  constructor(
    readonly query: WaitlistStatisticsQueryDto,
    readonly exact = false,
  ) {}
}

/** Zorgprofessionals see the clients of their own wooncirkels only. */
export const scopeOf = (actor: Actor): Record<string, Condition> => {
  const scope = wooncirkelScopeOf(actor);
  return scope === 'all' ? {} : { wooncirkelId: { in: scope } };
};

const filterOf = (q: WaitlistFilterDto): Record<string, Condition> => whereOf({ gemeenteCode: q.gemeenteCode, wijkCode: q.wijkCode, kind: q.kind, status: q.status, urgency: q.urgency });

@QueryHandler(ListWaitlistQuery)
export class ListWaitlistHandler implements IQueryHandler<ListWaitlistQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}
  async execute({ query, actor }: ListWaitlistQuery) {
    await awaitPosition(this.runner, query.minPosition);
    return pageOf(this.store, wachtlijstQueries.entries, query, { where: { ...filterOf(query), ...scopeOf(actor), open: query.open ?? true }, sort: [{ field: query.sort ?? 'since', direction: query.direction ?? 'asc' }] });
  }
}

type Statistics = WaitlistStatistics;

@QueryHandler(WaitlistStatisticsQuery)
export class WaitlistStatisticsHandler implements IQueryHandler<WaitlistStatisticsQuery> {
  private readonly cache: PositionCache<Statistics>;

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
    private readonly figures: AreaFigures,
  ) {
    this.cache = new PositionCache(runner, ['wachtlijst']);
  }

  async execute({ query, exact }: WaitlistStatisticsQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const now = endOfCurrentMinute();
    // Clamped to the log's span: the month series is bounded whatever moment is asked about.
    const asOf = await this.figures.span.clamp(query.asOf ?? now, now);
    if (exact) return this.cache.get([filterOf(query), asOf], () => this.compute(filterOf(query), asOf));
    // Protected readers: a moment in an earlier month means the end of that month (the snapshot holds month ends).
    const snapshot = await this.figures.snapshot(now);
    const monthEnd = endOfMonth(asOf.slice(0, 7));
    const resolved = monthEnd >= Date.parse(snapshot.asOf) ? snapshot.asOf : new Date(monthEnd).toISOString();
    // They read no month series of these statistics (the snapshot's series is theirs): 'current' figures, from the sums for any filter.
    const stats = (await this.cache.get([filterOf(query), resolved, 'current'], () => this.compute(filterOf(query), resolved, true))) as WaitlistStatistics;
    if (resolved === snapshot.asOf) {
      // Now's figures of the next minute, computed ahead (as the snapshot is), so the turn of the minute makes no one wait.
      const nextMinute = new Date(Date.parse(resolved) + 60_000).toISOString();
      this.cache.prefetch([filterOf(query), nextMinute, 'current'], () => this.compute(filterOf(query), nextMinute, true));
    }
    return protectedWaitlistStatistics(snapshot, query, stats);
  }

  /**
   * The statistics of a filter as of a moment, from the wachtlijst projection's sums (no entry read) when they hold every
   * change up to it: `current` (no month series) for any filter; with the month series for an area without a kind, status
   * or urgency filter. A filtered month series, or a moment before the latest summed change, reads every entry.
   */
  private async compute({ status, wijkCode, gemeenteCode, ...where }: Record<string, Condition>, asOf: string, current = false): Promise<WaitlistStatistics> {
    const { kind, urgency, ...other } = where;
    const plain = [status, wijkCode, gemeenteCode, kind, urgency].every((v) => v === undefined || typeof v === 'string') && Object.keys(other).length === 0;
    const areaOnly = kind === undefined && urgency === undefined && status === undefined;
    const sums = plain && (current || areaOnly) ? await this.figures.waitSums(asOf) : undefined;
    if (sums && current) return currentWaitlistStatisticsFromSums(sums, { wijkCode, gemeenteCode, kind, status, urgency } as Record<string, string | undefined>, asOf);
    if (sums) {
      // A wijk in another gemeente than the one asked has no waits there.
      const elsewhere = wijkCode !== undefined && gemeenteCode !== undefined && gemeenteOf(wijkCode as string) !== gemeenteCode;
      const area = elsewhere ? undefined : waitSumsOfArea(sums, { wijkCode: wijkCode as string | undefined, gemeenteCode: gemeenteCode as string | undefined });
      return waitlistStatisticsFromSums(area, asOf, seriesStart(await this.figures.span.firstEventAt(), asOf, sums.earliestSince ? [sums.earliestSince] : []));
    }
    // The area is applied by where each wait was at each moment (its segments), not where it is now.
    const { items } = await wachtlijstQueries.entries.find(this.store, { where });
    const entries = items.filter((e) => status === undefined || e.status === status);
    const firstMonth = seriesStart(
      await this.figures.span.firstEventAt(),
      asOf,
      entries.map((e) => e.since),
    );
    return waitlistStatistics(entries, asOf, firstMonth, { wijkCode: wijkCode as string | undefined, gemeenteCode: gemeenteCode as string | undefined });
  }
}

/** Who waits for what, since when, and how long waiting takes. */
@ApiTags('wachtlijst')
@ApiExtraModels(WaitlistEntryDto)
@Controller('wachtlijst')
export class WachtlijstController {
  constructor(private readonly queries: QueryBus) {}

  /** Person-level (pseudonymous ids): zorgprofessionals see their own wooncirkels only. */
  @ApiRead('The waiting list (person level)', { description: 'waits, open ones unless open=false', schema: pageSchemaOf(WaitlistEntryDto) })
  @Get()
  @Roles(...PERSON_LEVEL_READERS)
  @PersonalDataRead('wachtlijst-entries', fromItems)
  list(@Query() query: WaitlistQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListWaitlistQuery(query, actor));
  }

  @ApiMemoisedFigures()
  @ApiRead('Waiting list figures (aggregates)', { description: 'waiting list statistics', type: WaitlistStatisticsDto })
  @Get('statistics')
  @Roles(...AGGREGATE_READERS)
  statistics(@Query() query: WaitlistStatisticsQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new WaitlistStatisticsQuery(query, readsExactFigures(actor)));
  }
}

export const wachtlijstHandlers = [ListWaitlistHandler, WaitlistStatisticsHandler];
