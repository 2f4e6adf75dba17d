import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { SqliteLeaseStore, SqliteWebhookStore } from '@wijkzorg/shared-state';
import { LeaseKeeper } from '../shared-state/lease-keeper';
import { Pseudonymizer } from './pseudonymizer';
import { SsrfGuard } from './ssrf-guard';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookStore } from './webhook-store';

/** Two instances' dispatchers on one shared webhook store, each with its own lease keeper over one lease file. */
describe('webhook dispatchers of two instances under leases', () => {
  let dir: string;
  let clock: number;
  const now = () => clock;
  let events: SqliteEventStore;
  let webhooks: WebhookStore;
  let receiver: Server;
  let port: number;
  const received: string[] = [];
  let holdFirst: { eventId: string; arrived: () => void; release?: () => void } | undefined;
  const closers: (() => unknown)[] = [];

  const instance = (owner: string) => {
    const leases = new SqliteLeaseStore(join(dir, 'leases.db'), now);
    closers.push(() => leases.close());
    const keeper = new LeaseKeeper({ store: leases, owner, ttlMs: 3000, names: ['webhook:w1'], now });
    const log: string[] = [];
    const dispatcher = new WebhookDispatcher(events, webhooks, new Pseudonymizer(Buffer.from('lease-test-key')), new SsrfGuard({ allowedHosts: `127.0.0.1:${port}` }), { retryDelaysMs: [], leases: keeper, log: (m) => log.push(m) });
    return { keeper, dispatcher, log };
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wijkzorg-dispatch-leases-'));
    clock = 1_000_000;
    received.length = 0;
    holdFirst = undefined;
    events = new SqliteEventStore(join(dir, 'wijkzorg.db'));
    for (let i = 1; i <= 6; i++) {
      await events.append(
        `wijk-WK04790${i}`,
        [
          {
            eventId: `e${i}-${randomUUID()}`,
            type: 'WijkRegistered',
            schemaVersion: 1,
            data: { wijkCode: `WK04790${i}`, wijkName: `Wijk ${i}`, gemeenteCode: 'GM0479', gemeenteName: 'Zaanstad' },
            occurredAt: '2026-01-01T00:00:00Z',
            metadata: { actor: { role: 'admin', id: 't' }, correlationId: 'c', causationId: null, commandId: null },
          },
        ],
        'any',
      );
    }
    receiver = createServer((request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const id = (JSON.parse(body) as { id: string }).id;
        received.push(id);
        if (holdFirst && id.startsWith(holdFirst.eventId) && !holdFirst.release) {
          // The first delivery of this event stalls (a paused instance); later ones are answered at once.
          holdFirst.release = () => response.writeHead(200).end();
          holdFirst.arrived();
          return;
        }
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    port = (receiver.address() as AddressInfo).port;
    // One shared webhook store for both instances (at merge: the SQLite store itself, once it implements the async port).
    webhooks = new SqliteWebhookStore(join(dir, 'webhooks.db'));
    await webhooks.addWithinLimit({ id: 'w1', owner: 'acme', url: `http://127.0.0.1:${port}/hook`, eventTypes: ['WijkRegistered'], secret: 's'.repeat(32), createdAt: new Date().toISOString(), active: true, cursor: 0 });
  });

  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await webhooks.close();
    await events.close();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the queue only on the lease holder', async () => {
    const a = instance('a');
    const b = instance('b');
    await a.keeper.refresh();
    await b.keeper.refresh();
    await b.dispatcher.deliverAll();
    expect(received).toStrictEqual([]);
    await a.dispatcher.deliverAll();
    expect(received.map((id) => id.split('-')[0])).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    expect((await webhooks.get('w1'))?.cursor).toBe(6);
  });

  it('delivers every event at least once across a takeover mid-queue, the duplicate with the same id, and refuses the old owner its cursor move', async () => {
    const a = instance('a');
    const b = instance('b');
    await a.keeper.refresh();
    await b.keeper.refresh();
    const stalled = new Promise<void>((arrived) => (holdFirst = { eventId: 'e3', arrived }));
    const first = a.dispatcher.deliverAll();
    await stalled; // a delivered e1 and e2, and hangs on e3

    clock += 3001; // a's lease runs out while it hangs; b takes over
    await b.keeper.refresh();
    expect(b.keeper.holds('webhook:w1')?.token).toBe(2);
    await b.dispatcher.deliverAll();
    expect((await webhooks.get('w1'))?.cursor).toBe(6);

    holdFirst!.release!(); // a's receiver answers at last: a tries to move the cursor to e3 under token 1
    await first;
    expect(a.log).toEqual([expect.stringContaining('webhook w1: left to the instance that took over (webhook:w1: fencing token 1 is older than 2')]);
    expect((await webhooks.get('w1'))?.cursor).toBe(6);

    const ids = received.map((id) => id.split('-')[0]);
    expect(ids).toEqual(['e1', 'e2', 'e3', 'e3', 'e4', 'e5', 'e6']);
    const e3 = received.filter((id) => id.startsWith('e3-'));
    expect(new Set(e3).size).toBe(1); // the same CloudEvent id both times: receivers de-duplicate by it
  });
});
