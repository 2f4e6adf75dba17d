import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadRequestException, Body, Controller, Delete, Get, Header, Inject, Param, Post, Query, Req, Res, UnprocessableEntityException } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Min, MinLength, MaxLength, ArrayMaxSize } from 'class-validator';
import { Transform } from 'class-transformer';
import type { Request, Response } from 'express';
import { Actor } from '@wijkzorg/domain';
import { EventStore } from '@wijkzorg/event-store';
import { MAX_WEBHOOKS_PER_INTEGRATOR, PUBLIC_CATEGORIES, PUBLIC_EVENTS, Pseudonymizer, SsrfGuard, WebhookDispatcher, integrationType, selectEventTypes, toIntegrationEvent, upcast, WebhookStore } from '@wijkzorg/application';
import { EVENT_STORE, WEBHOOK_STORE } from '../infrastructure/tokens';
import { CurrentActor } from '../shared/actor.decorator';
import { IdParamPipe } from '../shared/id-param.pipe';
import { AcceptsStreamTicket, Public, Roles } from '../auth/roles.decorator';
import { projectRoot } from '../shared/project-root';
import { Checkpointing } from '../audit/anchor.module';
import { CheckpointPageQueryDto, checkpointPage } from '../audit/checkpoints';
import { EventFeed } from './event-feed';
import { ApiOperationOf, ApiRead, WEBHOOK_REGISTERED_SCHEMA } from '../shared/openapi';
import { CheckpointPageDto } from '../audit/audit.responses';
import { DeadLetterDto, WebhookDto } from './integration.responses';
import { notFound } from '../shared/not-found';

const TYPE_NAMES = PUBLIC_EVENTS.flatMap((e) => [e.type, integrationType(e)]);
const csv = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value);

export class StreamQueryDto {
  @ApiPropertyOptional({ description: 'comma-separated event types (BudgetReleased or nl.wijkzorg.budget.BudgetReleased.v1)' })
  @IsOptional()
  @Transform(csv)
  @IsIn(TYPE_NAMES, { each: true, message: 'types must name public event types' })
  types?: string[];

  @ApiPropertyOptional({ description: `comma-separated categories: ${PUBLIC_CATEGORIES.join(', ')}` })
  @IsOptional()
  @Transform(csv)
  @IsIn(PUBLIC_CATEGORIES, { each: true, message: `categories must be among ${PUBLIC_CATEGORIES.join(', ')}` })
  categories?: string[];

  @ApiPropertyOptional({ description: 'resume after this global position (the Last-Event-ID header wins)' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'after must be a whole number' })
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ description: 'single-use stream ticket (POST /integration/stream-tickets), for EventSource clients that cannot set headers' })
  @IsOptional()
  @IsString()
  ticket?: string;
}

export class RegisterWebhookDto {
  // Parsed by the SSRF guard, which knows every spelling of an address (decimal, hex, mapped IPv6, ...).
  @ApiProperty({ description: 'http(s) URL of a public receiver; loopback, private, link-local and metadata addresses are refused (422) unless listed in WIJKZORG_WEBHOOK_ALLOWED_HOSTS' })
  @IsString({ message: 'url must be an http(s) URL' })
  @MaxLength(2048, { message: 'url must be at most 2048 characters' })
  url: string;

  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsIn(TYPE_NAMES, { each: true, message: 'types must name public event types' }) types?: string[];
  @IsOptional() @IsArray() @IsIn(PUBLIC_CATEGORIES, { each: true, message: `categories must be among ${PUBLIC_CATEGORIES.join(', ')}` }) categories?: string[];

  @ApiPropertyOptional({ description: 'shared secret for the HMAC signature (generated when absent; returned once)' })
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'secret must be at least 16 characters' })
  secret?: string;

  @ApiPropertyOptional({ description: 'deliver events after this global position (default: from now on)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  fromPosition?: number;
}

const HEARTBEAT_MS = 15_000;

/** Integrators: a public, pseudonymised CloudEvents stream over SSE and signed webhooks. */
@ApiTags('integration')
@Controller('integration')
export class IntegrationController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly pseudonyms: Pseudonymizer,
    @Inject(WEBHOOK_STORE) private readonly webhooks: WebhookStore,
    private readonly dispatcher: WebhookDispatcher,
    private readonly guard: SsrfGuard,
    @Inject(Checkpointing) private readonly checkpointing: Checkpointing,
  ) {}

  /** Server-Sent Events: `id` is the global position; reconnect with Last-Event-ID to resume. */
  @ApiOperationOf('Follow pseudonymised CloudEvents as server-sent events (resume with Last-Event-ID)', { contentType: 'text/event-stream', description: 'an endless stream of CloudEvents' }, [400, 401, 403, 429])
  @Get('events')
  @Roles('integrator')
  @AcceptsStreamTicket()
  stream(@Query() query: StreamQueryDto, @Req() request: Request, @Res() response: Response): void {
    const lastEventId = request.header('last-event-id');
    if (lastEventId !== undefined && !/^\d+$/.test(lastEventId)) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'Last-Event-ID must be a global position', fields: [{ field: 'Last-Event-ID', problems: ['not a position'] }] });
    const after = lastEventId !== undefined ? Number(lastEventId) : (query.after ?? 0);
    const eventTypes = selectEventTypes({ types: query.types, categories: query.categories });
    response.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    response.flushHeaders();
    response.write('retry: 2000\n\n');
    const feed = new EventFeed(this.events, response, {
      afterPosition: after,
      eventTypes,
      render: (raw) => {
        const event = toIntegrationEvent(upcast(raw), this.pseudonyms);
        return event ? `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n` : null;
      },
    });
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    request.on('close', () => {
      clearInterval(heartbeat);
      feed.close();
    });
    feed.run().then(
      () => response.end(),
      () => response.end(),
    );
  }

  /** Signed checkpoints of the event log's head, to keep outside the service (see docs/tamper-evidence.md). */
  @ApiRead('Page through the signed checkpoints, for integrators', { description: 'checkpoints with the key that verifies them', type: CheckpointPageDto })
  @Get('checkpoints')
  @Roles('integrator')
  checkpoints(@Query() query: CheckpointPageQueryDto) {
    return checkpointPage(this.checkpointing, query);
  }

  /** The AsyncAPI 3 description of the integration events. */
  @ApiOperationOf('The AsyncAPI document of the published events', { contentType: 'application/yaml', description: 'AsyncAPI 3 in YAML' }, [429])
  @Get('asyncapi.yaml')
  @Public()
  @Header('Content-Type', 'application/yaml')
  asyncapi(): string {
    return readFileSync(join(projectRoot(), 'docs/asyncapi.yaml'), 'utf8');
  }

  @ApiOperationOf('Register a webhook for a selection of event types (SSRF-safe URLs only)', { status: 201, schema: WEBHOOK_REGISTERED_SCHEMA }, [400, 401, 403, 413, 422, 429])
  @Post('webhooks')
  @Roles('integrator')
  async register(@Body() dto: RegisterWebhookDto, @CurrentActor() actor: Actor) {
    const eventTypes = selectEventTypes({ types: dto.types, categories: dto.categories });
    if (eventTypes.length === 0) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'types and categories select no event', fields: [{ field: 'types', problems: ['selects nothing'] }] });
    const verdict = await this.guard.checkRegistration(dto.url);
    if (!verdict.ok && verdict.reason === 'invalid_url') throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: verdict.detail, fields: [{ field: 'url', problems: [verdict.detail] }] });
    if (!verdict.ok) throw new UnprocessableEntityException({ statusCode: 422, error: 'refused_by_policy', message: verdict.detail, fields: [{ field: 'url', problems: [verdict.detail] }] });
    const secret = dto.secret ?? randomBytes(24).toString('base64url');
    const id = randomUUID();
    const cursor = dto.fromPosition ?? (await this.events.headPosition());
    if (!(await this.webhooks.addWithinLimit({ id, owner: actor.id, url: dto.url, eventTypes, secret, createdAt: new Date().toISOString(), active: true, cursor }, MAX_WEBHOOKS_PER_INTEGRATOR))) {
      const message = `an integrator may have at most ${MAX_WEBHOOKS_PER_INTEGRATOR} active webhooks; remove one first`;
      throw new UnprocessableEntityException({ statusCode: 422, error: 'webhook_limit_reached', message, limit: MAX_WEBHOOKS_PER_INTEGRATOR, fields: [{ field: 'webhooks', problems: [message] }] });
    }
    return { id, url: dto.url, eventTypes, secret };
  }

  /** The integrator's webhooks with how delivery is going (never the secret). */
  @ApiRead('Your webhooks with their delivery state', { description: 'your webhooks, never their secrets', type: [WebhookDto] })
  @Get('webhooks')
  @Roles('integrator')
  async list(@CurrentActor() actor: Actor) {
    const now = new Date().toISOString();
    return Promise.all(
      (await this.webhooks.list(actor.id)).map(async ({ secret: _secret, ...w }) => {
        const { backingOffUntil, ...state } = await this.webhooks.deliveryState(w.id);
        const backingOff = w.active && backingOffUntil !== null && backingOffUntil > now;
        return { ...w, delivery: { ...state, backingOff, nextAttemptAt: backingOff ? backingOffUntil : null } };
      }),
    );
  }

  @ApiRead('Deactivate one of your webhooks', { schema: { type: 'object', required: ['id', 'active'], properties: { id: { type: 'string' }, active: { type: 'boolean' } } } }, [404])
  @Delete('webhooks/:id')
  @Roles('integrator')
  async remove(@Param('id', IdParamPipe) id: string, @CurrentActor() actor: Actor) {
    await this.own(id, actor);
    await this.webhooks.deactivate(id);
    return { id, active: false };
  }

  @ApiRead('The events a webhook could not deliver', { description: 'dead letters in log order', type: [DeadLetterDto] }, [404])
  @Get('webhooks/:id/dead-letters')
  @Roles('integrator')
  async deadLetters(@Param('id', IdParamPipe) id: string, @CurrentActor() actor: Actor) {
    await this.own(id, actor);
    return (await this.webhooks.deadLetters(id)).map(({ payload, ...letter }) => ({ ...letter, event: JSON.parse(payload) }));
  }

  @ApiOperationOf('Deliver a dead letter again', { status: 201, schema: { type: 'object', required: ['eventId', 'outcome'], properties: { eventId: { type: 'string' }, outcome: { type: 'string' } } } }, [400, 401, 403, 404, 429])
  @Post('webhooks/:id/dead-letters/:eventId/redeliver')
  @Roles('integrator')
  async redeliver(@Param('id', IdParamPipe) id: string, @Param('eventId', IdParamPipe) eventId: string, @CurrentActor() actor: Actor) {
    await this.own(id, actor);
    const outcome = await this.dispatcher.redeliver(id, eventId);
    if (outcome === 'unknown') throw notFound(`no dead letter ${eventId}`, { field: 'eventId', problem: 'unknown' });
    return { eventId, outcome };
  }

  private async own(id: string, actor: Actor) {
    const webhook = await this.webhooks.get(id);
    // Another integrator's webhook is answered like one that does not exist: nothing about it shows.
    if (!webhook || webhook.owner !== actor.id) throw notFound(`no webhook ${id}`, { field: 'id', problem: 'unknown' });
    return webhook;
  }
}
