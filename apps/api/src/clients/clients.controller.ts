import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiExtraModels, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { BudgetLineStateDto, BudgetReleaseStateDto, ClientAnswerDto, ClientEventsDto, HousingOfferStateDto, TrajectoryDto } from './clients.responses';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { IsOptional } from 'class-validator';
import { Actor, ClientState, clientDecider, clientStream } from '@wijkzorg/domain';
import { AggregateStore, Trajectory, assertVisible, replayTrajectory } from '@wijkzorg/application';
import { RecordedEvent } from '@wijkzorg/event-store';
import { IdParamPipe } from '../shared/id-param.pipe';
import { IsUtcTime } from '../shared/fields';
import { CurrentActor } from '../shared/actor.decorator';
import { PERSON_LEVEL_READERS, Roles } from '../auth/roles.decorator';
import { PersonalDataRead } from '../audit/personal-data.interceptor';
import { ApiRead } from '../shared/openapi';

export class TrajectoryQueryDto {
  @ApiPropertyOptional({ description: 'only what had been recorded by this moment (ISO-8601 UTC)' })
  @IsOptional()
  @IsUtcTime()
  asOf?: string;

  @ApiPropertyOptional({ description: 'only what had happened (occurredAt) by this moment (ISO-8601 UTC)' })
  @IsOptional()
  @IsUtcTime()
  validAt?: string;
}

export class GetClientQuery {
  constructor(
    readonly clientId: string,
    readonly actor: Actor,
  ) {}
}
export interface ClientView {
  clientId: string;
  revision: number;
  state: ClientState;
  events: RecordedEvent[];
}

@QueryHandler(GetClientQuery)
export class GetClientHandler implements IQueryHandler<GetClientQuery, ClientView> {
  constructor(private readonly store: AggregateStore) {}

  async execute({ clientId, actor }: GetClientQuery): Promise<ClientView> {
    const { state, revision, events } = await this.store.load(clientDecider, clientStream(clientId));
    assertVisible(actor, { field: 'clientId', id: clientId }, revision >= 0 ? { wooncirkelId: state.placement?.wooncirkelId, wijkCode: state.placement?.wijkCode } : undefined);
    return { clientId, revision, state, events };
  }
}

@ApiTags('clients')
@ApiExtraModels(HousingOfferStateDto, BudgetLineStateDto, BudgetReleaseStateDto)
@Controller('clients/:clientId')
export class ClientsController {
  constructor(private readonly queries: QueryBus) {}

  /** The client's current state and revision (use the revision as expectedRevision). */
  @ApiRead('One client (person level, sealed fields opened for the purpose given)', { description: 'the client', type: ClientAnswerDto }, [404])
  @Get()
  @Roles(...PERSON_LEVEL_READERS)
  @PersonalDataRead('client-state')
  async client(@Param('clientId', IdParamPipe) clientId: string, @CurrentActor() actor: Actor) {
    const { events: _events, ...view } = await this.queries.execute<GetClientQuery, ClientView>(new GetClientQuery(clientId, actor));
    return view;
  }

  /** Every event of the client's stream, in order, with its envelope. */
  @ApiRead('The events of one client stream', { description: 'the events, oldest first', type: ClientEventsDto }, [404])
  @Get('events')
  @Roles(...PERSON_LEVEL_READERS)
  @PersonalDataRead('client-events')
  async events(@Param('clientId', IdParamPipe) clientId: string, @CurrentActor() actor: Actor) {
    const { events, revision } = await this.queries.execute<GetClientQuery, ClientView>(new GetClientQuery(clientId, actor));
    return { clientId, revision, events };
  }

  /** Auditor replay: every event with the state after it, who decided and why, as of any moment. */
  @ApiRead('The care trajectory of one client', { description: 'the trajectory', type: TrajectoryDto }, [404])
  @Get('trajectory')
  @Roles(...PERSON_LEVEL_READERS)
  @PersonalDataRead('client-trajectory')
  async trajectory(@Param('clientId', IdParamPipe) clientId: string, @Query() query: TrajectoryQueryDto, @CurrentActor() actor: Actor): Promise<Trajectory> {
    const { events } = await this.queries.execute<GetClientQuery, ClientView>(new GetClientQuery(clientId, actor));
    return replayTrajectory(clientId, events, query);
  }
}
