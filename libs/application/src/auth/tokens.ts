import { KeyObject, createHash, createHmac, createPrivateKey, createPublicKey, createSecretKey, randomBytes, sign as signWithKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { JWTVerifyGetKey, createLocalJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { ACTOR_ORGANISATION_PATTERN, ACTOR_ROLES, Actor, ActorRole } from '@wijkzorg/domain';
import { SECRET_NAMES, SecretStore } from '../shared-state/secrets';

/** The claims wijkzorg puts in a bearer token. */
export interface TokenClaims {
  sub: string;
  role: ActorRole;
  /** For zorgprofessionals: the wooncirkels whose clients they may act for. */
  wooncirkels?: string[];
  /** The organisation the actor speaks for (see Actor.organisation). */
  org?: string;
  iat: number;
  exp: number;
  iss: 'wijkzorg';
}

export class InvalidTokenError extends Error {}

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/** The audience a token names, if it names one. */
export const TOKEN_AUDIENCE = 'wijkzorg';
export const TOKEN_ISSUER = 'wijkzorg';
/** Tolerated clock difference with the issuer for nbf and exp. */
const CLOCK_SKEW_SECONDS = 30;
export type TokenAlgorithm = 'HS256' | 'EdDSA' | 'ES256' | 'RS256';
const ACCEPTED_ALGORITHMS: TokenAlgorithm[] = ['HS256', 'EdDSA', 'ES256', 'RS256'];

/**
 * Keys for signing and verifying tokens. One signing key; verification accepts the signing key, the
 * HS256 secret (tokens without a kid, as minted before key ids existed) and every key of a JWKS
 * (previous keys during rotation, or keys of another issuer sharing the audience).
 */
export interface TokenKeys {
  /** HS256 secret: the development default, and verification of tokens without a kid. */
  secret?: Buffer;
  /** Asymmetric signing key (Ed25519, EC P-256 or RSA private key); when present it signs instead of the secret. */
  signingKey?: { kid: string; privateKey: KeyObject };
  /** Public keys accepted by kid (a JSON Web Key Set). */
  verificationKeys?: { keys: Record<string, unknown>[] };
}

/** Callers get an actor of their own: the remembered one is shared by every use of its token. */
const copyOf = (actor: Actor): Actor => ({ ...actor, ...(actor.wooncirkels ? { wooncirkels: [...actor.wooncirkels] } : {}) });

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

function algorithmOf(key: KeyObject): Exclude<TokenAlgorithm, 'HS256'> {
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      return 'EdDSA';
    case 'ec':
      if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('an EC token signing key must use curve P-256 (ES256)');
      return 'ES256';
    case 'rsa':
      return 'RS256';
    default:
      throw new Error(`unsupported token signing key type ${key.asymmetricKeyType}: use Ed25519, EC P-256 or RSA`);
  }
}

/** How many verified tokens a TokenService remembers (see TokenService.verify); past this the least recently used is forgotten. */
const REMEMBERED_TOKENS = 1_000;

/** A token that passed verification: who it names, and the time claims that are checked again on every use. */
interface VerifiedToken {
  actor: Actor;
  exp: number;
  nbf?: number;
}

/** JWTs: issued with the signing key (or the HS256 secret), verified by jose against the configured keys. */
export class TokenService {
  /**
   * Tokens that passed verification, by their exact text. A dashboard sends the same token with every request, and
   * verifying it again (parsing, the signature, every claim) was a twentieth of the api's CPU under a dashboard load.
   * A token of the same text carries the same signature and claims, and the keys do not change while the service
   * runs; only the moment does, so exp and nbf are checked on every use (near either edge the token is verified in full).
   */
  private readonly verified = new Map<string, VerifiedToken>();
  private readonly keys: TokenKeys;
  private readonly secretKey?: KeyObject;
  private readonly signingPublicKey?: KeyObject;
  private readonly signingAlgorithm: TokenAlgorithm;
  private readonly jwks?: JWTVerifyGetKey;

  constructor(keys: Buffer | TokenKeys) {
    this.keys = Buffer.isBuffer(keys) ? { secret: keys } : keys;
    const { secret, signingKey, verificationKeys } = this.keys;
    if (secret && secret.length < 32) throw new Error('the token secret must be at least 32 bytes');
    if (!secret && !signingKey) throw new Error('tokens need a secret or a signing key');
    this.secretKey = secret ? createSecretKey(secret) : undefined;
    this.signingPublicKey = signingKey ? createPublicKey(signingKey.privateKey) : undefined;
    this.signingAlgorithm = signingKey ? algorithmOf(signingKey.privateKey) : 'HS256';
    this.jwks = verificationKeys ? createLocalJWKSet(verificationKeys as unknown as Parameters<typeof createLocalJWKSet>[0]) : undefined;
  }

  /** Synchronous so that callers (CLI, tests, demo tokens) need not await; a compact JWS is simple to produce. */
  issue(actor: { role: ActorRole; id: string; wooncirkels?: string[]; organisation?: string }, ttlSeconds = 8 * 3600, now = Date.now()): string {
    const kid = this.keys.signingKey?.kid;
    const header = b64url(JSON.stringify({ alg: this.signingAlgorithm, typ: 'JWT', ...(kid ? { kid } : {}) }));
    const iat = Math.floor(now / 1000);
    const claims: TokenClaims = { sub: actor.id, role: actor.role, ...(actor.wooncirkels ? { wooncirkels: actor.wooncirkels } : {}), ...(actor.organisation ? { org: actor.organisation } : {}), iat, exp: iat + ttlSeconds, iss: TOKEN_ISSUER };
    const payload = b64url(JSON.stringify(claims));
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  async verify(token: string, now = Date.now()): Promise<Actor> {
    const known = this.verified.get(token);
    const seconds = Math.floor(now / 1000);
    // Well inside its time (jose's own checks allow the clock skew beyond these bounds): the same answer as before.
    if (known && known.exp > seconds + CLOCK_SKEW_SECONDS && (known.nbf === undefined || known.nbf <= seconds - CLOCK_SKEW_SECONDS)) {
      // The most recently used is forgotten last.
      this.verified.delete(token);
      this.verified.set(token, known);
      return copyOf(known.actor);
    }
    const verified = await this.verifyInFull(token, now);
    this.verified.delete(token);
    this.verified.set(token, verified);
    if (this.verified.size > REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    return copyOf(verified.actor);
  }

  private async verifyInFull(token: string, now: number): Promise<VerifiedToken> {
    const parts = token.split('.');
    if (parts.length !== 3) throw new InvalidTokenError('not a JWT');
    // Checked first so that malformed segments get a clear message (jose reports them generically).
    jsonObjectOf(parts[0], 'header');
    const rawClaims = jsonObjectOf(parts[1], 'payload');
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, this.keyFor, { issuer: TOKEN_ISSUER, algorithms: ACCEPTED_ALGORITHMS, clockTolerance: CLOCK_SKEW_SECONDS, currentDate: new Date(now), requiredClaims: ['exp'] }));
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('token expired');
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw new InvalidTokenError('bad signature');
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'iss') throw new InvalidTokenError('unknown issuer');
      if (error instanceof joseErrors.JOSEError || error instanceof TypeError) throw new InvalidTokenError(error.message);
      throw error;
    }
    // aud is optional (tokens of the CLI carry none), but when present it must name us.
    if (rawClaims.aud !== undefined && !(Array.isArray(claims.aud) ? claims.aud.includes(TOKEN_AUDIENCE) : claims.aud === TOKEN_AUDIENCE)) throw new InvalidTokenError(`token audience is not ${TOKEN_AUDIENCE}`);
    const role = claims.role as ActorRole;
    if (typeof claims.role !== 'string' || !ACTOR_ROLES.includes(role) || role === 'system') throw new InvalidTokenError('unknown role');
    if (typeof claims.sub !== 'string' || !/^[\w.:@-]{1,100}$/.test(claims.sub)) throw new InvalidTokenError('bad subject');
    const wooncirkels = claims.wooncirkels;
    if (wooncirkels !== undefined && (!Array.isArray(wooncirkels) || !wooncirkels.every((w) => typeof w === 'string'))) throw new InvalidTokenError('wooncirkels must be a list of ids');
    const org = claims.org;
    if (org !== undefined && (typeof org !== 'string' || !ACTOR_ORGANISATION_PATTERN.test(org))) throw new InvalidTokenError('org must be an organisation code or a CBS gemeente code');
    const actor: Actor = { role, id: claims.sub, ...(Array.isArray(wooncirkels) ? { wooncirkels: wooncirkels.map(String) } : {}), ...(typeof org === 'string' ? { organisation: org } : {}) };
    // jose has checked that exp is there and that exp and nbf are numbers.
    return { actor, exp: claims.exp as number, ...(claims.nbf !== undefined ? { nbf: claims.nbf as number } : {}) };
  }

  /** The verification key a token names: by kid, or the HS256 secret for tokens without one. */
  private readonly keyFor: JWTVerifyGetKey = async (header, token) => {
    if (header.kid === undefined) {
      if (header.alg === 'HS256' && this.secretKey) return this.secretKey;
      throw new InvalidTokenError(header.alg === 'HS256' ? 'HS256 tokens are not accepted here' : 'token names no key id (kid)');
    }
    if (this.keys.signingKey && header.kid === this.keys.signingKey.kid && this.signingPublicKey) {
      if (header.alg !== this.signingAlgorithm) throw new InvalidTokenError(`key ${header.kid} signs with ${this.signingAlgorithm}, not ${header.alg}`);
      return this.signingPublicKey;
    }
    if (this.jwks) return this.jwks(header, token);
    throw new InvalidTokenError(`unknown key id ${header.kid}`);
  };

  private sign(input: string): string {
    const signingKey = this.keys.signingKey;
    if (!signingKey) return createHmac('sha256', this.keys.secret!).update(input).digest('base64url');
    const data = Buffer.from(input);
    switch (this.signingAlgorithm) {
      case 'EdDSA':
        return signWithKey(null, data, signingKey.privateKey).toString('base64url');
      case 'ES256':
        return signWithKey('sha256', data, { key: signingKey.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
      default:
        return signWithKey('sha256', data, signingKey.privateKey).toString('base64url');
    }
  }
}

/** API keys are random; only their SHA-256 is stored. */
export const newApiKey = () => `wz_${randomBytes(24).toString('base64url')}`;
export const apiKeyHash = (key: string) => createHash('sha256').update(key).digest('hex');

/** Settings that choose the token keys (see the configuration schema). */
export interface TokenKeySettings {
  WIJKZORG_JWT_SECRET?: string;
  /** PEM private key (Ed25519, EC P-256 or RSA) that signs tokens in production. */
  WIJKZORG_JWT_SIGNING_KEY?: string;
  WIJKZORG_JWT_KEY_ID?: string;
  /** Path of a JWKS file with the public keys still accepted (rotation). */
  WIJKZORG_JWT_VERIFICATION_KEYS?: string;
}

/**
 * The token keys: an asymmetric signing key when configured, else the HS256 secret. The secret is
 * WIJKZORG_JWT_SECRET (at least 32 characters) when set, otherwise (without a signing key) a random
 * secret kept in the data directory (created on first use). Returns whether it was generated.
 */
export function loadTokenKeys(settings: TokenKeySettings, secretFile: string): { keys: TokenKeys; generated: boolean } {
  const verificationKeys = settings.WIJKZORG_JWT_VERIFICATION_KEYS ? (JSON.parse(readFileSync(settings.WIJKZORG_JWT_VERIFICATION_KEYS, 'utf8')) as TokenKeys['verificationKeys']) : undefined;
  if (settings.WIJKZORG_JWT_SIGNING_KEY) {
    const privateKey = createPrivateKey(settings.WIJKZORG_JWT_SIGNING_KEY);
    algorithmOf(privateKey);
    const kid =
      settings.WIJKZORG_JWT_KEY_ID ??
      createHash('sha256')
        .update(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }))
        .digest('base64url')
        .slice(0, 16);
    const secret = settings.WIJKZORG_JWT_SECRET ? Buffer.from(settings.WIJKZORG_JWT_SECRET, 'utf8') : undefined;
    return { keys: { secret, signingKey: { kid, privateKey }, verificationKeys }, generated: false };
  }
  const { secret, generated } = loadTokenSecret(settings, secretFile);
  return { keys: { secret, verificationKeys }, generated };
}

/** As loadTokenKeys, but a generated secret comes from the shared secrets, so every instance signs and verifies alike. */
export async function loadSharedTokenKeys(settings: TokenKeySettings, secrets: SecretStore): Promise<{ keys: TokenKeys; generated: boolean }> {
  // Configured keys: no file is read or written.
  if (settings.WIJKZORG_JWT_SIGNING_KEY || settings.WIJKZORG_JWT_SECRET) return loadTokenKeys(settings, '/nonexistent/unused');
  const verificationKeys = settings.WIJKZORG_JWT_VERIFICATION_KEYS ? (JSON.parse(readFileSync(settings.WIJKZORG_JWT_VERIFICATION_KEYS, 'utf8')) as TokenKeys['verificationKeys']) : undefined;
  const secret = await secrets.getOrCreate(SECRET_NAMES.tokenSecret, () => randomBytes(48).toString('base64'));
  return { keys: { secret: Buffer.from(secret, 'utf8'), verificationKeys }, generated: true };
}

export function loadTokenSecret(env: { WIJKZORG_JWT_SECRET?: string }, secretFile: string): { secret: Buffer; generated: boolean } {
  if (env.WIJKZORG_JWT_SECRET) return { secret: Buffer.from(env.WIJKZORG_JWT_SECRET, 'utf8'), generated: false };
  if (!existsSync(secretFile)) {
    mkdirSync(dirname(secretFile), { recursive: true });
    writeFileSync(secretFile, randomBytes(48).toString('base64'), { mode: 0o600 });
  }
  return { secret: Buffer.from(readFileSync(secretFile, 'utf8').trim(), 'utf8'), generated: true };
}
