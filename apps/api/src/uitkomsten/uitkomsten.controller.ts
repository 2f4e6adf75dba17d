import { BadRequestException, Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';
import type { Response } from 'express';
import { Actor } from '@wijkzorg/domain';
import { ProjectionRunner } from '@wijkzorg/read-models';
import { AGGREGATE_READERS, Roles } from '../auth/roles.decorator';
import { CurrentActor } from '../shared/actor.decorator';
import { GemeenteCode, OneOf, WijkCode } from '../shared/fields';
import { ApiRead } from '../shared/openapi';
import { notFound } from '../shared/not-found';
import { awaitPosition } from '../read-models/read-model-queries';
import { ApiMemoisedFigures } from '../read-models/read-position';
import { endOfCurrentMinute } from '../disclosure/log-span';
import { readsExactFigures } from '../disclosure/readers';
import { answeredAsShared } from '../shared/shared-json';
import { AreaLevel, MEASURE_GROUPS, MeasureGroup, MeasureRow, MeasureTable } from './measure-table';
import { AreaDirectory } from './area-directory';
import { PERIOD_PATTERN, monthsOf, periodKind, seriesMonthsOf } from './periods';
import { toDutchCsv } from './dutch-csv';
import { MEASURE_CSV, MeasureCatalogueDto, MeasureTableDto } from './uitkomsten.responses';

export class MeasureQueryDto {
  @ApiPropertyOptional({ description: 'a calendar year (2025), quarter (2025-Q3) or month (2025-07); default: this year', example: '2025' })
  @IsOptional()
  @Matches(PERIOD_PATTERN, { message: 'periode must be a year from 1900 (2025), a quarter (2025-Q3) or a month (2025-07)' })
  periode?: string;
  @OneOf(['regio', 'gemeente', 'wijk'], { optional: true, description: 'the areas compared (default gemeente)' }) niveau?: 'regio' | 'gemeente' | 'wijk';
  @GemeenteCode({ optional: true, description: 'only this gemeente (with niveau=wijk: its wijken, the drill-down)' }) gemeenteCode?: string;
  @WijkCode({ optional: true }) wijkCode?: string;
  @OneOf(['json', 'csv'], { optional: true, description: 'csv: `;` between cells and a decimal comma, for Dutch spreadsheets' }) format?: 'json' | 'csv';
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) minPosition?: number;
}

/** Outcome measures (docs/uitkomsten/): does the approach work, per gemeente and wijk, per month, quarter or year. */
@ApiTags('uitkomsten')
@Roles(...AGGREGATE_READERS)
@Controller('beleid/uitkomsten')
export class UitkomstenController {
  constructor(
    @Inject(MEASURE_GROUPS) private readonly groups: MeasureGroup[],
    private readonly runner: ProjectionRunner,
    private readonly areas: AreaDirectory,
  ) {}

  /** One table per memoised rows answer and question at the latest moment: its readers get the same object, serialised once (shared-json.ts). */
  private readonly tables = new WeakMap<MeasureRow[], { asOf: string; byQuestion: Map<string, MeasureTable> }>();

  @ApiRead('The outcome measures: groups, definitions and charts', { type: MeasureCatalogueDto })
  @Get()
  catalogue() {
    return { groups: this.groups.map(({ group, title, definitions, charts }) => ({ group, title, definitions, charts })) };
  }

  @ApiMemoisedFigures()
  @ApiRead('One group of outcome measures for a period, per area (disclosure-controlled); JSON or Dutch CSV', { type: MeasureTableDto, alsoAs: { 'text/csv': MEASURE_CSV } }, [404])
  @Get(':group')
  async table(@Param('group') name: string, @Query() query: MeasureQueryDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<MeasureTable | string> {
    const group = this.groups.find((g) => g.group === name);
    if (!group) throw notFound('no such group of measures', { field: 'group', problem: `must be one of: ${this.groups.map((g) => g.group).join(', ')}` });
    await awaitPosition(this.runner, query.minPosition);
    const asOf = endOfCurrentMinute();
    const period = query.periode ?? asOf.slice(0, 4);
    // A period has begun when its first month has ('2026-Q1' > '2026-11' as text, so compare months).
    if (monthsOf(period)[0] > asOf.slice(0, 7)) throw notFound('no figures for a period that has not begun', { field: 'periode', problem: 'lies in the future' });
    const level = query.niveau ?? 'gemeente';
    await this.refuseUnknownArea(query, level);
    const exact = readsExactFigures(actor);
    const rows = await group.rows({ period, level, gemeenteCode: query.gemeenteCode, wijkCode: query.wijkCode, exact, asOf });
    // Rows a group makes fresh per request (not memoised) make a table for that request only. Only the latest moment
    // is kept: a new minute's asOf makes new tables.
    let tables = this.tables.get(rows);
    if (tables?.asOf !== asOf) this.tables.set(rows, (tables = { asOf, byQuestion: new Map() }));
    // The rows were computed for their question (group, period, level, area and, for most groups, exactness); the rest of the table is named here.
    const key = JSON.stringify([group.group, period, level, exact]);
    let table = tables.byQuestion.get(key);
    if (!table) {
      table = answeredAsShared<MeasureTable>({ group: group.group, title: group.title, asOf, period, periodKind: periodKind(period), months: seriesMonthsOf(period), level, exact, definitions: group.definitions, charts: group.charts, rows });
      tables.byQuestion.set(key, table);
    }
    if (query.format !== 'csv') return table;
    response.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="wijkzorg-${group.group}-${period}.csv"` });
    return toDutchCsv(table);
  }

  /** A gemeente or wijk the region does not have, or a filter the level cannot take, is named rather than answered with no rows. */
  private async refuseUnknownArea(query: MeasureQueryDto, level: AreaLevel): Promise<void> {
    const areas = await this.areas.all();
    for (const field of ['gemeenteCode', 'wijkCode'] as const) {
      const code = query[field];
      if (code === undefined) continue;
      if (level === 'regio') throw badRequest(field, `${field} selects areas of niveau gemeente or wijk, not regio`);
      if (!areas.some((a) => a.code === code)) throw notFound(`no such ${field === 'gemeenteCode' ? 'gemeente' : 'wijk'} in the region`, { field, problem: 'unknown' });
    }
  }
}

const badRequest = (field: string, message: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message, fields: [{ field, problems: [message] }] });
