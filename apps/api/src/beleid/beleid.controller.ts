import { Controller, Get, Inject, NotFoundException, Query, Res } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { CARE_LEVELS, GEMEENTE_CODE_PATTERN, WIJK_CODE_PATTERN } from '@wijkzorg/domain';
import { ProjectionRunner, ReadModelStore, WAIT_KINDS, WaitlistEntry, WijkBudget, WijkBudgetMonth, WijkCaseload, WijkMonth } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { awaitPosition } from '../read-models/read-model-queries';
import { AGGREGATE_READERS, Roles } from '../auth/roles.decorator';
import { percentile, waitlistStatistics } from '../wachtlijst/waitlist-statistics';
import { forGroup, suppress, toCsv } from './suppression';
import { PositionCache, currentMinute } from '../read-models/position-cache';

const DAY = 86_400_000;

export class BeleidQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(GEMEENTE_CODE_PATTERN, { message: 'gemeenteCode must be a CBS gemeente code like GM0479' }) gemeenteCode?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(WIJK_CODE_PATTERN, { message: 'wijkCode must be a CBS wijk code like WK047901' }) wijkCode?: string;
  @ApiPropertyOptional({ description: 'budget year (default: this year)' }) @IsOptional() @Type(() => Number) @IsInt({ message: 'year must be a whole number' }) @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv'], { message: 'format must be json or csv' }) format?: 'json' | 'csv';
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) minPosition?: number;
}

interface Group {
  code: string;
  name: string;
  gemeenteCode: string;
  gemeenteName: string;
  caseload: WijkCaseload[];
  budget: WijkBudget[];
  waiting: WaitlistEntry[];
}

/** Raw totals for a group of wijken, before suppression. */
function totals(group: Group, asOf: number) {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const clients = sum(group.caseload.map((w) => w.clients));
  const capacity = sum(group.caseload.map((w) => w.teamCapacity));
  const teamClients = sum(group.caseload.map((w) => w.teamClients));
  const waitingDays = group.waiting.map((e) => Math.floor((asOf - Date.parse(e.since)) / DAY)).sort((a, b) => a - b);
  const spentByPurpose: Record<string, number> = {};
  for (const b of group.budget) for (const [purpose, cents] of Object.entries(b.spentByPurpose)) spentByPurpose[purpose] = (spentByPurpose[purpose] ?? 0) + cents;
  return {
    clients,
    byLevel: Object.fromEntries(CARE_LEVELS.map((l) => [l, sum(group.caseload.map((w) => w.clientsByLevel[l]))])),
    teamCapacity: capacity,
    utilisation: capacity > 0 ? Math.round((teamClients / capacity) * 1000) / 1000 : 0,
    scaledUp: sum(group.caseload.map((w) => w.scaledUp)),
    scaledDown: sum(group.caseload.map((w) => w.scaledDown)),
    stayedInHomeSteps: sum(group.caseload.map((w) => w.stayedInHomeSteps)),
    waiting: waitingDays.length,
    waitingByKind: Object.fromEntries(WAIT_KINDS.map((k) => [k, group.waiting.filter((e) => e.kind === k).length])),
    medianWaitingDays: percentile(waitingDays, 50),
    p90WaitingDays: percentile(waitingDays, 90),
    allocatedCents: sum(group.budget.map((b) => b.allocatedCents)),
    spentCents: sum(group.budget.map((b) => b.spentCents)),
    spentByPurpose,
  };
}

/** What a policymaker may see: every count of 1–4 as "<5", money and medians only for groups of five or more. */
function publicRow(group: Group, asOf: number) {
  const t = totals(group, asOf);
  return {
    code: group.code,
    name: group.name,
    gemeenteCode: group.gemeenteCode,
    gemeenteName: group.gemeenteName,
    clients: suppress(t.clients),
    ...Object.fromEntries(Object.entries(t.byLevel).map(([l, n]) => [`clients_${l}`, suppress(n)])),
    teamCapacity: t.teamCapacity,
    utilisation: forGroup(t.clients, t.utilisation),
    scaledUp: suppress(t.scaledUp),
    scaledDown: suppress(t.scaledDown),
    stayedInHomeSteps: suppress(t.stayedInHomeSteps),
    waiting: suppress(t.waiting),
    ...Object.fromEntries(Object.entries(t.waitingByKind).map(([k, n]) => [`waiting_${k}`, suppress(n)])),
    medianWaitingDays: forGroup(t.waiting, t.medianWaitingDays),
    p90WaitingDays: forGroup(t.waiting, t.p90WaitingDays),
    budgetAllocatedCents: forGroup(t.clients, t.allocatedCents),
    budgetSpentCents: forGroup(t.clients, t.spentCents),
    spentByPurposeCents: forGroup(t.clients, t.spentByPurpose),
  };
}

export class BeleidOverviewQuery {
  constructor(readonly level: 'wijk' | 'gemeente', readonly query: BeleidQueryDto) {}
}
export class BeleidTimelineQuery {
  constructor(readonly query: BeleidQueryDto) {}
}

@QueryHandler(BeleidOverviewQuery)
export class BeleidOverviewHandler implements IQueryHandler<BeleidOverviewQuery> {
  private readonly cache: PositionCache<Awaited<ReturnType<BeleidOverviewHandler['compute']>>>;

  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly runner: ProjectionRunner) {
    this.cache = new PositionCache(runner, ['caseload', 'wachtlijst', 'budget']);
  }

  async execute({ level, query }: BeleidOverviewQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const asOf = currentMinute();
    return this.cache.get([level, query.gemeenteCode, query.wijkCode, query.year, asOf], () => this.compute(level, query, asOf));
  }

  private async compute(level: BeleidOverviewQuery['level'], query: BeleidQueryDto, asOfMinute: string) {
    const where = { ...(query.gemeenteCode ? { gemeenteCode: query.gemeenteCode } : {}), ...(query.wijkCode ? { wijkCode: query.wijkCode } : {}) };
    const year = query.year ?? new Date().getUTCFullYear();
    const [caseload, budget, waiting] = await Promise.all([
      this.store.find('caseload', 'wijk', { where, sort: [{ field: 'wijkCode', direction: 'asc' }] }),
      this.store.find('budget', 'wijk', { where: { ...where, year } }),
      this.store.find('wachtlijst', 'entry', { where: { ...where, open: true } }),
    ]);
    const groups = new Map<string, Group>();
    for (const w of caseload.items as WijkCaseload[]) {
      const code = level === 'wijk' ? w.wijkCode : w.gemeenteCode;
      const group = groups.get(code) ?? { code, name: level === 'wijk' ? w.wijkName : w.gemeenteName, gemeenteCode: w.gemeenteCode, gemeenteName: w.gemeenteName, caseload: [], budget: [], waiting: [] };
      group.caseload.push(w);
      groups.set(code, group);
    }
    const keyOf = (wijkCode: string) => (level === 'wijk' ? wijkCode : `GM${wijkCode.slice(2, 6)}`);
    for (const b of budget.items as WijkBudget[]) groups.get(keyOf(b.wijkCode))?.budget.push(b);
    for (const e of waiting.items as WaitlistEntry[]) groups.get(keyOf(e.wijkCode))?.waiting.push(e);
    const asOf = Date.parse(asOfMinute);
    return { level, year, asOf: asOfMinute, rows: [...groups.values()].map((g) => publicRow(g, asOf)) };
  }
}

@QueryHandler(BeleidTimelineQuery)
export class BeleidTimelineHandler implements IQueryHandler<BeleidTimelineQuery> {
  private readonly cache: PositionCache<Awaited<ReturnType<BeleidTimelineHandler['compute']>>>;

  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly runner: ProjectionRunner) {
    this.cache = new PositionCache(runner, ['caseload', 'wachtlijst', 'budget']);
  }

  async execute({ query }: BeleidTimelineQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const asOf = currentMinute();
    return this.cache.get([query.gemeenteCode, query.wijkCode, asOf], () => this.compute(query, asOf));
  }

  private async compute(query: BeleidQueryDto, asOf: string) {
    const where: Record<string, string> = query.wijkCode ? { wijkCode: query.wijkCode } : query.gemeenteCode ? { gemeenteCode: query.gemeenteCode } : {};
    const [months, entries, spending] = await Promise.all([this.store.find('caseload', 'month', { where }), this.store.find('wachtlijst', 'entry', { where }), this.store.find('budget', 'month', { where })]);
    const spent = new Map<string, { cents: number; byPurpose: Record<string, number>; clients: Set<string> }>();
    for (const m of spending.items as WijkBudgetMonth[]) {
      const row = spent.get(m.month) ?? { cents: 0, byPurpose: {}, clients: new Set<string>() };
      row.cents += m.spentCents;
      for (const [purpose, cents] of Object.entries(m.spentByPurpose)) row.byPurpose[purpose] = (row.byPurpose[purpose] ?? 0) + cents;
      m.clientIds.forEach((id) => row.clients.add(id));
      spent.set(m.month, row);
    }
    const byMonth = new Map<string, { inflow: number; outflow: number; scaledUp: number; scaledDown: number; stayedInHomeSteps: number }>();
    for (const m of months.items as WijkMonth[]) {
      const row = byMonth.get(m.month) ?? { inflow: 0, outflow: 0, scaledUp: 0, scaledDown: 0, stayedInHomeSteps: 0 };
      row.inflow += m.inflow;
      row.outflow += m.outflow;
      row.scaledUp += m.scaledUp;
      row.scaledDown += m.scaledDown;
      row.stayedInHomeSteps += m.stayedInHomeSteps;
      byMonth.set(m.month, row);
    }
    const waits = new Map(waitlistStatistics(entries.items as WaitlistEntry[], asOf).overTime.map((w) => [w.month, w]));
    const allMonths = [...new Set([...byMonth.keys(), ...waits.keys(), ...spent.keys()])].sort();
    if (allMonths.length === 0) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'no figures for this area', fields: [{ field: query.wijkCode ? 'wijkCode' : 'gemeenteCode', problems: ['no data'] }] });
    return {
      area: query.wijkCode ?? query.gemeenteCode ?? 'all',
      rows: allMonths.map((month) => {
        const m = byMonth.get(month) ?? { inflow: 0, outflow: 0, scaledUp: 0, scaledDown: 0, stayedInHomeSteps: 0 };
        const w = waits.get(month) ?? { waiting: 0, joined: 0, left: 0, medianWaitingDays: null };
        const s = spent.get(month) ?? { cents: 0, byPurpose: {}, clients: new Set<string>() };
        return {
          month,
          inflow: suppress(m.inflow),
          outflow: suppress(m.outflow),
          scaledUp: suppress(m.scaledUp),
          scaledDown: suppress(m.scaledDown),
          stayedInHomeSteps: suppress(m.stayedInHomeSteps),
          waiting: suppress(w.waiting),
          joinedWaitlist: suppress(w.joined),
          leftWaitlist: suppress(w.left),
          medianWaitingDays: forGroup(w.waiting, w.medianWaitingDays),
          // Money per month only where at least five clients spent: a smaller sum could point at a person.
          spentCents: forGroup(s.clients.size, s.cents),
          spentByPurposeCents: forGroup(s.clients.size, s.byPurpose),
        };
      }),
    };
  }
}

/** Policymakers: aggregates per wijk and gemeente, small numbers suppressed; JSON or CSV. */
@ApiTags('beleid')
@Roles(...AGGREGATE_READERS)
@Controller('beleid')
export class BeleidController {
  constructor(private readonly queries: QueryBus) {}

  @Get('wijken')
  async wijken(@Query() query: BeleidQueryDto, @Res({ passthrough: true }) response: Response) {
    return this.respond(await this.queries.execute(new BeleidOverviewQuery('wijk', query)), query, response, 'wijken');
  }

  @Get('gemeenten')
  async gemeenten(@Query() query: BeleidQueryDto, @Res({ passthrough: true }) response: Response) {
    return this.respond(await this.queries.execute(new BeleidOverviewQuery('gemeente', query)), query, response, 'gemeenten');
  }

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
