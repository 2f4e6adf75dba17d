import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FencedOutError, LeaseStore, SharedState, Webhook } from '@wijkzorg/application';

/**
 * The backing store of a conformance run: instances opened on it share it like api processes on one
 * production store. `dump` is everything the store holds (rows or documents, raw), searched for key bytes.
 */
export interface SharedStateFixture {
  openInstance(): Promise<SharedState>;
  dump(): Promise<Buffer>;
  dispose?(): Promise<void>;
}

/** A fixture over a data directory (the embedded SQLite adapter): the dump is every file in it, WAL included. */
export function dataDirFixture(dir: string, open: (dir: string) => Promise<SharedState>): () => Promise<SharedStateFixture> {
  return async () => ({
    openInstance: () => open(dir),
    dump: async () => Buffer.concat(readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isFile() ? [readFileSync(join(dir, name))] : []))),
  });
}

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One behavioural contract for every SharedState adapter, run on TWO instances over one backing store.
 * Add an adapter with one line: `sharedStateConformance(<its fixture>)` inside a describe.
 */
export function sharedStateConformance(setup: () => Promise<SharedStateFixture>): void {
  let fixture: SharedStateFixture;
  let a: SharedState;
  let b: SharedState;
  beforeAll(async () => {
    fixture = await setup();
    [a, b] = await Promise.all([fixture.openInstance(), fixture.openInstance()]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await fixture?.dispose?.();
  });

  describe('client keys', () => {
    it('gives both instances the same key when they first ask for it at once', async () => {
      const clients = Array.from({ length: 12 }, () => unique('client'));
      const keys = await Promise.all(clients.flatMap((id) => [a.keys.keyFor(id, true), b.keys.keyFor(id, true)]));
      for (let i = 0; i < clients.length; i++) {
        expect(keys[2 * i]).toHaveLength(32);
        expect(keys[2 * i]!.equals(keys[2 * i + 1]!)).toBe(true);
      }
      expect(new Set(keys.map((k) => k!.toString('hex'))).size).toBe(clients.length);
      expect((await b.keys.keyFor(clients[0], false))!.equals(keys[0]!)).toBe(true);
      expect(await a.keys.keyFor(unique('never-seen'), false)).toBeNull();
    });

    it('erasure through one instance is effective on the other at once: no key, erased, access reference unlinked', async () => {
      const client = unique('client');
      expect(await b.keys.keyFor(client, true)).not.toBeNull();
      const ref = await b.keys.accessRef(client, true);
      expect(await a.keys.clientOfAccessRef(ref!)).toBe(client);
      expect(await b.keys.isErased(client)).toBe(false);
      await a.keys.erase(client);
      expect(await b.keys.isErased(client)).toBe(true);
      expect(await b.keys.keyFor(client, false)).toBeNull();
      expect(await b.keys.keyFor(client, true)).toBeNull();
      expect(await b.keys.clientOfAccessRef(ref!)).toBeNull();
      expect(await b.keys.accessRef(client, true)).toBeNull();
      expect(await a.keys.accessRef(client, false)).toBeNull();
    });

    it('never creates a key beside a concurrent erasure', async () => {
      const clients = Array.from({ length: 8 }, () => unique('client'));
      await Promise.all(clients.flatMap((id) => [a.keys.erase(id), b.keys.keyFor(id, true)]));
      for (const id of clients) {
        expect(await a.keys.isErased(id)).toBe(true);
        expect(await b.keys.keyFor(id, false)).toBeNull();
      }
    });

    it('stores keys only wrapped: the raw key bytes appear nowhere in the backing store', async () => {
      const client = unique('client');
      const key = (await a.keys.keyFor(client, true))!;
      const dump = await fixture.dump();
      expect(dump.includes(Buffer.from(client))).toBe(true);
      for (const form of [key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('base64'))]) expect(dump.includes(form)).toBe(false);
    });

    it('gives one access reference per client, the same on both instances, unique across clients', async () => {
      const [first, second] = [unique('client'), unique('client')];
      const refs = await Promise.all([a.keys.accessRef(first, true), b.keys.accessRef(first, true), b.keys.accessRef(second, true)]);
      expect(refs[0]).toBe(refs[1]);
      expect(refs[2]).not.toBe(refs[0]);
      expect(await a.keys.clientOfAccessRef(refs[2]!)).toBe(second);
      expect(await a.keys.accessRef(unique('client'), false)).toBeNull();
    });
  });

  describe('webhooks', () => {
    const webhook = (owner: string, overrides: Partial<Webhook> = {}): Webhook => ({
      id: unique('wh'),
      owner,
      url: 'https://integrator.example/hook',
      eventTypes: ['IntakeRecorded', 'CareScaled'],
      secret: 'whsec-test',
      createdAt: new Date().toISOString(),
      active: true,
      cursor: 0,
      ...overrides,
    });

    it('keeps the per-owner limit under concurrent adds through both instances', async () => {
      const owner = unique('integrator');
      const added = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).webhooks.addWithinLimit(webhook(owner), 10)));
      expect(added.filter(Boolean)).toHaveLength(10);
      expect(await a.webhooks.list(owner)).toHaveLength(10);
      const [first] = await b.webhooks.list(owner);
      await b.webhooks.deactivate(first.id);
      expect(await a.webhooks.addWithinLimit(webhook(owner), 10)).toBe(true);
      expect(await a.webhooks.addWithinLimit(webhook(owner), 10)).toBe(false);
    });

    it('stores a webhook as given and lists only active ones without an owner', async () => {
      const owner = unique('integrator');
      const hook = webhook(owner, { cursor: 42 });
      expect(await a.webhooks.addWithinLimit(hook)).toBe(true);
      expect(await b.webhooks.get(hook.id)).toEqual(hook);
      expect((await b.webhooks.list()).map((w) => w.id)).toContain(hook.id);
      await a.webhooks.deactivate(hook.id);
      expect((await b.webhooks.list()).map((w) => w.id)).not.toContain(hook.id);
      expect(await b.webhooks.list(owner)).toEqual([{ ...hook, active: false }]);
      expect(await b.webhooks.get('missing')).toBeNull();
    });

    it('moves the cursor forward only and refuses a lower fencing token, writing nothing', async () => {
      const hook = webhook(unique('integrator'));
      await a.webhooks.addWithinLimit(hook);
      await a.webhooks.moveCursor(hook.id, 5, 2);
      await expect(b.webhooks.moveCursor(hook.id, 9, 1)).rejects.toBeInstanceOf(FencedOutError);
      expect((await a.webhooks.get(hook.id))!.cursor).toBe(5);
      await b.webhooks.moveCursor(hook.id, 3, 2);
      expect((await a.webhooks.get(hook.id))!.cursor).toBe(5);
      await b.webhooks.moveCursor(hook.id, 8, 3);
      await expect(a.webhooks.moveCursor(hook.id, 12, 2)).rejects.toThrow(`webhook:${hook.id}: fencing token 2 is older than 3`);
      await a.webhooks.moveCursor(hook.id, 10);
      expect((await b.webhooks.get(hook.id))!.cursor).toBe(10);
    });

    it('fences off a paused dispatcher once another instance took its lease over', async () => {
      const hook = webhook(unique('integrator'));
      await a.webhooks.addWithinLimit(hook);
      const paused = (await a.leases.tryAcquire(`webhook:${hook.id}`, 'instance-a', 1))!;
      await a.webhooks.moveCursor(hook.id, 3, paused.token);
      await sleep(30);
      const successor = (await b.leases.tryAcquire(`webhook:${hook.id}`, 'instance-b', 60_000))!;
      await b.webhooks.moveCursor(hook.id, 4, successor.token);
      await expect(a.webhooks.moveCursor(hook.id, 6, paused.token)).rejects.toBeInstanceOf(FencedOutError);
      await expect(a.webhooks.deadLetter({ webhookId: hook.id, eventId: randomUUID(), position: 6, attempts: 1, lastError: 'timeout', failedAt: new Date().toISOString(), payload: '{}' }, paused.token)).rejects.toBeInstanceOf(FencedOutError);
      expect((await b.webhooks.get(hook.id))!.cursor).toBe(4);
      expect(await b.webhooks.deadLetters(hook.id)).toStrictEqual([]);
    });

    it('dead-letters an event and moves the cursor past it together, fenced like the cursor', async () => {
      const hook = webhook(unique('integrator'));
      await a.webhooks.addWithinLimit(hook);
      const letter = { webhookId: hook.id, eventId: randomUUID(), position: 7, attempts: 5, lastError: 'http_500', failedAt: new Date().toISOString(), payload: '{"type":"IntakeRecorded"}' };
      await a.webhooks.deadLetter(letter, 4);
      expect((await b.webhooks.get(hook.id))!.cursor).toBe(7);
      expect(await b.webhooks.deadLetters(hook.id)).toEqual([letter]);
      await expect(b.webhooks.deadLetter({ ...letter, eventId: randomUUID(), position: 9 }, 3)).rejects.toBeInstanceOf(FencedOutError);
      expect(await a.webhooks.deadLetters(hook.id)).toHaveLength(1);
      expect((await a.webhooks.get(hook.id))!.cursor).toBe(7);
      expect((await a.webhooks.deliveryState(hook.id)).deadLetters).toBe(1);
      await b.webhooks.removeDeadLetter(hook.id, letter.eventId);
      expect(await a.webhooks.deadLetters(hook.id)).toStrictEqual([]);
    });

    it('records delivery state seen by both instances', async () => {
      const hook = webhook(unique('integrator'));
      await a.webhooks.addWithinLimit(hook);
      await a.webhooks.recordFailure(hook.id, 'timeout', '2026-11-30T10:00:00.000Z', '2026-11-30T10:00:05.000Z');
      await a.webhooks.recordFailure(hook.id, 'http_503', '2026-11-30T10:00:05.000Z', '2026-11-30T10:00:15.000Z');
      expect(await b.webhooks.deliveryState(hook.id)).toEqual({
        lastDeliveredAt: null,
        lastFailureAt: '2026-11-30T10:00:05.000Z',
        lastFailureReason: 'http_503',
        consecutiveFailures: 2,
        deadLetters: 0,
        backingOffUntil: '2026-11-30T10:00:15.000Z',
      });
      await b.webhooks.recordDelivered(hook.id, '2026-11-30T10:00:15.000Z');
      expect(await a.webhooks.deliveryState(hook.id)).toMatchObject({ lastDeliveredAt: '2026-11-30T10:00:15.000Z', consecutiveFailures: 0, backingOffUntil: null });
    });
  });

  describe('sessions', () => {
    const session = (keyHash: string, createdAt: string, expiresAt = '2999-01-01T00:00:00.000Z') => ({ sessionHash: randomBytes(32).toString('hex'), keyHash, createdAt, expiresAt });

    it('finds a session made through the other instance, and ends it for both', async () => {
      const made = session(randomBytes(32).toString('hex'), new Date().toISOString());
      await a.sessions.add(made, 20);
      expect(await b.sessions.find(made.sessionHash)).toEqual(made);
      await b.sessions.remove(made.sessionHash);
      expect(await a.sessions.find(made.sessionHash)).toBeUndefined();
    });

    it("lets a key's oldest sessions make room and removes expired ones", async () => {
      const keyHash = randomBytes(32).toString('hex');
      const [oldest, middle, newest] = ['2026-11-30T10:00:00.000Z', '2026-11-30T10:01:00.000Z', '2026-11-30T10:02:00.000Z'].map((at) => session(keyHash, at));
      await a.sessions.add(oldest, 2);
      await b.sessions.add(middle, 2);
      await a.sessions.add(newest, 2);
      expect(await b.sessions.find(oldest.sessionHash)).toBeUndefined();
      expect(await b.sessions.find(middle.sessionHash)).toEqual(middle);
      const expired = session(randomBytes(32).toString('hex'), '2026-11-30T10:00:00.000Z', '2026-11-30T10:30:00.000Z');
      await a.sessions.add(expired, 20);
      await b.sessions.removeExpired('2026-11-30T10:30:00.000Z');
      expect(await a.sessions.find(expired.sessionHash)).toBeUndefined();
      expect(await a.sessions.find(newest.sessionHash)).toEqual(newest);
    });
  });

  describe('stream tickets', () => {
    const ticket = (actorId: string, expiresAt: number) => ({ ticketHash: randomBytes(32).toString('hex'), actor: { role: 'integrator' as const, id: actorId }, purpose: 'integration-events', expiresAt });

    it('redeems a ticket once across instances: of concurrent redemptions exactly one wins', async () => {
      const now = Date.now();
      const tickets = Array.from({ length: 10 }, () => ticket(unique('integrator'), now + 60_000));
      for (const t of tickets) await a.tickets.put(t, 20, now);
      const taken = await Promise.all(tickets.flatMap((t) => [a.tickets.take(t.ticketHash), b.tickets.take(t.ticketHash)]));
      for (let i = 0; i < tickets.length; i++) {
        const winners = [taken[2 * i], taken[2 * i + 1]].filter((t) => t !== undefined);
        expect(winners).toEqual([tickets[i]]);
      }
    });

    it("lets an actor's oldest tickets make room and drops expired ones", async () => {
      const now = Date.now();
      const actorId = unique('integrator');
      const [first, second, third] = [1, 2, 3].map((i) => ticket(actorId, now + i * 1000));
      const expiring = ticket(unique('integrator'), now + 10);
      await b.tickets.put(expiring, 20, now);
      await a.tickets.put(first, 2, now);
      await b.tickets.put(second, 2, now);
      await a.tickets.put(third, 2, now + 500);
      expect(await b.tickets.take(first.ticketHash)).toBeUndefined();
      expect(await b.tickets.take(expiring.ticketHash)).toBeUndefined();
      expect(await a.tickets.take(second.ticketHash)).toEqual(second);
      expect(await a.tickets.take(third.ticketHash)).toEqual(third);
    });
  });

  describe('secrets', () => {
    it('ends with one value on both instances when they create it at once', async () => {
      const name = unique('secret');
      const values = await Promise.all([a.secrets.getOrCreate(name, () => 'from-a'), b.secrets.getOrCreate(name, () => 'from-b')]);
      expect(values[0]).toBe(values[1]);
      expect(['from-a', 'from-b']).toContain(values[0]);
      expect(await b.secrets.getOrCreate(name, () => 'later')).toBe(values[0]);
    });
  });

  describe('leases', () => {
    leaseStoreConformance(async () => [a.leases, b.leases]);
  });
}

/**
 * The lease contract on two stores over one backing store (two instances). Part of sharedStateConformance;
 * callable alone for an adapter that has only a lease store.
 */
export function leaseStoreConformance(openTwo: () => Promise<[LeaseStore, LeaseStore]>): void {
  let first: LeaseStore;
  let second: LeaseStore;
  beforeAll(async () => {
    [first, second] = await openTwo();
  });

  it('has one holder across instances when both ask at once; the holder renewing keeps its token', async () => {
    const names = Array.from({ length: 10 }, () => unique('projection:caseload'));
    const taken = await Promise.all(names.flatMap((name) => [first.tryAcquire(name, 'instance-a', 60_000), second.tryAcquire(name, 'instance-b', 60_000)]));
    for (let i = 0; i < names.length; i++) {
      const holders = [taken[2 * i], taken[2 * i + 1]].filter((lease) => lease !== null);
      expect(holders).toHaveLength(1);
      expect(holders[0]).toMatchObject({ name: names[i], token: 1 });
    }
    const lease = taken[0] ?? taken[1];
    const store = taken[0] ? first : second;
    const again = await store.tryAcquire(lease!.name, lease!.owner, 60_000);
    expect(again).toMatchObject({ name: lease!.name, owner: lease!.owner, token: lease!.token });
    expect(Date.parse(again!.expiresAt)).toBeGreaterThanOrEqual(Date.parse(lease!.expiresAt));
    const renewed = await (taken[0] ? second : first).renew(lease!, 60_000);
    expect(renewed).toMatchObject({ token: lease!.token });
    expect(await (taken[0] ? second : first).tryAcquire(lease!.name, lease!.owner === 'instance-a' ? 'instance-b' : 'instance-a', 60_000)).toBeNull();
  });

  it('is taken over after expiry with a larger token, and the former holder can no longer renew', async () => {
    const name = unique('webhook');
    const held = (await first.tryAcquire(name, 'instance-a', 1))!;
    expect(held).not.toBeNull();
    await sleep(30);
    const taken = await second.tryAcquire(name, 'instance-b', 60_000);
    expect(taken).toMatchObject({ name, owner: 'instance-b' });
    expect(taken!.token).toBeGreaterThan(held.token);
    expect(await first.renew(held, 60_000)).toBeNull();
    expect(await first.tryAcquire(name, 'instance-a', 60_000)).toBeNull();
    expect(await first.list()).toContainEqual(taken);
  });

  it('starts a new term for the same owner after its lease expired', async () => {
    const name = unique('checkpoints');
    const held = (await first.tryAcquire(name, 'instance-a', 1))!;
    await sleep(30);
    const again = await second.tryAcquire(name, 'instance-a', 60_000);
    expect(again!.token).toBeGreaterThan(held.token);
  });

  it('hands over at once on release', async () => {
    const name = unique('planned-steps');
    const held = (await first.tryAcquire(name, 'instance-a', 60_000))!;
    expect(await second.tryAcquire(name, 'instance-b', 60_000)).toBeNull();
    await first.release(held);
    const taken = await second.tryAcquire(name, 'instance-b', 60_000);
    expect(taken).toMatchObject({ owner: 'instance-b' });
    expect(taken!.token).toBeGreaterThan(held.token);
    await first.release(held);
    expect(await first.tryAcquire(name, 'instance-a', 60_000)).toBeNull();
  });
}
