import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKeyWrapper, STREAM_TICKET_TTL_MS, StreamTickets } from '@wijkzorg/application';
import { SqliteSecretStore } from './sqlite-secret-store';
import { SqliteTicketStore } from './sqlite-ticket-store';
import { SqliteSharedState } from './sqlite-shared-state';

const NOW = Date.parse('2026-11-30T10:00:00Z');
const actor = { role: 'integrator' as const, id: 'i-1' };

describe('SqliteSecretStore', () => {
  it('creates a secret once: a second process on the file gets the first one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wijkzorg-secrets-')), 'shared-state.db');
    const one = new SqliteSecretStore(file);
    const other = new SqliteSecretStore(file);
    let created = 0;
    const create = () => `secret-${++created}`;
    expect(await one.getOrCreate('token-secret', create)).toBe('secret-1');
    expect(await other.getOrCreate('token-secret', create)).toBe('secret-1');
    expect(await one.getOrCreate('token-secret', create)).toBe('secret-1');
    expect(created).toBe(1);
    expect(await other.getOrCreate('pseudonym-key', create)).toBe('secret-2');
    one.close();
    other.close();
  });

  it('adopts the file an earlier version kept the secret in, so existing data dirs keep their tokens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-secrets-'));
    writeFileSync(join(dir, 'token-secret'), 'the-old-secret\n');
    const store = new SqliteSecretStore(join(dir, 'shared-state.db'), { 'token-secret': join(dir, 'token-secret'), 'pseudonym-key': join(dir, 'pseudonym-key') });
    expect(await store.getOrCreate('token-secret', () => 'new')).toBe('the-old-secret');
    expect(await store.getOrCreate('pseudonym-key', () => 'fresh')).toBe('fresh');
    store.close();
  });
});

describe('SqliteTicketStore', () => {
  it('a ticket issued through one process opens one stream, once, through another', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wijkzorg-tickets-')), 'shared-state.db');
    const issuing = new StreamTickets(new SqliteTicketStore(file));
    const redeeming = new StreamTickets(new SqliteTicketStore(file));
    const { ticket } = await issuing.issue(actor, 'events', NOW);
    expect(await redeeming.redeem(ticket, 'events', NOW + 1000)).toEqual(actor);
    expect(await issuing.redeem(ticket, 'events', NOW + 1000)).toBeUndefined();
    expect(await redeeming.redeem(ticket, 'events', NOW + 1000)).toBeUndefined();
    const late = (await issuing.issue(actor, 'events', NOW)).ticket;
    expect(await redeeming.redeem(late, 'events', NOW + STREAM_TICKET_TTL_MS)).toBeUndefined();
    const other = (await issuing.issue(actor, 'events', NOW)).ticket;
    expect(await redeeming.redeem(other, 'exports', NOW)).toBeUndefined();
    expect(await redeeming.redeem(other, 'events', NOW)).toBeUndefined();
  });

  it('keeps at most twenty open per actor, and only the hash of a ticket', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wijkzorg-tickets-')), 'shared-state.db');
    const store = new SqliteTicketStore(file);
    const tickets = new StreamTickets(store);
    const issued: string[] = [];
    for (let i = 0; i < 21; i++) issued.push((await tickets.issue(actor, 'events', NOW)).ticket);
    const someoneElse = (await tickets.issue({ role: 'integrator', id: 'i-2' }, 'events', NOW)).ticket;
    expect(await tickets.redeem(issued[0], 'events', NOW)).toBeUndefined();
    expect(await tickets.redeem(issued[1], 'events', NOW)).toEqual(actor);
    expect(await tickets.redeem(issued[20], 'events', NOW)).toEqual(actor);
    expect(await tickets.redeem(someoneElse, 'events', NOW)).toEqual({ role: 'integrator', id: 'i-2' });
    expect(await store.take(issued[5])).toBeUndefined(); // the raw ticket is no key of the store
    store.close();
  });
});

describe('SqliteSharedState', () => {
  it('opens every part in the data dir, answers a ping, and leases across two bundles on one dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-shared-'));
    const wrapper = new LocalKeyWrapper({ id: 'k', key: Buffer.alloc(32, 7) });
    const one = await SqliteSharedState.inDataDir(dir, wrapper);
    const other = await SqliteSharedState.inDataDir(dir, wrapper);
    await one.ping();
    expect(one.kind).toBe('sqlite');
    expect(await one.leases.tryAcquire('projection:caseload', 'api-1', 60_000)).toMatchObject({ owner: 'api-1', token: 1 });
    expect(await other.leases.tryAcquire('projection:caseload', 'api-2', 60_000)).toBeNull();
    expect(await other.secrets.getOrCreate('token-secret', () => 'b')).toBe(await one.secrets.getOrCreate('token-secret', () => 'a'));
    await one.close();
    await other.close();
  });
});
