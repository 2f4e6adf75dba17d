import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { gemeenteCodeOfWijk } from '@wijkzorg/domain';
import { ProjectionRunner } from '@wijkzorg/read-models';
import { awaitPosition } from '../read-models/read-model-queries';
import { ApiMemoisedFigures } from '../read-models/read-position';
import { AGGREGATE_READERS, Roles } from '../auth/roles.decorator';
import { toCsv } from './csv';
import { endOfCurrentMinute } from '../disclosure/log-span';
import { ALL_AREAS, AreaFigures, ProtectedArea, ProtectedMoney } from '../disclosure/area-figures';
import { ApiRead } from '../shared/openapi';
import { BELEID_CSV, BeleidOverviewDto, BeleidTimelineDto } from './beleid.responses';
import { notFound } from '../shared/not-found';
import { GemeenteCode, WijkCode } from '../shared/fields';
import { answerOnce } from '../read-models/answer-once';

export class BeleidQueryDto {
  @GemeenteCode({ optional: true }) gemeenteCode?: string;
  @WijkCode({ optional: true }) wijkCode?: string;
  @ApiPropertyOptional({ description: 'budget year (default: this year)' }) @IsOptional() @Type(() => Number) @IsInt({ message: 'year must be a whole number' }) @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv'], { message: 'format must be json or csv' }) format?: 'json' | 'csv';
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) minPosition?: number;
}

/** A policymaker's row: every figure comes from the one protected snapshot, filters only choose rows. */
function publicRow(area: ProtectedArea, money: ProtectedMoney | undefined) {
  return {
    code: area.code,
    name: area.name,
    gemeenteCode: area.gemeenteCode,
    gemeenteName: area.gemeenteName,
    clients: area.clients,
    ...Object.fromEntries([...Object.entries(area.clientsByIntensity), ...Object.entries(area.clientsBySetting)].map(([k, n]) => [`clients_${k}`, n])),
    teamCapacity: area.teamCapacity,
    utilisation: area.utilisation,
    scaledUp: area.scaledUp,
    scaledDown: area.scaledDown,
    stayedInHomeSteps: area.stayedInHomeSteps,
    waiting: area.waiting,
    ...Object.fromEntries(Object.entries(area.waitingByKind).map(([k, n]) => [`waiting_${k}`, n])),
    medianWaitingDays: area.medianWaitingDays,
    p90WaitingDays: area.p90WaitingDays,
    budgetAllocatedCents: money?.allocatedCents ?? 0,
    budgetSpentCents: money?.spentCents ?? 0,
    spentByPurposeCents: money?.spentByPurposeCents ?? {},
  };
}

export class BeleidOverviewQuery {
  constructor(
    readonly level: 'wijk' | 'gemeente',
    readonly query: BeleidQueryDto,
  ) {}
}
export class BeleidTimelineQuery {
  constructor(readonly query: BeleidQueryDto) {}
}

@QueryHandler(BeleidOverviewQuery)
export class BeleidOverviewHandler implements IQueryHandler<BeleidOverviewQuery> {
  constructor(
    private readonly figures: AreaFigures,
    private readonly runner: ProjectionRunner,
  ) {}

  async execute({ level, query }: BeleidOverviewQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const snapshot = await this.figures.snapshot(endOfCurrentMinute());
    const year = query.year ?? new Date().getUTCFullYear();
    return answerOnce(snapshot, ['overview', level, year, query.gemeenteCode, query.wijkCode], () => {
      const gemeenteOfWijk = query.wijkCode ? (snapshot.areas.get(query.wijkCode)?.gemeenteCode ?? gemeenteCodeOfWijk(query.wijkCode)) : undefined;
      const rows = [...snapshot.areas.values()]
        .filter((a) => (level === 'wijk' ? a.code.startsWith('WK') : a.code.startsWith('GM')))
        .filter((a) => !query.gemeenteCode || a.gemeenteCode === query.gemeenteCode)
        .filter((a) => !query.wijkCode || (level === 'wijk' ? a.code === query.wijkCode : a.code === gemeenteOfWijk))
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((a) => publicRow(a, snapshot.money.get(`${a.code}|${String(year).padStart(4, '0')}`)));
      return { level, year, asOf: snapshot.asOf, rows };
    });
  }
}

@QueryHandler(BeleidTimelineQuery)
export class BeleidTimelineHandler implements IQueryHandler<BeleidTimelineQuery> {
  constructor(
    private readonly figures: AreaFigures,
    private readonly runner: ProjectionRunner,
  ) {}

  async execute({ query }: BeleidTimelineQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const snapshot = await this.figures.snapshot(endOfCurrentMinute());
    const area = query.wijkCode ?? query.gemeenteCode ?? ALL_AREAS;
    const series = snapshot.series.get(area);
    if (!series) throw notFound('no figures for this area', { field: query.wijkCode ? 'wijkCode' : 'gemeenteCode', problem: 'no data' });
    return answerOnce(snapshot, ['timeline', area], () => ({ area, rows: series }));
  }
}

/** Policymakers: aggregates per wijk and gemeente through the disclosure-control layer (docs/disclosure-control.md); JSON or CSV. */
@ApiTags('beleid')
@Roles(...AGGREGATE_READERS)
@Controller('beleid')
export class BeleidController {
  constructor(private readonly queries: QueryBus) {}

  @ApiMemoisedFigures()
  @ApiRead('Policy figures per wijk (disclosure-controlled aggregates), as JSON or CSV', { description: 'figures per wijk; ?format=csv answers text/csv', type: BeleidOverviewDto, alsoAs: { 'text/csv': BELEID_CSV } }, [404])
  @Get('wijken')
  async wijken(@Query() query: BeleidQueryDto, @Res({ passthrough: true }) response: Response) {
    return this.respond(await this.queries.execute(new BeleidOverviewQuery('wijk', query)), query, response, 'wijken');
  }

  @ApiMemoisedFigures()
  @ApiRead('Policy figures per gemeente (disclosure-controlled aggregates)', { description: 'figures per gemeente; ?format=csv answers text/csv', type: BeleidOverviewDto, alsoAs: { 'text/csv': BELEID_CSV } })
  @Get('gemeenten')
  async gemeenten(@Query() query: BeleidQueryDto, @Res({ passthrough: true }) response: Response) {
    return this.respond(await this.queries.execute(new BeleidOverviewQuery('gemeente', query)), query, response, 'gemeenten');
  }

  @ApiMemoisedFigures()
  @ApiRead('Policy figures of one area over time', { description: 'a time series; ?format=csv answers text/csv', type: BeleidTimelineDto, alsoAs: { 'text/csv': BELEID_CSV } }, [404])
  @Get('tijdlijn')
  async tijdlijn(@Query() query: BeleidQueryDto, @Res({ passthrough: true }) response: Response) {
    return this.respond(await this.queries.execute(new BeleidTimelineQuery(query)), query, response, 'tijdlijn');
  }

  private respond(result: { rows: Record<string, unknown>[] }, query: BeleidQueryDto, response: Response, name: string) {
    if (query.format !== 'csv') return result;
    response.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="wijkzorg-${name}.csv"` });
    return toCsv(result.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v !== null && typeof v === 'object' ? JSON.stringify(v) : v]))));
  }
}

export const beleidHandlers = [BeleidOverviewHandler, BeleidTimelineHandler];
