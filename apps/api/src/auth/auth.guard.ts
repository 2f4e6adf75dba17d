import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, ActorRole } from '@wijkzorg/domain';
import { ApiKeys, InvalidTokenError, TokenService } from '@wijkzorg/application';
import { PUBLIC, ROLES } from './roles.decorator';

export const AUTHENTICATION = Symbol('Authentication');
export interface Authentication {
  tokens: TokenService;
  apiKeys: ApiKeys;
}

/**
 * Bearer authentication (an HS256 JWT, or an API key starting with wz_) and role checks:
 * no or bad credentials 401, a role the endpoint does not list 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTHENTICATION) private readonly auth: Authentication,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; query?: Record<string, unknown>; actor?: Actor }>();
    const actor = await this.authenticate(bearerOf(request));
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<ActorRole[] | undefined>(ROLES, targets) ?? [];
    if (!roles.includes(actor.role)) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: `role ${actor.role} may not call this endpoint${roles.length ? ` (allowed: ${roles.join(', ')})` : ''}` });
    }
    return true;
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
      return this.auth.tokens.verify(credential);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized(`invalid token: ${error.message}`);
      throw error;
    }
  }
}

/** The bearer credential; EventSource cannot set headers, so SSE may pass ?access_token= instead. */
function bearerOf(request: { headers: Record<string, string | undefined>; query?: Record<string, unknown> }): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const fromQuery = request.query?.access_token;
  return typeof fromQuery === 'string' ? fromQuery : undefined;
}
