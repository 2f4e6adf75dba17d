import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { WebhookStore } from '@wijkzorg/application';
import { WEBHOOK_STORE } from '../../apps/api/src/infrastructure/tokens';
import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';
import { gemeenteFor, grantIndicatie } from '../support/toegang';
import { HOSTILE_WEBHOOK_URLS } from '../support/hostile-webhook-urls';

/** A loopback receiver that records what reaches it; `hang` never answers. */
async function receiver(behaviour: 'answer' | 'hang') {
  const requests: { path: string; body: string }[] = [];
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', body });
      if (behaviour === 'answer') res.writeHead(204).end();
    });
  });
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}

const waitFor = async (condition: () => boolean | Promise<boolean>, ms = 15_000) => {
  const until = Date.now() + ms;
  while (!(await condition()) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  expect(await condition()).toBe(true);
};

describe('webhooks are safe by default', () => {
  let t: TestApp;
  let fast: Awaited<ReturnType<typeof receiver>>;
  let hanging: Awaited<ReturnType<typeof receiver>>;
  let notAllowed: Awaited<ReturnType<typeof receiver>>;
  let closedPort: number;
  const zp = () => t.as('zorgprofessional', 'zp-1');

  beforeAll(async () => {
    [fast, hanging, notAllowed] = await Promise.all([receiver('answer'), receiver('hang'), receiver('answer')]);
    const closed = await receiver('answer');
    closedPort = closed.port;
    await closed.close();
    // Only these loopback ports are allowed; everything else on loopback stays refused.
    process.env.WIJKZORG_WEBHOOK_ALLOWED_HOSTS = `127.0.0.1:${fast.port},127.0.0.1:${hanging.port},127.0.0.1:${closedPort}`;
    process.env.WIJKZORG_WEBHOOK_RETRY_MS = '1000';
    process.env.WIJKZORG_WEBHOOK_TIMEOUT_MS = '4000';
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK036302', 'Driemond', 'Amsterdam'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-hook', 'WK036302', 20))
      .expect(201);
    await zp()
      .post('/intakes', intakeBody('c-hook', 'wc-hook', 'WK036302'))
      .expect(201);
    await grantIndicatie(t, 'c-hook', 'WK036302');
  });
  afterAll(async () => {
    delete process.env.WIJKZORG_WEBHOOK_ALLOWED_HOSTS;
    delete process.env.WIJKZORG_WEBHOOK_RETRY_MS;
    delete process.env.WIJKZORG_WEBHOOK_TIMEOUT_MS;
    await t.close();
    await Promise.all([fast.close(), hanging.close(), notAllowed.close()]);
  });

  it('refuses every hostile address form at registration with 422 naming url, and stores nothing', async () => {
    const answers: string[] = [];
    for (const url of [...HOSTILE_WEBHOOK_URLS, `http://127.0.0.1:${notAllowed.port}/hook`, `http://localhost:${fast.port}/hook`]) {
      const res = await t.as('integrator', 'mallory').post('/integration/webhooks', { url, categories: ['budget'] });
      answers.push(`${url} ${res.status} ${res.body.errors?.[0]?.field}`);
    }
    expect(answers.filter((a) => !a.endsWith(' 422 url'))).toStrictEqual([]);
    expect((await t.as('integrator', 'mallory').get('/integration/webhooks').expect(200)).body).toStrictEqual([]);
    expect(notAllowed.connections()).toBe(0);
  });

  it('calls malformed URLs a 400 naming url', async () => {
    for (const url of ['not a url', 'ftp://hooks.example.org/x', 'file:///etc/passwd', 'http://', 42]) {
      const res = await t
        .as('integrator', 'mallory')
        .post('/integration/webhooks', { url, categories: ['budget'] })
        .expect(400);
      expect(res.body.errors[0].field).toBe('url');
    }
  });

  it('checks again at every delivery: a stored loopback URL that is not allowed is never contacted', async () => {
    // As if DNS had changed after registration: the URL is in the store, the guard refuses it now.
    const store = t.app.get<WebhookStore>(WEBHOOK_STORE);
    const id = randomUUID();
    await store.addWithinLimit({ id, owner: 'mallory', url: `${notAllowed.url}/hook`, eventTypes: ['BudgetAllocated'], secret: 'x'.repeat(24), createdAt: new Date().toISOString(), active: true, cursor: 0 });
    await gemeenteFor(t, 'WK036302').post('/clients/c-hook/budget/allocations', { year: 2026, funder: 'wmo', amountCents: 1000 }).expect(201);
    let hook: { delivery: Record<string, unknown> } | undefined;
    await waitFor(async () => {
      [hook] = (await t.as('integrator', 'mallory').get('/integration/webhooks').expect(200)).body;
      return hook?.delivery.lastFailureReason === 'refused_by_policy';
    });
    expect(hook!.delivery).toMatchObject({ lastDeliveredAt: null, consecutiveFailures: 1, backingOff: true });
    expect(notAllowed.connections()).toBe(0);
    await t.as('integrator', 'mallory').delete(`/integration/webhooks/${id}`).expect(200);
  });

  it('lets one hanging receiver delay only its own webhook, and shows each webhook how delivery goes', async () => {
    const stuck = await t
      .as('integrator', 'acme')
      .post('/integration/webhooks', { url: `${hanging.url}/hook`, types: ['IntakeRegistered'] })
      .expect(201);
    const healthy = await t
      .as('integrator', 'acme')
      .post('/integration/webhooks', { url: `${fast.url}/hook`, types: ['IntakeRegistered'] })
      .expect(201);
    const closed = await t
      .as('integrator', 'acme')
      .post('/integration/webhooks', { url: `http://127.0.0.1:${closedPort}/hook`, types: ['IntakeRegistered'] })
      .expect(201);
    const delivered = () => fast.requests.filter((r) => r.path === '/hook' && r.body.includes('IntakeRegistered'));

    await zp()
      .post('/intakes', intakeBody('c-hook-1', 'wc-hook', 'WK036302'))
      .expect(201);
    await waitFor(() => delivered().length === 1 && hanging.requests.length === 1);
    // The hanging receiver holds the first event; the healthy webhook goes on with the next ones meanwhile.
    await zp()
      .post('/intakes', intakeBody('c-hook-2', 'wc-hook', 'WK036302'))
      .expect(201);
    await zp()
      .post('/intakes', intakeBody('c-hook-3', 'wc-hook', 'WK036302'))
      .expect(201);
    await waitFor(() => delivered().length === 3);
    const list = async () => Object.fromEntries(((await t.as('integrator', 'acme').get('/integration/webhooks').expect(200)).body as { id: string; delivery: Record<string, unknown> }[]).map((w) => [w.id, w.delivery]));
    // Progress, not timing: both later events arrived while the stuck webhook still waits for its first answer.
    expect(hanging.requests.length).toBe(1);
    expect((await list())[stuck.body.id]).toMatchObject({ lastFailureAt: null, consecutiveFailures: 0 });
    const positions = delivered().map((r) => JSON.parse(r.body).position);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    let states: Record<string, Record<string, unknown>> = {};
    await waitFor(async () => {
      states = await list();
      return states[stuck.body.id].consecutiveFailures === 1;
    });
    expect(states[stuck.body.id]).toMatchObject({ lastDeliveredAt: null, lastFailureReason: 'timeout', consecutiveFailures: 1, deadLetters: 0, backingOff: true, nextAttemptAt: expect.any(String) });
    expect(states[healthy.body.id]).toMatchObject({ lastDeliveredAt: expect.any(String), lastFailureReason: null, consecutiveFailures: 0, deadLetters: 0, backingOff: false });
    expect(states[closed.body.id]).toMatchObject({ lastFailureReason: 'unreachable' });

    // After its one retry the stuck event is dead-lettered with a coarse reason, and the next one is tried.
    await waitFor(async () => (await list())[stuck.body.id].deadLetters === 1);
    const letters = (await t.as('integrator', 'acme').get(`/integration/webhooks/${stuck.body.id}/dead-letters`).expect(200)).body;
    expect(letters).toEqual([expect.objectContaining({ attempts: 2, lastError: 'timeout' })]);
    await waitFor(async () => ((await list())[closed.body.id].deadLetters as number) >= 1);
    const closedLetters = (await t.as('integrator', 'acme').get(`/integration/webhooks/${closed.body.id}/dead-letters`).expect(200)).body;
    expect(closedLetters[0].lastError).toBe('unreachable'); // not 'connect ECONNREFUSED 127.0.0.1:…'
    await waitFor(() => hanging.requests.length >= 3);
    for (const hook of [stuck, healthy, closed]) await t.as('integrator', 'acme').delete(`/integration/webhooks/${hook.body.id}`).expect(200);
  }, 30_000);

  it(`limits each integrator to 10 active webhooks`, async () => {
    for (let i = 0; i < 10; i++)
      await t
        .as('integrator', 'busy')
        .post('/integration/webhooks', { url: `${fast.url}/limit-${i}`, types: ['CaseClosed'] })
        .expect(201);
    const refused = await t
      .as('integrator', 'busy')
      .post('/integration/webhooks', { url: `${fast.url}/limit-10`, types: ['CaseClosed'] })
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'webhook_limit_reached', limit: 10, errors: [{ field: 'webhooks' }] });
    await t
      .as('integrator', 'other')
      .post('/integration/webhooks', { url: `${fast.url}/limit-other`, types: ['CaseClosed'] })
      .expect(201);
    const [first] = (await t.as('integrator', 'busy').get('/integration/webhooks').expect(200)).body;
    await t.as('integrator', 'busy').delete(`/integration/webhooks/${first.id}`).expect(200);
    await t
      .as('integrator', 'busy')
      .post('/integration/webhooks', { url: `${fast.url}/limit-10`, types: ['CaseClosed'] })
      .expect(201);
  });
});
