import { Controller, Get, Inject, NotImplementedException, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { IsOptional, Matches } from 'class-validator';
import { EventStore } from '@wijkzorg/event-store';
import { AccessLogEntry, Condition, ProjectionRunner, ReadModelStore } from '@wijkzorg/read-models';
import { LEGACY_ACCESS_REF_PREFIX, SqliteClientKeyStore, clientOfAccessRef } from '@wijkzorg/application';
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

/**
 * The access log as auditors see it: each entry names its client while that client is not erased,
 * and `[gewist]` after. A filter on an erased client finds nothing: no link from the person is left.
 */
@QueryHandler(AccessLogQuery)
export class AccessLogHandler implements IQueryHandler<AccessLogQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
    private readonly keys: SqliteClientKeyStore,
  ) {}
  async execute({ query }: AccessLogQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const at: Condition | undefined = query.from || query.to ? { gte: query.from, lte: query.to } : undefined;
    let clientRef: Condition | undefined;
    if (query.clientId !== undefined) {
      const refs = this.keys.isErased(query.clientId) ? [] : [this.keys.accessRef(query.clientId, false), `${LEGACY_ACCESS_REF_PREFIX}${query.clientId}`].filter((r): r is string => r !== null);
      if (refs.length === 0) return { items: [], total: 0, limit: query.limit ?? 50, offset: query.offset ?? 0 };
      clientRef = { in: refs };
    }
    const page = await pageOf<AccessLogEntry>(this.store, 'accesslog', 'entry', query, { where: whereOf({ clientRef, actorId: query.actorId, at }), sort: [{ field: 'at', direction: query.direction ?? 'desc' }] });
    return { ...page, items: page.items.map(({ clientRef: ref, ...entry }) => ({ ...entry, clientId: clientOfAccessRef(ref as string, this.keys) })) };
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
