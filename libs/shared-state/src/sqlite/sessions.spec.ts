import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Actor } from '@wijkzorg/domain';
import { InMemorySessionStore, MAX_SESSIONS_PER_KEY, SessionCredentials, SessionStore, Sessions, apiKeyHash, newApiKey } from '@wijkzorg/application';
import { SqliteSessionStore } from './sqlite-session-store';

/** A key registry as the sessions see it: keys by hash, revocable. */
class Keys implements SessionCredentials {
  private readonly actors = new Map<string, Actor>();
  add(actor: Actor): string {
    const key = newApiKey();
    this.actors.set(apiKeyHash(key), actor);
    return key;
  }
  revoke(key: string): void {
    this.actors.delete(apiKeyHash(key));
  }
  async resolveHash(keyHash: string): Promise<Actor | null> {
    return this.actors.get(keyHash) ?? null;
  }
}

const stores: [string, () => SessionStore][] = [
  ['in memory', () => new InMemorySessionStore()],
  ['SQLite', () => new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-sessions-')), 'sessions.db'))],
];

describe.each(stores)('sessions (%s)', (_, makeStore) => {
  let store: SessionStore;
  let keys: Keys;
  let sessions: Sessions;
  const t0 = Date.parse('2026-11-30T10:00:00Z');
  beforeEach(() => {
    store = makeStore();
    keys = new Keys();
    sessions = new Sessions(store, keys, 600);
  });
  afterEach(() => store.close());

  it('makes a session from a known key, live until its lifetime is over', async () => {
    const key = keys.add({ role: 'beleidsmaker', id: 'b-1', organisation: 'GM0479' });
    const session = await sessions.signIn(key, t0);
    expect(session).toEqual({ token: expect.stringMatching(/^wzs_[A-Za-z0-9_-]{43}$/), actor: { role: 'beleidsmaker', id: 'b-1', organisation: 'GM0479' }, expiresAt: '2026-11-30T10:10:00.000Z' });
    expect(await sessions.resolve(session!.token, t0 + 599_999)).toEqual({ actor: session!.actor, expiresAt: session!.expiresAt });
    expect(await sessions.resolve(session!.token, t0 + 600_000)).toBeNull();
    // Once found expired it is gone, also for a clock that goes back.
    expect(await sessions.resolve(session!.token, t0)).toBeNull();
  });

  it('makes none from an unknown or revoked key', async () => {
    expect(await sessions.signIn(newApiKey(), t0)).toBeNull();
    const key = keys.add({ role: 'auditor', id: 'a-1' });
    keys.revoke(key);
    expect(await sessions.signIn(key, t0)).toBeNull();
  });

  it('ends every session of a key when the key is revoked, and one session when it signs out', async () => {
    const key = keys.add({ role: 'beleidsmaker', id: 'b-2' });
    const [a, b, c] = [await sessions.signIn(key, t0), await sessions.signIn(key, t0 + 1), await sessions.signIn(key, t0 + 2)];
    await sessions.signOut(a!.token);
    expect(await sessions.resolve(a!.token, t0 + 10)).toBeNull();
    expect(await sessions.resolve(b!.token, t0 + 10)).not.toBeNull();
    keys.revoke(key);
    expect(await sessions.resolve(b!.token, t0 + 10)).toBeNull();
    expect(await sessions.resolve(c!.token, t0 + 10)).toBeNull();
  });

  it('keeps at most MAX_SESSIONS_PER_KEY sessions of one key: the oldest make room', async () => {
    const key = keys.add({ role: 'beleidsmaker', id: 'b-3' });
    const other = await sessions.signIn(keys.add({ role: 'beleidsmaker', id: 'b-4' }), t0);
    const made = [];
    for (let i = 0; i < MAX_SESSIONS_PER_KEY + 2; i++) made.push((await sessions.signIn(key, t0 + i * 1000))!.token);
    const live = [];
    for (const token of made) live.push((await sessions.resolve(token, t0 + 60_000)) !== null);
    expect(live).toEqual([false, false, ...Array(MAX_SESSIONS_PER_KEY).fill(true)]);
    expect(await sessions.resolve(other!.token, t0 + 60_000)).not.toBeNull();
  });

  it('finds nothing for a made-up or malformed token', async () => {
    for (const token of ['', 'wzs_', `wzs_${'A'.repeat(43)}`, 'garbage', newApiKey()]) expect(await sessions.resolve(token, t0)).toBeNull();
    await expect(sessions.signOut('garbage')).resolves.toBeUndefined();
  });
});

describe('the SQLite session store', () => {
  it('keeps only hashes: neither the session token nor the API key is in its files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-sessions-'));
    const store = new SqliteSessionStore(join(dir, 'sessions.db'));
    const keys = new Keys();
    const key = keys.add({ role: 'beleidsmaker', id: 'b-5' });
    const session = await new Sessions(store, keys).signIn(key);
    expect(session).not.toBeNull();
    const files = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1'));
    expect(files.join('')).toContain(apiKeyHash(key));
    for (const secret of [session!.token, key, session!.token.slice(4), key.slice(3)]) expect(files.some((f) => f.includes(secret))).toBe(false);
    store.close();
  });

  it('keeps sessions across a restart', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wijkzorg-sessions-')), 'sessions.db');
    const keys = new Keys();
    const key = keys.add({ role: 'auditor', id: 'a-2' });
    const first = new SqliteSessionStore(path);
    const session = await new Sessions(first, keys).signIn(key);
    first.close();
    const second = new SqliteSessionStore(path);
    expect(await new Sessions(second, keys).resolve(session!.token)).toEqual({ actor: { role: 'auditor', id: 'a-2' }, expiresAt: session!.expiresAt });
    second.close();
  });
});
