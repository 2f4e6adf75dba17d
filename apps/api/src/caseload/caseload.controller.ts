import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiExtraModels, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional } from 'class-validator';
import { Actor } from '@wijkzorg/domain';
import { ProjectionRunner, ReadModelStore, WijkCaseload, WooncirkelCaseload, caseloadQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { PageQueryDto } from '../read-models/page-query.dto';
import { answerOnce } from '../read-models/answer-once';
import { awaitPosition, pageOf, publicDoc, refuseCursor, whereOf } from '../read-models/read-model-queries';
import { ApiMemoisedFigures } from '../read-models/read-position';
import { WijkCodeParamPipe } from '../shared/id-param.pipe';
import { AGGREGATE_READERS, Roles } from '../auth/roles.decorator';
import { AreaFigures, ProtectedArea } from '../disclosure/area-figures';
import { pageOfPublished, readsExactFigures } from '../disclosure/readers';
import { endOfCurrentMinute } from '../disclosure/log-span';
import { CurrentActor } from '../shared/actor.decorator';
import { ApiRead } from '../shared/openapi';
import { pageSchemaOf } from '../shared/response-schemas';
import { WijkCaseloadDetailDto, WijkCaseloadDto, WooncirkelCaseloadDto } from './caseload.responses';
import { notFound } from '../shared/not-found';
import { GemeenteCode, WijkCode } from '../shared/fields';

const WIJK_SORT = ['wijkCode', 'clients', 'utilisation', 'teamCapacity', 'teamClients', 'scaledUp', 'scaledDown', 'stayedInHomeSteps'] as const;
const WOONCIRKEL_SORT = ['wooncirkelId', 'clients', 'utilisation', 'teamCapacity', 'teamClients'] as const;

export class CaseloadQueryDto extends PageQueryDto {
  @GemeenteCode({ optional: true, example: 'GM0479' }) gemeenteCode?: string;

  @WijkCode({ optional: true, example: 'WK047901' }) wijkCode?: string;

  @ApiPropertyOptional({ enum: [...new Set([...WIJK_SORT, ...WOONCIRKEL_SORT])] })
  @IsOptional()
  @IsIn([...new Set([...WIJK_SORT, ...WOONCIRKEL_SORT])], { message: `sort must be one of ${[...new Set([...WIJK_SORT, ...WOONCIRKEL_SORT])].join(', ')}` })
  sort?: string;
}

/** A page of wijk or wooncirkel caseloads. */
export class ListCaseloadsQuery {
  constructor(
    readonly collection: 'wijk' | 'wooncirkel',
    readonly query: CaseloadQueryDto,
    readonly exact = false,
  ) {}
}
export class GetWijkCaseloadQuery {
  constructor(
    readonly wijkCode: string,
    readonly minPosition?: number,
    readonly exact = false,
  ) {}
}

/** A wijk as the caseload view shows it, from the protected snapshot. */
const protectedWijk = (a: ProtectedArea) => ({
  wijkCode: a.code,
  wijkName: a.name,
  gemeenteCode: a.gemeenteCode,
  gemeenteName: a.gemeenteName,
  wooncirkels: a.wooncirkels,
  clients: a.clients,
  clientsByIntensity: a.clientsByIntensity,
  clientsBySetting: a.clientsBySetting,
  teamCapacity: a.teamCapacity,
  teamClients: a.teamClients,
  utilisation: a.utilisation,
  scaledUp: a.scaledUp,
  scaledDown: a.scaledDown,
  stayedInHomeSteps: a.stayedInHomeSteps,
});

const unknownWijk = (wijkCode: string) => notFound(`no caseload for wijk ${wijkCode}`, { field: 'wijkCode', problem: 'unknown wijk' });

const SORTABLE = { wijk: { fields: WIJK_SORT as readonly string[], fallback: 'wijkCode' }, wooncirkel: { fields: WOONCIRKEL_SORT as readonly string[], fallback: 'wooncirkelId' } };

@QueryHandler(ListCaseloadsQuery)
export class ListCaseloadsHandler implements IQueryHandler<ListCaseloadsQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
    private readonly figures: AreaFigures,
  ) {}
  async execute({ collection, query, exact }: ListCaseloadsQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const { fields, fallback } = SORTABLE[collection];
    const sort = query.sort && fields.includes(query.sort) ? query.sort : fallback;
    if (!exact) {
      refuseCursor(query);
      const snapshot = await this.figures.snapshot(endOfCurrentMinute());
      return answerOnce(snapshot, [collection, query.gemeenteCode, query.wijkCode, sort, query.direction, query.limit, query.offset], () => {
        const inFilter = (a: { gemeenteCode: string; wijkCode: string }) => (!query.gemeenteCode || a.gemeenteCode === query.gemeenteCode) && (!query.wijkCode || a.wijkCode === query.wijkCode);
        const items: Record<string, unknown>[] =
          collection === 'wijk'
            ? [...snapshot.areas.values()]
                .filter((a) => a.code.startsWith('WK'))
                .map(protectedWijk)
                .filter(inFilter)
            : snapshot.wooncirkels.filter(inFilter);
        return pageOfPublished(items, sort, query.direction ?? 'asc', query.limit, query.offset);
      });
    }
    return pageOf<WijkCaseload | WooncirkelCaseload>(this.store, collection === 'wijk' ? caseloadQueries.wijken : caseloadQueries.wooncirkels, query, { where: whereOf({ gemeenteCode: query.gemeenteCode, wijkCode: query.wijkCode }), sort: [{ field: sort, direction: query.direction ?? 'asc' }] });
  }
}

@QueryHandler(GetWijkCaseloadQuery)
export class GetWijkCaseloadHandler implements IQueryHandler<GetWijkCaseloadQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
    private readonly figures: AreaFigures,
  ) {}
  async execute({ wijkCode, minPosition, exact }: GetWijkCaseloadQuery) {
    await awaitPosition(this.runner, minPosition);
    if (!exact) {
      const snapshot = await this.figures.snapshot(endOfCurrentMinute());
      const area = wijkCode.startsWith('WK') ? snapshot.areas.get(wijkCode) : undefined;
      if (!area) throw unknownWijk(wijkCode);
      return answerOnce(snapshot, ['wijk', wijkCode], () => {
        const months = snapshot.series.get(wijkCode)!.map((m) => ({ wijkCode, gemeenteCode: area.gemeenteCode, month: m.month, inflow: m.inflow, outflow: m.outflow, scaledUp: m.scaledUp, scaledDown: m.scaledDown, stayedInHomeSteps: m.stayedInHomeSteps }));
        return { ...protectedWijk(area), wooncirkelList: snapshot.wooncirkels.filter((c) => c.wijkCode === wijkCode), months };
      });
    }
    const wijk = await caseloadQueries.wijken.get(this.store, wijkCode);
    if (!wijk) throw unknownWijk(wijkCode);
    const wooncirkels = await caseloadQueries.wooncirkels.find(this.store, { where: { wijkCode }, sort: [{ field: 'wooncirkelId', direction: 'asc' }] });
    const months = await caseloadQueries.months.find(this.store, { where: { wijkCode }, sort: [{ field: 'month', direction: 'asc' }] });
    return { ...publicDoc(wijk), wooncirkelList: wooncirkels.items.map(publicDoc), months: months.items.map(publicDoc) };
  }
}

/** Caseload of wijken instead of caseload of clients; figures through the disclosure-control layer except for auditors. */
@ApiTags('caseload')
@ApiExtraModels(WijkCaseloadDto, WooncirkelCaseloadDto)
@Roles(...AGGREGATE_READERS)
@Controller('caseload')
export class CaseloadController {
  constructor(private readonly queries: QueryBus) {}

  @ApiMemoisedFigures()
  @ApiRead('Caseload per wijk', { description: 'caseload figures per wijk', schema: pageSchemaOf(WijkCaseloadDto) })
  @Get('wijken')
  wijken(@Query() query: CaseloadQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListCaseloadsQuery('wijk', query, readsExactFigures(actor)));
  }

  @ApiMemoisedFigures()
  @ApiRead('Caseload of one wijk, per wooncirkel', { description: 'the caseload of the wijk', type: WijkCaseloadDetailDto }, [404])
  @Get('wijken/:wijkCode')
  wijk(@Param('wijkCode', WijkCodeParamPipe) wijkCode: string, @Query() query: PageQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetWijkCaseloadQuery(wijkCode, query.minPosition, readsExactFigures(actor)));
  }

  @ApiMemoisedFigures()
  @ApiRead('Caseload per wooncirkel: team capacity and places taken', { description: 'caseload figures per wooncirkel', schema: pageSchemaOf(WooncirkelCaseloadDto) })
  @Get('wooncirkels')
  wooncirkels(@Query() query: CaseloadQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListCaseloadsQuery('wooncirkel', query, readsExactFigures(actor)));
  }
}

export const caseloadHandlers = [ListCaseloadsHandler, GetWijkCaseloadHandler];
