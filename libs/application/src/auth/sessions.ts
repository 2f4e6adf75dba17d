import { createHash, randomBytes } from 'node:crypto';
import { Actor } from '@wijkzorg/domain';
import { apiKeyHash } from './tokens';

/** The cookie that carries a browser session. */
export const SESSION_COOKIE = 'wijkzorg_sessie';
/** A session lives this long unless configured otherwise (WIJKZORG_SESSION_TTL_SECONDS). */
export const DEFAULT_SESSION_TTL_SECONDS = 30 * 60;
/** Sessions one API key may hold at once; the oldest makes room, so repeated sign-ins cannot grow the table without bound. */
export const MAX_SESSIONS_PER_KEY = 20;

/** What is kept of a session: never the session token itself, only its hash, and the hash of the key it was made from. */
export interface StoredSession {
  sessionHash: string;
  keyHash: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * Where sessions live: a small port, so the embedded SQLite table can give way to a shared store when
 * several api instances serve one region. Every method may be asynchronous for that reason.
 */
export interface SessionStore {
  add(session: StoredSession, maxPerKey: number): Promise<void>;
  find(sessionHash: string): Promise<StoredSession | undefined>;
  remove(sessionHash: string): Promise<void>;
  removeExpired(now: string): Promise<void>;
  close(): void;
}

/** The key side the sessions need: which actor a key (by its hash) admits now, or null when revoked or unknown. */
export interface SessionCredentials {
  resolveHash(keyHash: string): Promise<Actor | null>;
}

export interface ActiveSession {
  actor: Actor;
  expiresAt: string;
}

/**
 * Browser sessions made from an API key: the key is exchanged once for an opaque random session token
 * (wzs_…) that travels only in an HttpOnly cookie. Each use looks the session up and asks the key
 * again, so signing out or revoking the key ends the session at once on this server.
 */
export class Sessions {
  constructor(
    private readonly store: SessionStore,
    private readonly credentials: SessionCredentials,
    readonly ttlSeconds = DEFAULT_SESSION_TTL_SECONDS,
  ) {}

  /** A new session for a valid API key, or null when the key is unknown or revoked. */
  async signIn(apiKey: string, now = Date.now()): Promise<(ActiveSession & { token: string }) | null> {
    const keyHash = apiKeyHash(apiKey);
    const actor = await this.credentials.resolveHash(keyHash);
    if (!actor) return null;
    await this.store.removeExpired(new Date(now).toISOString());
    const token = `wzs_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(now + this.ttlSeconds * 1000).toISOString();
    await this.store.add({ sessionHash: sessionHashOf(token), keyHash, createdAt: new Date(now).toISOString(), expiresAt }, MAX_SESSIONS_PER_KEY);
    return { token, actor, expiresAt };
  }

  /** The actor of a live session; an expired session or one whose key was revoked is removed and gives null. */
  async resolve(token: string, now = Date.now()): Promise<ActiveSession | null> {
    if (!isSessionToken(token)) return null;
    const sessionHash = sessionHashOf(token);
    const session = await this.store.find(sessionHash);
    if (!session) return null;
    const actor = Date.parse(session.expiresAt) > now ? await this.credentials.resolveHash(session.keyHash) : null;
    if (!actor) {
      await this.store.remove(sessionHash);
      return null;
    }
    return { actor, expiresAt: session.expiresAt };
  }

  async signOut(token: string): Promise<void> {
    if (isSessionToken(token)) await this.store.remove(sessionHashOf(token));
  }

  close(): void {
    this.store.close();
  }
}

const SESSION_TOKEN = /^wzs_[A-Za-z0-9_-]{43}$/;
const isSessionToken = (token: string) => SESSION_TOKEN.test(token);
const sessionHashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Sessions in memory: for one process and for tests of the session rules. */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, StoredSession>();

  async add(session: StoredSession, maxPerKey: number): Promise<void> {
    const ofKey = [...this.sessions.values()].filter((s) => s.keyHash === session.keyHash).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    for (const old of ofKey.slice(0, Math.max(0, ofKey.length - maxPerKey + 1))) this.sessions.delete(old.sessionHash);
    this.sessions.set(session.sessionHash, session);
  }

  async find(sessionHash: string): Promise<StoredSession | undefined> {
    return this.sessions.get(sessionHash);
  }

  async remove(sessionHash: string): Promise<void> {
    this.sessions.delete(sessionHash);
  }

  async removeExpired(now: string): Promise<void> {
    for (const [hash, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(hash);
  }

  close(): void {
    this.sessions.clear();
  }
}
