import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ClientState, clientDecider, clientStream } from '@wijkzorg/domain';
import { AggregateStore } from '@wijkzorg/application';
import { RecordedEvent } from '@wijkzorg/event-store';
import { IdParamPipe } from '../shared/id-param.pipe';

export class GetClientQuery {
  constructor(readonly clientId: string) {}
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

  async execute({ clientId }: GetClientQuery): Promise<ClientView> {
    const { state, revision, events } = await this.store.load(clientDecider, clientStream(clientId));
    if (revision < 0) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `client ${clientId} does not exist`, fields: [{ field: 'clientId', problems: ['unknown client'] }] });
    return { clientId, revision, state, events };
  }
}

@ApiTags('clients')
@Controller('clients/:clientId')
export class ClientsController {
  constructor(private readonly queries: QueryBus) {}

  /** The client's current state and revision (use the revision as expectedRevision). */
  @Get()
  async client(@Param('clientId', IdParamPipe) clientId: string) {
    const { events: _events, ...view } = await this.queries.execute<GetClientQuery, ClientView>(new GetClientQuery(clientId));
    return view;
  }

  /** Every event of the client's stream, in order, with its envelope. */
  @Get('events')
  async events(@Param('clientId', IdParamPipe) clientId: string) {
    const { events, revision } = await this.queries.execute<GetClientQuery, ClientView>(new GetClientQuery(clientId));
    return { clientId, revision, events };
  }
}
