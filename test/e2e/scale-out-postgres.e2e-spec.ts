import { ChildProcess, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PostgresEventStore, RecordedEvent } from '@wijkzorg/event-store';
import { PostgresCluster, startPostgresCluster } from '../support/postgres-cluster';
import { startApiProcess, stopApiProcess } from '../support/api-process';
import { readSse } from '../support/sse';
import { intakeBody, wijkBody, wooncirkelBody } from '../support/test-app';

/**
 * Issue 13's done-when: one PostgreSQL, three api processes on it (each with its own, otherwise empty data
 * directory), concurrent writes spread over all three, SIGKILL of the instance that holds the projection
 * leases. No secret is configured but the key-encryption key: tokens, pseudonyms and client keys can only
 * agree across the instances through the shared state.
 */
type Name = 'a' | 'b' | 'c';
type Role = 'admin' | 'integrator' | 'auditor' | 'gemeente' | 'zorgprofessional';
const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');
const clients = Array.from({ length: 6 }, (_, i) => `c-scale-${i}`);

async function eventually<T>(what: string, check: () => Promise<T | undefined>, seconds = 20): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${seconds} s: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('three api processes on one PostgreSQL: scale-out and failover', () => {
  let cluster: PostgresCluster;
  let env: Record<string, string>;
  const firstPort = 5800 + Math.floor(Math.random() * 800);
  const apis: Record<Name, { port: number; id: string; process?: ChildProcess }> = {
    a: { port: firstPort, id: 'api-a' },
    b: { port: firstPort + 1, id: 'api-b' },
    c: { port: firstPort + 2, id: 'api-c' },
  };
  const tokens = {} as Record<Role, string>;
  let receiver: Server;
  const delivered: { id: string; type: string; subject?: string }[] = [];

  const call = async (api: Name, method: string, path: string, role: Role, body?: object) => {
    const res = await fetch(`http://127.0.0.1:${apis[api].port}${path}`, {
      method,
      headers: { Authorization: `Bearer ${tokens[role]}`, 'Content-Type': 'application/json', ...(role === 'auditor' ? { 'X-Access-Purpose': 'audit' } : {}) },
      body: body && JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  };
  const cli = async (...args: string[]) => (await promisify(execFile)(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } })).stdout.trim();
  const leasesHeld = async (api: Name, kind: string) => Number(new RegExp(`^wijkzorg_leases_held\\{kind="${kind}"\\} (\\d+)$`, 'm').exec((await call(api, 'GET', '/metrics', 'admin')).text)?.[1] ?? 0);
  const status = async (api: Name) => (await call(api, 'GET', '/v1/projections/status', 'admin')).json() as { name: string; owner: string | null; position: number; headPosition: number }[];

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const event = JSON.parse(body) as { id: string; type: string; subject?: string };
        delivered.push({ id: event.id, type: event.type, subject: event.subject });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    env = {
      WIJKZORG_EVENT_STORE: 'postgres',
      WIJKZORG_READ_MODELS: 'postgres',
      POSTGRES_URL: await cluster.createDatabase(),
      WIJKZORG_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      WIJKZORG_LEASE_TTL_MS: '2000',
      WIJKZORG_DEMO_TOKENS: 'off',
      WIJKZORG_RATE_LIMIT: 'off',
      WIJKZORG_WEBHOOK_RETRY_MS: '200,500,1000',
      WIJKZORG_WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    };
    // api-a first: it creates the tables and the secrets, and takes every lease, the webhook's included (below).
    apis.a.process = await startApiProcess(mkdtempSync(join(tmpdir(), 'wijkzorg-scale-a-')), apis.a.port, { ...env, WIJKZORG_INSTANCE_ID: apis.a.id });
    // Tokens from the CLI, which knows no secret either: it finds the one the instances share.
    for (const role of ['admin', 'integrator', 'auditor', 'gemeente', 'zorgprofessional'] as Role[]) tokens[role] = await cli('token', '--role', role, '--sub', `scale-${role}`, ...(role === 'zorgprofessional' ? ['--wooncirkels', '*'] : []), ...(role === 'gemeente' ? ['--org', 'GM0439'] : []));
  }, 120_000);

  afterAll(async () => {
    for (const api of Object.values(apis)) if (api.process) await stopApiProcess(api.process);
    await new Promise((r) => receiver?.close(r));
    await cluster?.stop();
  });

  it('keeps every acknowledged command once, resumes projections and webhooks on another instance, and agrees on tokens, pseudonyms and erasure', async () => {
    expect((await call('a', 'POST', '/v1/wijken', 'admin', wijkBody('WK043902', 'Weidevenne', 'Purmerend'))).status).toBe(201);
    expect((await call('a', 'POST', '/v1/wooncirkels', 'admin', wooncirkelBody('wc-scale', 'WK043902', 50))).status).toBe(201);
    const hook = await call('a', 'POST', '/v1/integration/webhooks', 'integrator', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, types: ['IntakeRegistered', 'BudgetAllocated'] });
    expect(hook.status).toBe(201);
    await eventually('api-a delivers the webhook', async () => ((await leasesHeld('a', 'webhook')) === 1 ? true : undefined));
    // The other two join at once, as in a rolling deployment; they find the tables, the secrets and the leases taken.
    await Promise.all(
      (['b', 'c'] as Name[]).map(async (name) => {
        apis[name].process = await startApiProcess(mkdtempSync(join(tmpdir(), `wijkzorg-scale-${name}-`)), apis[name].port, { ...env, WIJKZORG_INSTANCE_ID: apis[name].id });
      }),
    );
    // One token works on every instance: the token secret is shared.
    for (const name of Object.keys(apis) as Name[]) expect([name, (await call(name, 'GET', '/v1/projections/status', 'admin')).status]).toEqual([name, 200]);
    // Intakes through different instances: the client's key is made by one instance and used by the others.
    for (const [i, clientId] of clients.entries()) {
      const via = (['a', 'b', 'c'] as Name[])[i % 3];
      expect((await call(via, 'POST', '/v1/intakes', 'zorgprofessional', intakeBody(clientId, 'wc-scale', 'WK043902', { personal: { bsn: '111222333', name: `Noor de Vries ${i}` } }))).status).toBe(201);
      const beschikking = { indicatieId: `ind-${clientId}`, wet: 'wmo', product: 'begeleiding_individueel', validFrom: '2026-01-01', validUntil: '2026-12-31', volume: { unit: 'uur_per_week', amount: 4 }, covers: ['intensief_ambulant'] };
      expect((await call((['b', 'c', 'a'] as Name[])[i % 3], 'POST', `/v1/clients/${clientId}/indicaties`, 'gemeente', beschikking)).status).toBe(201);
    }
    // Every instance decrypts what another sealed.
    for (const name of Object.keys(apis) as Name[]) {
      const events = (await call(name, 'GET', `/v1/clients/${clients[1]}/events`, 'auditor')).json().events as { data: { personal?: { name: string } } }[];
      expect([name, events[0].data.personal?.name]).toEqual([name, 'Noor de Vries 1']);
    }

    const owners = await eventually('one owner for every projection', async () => {
      const list = await status('b');
      return list.every((p) => p.owner) ? new Set(list.map((p) => p.owner!.split('/')[0])) : undefined;
    });
    // The first to start holds them all, and the webhook's lease: it is the one to kill.
    expect([...owners]).toEqual([apis.a.id]);
    const victimId = apis.a.id;
    const victim: Name = 'a';
    expect(await leasesHeld('a', 'webhook')).toBe(1);
    const survivors = (Object.keys(apis) as Name[]).filter((n) => n !== victim);

    // Concurrent writes over all three; the victim dies under load.
    const acknowledged: { clientId: string; commandId: string; amountCents: number }[] = [];
    let stop = false;
    let cut = 0;
    const writers = Array.from({ length: 12 }, async (_, w) => {
      const via = (['a', 'b', 'c'] as Name[])[w % 3];
      for (let n = 0; !stop; n++) {
        const clientId = clients[(w + n) % clients.length];
        const commandId = `scale-${w}-${n}`;
        const amountCents = 100 + w;
        try {
          const res = await call(via, 'POST', `/v1/clients/${clientId}/budget/allocations`, 'gemeente', { year: 2026, funder: 'wmo', amountCents, commandId });
          if (res.status === 201) acknowledged.push({ clientId, commandId, amountCents });
          else if (res.status >= 500) throw new Error(`${via}: ${res.status} ${res.text}`);
        } catch (error) {
          if (via !== victim) throw error;
          cut++;
          return; // the connection died with the process: not acknowledged
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    const killedAt = Date.now();
    await stopApiProcess(apis[victim].process!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await Promise.all(writers);
    expect(cut).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(50);

    // Every acknowledged command is in the log exactly once, and the log's chain is whole.
    const store = new PostgresEventStore(env.POSTGRES_URL);
    const log: RecordedEvent[] = [];
    try {
      for (let after = 0; ;) {
        const page = await store.readAll({ afterPosition: after, maxCount: 1000 });
        if (page.length === 0) break;
        log.push(...page);
        after = page[page.length - 1].globalPosition;
      }
      expect((await store.verifyChain!()).ok).toBe(true);
    } finally {
      await store.close();
    }
    const allocations = log.filter((e) => e.type === 'BudgetAllocated');
    const perCommand = new Map<string, number>();
    for (const e of allocations) perCommand.set(e.metadata.commandId!, (perCommand.get(e.metadata.commandId!) ?? 0) + 1);
    expect(acknowledged.filter((a) => perCommand.get(a.commandId) !== 1)).toStrictEqual([]);
    expect([...perCommand.values()].filter((n) => n !== 1)).toStrictEqual([]);

    // Another instance took the projections over within a few seconds and counts every allocation once.
    const head = log[log.length - 1].globalPosition;
    await eventually(
      'projections owned by a survivor and caught up',
      async () => {
        const list = await status(survivors[0]);
        return list.every((p) => p.owner && p.owner.split('/')[0] !== victimId && p.position >= head) ? list : undefined;
      },
      15,
    );
    const takeoverSeconds = (Date.now() - killedAt) / 1000;
    for (const clientId of clients) {
      const expected = allocations.filter((e) => e.streamId === `client-${clientId}`).reduce((sum, e) => sum + (e.data as { amountCents: number }).amountCents, 0);
      for (const name of survivors) {
        const view = (await call(name, 'GET', `/v1/budget/clients/${clientId}?minPosition=${head}`, 'auditor')).json() as { allocatedCents: number };
        expect([name, clientId, view.allocatedCents]).toEqual([name, clientId, expected]);
      }
    }

    // Every webhook event arrives; a duplicate only repeats an event id (at least once across the kill).
    const wanted = log.filter((e) => e.type === 'BudgetAllocated' || e.type === 'IntakeRegistered').map((e) => e.eventId);
    await eventually('every event delivered to the webhook', async () => (wanted.every((id) => delivered.some((d) => d.id === id)) ? true : undefined), 30);
    expect((await leasesHeld(survivors[0], 'webhook')) + (await leasesHeld(survivors[1], 'webhook'))).toBe(1);
    const deliveredIds = delivered.map((d) => d.id);
    const duplicates = deliveredIds.length - new Set(deliveredIds).size;
    expect(deliveredIds.filter((id) => !wanted.includes(id) && !log.some((e) => e.eventId === id))).toStrictEqual([]);

    // Pseudonyms: the same feed from both survivors, and the same as what the webhook received.
    const [one, two] = await Promise.all(survivors.map((name) => readSse(`http://127.0.0.1:${apis[name].port}/v1/integration/events?types=IntakeRegistered`, tokens.integrator, clients.length)));
    expect(one.map((m) => m.data)).toEqual(two.map((m) => m.data));
    expect(one.map((m) => m.data.subject)).toEqual(log.filter((e) => e.type === 'IntakeRegistered').map((e) => delivered.find((d) => d.id === e.eventId)!.subject));
    expect(JSON.stringify(one)).not.toContain('c-scale-');

    // An erasure through one survivor is effective at once on the other.
    const [eraser, reader] = survivors;
    expect((await call(eraser, 'POST', `/v1/clients/${clients[2]}/erasure`, 'admin', { legalBasis: 'avg_art_17' })).status).toBe(201);
    const afterErasure = (await call(reader, 'GET', `/v1/clients/${clients[2]}/events`, 'auditor')).json().events as { data: { personal?: unknown } }[];
    expect(afterErasure[0].data.personal).toBe('[gewist]');
    const untouched = (await call(reader, 'GET', `/v1/clients/${clients[3]}/events`, 'auditor')).json().events as { data: { personal?: { name: string } } }[];
    expect(untouched[0].data.personal?.name).toBe('Noor de Vries 3');

    console.log(
      `scale-out: ${acknowledged.length} commands acknowledged over 3 instances, all present once; ${cut} writers cut by the SIGKILL of ${victimId}; projections owned again and caught up ${takeoverSeconds.toFixed(1)} s after the kill; ${wanted.length} webhook events delivered (${duplicates} duplicates, same ids)`,
    );
  }, 180_000);
});
