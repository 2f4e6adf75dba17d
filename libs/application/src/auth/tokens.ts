import { createHmac, randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ACTOR_ROLES, Actor, ActorRole } from '@wijkzorg/domain';

/** The claims wijkzorg puts in a bearer token. */
export interface TokenClaims {
  sub: string;
  role: ActorRole;
  /** For zorgprofessionals: the wooncirkels whose clients they may act for. */
  wooncirkels?: string[];
  iat: number;
  exp: number;
  iss: 'wijkzorg';
}

export class InvalidTokenError extends Error {}

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/** The audience a token names, if it names one. */
export const TOKEN_AUDIENCE = 'wijkzorg';
/** Tolerated clock difference with the issuer for nbf. */
const CLOCK_SKEW_MS = 30_000;

/** A JWT segment must decode to a JSON object (not null, an array, a string or a number). */
function jsonObjectOf(segment: string, part: 'header' | 'payload'): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError(`token ${part} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidTokenError(`token ${part} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

/** HS256 JWTs signed with the configured secret. */
export class TokenService {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('the token secret must be at least 32 bytes');
  }

  issue(actor: { role: ActorRole; id: string; wooncirkels?: string[] }, ttlSeconds = 8 * 3600, now = Date.now()): string {
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const iat = Math.floor(now / 1000);
    const claims: TokenClaims = { sub: actor.id, role: actor.role, ...(actor.wooncirkels ? { wooncirkels: actor.wooncirkels } : {}), iat, exp: iat + ttlSeconds, iss: 'wijkzorg' };
    const payload = b64url(JSON.stringify(claims));
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  verify(token: string, now = Date.now()): Actor {
    const parts = token.split('.');
    if (parts.length !== 3) throw new InvalidTokenError('not a JWT');
    const [header, payload, signature] = parts;
    const parsedHeader = jsonObjectOf(header, 'header');
    const claims = jsonObjectOf(payload, 'payload') as Partial<TokenClaims> & { nbf?: unknown; aud?: unknown };
    if (parsedHeader.alg !== 'HS256') throw new InvalidTokenError('only HS256 tokens are accepted');
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new InvalidTokenError('bad signature');
    if (claims.iss !== 'wijkzorg') throw new InvalidTokenError('unknown issuer');
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw new InvalidTokenError('token expired');
    if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf * 1000 > now + CLOCK_SKEW_MS)) throw new InvalidTokenError('token not valid yet (nbf)');
    if (claims.aud !== undefined && !(Array.isArray(claims.aud) ? claims.aud.includes(TOKEN_AUDIENCE) : claims.aud === TOKEN_AUDIENCE)) throw new InvalidTokenError(`token audience is not ${TOKEN_AUDIENCE}`);
    if (typeof claims.role !== 'string' || !ACTOR_ROLES.includes(claims.role) || claims.role === 'system') throw new InvalidTokenError('unknown role');
    if (typeof claims.sub !== 'string' || !/^[\w.:@-]{1,100}$/.test(claims.sub)) throw new InvalidTokenError('bad subject');
    if (claims.wooncirkels !== undefined && (!Array.isArray(claims.wooncirkels) || !claims.wooncirkels.every((w) => typeof w === 'string'))) throw new InvalidTokenError('wooncirkels must be a list of ids');
    return { role: claims.role, id: claims.sub, ...(Array.isArray(claims.wooncirkels) ? { wooncirkels: claims.wooncirkels.map(String) } : {}) };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }
}

/** API keys are random; only their SHA-256 is stored. */
export const newApiKey = () => `wz_${randomBytes(24).toString('base64url')}`;
export const apiKeyHash = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * The token secret: WIJKZORG_JWT_SECRET (at least 32 characters) when set, otherwise a random
 * secret kept in the data directory (created on first use). Returns whether it was generated.
 */
export function loadTokenSecret(env: NodeJS.ProcessEnv, secretFile: string): { secret: Buffer; generated: boolean } {
  if (env.WIJKZORG_JWT_SECRET) return { secret: Buffer.from(env.WIJKZORG_JWT_SECRET, 'utf8'), generated: false };
  if (!existsSync(secretFile)) {
    mkdirSync(dirname(secretFile), { recursive: true });
    writeFileSync(secretFile, randomBytes(48).toString('base64'), { mode: 0o600 });
  }
  return { secret: Buffer.from(readFileSync(secretFile, 'utf8').trim(), 'utf8'), generated: true };
}
