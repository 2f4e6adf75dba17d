import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { Actor, clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { AggregateStore, ClientCommandInput, CommandOutcome, assertVisible } from '@wijkzorg/application';
import { ProjectionRunner, ReadModelStore, plannedStepsQueries } from '@wijkzorg/read-models';
import { CurrentActor } from '../shared/actor.decorator';
import { PERSON_LEVEL_READERS, Roles } from '../auth/roles.decorator';
import { ExecuteClientCommand, metaOf, payloadOf, sendClientCommand } from '../shared/commands';
import { IdParamPipe } from '../shared/id-param.pipe';
import { ApiCommand, ApiRead } from '../shared/openapi';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { awaitPosition, pageOf, whereOf } from '../read-models/read-model-queries';
import { PersonalDataRead, fromItems } from '../audit/personal-data.interceptor';
import { pageSchemaOf } from '../shared/response-schemas';
import { CancelPlannedStepDto, PlanClosureDto, PlanScaleCareDto, PlannedStepsQueryDto } from './planning.dto';
import { PlannedStepDto } from './planning.responses';

/**
 * Planned steps: a step with a future effectiveAt, in the body of the command it will be. On its date
 * the planned-step runner sends it through the same command flow, as the system on behalf of the planner.
 */
@ApiTags('planned steps')
@ApiExtraModels(PlannedStepDto)
@Controller()
export class PlanningController {
  constructor(
    private readonly commands: CommandBus,
    private readonly store: AggregateStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @Roles('zorgprofessional')
  @ApiCommand('Plan a care scaling step for a future date')
  @Post('clients/:clientId/planned-steps/care-scaling')
  planScaling(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: PlanScaleCareDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    const { planId, ...step } = payloadOf(dto);
    return this.plan(clientId, planId, { type: 'ScaleCare', ...step }, dto, actor);
  }

  @Roles('zorgprofessional')
  @ApiCommand('Plan the closure of the trajectory for a future date')
  @Post('clients/:clientId/planned-steps/closure')
  planClosure(@Param('clientId', IdParamPipe) clientId: string, @Body() dto: PlanClosureDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    const { planId, ...step } = payloadOf(dto);
    return this.plan(clientId, planId, { type: 'CloseTrajectory', ...step }, dto, actor);
  }

  @Roles('zorgprofessional')
  @ApiCommand('Cancel a planned step before its date')
  @Post('clients/:clientId/planned-steps/:planId/cancellation')
  cancel(@Param('clientId', IdParamPipe) clientId: string, @Param('planId', IdParamPipe) planId: string, @Body() dto: CancelPlannedStepDto, @CurrentActor() actor: Actor): Promise<CommandOutcome> {
    return sendClientCommand(this.commands, clientId, 'CancelPlannedStep', dto, actor, { planId });
  }

  /** The client's planned steps (content not included: it is in the client's stream). */
  @ApiRead('Planned steps of one client', { description: 'a page of planned steps', schema: pageSchemaOf(PlannedStepDto) }, [400, 404])
  @Get('clients/:clientId/planned-steps')
  @Roles(...PERSON_LEVEL_READERS)
  @PersonalDataRead('planned-steps')
  async ofClient(@Param('clientId', IdParamPipe) clientId: string, @Query() query: PlannedStepsQueryDto, @CurrentActor() actor: Actor) {
    const { state, revision } = await this.store.load(clientDecider, clientStream(clientId));
    assertVisible(actor, { field: 'clientId', id: clientId }, revision >= 0 ? { wooncirkelId: state.placement?.wooncirkelId, wijkCode: state.placement?.wijkCode } : undefined);
    return this.page({ clientId }, query);
  }

  /** The planned steps of a wooncirkel's clients: what is due, what took effect, was cancelled or failed. */
  @ApiRead('Planned steps of one wooncirkel', { description: 'a page of planned steps', schema: pageSchemaOf(PlannedStepDto) }, [400, 404])
  @Get('wooncirkels/:wooncirkelId/planned-steps')
  @Roles(...PERSON_LEVEL_READERS)
  @PersonalDataRead('planned-steps', fromItems)
  async ofWooncirkel(@Param('wooncirkelId', IdParamPipe) wooncirkelId: string, @Query() query: PlannedStepsQueryDto, @CurrentActor() actor: Actor) {
    const { state } = await this.store.load(wooncirkelDecider, wooncirkelStream(wooncirkelId));
    assertVisible(actor, { field: 'wooncirkelId', id: wooncirkelId }, state.registered ? { wooncirkelId } : undefined);
    return this.page({ wooncirkelId }, query);
  }

  private async page(filter: { clientId?: string; wooncirkelId?: string }, query: PlannedStepsQueryDto) {
    await awaitPosition(this.runner, query.minPosition);
    const status = query.status === 'due' ? 'planned' : query.status;
    const due = query.status === 'due' ? { effectiveAt: { lte: new Date().toISOString() } } : {};
    return pageOf(this.readModels, plannedStepsQueries.steps, query, { where: whereOf({ ...filter, status, ...due }), sort: [{ field: 'effectiveAt', direction: query.direction ?? 'asc' }] });
  }

  private plan(clientId: string, planId: string, step: object, dto: PlanScaleCareDto | PlanClosureDto, actor: Actor): Promise<CommandOutcome> {
    const input = { type: 'PlanStep', planId, step } as unknown as ClientCommandInput;
    return this.commands.execute(new ExecuteClientCommand(clientId, input, metaOf(dto, actor)));
  }
}
