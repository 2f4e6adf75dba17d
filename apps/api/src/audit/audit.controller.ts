import { BadRequestException, Body, Controller, Get, HttpCode, Inject, NotImplementedException, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { CheckpointSource, EventStore, parseCheckpointDocument, parseExpectedHead, storedCheckpoints, verifyAnchored } from '@wijkzorg/event-store';
import { accessLogQueries, Condition, ProjectionRunner, ReadModelStore } from '@wijkzorg/read-models';
import { ClientKeyStore, LEGACY_ACCESS_REF_PREFIX, clientOfAccessRef } from '@wijkzorg/application';
import { CLIENT_KEY_STORE, EVENT_STORE } from '../infrastructure/tokens';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { PageQueryDto } from '../read-models/page-query.dto';
import { awaitPosition, pageOf, whereOf } from '../read-models/read-model-queries';
import { Roles } from '../auth/roles.decorator';
import { IsUtcTime } from '../shared/fields';
import { Checkpointing } from './anchor.module';
import { CheckpointPageQueryDto, badAnchorInput, checkpointPage } from './checkpoints';
import { ApiOperationOf, ApiRead } from '../shared/openapi';
import { pageSchemaOf } from '../shared/response-schemas';
import { AccessLogEntryDto, AnchoredVerificationDto, CheckpointPageDto, HeadCheckpointDto, PublishedKeyDto, VerificationReportDto } from './audit.responses';
import { notFound } from '../shared/not-found';

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

  @ApiPropertyOptional({ description: 'the log must pass through this head: <position>:<hash>, e.g. from a checkpoint kept elsewhere' })
  @IsOptional()
  @Matches(/^\d{1,15}:[0-9a-fA-F]{64}$/, { message: 'expectedHead must be <position>:<64 hex characters>' })
  expectedHead?: string;

  @ApiPropertyOptional({ enum: ['all', 'none'], default: 'all', description: 'verify against every stored signed checkpoint (all) or none' })
  @IsOptional()
  @IsIn(['all', 'none'], { message: 'checkpoints must be all or none' })
  checkpoints?: 'all' | 'none';
}

export class VerifyAgainstCopyDto {
  @ApiPropertyOptional({ description: 'the log must pass through this head: <position>:<hash>' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,15}:[0-9a-fA-F]{64}$/, { message: 'expectedHead must be <position>:<64 hex characters>' })
  expectedHead?: string;

  @ApiPropertyOptional({ description: 'a copy of signed checkpoints kept outside (as GET /audit/checkpoints or /integration/checkpoints answered), in sequence order' })
  @IsOptional()
  @IsArray({ message: 'checkpoints must be an array of checkpoints' })
  @ArrayMaxSize(1000)
  checkpoints?: unknown[];

  @ApiPropertyOptional({ description: 'also verify every stored checkpoint (default true)' })
  @IsOptional()
  @IsBoolean({ message: 'stored must be true or false' })
  stored?: boolean;
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
    @Inject(CLIENT_KEY_STORE) private readonly keys: ClientKeyStore,
  ) {}
  async execute({ query }: AccessLogQuery) {
    await awaitPosition(this.runner, query.minPosition);
    const at: Condition | undefined = query.from || query.to ? { gte: query.from, lte: query.to } : undefined;
    let clientRef: Condition | undefined;
    if (query.clientId !== undefined) {
      const refs = (await this.keys.isErased(query.clientId)) ? [] : [await this.keys.accessRef(query.clientId, false), `${LEGACY_ACCESS_REF_PREFIX}${query.clientId}`].filter((r): r is string => r !== null);
      if (refs.length === 0) return { items: [], total: 0, limit: query.limit ?? 50, offset: query.offset ?? 0 };
      clientRef = { in: refs };
    }
    const page = await pageOf(this.store, accessLogQueries.entries, query, { where: whereOf({ clientRef, actorId: query.actorId, at }), sort: [{ field: 'at', direction: query.direction ?? 'desc' }] });
    return { ...page, items: await Promise.all(page.items.map(async ({ clientRef: ref, ...entry }) => ({ ...entry, clientId: await clientOfAccessRef(ref as string, this.keys) }))) };
  }
}

/** For auditors: who read whose data (NEN 7513), and whether the event log is intact. */
@ApiTags('audit')
@ApiExtraModels(AccessLogEntryDto)
@Roles('auditor')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(Checkpointing) private readonly checkpointing: Checkpointing,
  ) {}

  @ApiRead('Page through the NEN 7513 access log: who read whose data, when and why', { description: 'access log entries, newest first unless direction=asc', schema: pageSchemaOf(AccessLogEntryDto) })
  @Get('access-log')
  accessLog(@Query() query: AccessLogQueryDto) {
    return this.queries.execute(new AccessLogQuery(query));
  }

  /**
   * Recomputes the hash chain and reports the first broken link; for the whole log also through
   * every stored signed checkpoint and the expected head, so a cut or rewritten tail shows.
   */
  @ApiRead('Verify the hash chain of one stream or the whole log, anchored in the signed checkpoints', { description: 'the verification report: ok, events checked, the first broken link', type: VerificationReportDto }, [404])
  @Get('verify')
  async verify(@Query() query: VerifyQueryDto) {
    const events = this.chained();
    if (query.streamId) {
      if (query.expectedHead || query.checkpoints)
        throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'expectedHead and checkpoints anchor the whole log; leave out streamId', fields: [{ field: query.expectedHead ? 'expectedHead' : 'checkpoints', problems: ['not with streamId'] }] });
      return events.verifyChain!({ streamId: query.streamId });
    }
    let expectedHead;
    try {
      expectedHead = query.expectedHead ? parseExpectedHead(query.expectedHead) : undefined;
    } catch (error) {
      badAnchorInput('expectedHead', error);
    }
    return verifyAnchored(events, this.checkpointing.signer, { sources: query.checkpoints === 'none' ? [] : [storedCheckpoints(this.checkpointing.store)], expectedHead });
  }

  /** The same, against a copy of the checkpoints kept outside the service. */
  @ApiOperationOf('Verify the log against checkpoints and an expected head you kept yourself', { description: 'the verification report', type: AnchoredVerificationDto }, [400, 401, 403, 413, 429])
  @Post('verify')
  @HttpCode(200)
  async verifyAgainstCopy(@Body() body: VerifyAgainstCopyDto) {
    const events = this.chained();
    let expectedHead;
    let copy;
    try {
      expectedHead = body.expectedHead ? parseExpectedHead(body.expectedHead) : undefined;
    } catch (error) {
      badAnchorInput('expectedHead', error);
    }
    try {
      copy = body.checkpoints ? parseCheckpointDocument(body.checkpoints) : undefined;
    } catch (error) {
      badAnchorInput('checkpoints', error);
    }
    const sources: CheckpointSource[] = body.stored === false ? [] : [storedCheckpoints(this.checkpointing.store)];
    if (copy) sources.push({ name: 'request', checkpoints: copy });
    return verifyAnchored(events, this.checkpointing.signer, { sources, expectedHead });
  }

  /** Signed checkpoints of the log's head, oldest first, with the key that verifies them. */
  @ApiRead('Page through the signed checkpoints of the log', { description: 'checkpoints with the key that verifies them', type: CheckpointPageDto })
  @Get('checkpoints')
  checkpoints(@Query() query: CheckpointPageQueryDto) {
    return checkpointPage(this.checkpointing, query);
  }

  @ApiRead('The newest signed checkpoint', { description: 'a signed checkpoint: sequence, position, head hash, signature', type: HeadCheckpointDto }, [404])
  @Get('checkpoints/latest')
  async latestCheckpoint() {
    const latest = await this.checkpointing.store.latest();
    if (!latest) throw notFound('no checkpoint has been taken yet');
    return latest;
  }

  /** The key that verifies the checkpoints (integrators find it in /integration/checkpoints). */
  @ApiRead('The public key that verifies checkpoint signatures', { description: 'the published verification key', type: PublishedKeyDto })
  @Get('checkpoints/public-key')
  publicKey() {
    return this.checkpointing.signer.published;
  }

  private chained(): EventStore {
    if (!this.events.verifyChain) throw new NotImplementedException('this event store keeps no hash chain');
    return this.events;
  }
}
