import { Controller, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '@wijkzorg/domain';
import { STREAM_TICKET_TTL_MS } from '@wijkzorg/application';
import { CurrentActor } from '../shared/actor.decorator';
import { Roles } from './roles.decorator';
import { AUTHENTICATION, Authentication, EVENT_STREAM_PURPOSE } from './auth.guard';
import { ApiOperationOf, STREAM_TICKET_SCHEMA } from '../shared/openapi';

/** EventSource cannot send an Authorization header: it opens GET /integration/events?ticket=<ticket> instead. */
@ApiTags('integration')
@Controller('integration')
export class StreamTicketsController {
  constructor(@Inject(AUTHENTICATION) private readonly auth: Authentication) {}

  /** A single-use ticket for one SSE connection, valid for 60 seconds. */
  @ApiOperationOf('Issue a short-lived ticket for the event stream (instead of a token in the URL)', { status: 201, schema: STREAM_TICKET_SCHEMA }, [400, 401, 403, 429])
  @Post('stream-tickets')
  @Roles('integrator')
  async issue(@CurrentActor() actor: Actor) {
    const { ticket, expiresAt } = await this.auth.tickets.issue(actor, EVENT_STREAM_PURPOSE);
    return { ticket, expiresAt, validForSeconds: STREAM_TICKET_TTL_MS / 1000, use: `GET /integration/events?ticket=${ticket}` };
  }
}
