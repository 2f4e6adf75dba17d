import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteLeaseStore } from '@wijkzorg/shared-state';
import { LeaseKeeper } from './lease-keeper';

describe('LeaseKeeper on the SQLite lease store', () => {
  let dir: string;
  let clock: number;
  const now = () => clock;
  let stores: SqliteLeaseStore[];
  /** Each keeper opens the file on its own, as a separate process would. */
  const keeper = (owner: string, names: string[] = ['projection:caseload']) => {
    const store = new SqliteLeaseStore(join(dir, 'leases.db'), now);
    stores.push(store);
    return new LeaseKeeper({ store, owner, ttlMs: 3000, names, now });
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wijkzorg-leases-'));
    clock = 1_000_000;
    stores = [];
  });
  afterEach(() => {
    for (const store of stores) store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a lease to one keeper at a time and renews it while held', async () => {
    const a = keeper('a');
    const b = keeper('b');
    await a.refresh();
    await b.refresh();
    expect(a.holds('projection:caseload')).toMatchObject({ owner: 'a', token: 1 });
    expect(b.holds('projection:caseload')).toBeUndefined();
    for (let round = 0; round < 5; round++) {
      clock += 1000;
      await a.refresh();
      await b.refresh();
    }
    // Five seconds on, past the first ttl: renewed all along, same term.
    expect(a.holds('projection:caseload')).toMatchObject({ owner: 'a', token: 1 });
    expect(b.holds('projection:caseload')).toBeUndefined();
  });

  it('lets another keeper take over after expiry with a larger token, and refuses the old owner its renewal', async () => {
    const a = keeper('a');
    const b = keeper('b');
    const events: string[] = [];
    a.subscribe({ acquired: (l) => events.push(`a acquired ${l.token}`), lost: (n) => events.push(`a lost ${n}`) });
    b.subscribe({ acquired: (l) => events.push(`b acquired ${l.token}`) });
    await a.refresh();
    const first = a.holds('projection:caseload')!;
    // a pauses (no renewals); its own clock says the lease is no longer to be trusted.
    clock += 3001;
    expect(a.holds('projection:caseload')).toBeUndefined();
    await b.refresh();
    const second = b.holds('projection:caseload')!;
    expect(second.owner).toBe('b');
    expect(second.token).toBeGreaterThan(first.token);
    // a wakes up: its renewal is refused and it lets go.
    await a.refresh();
    expect(a.holds('projection:caseload')).toBeUndefined();
    expect(b.holds('projection:caseload')).toMatchObject({ owner: 'b', token: second.token });
    expect(events).toEqual(['a acquired 1', `b acquired ${second.token}`, 'a lost projection:caseload']);
    expect(await stores[0].list()).toEqual([expect.objectContaining({ name: 'projection:caseload', owner: 'b', token: second.token })]);
  });

  it('does not trust a lease whose time ran out locally; a late renewal starts a new term', async () => {
    const a = keeper('a');
    await a.refresh();
    clock += 2999;
    expect(a.holds('projection:caseload')).toBeDefined();
    clock += 1;
    expect(a.holds('projection:caseload')).toBeUndefined();
    // The store expired it too: the late renewal is refused and the lease comes back as a new term.
    await a.refresh();
    expect(a.holds('projection:caseload')).toMatchObject({ owner: 'a', token: 2 });
  });

  it('releases every lease on stop, so the other keeper takes over at once', async () => {
    const a = keeper('a', ['projection:caseload', 'checkpoints']);
    const b = keeper('b', ['projection:caseload', 'checkpoints']);
    await a.refresh();
    await b.refresh();
    expect(a.heldNames().sort()).toEqual(['checkpoints', 'projection:caseload']);
    expect(b.heldNames()).toStrictEqual([]);
    await a.stop();
    expect(a.heldNames()).toStrictEqual([]);
    await b.refresh(); // no time has passed
    expect(b.heldNames().sort()).toEqual(['checkpoints', 'projection:caseload']);
    expect(b.holds('checkpoints')!.token).toBe(2);
  });

  it('follows a changing set of names: takes new ones, releases the ones no longer wanted', async () => {
    let webhooks = ['webhook:w1', 'webhook:w2'];
    const store = new SqliteLeaseStore(join(dir, 'leases.db'), now);
    stores.push(store);
    const a = new LeaseKeeper({ store, owner: 'a', now, names: () => webhooks });
    await a.want(['checkpoints']);
    expect(a.heldNames().sort()).toEqual(['checkpoints', 'webhook:w1', 'webhook:w2']);
    webhooks = ['webhook:w2'];
    await a.refresh();
    expect(a.heldNames().sort()).toEqual(['checkpoints', 'webhook:w2']);
    const b = keeper('b', ['webhook:w1']);
    await b.refresh();
    expect(b.holds('webhook:w1')).toMatchObject({ owner: 'b', token: 2 });
  });
});
