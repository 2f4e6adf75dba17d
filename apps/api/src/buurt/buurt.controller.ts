import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BuurtFiguresDto, BuurtWijkDto } from './buurt.responses';
import { CommandBus, CommandHandler, ICommandHandler, IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Actor, BuurtonderzoekCommand, BuurtpleinCommand, DomainError, OverlastCommand, ReportOverlast, StartBuurtonderzoek, StartBuurtplein } from '@wijkzorg/domain';
import { AggregateStore, BuurtCommands, CommandMeta, CommandOutcome, RecordKernVisitsInput, ReportOverlastInput, assertMayActInWijk } from '@wijkzorg/application';
import { BuurtMonth, ProjectionRunner, ReadModelStore, buurtQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { awaitPosition, publicDoc } from '../read-models/read-model-queries';
import { ApiMemoisedFigures } from '../read-models/read-position';
import { PositionCache } from '../read-models/position-cache';
import { CurrentActor } from '../shared/actor.decorator';
import { IdParamPipe, WijkCodeParamPipe } from '../shared/id-param.pipe';
import { AGGREGATE_READERS, Roles } from '../auth/roles.decorator';
import { PersonalDataRead } from '../audit/personal-data.interceptor';
import { metaOf, payloadOf } from '../shared/commands';
import { ApiCommand, ApiRead } from '../shared/openapi';
import { notFound } from '../shared/not-found';
import { readsExactFigures } from '../disclosure/readers';
import { BuurtFiguresRow, protectedBuurtFigures } from '../disclosure/buurt-figures';
import {
  BuurtFiguresQueryDto,
  BuurtWijkQueryDto,
  DecideOverlastResponseDto,
  EndBuurtpleinDto,
  RecordBuurtgesprekDto,
  RecordBuurtonderzoekFindingsDto,
  RecordBuurtonderzoekGesprekkenDto,
  RecordBuurtpleinMeetingDto,
  RecordKernVisitsDto,
  ReportOverlastDto,
  ResolveOverlastDto,
  ShareBuurtonderzoekPlanDto,
  StartBuurtonderzoekDto,
  StartBuurtpleinDto,
} from './buurt.dto';

/** One command of the neighbourhood: which flow, and on which aggregate when it is a next step. */
export type BuurtInput =
  | { kind: 'report-overlast'; command: ReportOverlastInput }
  | { kind: 'overlast'; id: string; command: Exclude<OverlastCommand, ReportOverlast> }
  | { kind: 'start-onderzoek'; command: StartBuurtonderzoek }
  | { kind: 'onderzoek'; id: string; command: Exclude<BuurtonderzoekCommand, StartBuurtonderzoek> }
  | { kind: 'start-plein'; command: StartBuurtplein }
  | { kind: 'plein'; id: string; command: Exclude<BuurtpleinCommand, StartBuurtplein> }
  | { kind: 'kern-visits'; command: RecordKernVisitsInput };

export class ExecuteBuurtCommand {
  constructor(
    readonly input: BuurtInput,
    readonly meta: CommandMeta,
  ) {}
}
export class GetBuurtWijkQuery {
  constructor(
    readonly wijkCode: string,
    readonly actor: Actor,
    readonly minPosition?: number,
  ) {}
}
export class GetBuurtFiguresQuery {
  constructor(
    readonly query: BuurtFiguresQueryDto,
    readonly actor: Actor,
  ) {}
}

/** A next step on something that is not there answers 404, naming the path parameter. */
const UNKNOWN: Record<string, string> = { unknown_overlast_report: 'reportId', unknown_buurtonderzoek: 'onderzoekId', unknown_buurtplein: 'pleinId', unknown_wooncirkel: 'wooncirkelId' };

@CommandHandler(ExecuteBuurtCommand)
export class ExecuteBuurtHandler implements ICommandHandler<ExecuteBuurtCommand> {
  constructor(private readonly buurt: BuurtCommands) {}
  async execute({ input, meta }: ExecuteBuurtCommand): Promise<CommandOutcome> {
    try {
      return await this.run(input, meta);
    } catch (error) {
      if (error instanceof DomainError && Object.hasOwn(UNKNOWN, error.code) && error.field === UNKNOWN[error.code]) throw notFound(error.message, { field: error.field, problem: 'not found' });
      throw error;
    }
  }
  private run(input: BuurtInput, meta: CommandMeta): Promise<CommandOutcome> {
    switch (input.kind) {
      case 'report-overlast':
        return this.buurt.reportOverlast(input.command, meta);
      case 'overlast':
        return this.buurt.handleOverlast(input.id, input.command, meta);
      case 'start-onderzoek':
        return this.buurt.startBuurtonderzoek(input.command, meta);
      case 'onderzoek':
        return this.buurt.handleBuurtonderzoek(input.id, input.command, meta);
      case 'start-plein':
        return this.buurt.startBuurtplein(input.command, meta);
      case 'plein':
        return this.buurt.handleBuurtplein(input.id, input.command, meta);
      case 'kern-visits':
        return this.buurt.recordKernVisits(input.command, meta);
    }
  }
}

/** Roles that may see which client a nuisance report names: those who handle it or may name one. */
const SEES_LINKED_CLIENTS: Actor['role'][] = ['wijkteam', 'zorgprofessional', 'auditor'];

@QueryHandler(GetBuurtWijkQuery)
export class GetBuurtWijkHandler implements IQueryHandler<GetBuurtWijkQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
    private readonly aggregates: AggregateStore,
  ) {}
  async execute({ wijkCode, actor, minPosition }: GetBuurtWijkQuery) {
    if (actor.role !== 'auditor') await assertMayActInWijk(this.aggregates, actor, wijkCode);
    await awaitPosition(this.runner, minPosition);
    const all = { where: { wijkCode }, limit: 10_000 };
    const [overlast, onderzoeken, pleinen, kern] = await Promise.all([
      buurtQueries.overlast.find(this.store, { ...all, sort: [{ field: 'reportedAt', direction: 'desc' }] }),
      buurtQueries.onderzoeken.find(this.store, { ...all, sort: [{ field: 'startedAt', direction: 'desc' }] }),
      buurtQueries.pleinen.find(this.store, { ...all, sort: [{ field: 'startedAt', direction: 'desc' }] }),
      buurtQueries.kern.find(this.store, { ...all, sort: [{ field: 'month', direction: 'desc' }] }),
    ]);
    const seesClients = SEES_LINKED_CLIENTS.includes(actor.role);
    const reports = await Promise.all(
      overlast.items.map(async (doc) => {
        const { clientId: _clientId, ...report } = publicDoc(doc);
        const clientId = doc.clientId;
        // The care step that followed a decision to scale up: the client's own ScaleCare on its trajectory.
        const link = doc.careStepExpected && clientId ? await buurtQueries.careLinks.get(this.store, clientId) : null;
        return { ...report, clientLinked: clientId !== null, ...(seesClients ? { clientId } : {}), careStepTakenAt: link?.careStepTakenAt ?? null };
      }),
    );
    return { wijkCode, overlast: reports, buurtonderzoeken: onderzoeken.items.map(publicDoc), buurtpleinen: pleinen.items.map(publicDoc), kernVisits: kern.items.map(publicDoc) };
  }
}

@QueryHandler(GetBuurtFiguresQuery)
export class GetBuurtFiguresHandler implements IQueryHandler<GetBuurtFiguresQuery> {
  /** The protected table is the same for every filter until the buurt read model moves: computed once per position. */
  private readonly tables: PositionCache<BuurtFiguresRow[]>;

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {
    this.tables = new PositionCache(runner, [buurtQueries.months.projection], 4);
  }

  async execute({ query, actor }: GetBuurtFiguresQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const exact = readsExactFigures(actor);
    const level = query.level ?? 'wijk';
    const rows = (await this.tables.get(exact, () => this.table(exact)))
      .filter((r) => r.level === level)
      .filter((r) => !query.gemeenteCode || r.gemeenteCode === query.gemeenteCode)
      .filter((r) => !query.wijkCode || (level === 'wijk' ? r.code === query.wijkCode : r.code === `GM${query.wijkCode.slice(2, 6)}`))
      .filter((r) => !query.month || r.month === query.month);
    return { level, protected: !exact, rows };
  }

  private async table(exact: boolean): Promise<BuurtFiguresRow[]> {
    const months: BuurtMonth[] = [];
    for (let offset = 0; ; offset += 5_000) {
      const page = await buurtQueries.months.find(this.store, { limit: 5_000, offset, sort: [{ field: 'month', direction: 'asc' }] });
      months.push(...page.items);
      if (page.items.length < 5_000) break;
    }
    return protectedBuurtFigures(months, exact);
  }
}

const send = (bus: CommandBus, input: BuurtInput, dto: Parameters<typeof metaOf>[0], actor: Actor): Promise<CommandOutcome> => bus.execute(new ExecuteBuurtCommand(input, metaOf(dto, actor)));

/**
 * The neighbourhood: nuisance handled with the neighbourhood, buurtonderzoek, buurtpleinen and the kern as a
 * meeting place. Wijkteams act in their own gemeente (GM code in claim org); welfare organisations and
 * corporations speak for their organisation.
 */
@ApiTags('buurt')
@Controller('buurt')
export class BuurtController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Roles('wijkteam', 'woningcorporatie', 'zorgprofessional')
  @ApiCommand('Report nuisance (overlast) in a wijk; a professional may name the client it concerns')
  @Post('overlast')
  reportOverlast(@Body() dto: ReportOverlastDto, @CurrentActor() actor: Actor) {
    return send(this.commands, { kind: 'report-overlast', command: { type: 'ReportOverlast', ...payloadOf(dto) } }, dto, actor);
  }

  @Roles('wijkteam')
  @ApiCommand('Record a buurtgesprek about the nuisance, with or without the client')
  @Post('overlast/:reportId/buurtgesprekken')
  buurtgesprek(@Param('reportId', IdParamPipe) reportId: string, @Body() dto: RecordBuurtgesprekDto, @CurrentActor() actor: Actor) {
    return send(this.commands, { kind: 'overlast', id: reportId, command: { type: 'RecordBuurtgesprek', ...payloadOf(dto) } }, dto, actor);
  }

  @Roles('wijkteam')
  @ApiCommand('Decide the response to a nuisance report')
  @Post('overlast/:reportId/response')
  respond(@Param('reportId', IdParamPipe) reportId: string, @Body() dto: DecideOverlastResponseDto, @CurrentActor() actor: Actor) {
    return send(this.commands, { kind: 'overlast', id: reportId, command: { type: 'DecideOverlastResponse', ...payloadOf(dto) } }, dto, actor);
  }

  @Roles('wijkteam')
  @ApiCommand('Resolve a nuisance report')
  @Post('overlast/:reportId/resolution')
  resolve(@Param('reportId', IdParamPipe) reportId: string, @Body() dto: ResolveOverlastDto, @CurrentActor() actor: Actor) {
    return send(this.commands, { kind: 'overlast', id: reportId, command: { type: 'ResolveOverlast', ...payloadOf(dto) } }, dto, actor);
  }

  @Roles('welzijn', 'wijkteam')
  @ApiCommand('Start a buurtonderzoek in a wijk')
  @Post('buurtonderzoeken')
  startOnderzoek(@Body() dto: StartBuurtonderzoekDto, @CurrentActor() actor: Actor) {
    return send(this.commands, { kind: 'start-onderzoek', command: { type: 'StartBuurtonderzoek', ...payloadOf(dto) } }, dto, actor);
  }

  @Roles('welzijn', 'wijkteam')
  @ApiCommand('Record conversations of a buurtonderzoek (counts of residents and professionals)')
  @Post('buurtonderzoeken/:onderzoekId/gesprekken')
  onderzoekGesprekken(@Param('onderzoekId', IdParamPipe) onderzoekId: string, @Body() dto: RecordBuurtonderzoekGesprekkenDto, @CurrentActor() actor: Actor) {
    return send(this.commands, { kind: 'onderzoek', id: onderzoekId, command: { type: 'RecordBuurtonderzoekGesprekken', ...payloadOf(dto) } }, dto, actor);
  }

  @Roles('welzijn', 'wijkteam')
  @ApiCommand('Record findings of a buurtonderzoek (coded)')
  @Post('buurtonderzoeken/:onderzoekId/findings')
  onderzoekFindings(@Param('onderzoekId', IdParamPipe) onderzoekId: string, @Body() dto: RecordBuurtonderzoekFindingsDto, @CurrentActor() actor: Actor) {
    return send(this.commands, { kind: 'onderzoek', id: onderzoekId, command: { type: 'RecordBuurtonderzoekFindings', ...payloadOf(dto) } }, dto, actor);
  }

  @Roles('welzijn', 'wijkteam')
  @ApiCommand('Share the plan of approach of a buurtonderzoek with the residents')
  @Post('buurtonderzoeken/:onderzoekId/plan')
  onderzoekPlan(@Param('onderzoekId', IdParamPipe) onderzoekId: string, @Body() dto: ShareBuurtonderzoekPlanDto, @CurrentActor() actor: Actor) {
    return send(this.commands, { kind: 'onderzoek', id: onderzoekId, command: { type: 'ShareBuurtonderzoekPlan', ...payloadOf(dto) } }, dto, actor);
  }

  @Roles('welzijn')
  @ApiCommand('Start a buurtplein: a small group of residents with a fixed weekly moment')
  @Post('buurtpleinen')
  startPlein(@Body() dto: StartBuurtpleinDto, @CurrentActor() actor: Actor) {
    return send(this.commands, { kind: 'start-plein', command: { type: 'StartBuurtplein', ...payloadOf(dto) } }, dto, actor);
  }

  @Roles('welzijn')
  @ApiCommand('Record a meeting of a buurtplein and its attendance')
  @Post('buurtpleinen/:pleinId/meetings')
  pleinMeeting(@Param('pleinId', IdParamPipe) pleinId: string, @Body() dto: RecordBuurtpleinMeetingDto, @CurrentActor() actor: Actor) {
    return send(this.commands, { kind: 'plein', id: pleinId, command: { type: 'RecordBuurtpleinMeeting', ...payloadOf(dto) } }, dto, actor);
  }

  @Roles('welzijn')
  @ApiCommand('End a buurtplein')
  @Post('buurtpleinen/:pleinId/end')
  endPlein(@Param('pleinId', IdParamPipe) pleinId: string, @Body() dto: EndBuurtpleinDto, @CurrentActor() actor: Actor) {
    return send(this.commands, { kind: 'plein', id: pleinId, command: { type: 'EndBuurtplein', ...payloadOf(dto) } }, dto, actor);
  }

  @Roles('welzijn')
  @ApiCommand('Record visits to the kern of a wooncirkel in one day part (clients and other residents), within its opening hours')
  @Post('kernen/:wooncirkelId/visits')
  kernVisits(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @Body() dto: RecordKernVisitsDto, @CurrentActor() actor: Actor) {
    return send(this.commands, { kind: 'kern-visits', command: { type: 'RecordKernVisits', wooncirkelId, ...payloadOf(dto) } }, dto, actor);
  }

  /** Operational lists of one wijk. Reports may name a (pseudonymous) client: a person-level read, logged. */
  @Roles('wijkteam', 'welzijn', 'zorgprofessional', 'gemeente', 'auditor')
  @ApiRead('The neighbourhood of one wijk: nuisance reports, buurtonderzoeken, buurtpleinen, kern visits per month', { description: 'the operational lists of the wijk', type: BuurtWijkDto }, [403])
  @Get('wijken/:wijkCode')
  @PersonalDataRead('buurt-wijk', (_params, response) => [...new Set((response as { overlast: { clientId?: string | null }[] }).overlast.map((r) => r.clientId).filter((id): id is string => typeof id === 'string'))])
  wijk(@Param('wijkCode', WijkCodeParamPipe) wijkCode: string, @Query() query: BuurtWijkQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetBuurtWijkQuery(wijkCode, actor, query.minPosition));
  }

  /** Figures per wijk or gemeente and month, through disclosure control (exact for auditors only). */
  @Roles(...AGGREGATE_READERS, 'gemeente')
  @ApiMemoisedFigures()
  @ApiRead('Neighbourhood figures per wijk or gemeente and month (disclosure-controlled)', { description: 'figures per area and month', type: BuurtFiguresDto })
  @Get('cijfers')
  figures(@Query() query: BuurtFiguresQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetBuurtFiguresQuery(query, actor));
  }
}

export const buurtHandlers = [ExecuteBuurtHandler, GetBuurtWijkHandler, GetBuurtFiguresHandler];
