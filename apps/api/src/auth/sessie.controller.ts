import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { Request, Response } from 'express';
import { IsString, Matches } from 'class-validator';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@wijkzorg/domain';
import { SESSION_COOKIE, WijkzorgConfig } from '@wijkzorg/application';
import { InjectConfig } from '../platform/config';
import { ApiOperationOf, ApiProblems } from '../shared/openapi';
import { Public } from './roles.decorator';
import { AUTHENTICATION, Authentication } from './auth.guard';
import { SignInAttempt } from './sign-in-limit';
import { clearSessionCookie, cookieIsSecure, sessionCookieOf, setSessionCookie } from './session-cookie';

export class SignInDto {
  @ApiProperty({ description: 'an API key (wz_…) as `wijkzorg api-key create` issues it; exchanged once for a session cookie', example: 'wz_…' })
  @IsString({ message: 'apiKey must be a string' })
  @Matches(/^wz_[A-Za-z0-9_-]{16,128}$/, { message: 'apiKey must be an API key (wz_ followed by its letters); a JWT is sent as Authorization: Bearer, not exchanged for a session' })
  apiKey!: string;
}

const SESSION_SCHEMA = {
  type: 'object' as const,
  required: ['role', 'actorId', 'expiresAt'],
  properties: {
    role: { type: 'string' as const, example: 'beleidsmaker' },
    actorId: { type: 'string' as const, example: 'wethouder-zaanstad' },
    organisation: { type: 'string' as const, description: 'the organisation the key speaks for, when it names one', example: 'GM0479' },
    expiresAt: { type: 'string' as const, format: 'date-time', description: 'when the session ends; sign in again after it' },
  },
};

const sessionBody = (actor: Actor, expiresAt: string) => ({ role: actor.role, actorId: actor.id, ...(actor.organisation ? { organisation: actor.organisation } : {}), expiresAt });

/**
 * Sign-in for browsers without a pasted token: an API key is exchanged for a short-lived session in an
 * HttpOnly, SameSite=Strict cookie, which opens reads (GET) only; writes still need Authorization: Bearer.
 * The three routes are public: they look at the cookie themselves.
 */
@ApiTags('sessie')
@Controller('sessie')
export class SessieController {
  constructor(
    @Inject(AUTHENTICATION) private readonly auth: Authentication,
    @InjectConfig() private readonly config: WijkzorgConfig,
  ) {}

  @ApiOperationOf('Sign in: exchange an API key for a session cookie (HttpOnly, SameSite=Strict, short-lived)', { status: 201, schema: SESSION_SCHEMA, description: `the session; its token is in the Set-Cookie ${SESSION_COOKIE} and never in the body` }, [400, 401, 413, 429])
  @Post()
  @Header('Cache-Control', 'no-store')
  @Public()
  @SignInAttempt()
  async signIn(@Body() body: SignInDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const session = await this.auth.sessions.signIn(body.apiKey);
    if (!session) throw unauthorized('apiKey', 'unknown or revoked API key');
    // Signing in again replaces the browser's previous session rather than leaving it alive beside the new one.
    const previous = sessionCookieOf(request);
    if (previous) await this.auth.sessions.signOut(previous);
    setSessionCookie(response, session.token, this.auth.sessions.ttlSeconds, cookieIsSecure(request, this.config.sessionCookieSecure));
    return sessionBody(session.actor, session.expiresAt);
  }

  @ApiOperationOf('The session of the cookie: who is signed in, until when', { schema: SESSION_SCHEMA }, [401, 429])
  @Get()
  @Header('Cache-Control', 'no-store')
  @Public()
  async current(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const token = sessionCookieOf(request);
    const session = token ? await this.auth.sessions.resolve(token) : null;
    if (!session && token !== undefined) clearSessionCookie(response, cookieIsSecure(request, this.config.sessionCookieSecure));
    if (!session) throw unauthorized(SESSION_COOKIE, token ? 'the session has ended (expired, signed out or its API key revoked): sign in again' : 'not signed in: POST /v1/sessie with an apiKey');
    return sessionBody(session.actor, session.expiresAt);
  }

  // A 204 has no body, so no schema: documented by hand rather than through ApiOperationOf.
  @ApiOperation({ summary: 'Sign out: end the session of the cookie on the server and clear the cookie' })
  @ApiResponse({ status: 204, description: 'signed out (also when there was no session); the cookie is cleared' })
  @ApiProblems(429)
  @Delete()
  @Header('Cache-Control', 'no-store')
  @Public()
  @HttpCode(204)
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const token = sessionCookieOf(request);
    if (token) await this.auth.sessions.signOut(token);
    clearSessionCookie(response, cookieIsSecure(request, this.config.sessionCookieSecure));
  }
}

const unauthorized = (field: string, message: string) => new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message, fields: [{ field, problems: [message] }] });
