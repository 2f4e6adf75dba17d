import { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_SECRET, testTokens } from '../support/test-app';
import { HOOK_MS_PER_API_START, startApiProcess, stopApiProcess } from '../support/api-process';

type Api = 'a' | 'b' | 'c';
type Role = 'admin' | 'integrator' | 'auditor';
const token = (role: Role) => testTokens.issue({ role, id: `leases-${role}` });

/** Polls until `check` answers something other than undefined; fails after `seconds`. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, seconds = 15): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${seconds} s: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The configured instance id of a lease owner (`<WIJKZORG_INSTANCE_ID>/<per-process suffix>`). */
const instanceOf = (owner: string | null) => owner?.split('/')[0];

describe('api processes on one data directory: one owner per background worker', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-leases-'));
  const firstPort = 5000 + Math.floor(Math.random() * 800);
  // c runs with WIJKZORG_PROJECTIONS=off and WIJKZORG_WEBHOOKS=off: it never takes those leases.
  const apis: Record<Api, { port: number; process?: ChildProcess }> = { a: { port: firstPort }, b: { port: firstPort + 1 }, c: { port: firstPort + 2 } };
  let receiver: Server;
  const received: string[] = [];

  const call = async (api: Api, method: string, path: string, role: Role, body?: object) => {
    const res = await fetch(`http://127.0.0.1:${apis[api].port}${path}`, { method, headers: { Authorization: `Bearer ${token(role)}`, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  };
  const owners = async (api: Api) => {
    const { status, text } = await call(api, 'GET', '/v1/projections/status', 'admin');
    expect(status).toBe(200);
    return JSON.parse(text) as { name: string; owner: string | null; position: number; headPosition: number }[];
  };
  const leasesHeld = async (api: Api, kind: string) => Number(new RegExp(`^wijkzorg_leases_held\\{kind="${kind}"\\} (\\d+)$`, 'm').exec((await call(api, 'GET', '/metrics', 'admin')).text)?.[1]);
  const registerWijk = (api: Api, n: number) => call(api, 'POST', '/v1/wijken', 'admin', { wijkCode: `WK0439${String(n).padStart(2, '0')}`, wijkName: `Wijk ${n}`, gemeenteCode: 'GM0439', gemeenteName: 'Purmerend' });

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push((JSON.parse(body) as { id: string }).id);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const env = (id: string) => ({ WIJKZORG_JWT_SECRET: TEST_SECRET, WIJKZORG_DEMO_TOKENS: 'off', WIJKZORG_INSTANCE_ID: id, WIJKZORG_WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${(receiver.address() as AddressInfo).port}`, WIJKZORG_RATE_LIMIT: 'off' });
    // One after the other: the first creates the files, and takes every lease.
    apis.a.process = await startApiProcess(dataDir, apis.a.port, env('api-a'));
    // The webhook exists before b starts: once two instances deliver, either may take a new webhook's lease first.
    const hook = await call('a', 'POST', '/v1/integration/webhooks', 'integrator', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, types: ['WijkRegistered'] });
    expect(hook.status).toBe(201);
    await eventually('a holds the webhook lease', async () => ((await leasesHeld('a', 'webhook')) === 1 ? true : undefined));
    apis.b.process = await startApiProcess(dataDir, apis.b.port, env('api-b'));
    apis.c.process = await startApiProcess(dataDir, apis.c.port, { ...env('api-c'), WIJKZORG_PROJECTIONS: 'off', WIJKZORG_WEBHOOKS: 'off' });
  }, 3 * HOOK_MS_PER_API_START);

  afterAll(async () => {
    for (const api of Object.values(apis)) if (api.process) await stopApiProcess(api.process);
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  });

  it('runs projections and webhooks on exactly one instance, and another takes over within seconds of a SIGKILL', async () => {
    // Every projection is owned by a, as every instance reports; a alone holds the webhook's lease.
    for (const api of ['a', 'b', 'c'] as const) expect(new Set((await owners(api)).map((p) => instanceOf(p.owner)))).toEqual(new Set(['api-a']));
    await eventually('a holds the webhook lease', async () => ((await leasesHeld('a', 'webhook')) === 1 ? true : undefined));
    expect(await leasesHeld('b', 'webhook')).toBe(0);
    expect(await leasesHeld('b', 'projection')).toBe(0);
    expect(await leasesHeld('a', 'projection')).toBe((await owners('a')).length);
    for (const kind of ['checkpoints', 'planned-steps']) expect([await leasesHeld('a', kind), await leasesHeld('b', kind), await leasesHeld('c', kind)]).toEqual([1, 0, 0]);
    for (const kind of ['projection', 'webhook']) expect(await leasesHeld('c', kind)).toBe(0);

    // Written through b, applied and delivered by a.
    for (let n = 1; n <= 3; n++) expect((await registerWijk('b', n)).status).toBe(201);
    await eventually('a applied the writes made through b', async () => ((await owners('b')).every((p) => p.position === p.headPosition) ? true : undefined));
    await eventually('three deliveries', async () => (received.length >= 3 ? true : undefined));

    // c writes nothing to the read models, yet answers read-your-writes once the owner has applied the write.
    const written = await registerWijk('c', 7);
    expect(written.status).toBe(201);
    const { position } = JSON.parse(written.text) as { position: number };
    expect((await call('c', 'GET', `/v1/caseload/wijken/WK043907?minPosition=${position}`, 'auditor')).status).toBe(200);

    await stopApiProcess(apis.a.process!, 'SIGKILL');
    apis.a.process = undefined;
    const killedAt = Date.now();
    await eventually('b owns every projection', async () => ((await owners('b')).every((p) => instanceOf(p.owner) === 'api-b') ? true : undefined), 10);
    await eventually('b holds the webhook lease', async () => ((await leasesHeld('b', 'webhook')) === 1 ? true : undefined), 10);
    // c runs these two as well: one of b and c holds each.
    for (const kind of ['checkpoints', 'planned-steps']) await eventually(`b or c holds ${kind}`, async () => ((await leasesHeld('b', kind)) + (await leasesHeld('c', kind)) === 1 ? true : undefined), 10);
    console.log(`leases: b took over ${Date.now() - killedAt} ms after a was killed`);
    expect(Date.now() - killedAt).toBeLessThan(10_000);

    for (const kind of ['projection', 'webhook']) expect(await leasesHeld('c', kind)).toBe(0);
    for (let n = 4; n <= 6; n++) expect((await registerWijk('b', n)).status).toBe(201);
    await eventually('b applied the new writes', async () => ((await owners('b')).every((p) => p.position === p.headPosition) ? true : undefined));
    await eventually('every event delivered', async () => (new Set(received).size >= 7 ? true : undefined));
    // At least once: each of the seven events, a duplicate (if any) with the same id.
    expect(new Set(received).size).toBe(7);
  });
});
