import { Controller, Get, Inject, NotImplementedException, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { IsOptional, Matches } from 'class-validator';
import { EventStore } from '@wijkzorg/event-store';
import { AccessLogEntry, Condition, ProjectionRunner, ReadModelStore } from '@wijkzorg/read-models';
import { EVENT_STORE } from '../infrastructure/tokens';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { PageQueryDto } from '../read-models/page-query.dto';
import { awaitPosition, pageOf, whereOf } from '../read-models/read-model-queries';
import { Roles } from '../auth/roles.decorator';
import { IsUtcTime } from '../shared/fields';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

export class AccessLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ID, { message: 'clientId must be an id' }) clientId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID, { message: 'actorId must be an id' }) actorId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUtcTime() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsUtcTime() to?: string;
}

export class VerifyQueryDto {
  @ApiPropertyOptional({ description: 'verify one stream, e.g. client-cl-00001; the whole log when absent' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,120}$/, { message: 'streamId must be a stream name' })
  streamId?: string;
}

export class AccessLogQuery {
  constructor(readonly query: AccessLogQueryDto) {}
}

@QueryHandler(AccessLogQuery)
export class AccessLogHandler implements IQueryHandler<AccessLogQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly runner: ProjectionRunner) {}
  async execute({ query }: AccessLogQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const at: Condition | undefined = query.from || query.to ? { gte: query.from, lte: query.to } : undefined;
    return pageOf<AccessLogEntry>(this.store, 'accesslog', 'entry', query, { where: whereOf({ clientId: query.clientId, actorId: query.actorId, at }), sort: [{ field: 'at', direction: query.direction ?? 'desc' }] });
  }
}

/** For auditors: who read whose data (NEN 7513), and whether the event log is intact. */
@ApiTags('audit')
@Roles('auditor')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Get('access-log')
  accessLog(@Query() query: AccessLogQueryDto) {
    return this.queries.execute(new AccessLogQuery(query));
  }

  /** Recomputes the hash chain and reports the first broken link. */
  @Get('verify')
  async verify(@Query() query: VerifyQueryDto) {
    if (!this.events.verifyChain) throw new NotImplementedException('this event store keeps no hash chain');
    return this.events.verifyChain({ streamId: query.streamId });
  }
}
