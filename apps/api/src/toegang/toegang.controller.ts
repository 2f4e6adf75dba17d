import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CommandBus, IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional } from 'class-validator';
import { ACCESS_EXCEPTION_GROUNDS, ACCESS_REGIONS, Actor } from '@wijkzorg/domain';
import { Condition, ProjectionRunner, ReadModelStore, toegangQueries } from '@wijkzorg/read-models';
import { CurrentActor } from '../shared/actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { sendClientCommand } from '../shared/commands';
import { IdParamPipe } from '../shared/id-param.pipe';
import { ApiCommand, ApiRead } from '../shared/openapi';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { PageQueryDto } from '../read-models/page-query.dto';
import { awaitPosition, pageOf, whereOf } from '../read-models/read-model-queries';
import { PersonalDataRead, fromItems } from '../audit/personal-data.interceptor';
import { pageSchemaOf } from '../shared/response-schemas';
import { EndIndicatieDto, IssueIndicatieDto, RefuseIndicatieRequestDto, RequestIndicatieDto, WithdrawIndicatieRequestDto } from './toegang.dto';
import { AccessExceptionDto } from './toegang.responses';
import { GemeenteCode, QueryFlag } from '../shared/fields';

export class AccessExceptionsQueryDto extends PageQueryDto {
  @GemeenteCode({ optional: true }) gemeenteCode?: string;
  @ApiPropertyOptional({ enum: ACCESS_EXCEPTION_GROUNDS }) @IsOptional() @IsIn([...ACCESS_EXCEPTION_GROUNDS], { message: `grounds must be one of ${ACCESS_EXCEPTION_GROUNDS.join(', ')}` }) grounds?: string;
  @QueryFlag('true (default): not regularised yet; false: regularised ones')
  open?: boolean;
  @QueryFlag('true: only open exceptions past their regularisation date')
  overdue?: boolean;
}

export class ListAccessExceptionsQuery {
  constructor(
    readonly query: AccessExceptionsQueryDto,
    readonly actor: Actor,
  ) {}
}

/**
 * Whose exceptions an actor sees: a gemeente those of its own gemeente and, as centrumgemeente, those of
 * its region; a zorgkantoor those of its region; the auditor all. An actor without organisation sees none.
 */
function scopeOf(actor: Actor): { gemeenten?: string[]; zorgkantoor?: string } | null {
  if (actor.role === 'auditor') return {};
  const org = actor.organisation;
  if (!org) return null;
  if (actor.role === 'zorgkantoor') return { zorgkantoor: org };
  const region = Object.entries(ACCESS_REGIONS)
    .filter(([, r]) => r.centrumgemeente === org)
    .map(([gemeente]) => gemeente);
  return { gemeenten: [...new Set([org, ...region])] };
}

@QueryHandler(ListAccessExceptionsQuery)
export class ListAccessExceptionsHandler implements IQueryHandler<ListAccessExceptionsQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}
  async execute({ query, actor }: ListAccessExceptionsQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const now = new Date().toISOString();
    const scope = scopeOf(actor);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const nothing = { items: [], total: 0, limit, offset };
    if (!scope) return nothing;
    // A gemeente filter outside the actor's own gemeenten finds nothing.
    if (query.gemeenteCode && scope.gemeenten && !scope.gemeenten.includes(query.gemeenteCode)) return nothing;
    const gemeenteCode: Condition | undefined = query.gemeenteCode ?? (scope.gemeenten ? { in: scope.gemeenten } : undefined);
    const where: Record<string, Condition> = {
      ...whereOf({ gemeenteCode, grounds: query.grounds, zorgkantoor: scope.zorgkantoor }),
      open: query.overdue ? true : (query.open ?? true),
      ...(query.overdue ? { regulariseBefore: { lte: now } } : {}),
    };
    const page = await pageOf(this.store, toegangQueries.exceptions, query, { where, sort: [{ field: 'regulariseBefore', direction: query.direction ?? 'asc' }] });
    return { ...page, items: page.items.map((x) => ({ ...x, overdue: x.open && Date.parse(String(x.regulariseBefore)) < Date.parse(now) })) };
  }
}

/** Legal access: indicaties and beschikkingen, and the care that started before them. */
@ApiTags('toegang')
@ApiExtraModels(AccessExceptionDto)
@Controller()
export class ToegangController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** Who may issue which is decided per wet in the domain (gemeente, centrumgemeente, zorgkantoor, wijkverpleegkundige). */
  @Roles('gemeente', 'zorgkantoor', 'zorgprofessional')
  @ApiCommand('Issue an indicatie or beschikking (wet, product, period, volume, covered care intensities)')
  @Post('clients/:clientId/indicaties')
  issue(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: IssueIndicatieDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'IssueIndicatie', dto, actor);
  }

  @Roles('gemeente', 'zorgkantoor', 'zorgprofessional')
  @ApiCommand('End or withdraw an indicatie before its end date (by its issuer, with a coded reason)')
  @Post('clients/:clientId/indicaties/:indicatieId/end')
  end(@Param('clientId', IdParamPipe) clientId: string, @Param('indicatieId', IdParamPipe) indicatieId: string, @Body() dto: EndIndicatieDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'EndIndicatie', dto, actor, { indicatieId });
  }

  /** The client waits for the decision (wachtlijst kind `indicatie`) until an indicatie naming the aanvraag, a refusal or a withdrawal. */
  @Roles('zorgprofessional', 'wijkteam')
  @ApiCommand('Request an indicatie or beschikking from the competent issuer (aanvraag: wet, product, care intensity)')
  @Post('clients/:clientId/indicatie-aanvragen')
  request(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: RequestIndicatieDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'RequestIndicatie', dto, actor);
  }

  @Roles('gemeente', 'zorgkantoor', 'zorgprofessional')
  @ApiCommand('Refuse an aanvraag (by its competent issuer, with a coded reason)')
  @Post('clients/:clientId/indicatie-aanvragen/:requestId/refuse')
  refuse(@Param('clientId', IdParamPipe) clientId: string, @Param('requestId', IdParamPipe) requestId: string, @Body() dto: RefuseIndicatieRequestDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'RefuseIndicatieRequest', dto, actor, { requestId });
  }

  @Roles('zorgprofessional', 'wijkteam')
  @ApiCommand('Withdraw an aanvraag before its decision (with a coded reason)')
  @Post('clients/:clientId/indicatie-aanvragen/:requestId/withdraw')
  withdraw(@Param('clientId', IdParamPipe) clientId: string, @Param('requestId', IdParamPipe) requestId: string, @Body() dto: WithdrawIndicatieRequestDto, @CurrentActor() actor: Actor) {
    return sendClientCommand(this.commands, clientId, 'WithdrawIndicatieRequest', dto, actor, { requestId });
  }

  /** Person-level (pseudonymous ids), access-logged. */
  @ApiRead('Care started without an indicatie, to be regularised (person level)', { description: 'open exceptions unless open=false; overdue ones marked', schema: pageSchemaOf(AccessExceptionDto) })
  @Get('toegang/uitzonderingen')
  @Roles('gemeente', 'zorgkantoor', 'auditor')
  @PersonalDataRead('toegang-uitzonderingen', fromItems)
  exceptions(@Query() query: AccessExceptionsQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListAccessExceptionsQuery(query, actor));
  }
}

export const toegangHandlers = [ListAccessExceptionsHandler];
