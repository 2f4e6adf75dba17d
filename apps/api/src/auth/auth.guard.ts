import { BadRequestException, CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, ActorRole } from '@wijkzorg/domain';
import { ApiKeys, InvalidTokenError, SESSION_COOKIE, Sessions, StreamTickets, TokenService } from '@wijkzorg/application';
import { PUBLIC, ROLES, STREAM_TICKET } from './roles.decorator';
import { isListedCredentialName } from '../shared/credential-query-names';
import { sessionCookieOf } from './session-cookie';

export const AUTHENTICATION = Symbol('Authentication');
export interface Authentication {
  tokens: TokenService;
  apiKeys: ApiKeys;
  tickets: StreamTickets;
  sessions: Sessions;
}

/** What a stream ticket is good for: one SSE connection to the integration events. */
export const EVENT_STREAM_PURPOSE = 'integration-events';

/**
 * Bearer authentication (an HS256 JWT, or an API key starting with wz_) and role checks:
 * no or bad credentials 401, a role the endpoint does not list 403. Credentials travel only in the
 * Authorization header (URLs end up in logs and histories); the exceptions are a single-use
 * stream ticket on endpoints that accept one, and the session cookie of a signed-in browser, which
 * opens reads (GET, HEAD) only: a write with only a cookie is refused, so no other page can make the
 * browser write (CSRF) even where SameSite is not honoured. The Authorization header wins over a cookie.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTHENTICATION) private readonly auth: Authentication,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<{ method: string; headers: Record<string, string | undefined>; query?: Record<string, unknown>; actor?: Actor }>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) {
      // A public route needs no credential, so one in its URL is only a leak (an API key in ?apiKey= of the sign-in): 400.
      refuseCredentialsInUrl(request.query, false, true);
      return true;
    }
    const acceptsTicket = this.reflector.getAllAndOverride<boolean>(STREAM_TICKET, targets) === true;
    refuseCredentialsInUrl(request.query, acceptsTicket, typeof request.headers.authorization === 'string');
    const ticket = request.query?.ticket;
    const session = request.headers.authorization === undefined ? sessionCookieOf(request) : undefined;
    const actor = typeof ticket === 'string' && !request.headers.authorization ? await this.redeem(ticket) : session !== undefined ? await this.openSession(session, request.method) : await this.authenticate(bearerOf(request));
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<ActorRole[] | undefined>(ROLES, targets) ?? [];
    if (!roles.includes(actor.role)) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: `role ${actor.role} may not call this endpoint${roles.length ? ` (allowed: ${roles.join(', ')})` : ''}` });
    }
    return true;
  }

  private async redeem(ticket: string): Promise<Actor> {
    const actor = await this.auth.tickets.redeem(ticket, EVENT_STREAM_PURPOSE);
    const message = 'unknown, used or expired stream ticket: ask POST /integration/stream-tickets for a new one';
    if (!actor) throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message, fields: [{ field: 'ticket', problems: [message] }] });
    return actor;
  }

  private async openSession(token: string, method: string): Promise<Actor> {
    const unauthorized = (field: string, message: string) => new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message, fields: [{ field, problems: [message] }] });
    if (method !== 'GET' && method !== 'HEAD') throw unauthorized('Authorization', `a session cookie opens reads only: send ${method} with Authorization: Bearer <token or API key>`);
    const session = await this.auth.sessions.resolve(token);
    if (!session) throw unauthorized(SESSION_COOKIE, 'the session has ended (expired, signed out or its API key revoked): sign in again with POST /v1/sessie');
    return session.actor;
  }

  private async authenticate(credential: string | undefined): Promise<Actor> {
    const unauthorized = (message: string) => new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message, fields: [{ field: 'Authorization', problems: [message] }] });
    if (!credential) throw unauthorized('Authorization: Bearer <token or API key> is required');
    if (credential.startsWith('wz_')) {
      const actor = await this.auth.apiKeys.resolve(credential);
      if (!actor) throw unauthorized('unknown or revoked API key');
      return actor;
    }
    try {
      return await this.auth.tokens.verify(credential);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized(`invalid token: ${error.message}`);
      throw error;
    }
  }
}

/** The bearer credential, from the Authorization header only. */
function bearerOf(request: { headers: Record<string, string | undefined> }): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** A token, API key or misplaced ticket in the query string is refused before anything could record the URL. */
function refuseCredentialsInUrl(query: Record<string, unknown> | undefined, acceptsTicket: boolean, hasHeader: boolean): void {
  for (const field of Object.keys(query ?? {})) {
    if (isListedCredentialName(field) && !(acceptsTicket && field === 'ticket')) {
      const message = `${field} is not accepted in the URL: send credentials in the Authorization header (SSE: use a stream ticket)`;
      // Without a header the request is not authenticated (401); with one, the URL is still refused (400).
      if (!hasHeader)
        throw new UnauthorizedException({
          statusCode: 401,
          error: 'Unauthorized',
          message,
          fields: [
            { field, problems: [message] },
            { field: 'Authorization', problems: ['required'] },
          ],
        });
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message, fields: [{ field, problems: [message] }] });
    }
  }
}
