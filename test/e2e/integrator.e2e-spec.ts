import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';
import { gemeenteFor, grantIndicatie } from '../support/toegang';
import { readSse } from '../support/sse';

describe('integrator: CloudEvents over SSE and signed webhooks, without personal data', () => {
  let t: TestApp;
  let base: string;
  const zp = () => t.as('zorgprofessional', 'zp-1');

  beforeAll(async () => {
    process.env.WIJKZORG_WEBHOOK_RETRY_MS = '50,100,150';
    // The receivers below listen on loopback, which webhooks may reach only when allowed explicitly.
    process.env.WIJKZORG_WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK043901', 'Overwhere', 'Purmerend'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-over', 'WK043901', 5))
      .expect(201);
    await zp()
      .post('/intakes', intakeBody('cl-secret-42', 'wc-over', 'WK043901', { personal: { bsn: '111222333', name: 'Priya Pinas' }, goals: ['weer gaan tekenen'] }))
      .expect(201);
    await grantIndicatie(t, 'cl-secret-42', 'WK043901');
    await gemeenteFor(t, 'WK043901').post('/clients/cl-secret-42/budget/allocations', { year: 2026, funder: 'wmo', amountCents: 300_000 }).expect(201);
  });
  afterAll(async () => {
    delete process.env.WIJKZORG_WEBHOOK_RETRY_MS;
    delete process.env.WIJKZORG_WEBHOOK_ALLOWED_HOSTS;
    await t.close();
  });

  it('streams CloudEvents 1.0 with the global position as id, without personal data', async () => {
    const messages = await readSse(`${base}/integration/events`, t.token('integrator', 'acme'), 5);
    expect(messages.map((m) => m.data.type)).toEqual(['nl.wijkzorg.wijk.WijkRegistered.v1', 'nl.wijkzorg.wijk.WooncirkelRegistered.v2', 'nl.wijkzorg.intake.IntakeRegistered.v2', 'nl.wijkzorg.toegang.IndicatieIssued.v1', 'nl.wijkzorg.budget.BudgetAllocated.v1']);
    const intake = messages[2];
    expect(intake.id).toBe(String(intake.data.position));
    expect(intake.event).toBe(intake.data.type);
    expect(intake.data).toMatchObject({ specversion: '1.0', source: 'urn:wijkzorg:intake', datacontenttype: 'application/json', subject: expect.stringMatching(/^client\/client-/) });
    const text = JSON.stringify(messages);
    for (const secret of ['111222333', 'Priya', 'Pinas', 'cl-secret-42', 'tekenen', 'Straat 1']) expect([secret, text.includes(secret)]).toEqual([secret, false]);
    expect(intake.data.data.clientId).toBe(intake.data.subject.slice('client/'.length));
  });

  it('lets EventSource clients in with a single-use stream ticket, never with a token in the URL', async () => {
    const issued = await t.as('integrator', 'acme').post('/integration/stream-tickets').expect(201);
    expect(issued.body).toMatchObject({ ticket: expect.stringMatching(/^wzt_/), validForSeconds: 60 });
    const messages = await readSse(`${base}/integration/events?categories=intake&ticket=${issued.body.ticket}`, null, 1);
    expect(messages.map((m) => m.data.type)).toEqual(['nl.wijkzorg.intake.IntakeRegistered.v2']);
    // Single use: the same ticket opens nothing a second time.
    const again = await fetch(`${base}/integration/events?ticket=${issued.body.ticket}`, { headers: { Accept: 'text/event-stream' } });
    expect(again.status).toBe(401);
    expect((await again.json()).errors[0].field).toBe('ticket');
    // The bearer token itself is no longer taken from the URL.
    const inUrl = await fetch(`${base}/integration/events?access_token=${t.token('integrator', 'acme')}`, { headers: { Accept: 'text/event-stream' } });
    expect(inUrl.status).toBe(401);
    expect((await inUrl.json()).errors[0].field).toBe('access_token');
    // A ticket only opens the event stream, and only integrators get one.
    const fresh = (await t.as('integrator', 'acme').post('/integration/stream-tickets').expect(201)).body.ticket;
    const elsewhere = await t.http.get(`/integration/webhooks?ticket=${fresh}`);
    expect([elsewhere.status, elsewhere.body.errors?.[0]?.field]).toEqual([401, 'ticket']);
    await t.as('beleidsmaker').post('/integration/stream-tickets').expect(403);
  });

  it('filters by category and type, resumes after Last-Event-ID, and goes on live', async () => {
    const token = t.token('integrator', 'acme');
    const [first] = await readSse(`${base}/integration/events?categories=intake,budget`, token, 1);
    expect(first.data.type).toBe('nl.wijkzorg.intake.IntakeRegistered.v2');
    const resumed = readSse(`${base}/integration/events?types=BudgetAllocated,nl.wijkzorg.budget.BudgetReleased.v3`, token, 2, { 'Last-Event-ID': first.id });
    await new Promise((r) => setTimeout(r, 200));
    await zp().post('/clients/cl-secret-42/budget/releases', { releaseId: 'r-1', year: 2026, funder: 'wmo', purpose: 'zorg_begeleiding', amountCents: 1000, approvedBy: 'teamleider' }).expect(201);
    const got = await resumed;
    expect(got.map((m) => m.data.type)).toEqual(['nl.wijkzorg.budget.BudgetAllocated.v1', 'nl.wijkzorg.budget.BudgetReleased.v3']);
    expect(got[1].data.data).not.toHaveProperty('approvedBy');
    expect(Number(got[0].id)).toBeGreaterThan(Number(first.id));
    const bad = await fetch(`${base}/integration/events?categories=gossip`, { headers: { Authorization: `Bearer ${token}` } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0].field).toBe('categories');
  });

  it('refuses webhooks aimed at link-local addresses, even with loopback allowed', async () => {
    const res = await t
      .as('integrator', 'acme')
      .post('/integration/webhooks', { url: 'http://169.254.169.254/latest/meta-data', categories: ['budget'] })
      .expect(422);
    expect(res.body.errors[0].field).toBe('url');
  });

  it('is for integrators only', async () => {
    expect((await fetch(`${base}/integration/events`, { headers: { Authorization: `Bearer ${t.token('beleidsmaker')}` } })).status).toBe(403);
    expect((await fetch(`${base}/integration/events`)).status).toBe(401);
  });

  describe('webhooks', () => {
    let receiver: Server;
    let receiverUrl: string;
    const received: { body: string; signature: string; at: number }[] = [];
    let failuresLeft = 0;

    beforeAll(async () => {
      receiver = createServer((req: IncomingMessage, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          if (req.url === '/broken') {
            res.writeHead(500).end();
            return;
          }
          if (failuresLeft > 0) {
            failuresLeft--;
            res.writeHead(503).end();
            return;
          }
          received.push({ body, signature: String(req.headers['x-wijkzorg-signature']), at: Date.now() });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((r) => receiver.close(r)));

    const waitFor = async (condition: () => boolean) => {
      for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
      expect(condition()).toBe(true);
    };

    it('delivers signed CloudEvents, retrying with backoff until the receiver answers', async () => {
      failuresLeft = 2;
      const hook = await t
        .as('integrator', 'acme')
        .post('/integration/webhooks', { url: `${receiverUrl}/hook`, categories: ['care-scaling'], secret: 'a-shared-secret-of-16+' })
        .expect(201);
      await zp().post('/clients/cl-secret-42/care-scaling-steps', { toIntensity: 'licht_ambulant', reason: 'zorgen om gezondheid', decidedBy: 'wijkverpleegkundige', effectiveAt: '2026-02-01T09:00:00Z' }).expect(201);
      await waitFor(() => received.some((r) => r.body.includes('CareScaledUp')));
      const delivery = received.find((r) => r.body.includes('CareScaledUp'))!;
      const event = JSON.parse(delivery.body);
      expect(event).toMatchObject({ specversion: '1.0', type: 'nl.wijkzorg.care-scaling.CareScaledUp.v2', data: { toIntensity: 'licht_ambulant' } });
      expect(event.data).not.toHaveProperty('reason');
      const [, t0, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivery.signature)!;
      expect(createHmac('sha256', 'a-shared-secret-of-16+').update(`${t0}.${delivery.body}`).digest('hex')).toBe(v1);
      expect(failuresLeft).toBe(0); // two refusals were retried
      const hooks = await t.as('integrator', 'acme').get('/integration/webhooks').expect(200);
      expect(hooks.body).toEqual([expect.objectContaining({ id: hook.body.id, cursor: event.position })]);
      expect(hooks.body[0]).not.toHaveProperty('secret');
    });

    it('dead-letters an event after the last retry, and redelivers it on request', async () => {
      const hook = await t
        .as('integrator', 'acme')
        .post('/integration/webhooks', { url: `${receiverUrl}/broken`, types: ['DaginvullingRequested'] })
        .expect(201);
      expect(hook.body.secret).toHaveLength(32);
      await zp().post('/clients/cl-secret-42/daginvulling-requests', { wish: 'tekenen in het buurthuis' }).expect(201);
      let letters: any[] = [];
      async function poll() {
        letters = (await t.as('integrator', 'acme').get(`/integration/webhooks/${hook.body.id}/dead-letters`).expect(200)).body;
      }
      for (let i = 0; i < 100 && letters.length === 0; i++) {
        await poll();
        if (letters.length === 0) await new Promise((r) => setTimeout(r, 50));
      }
      expect(letters).toEqual([expect.objectContaining({ attempts: 4, lastError: 'http_500', event: expect.objectContaining({ type: 'nl.wijkzorg.daginvulling.DaginvullingRequested.v1' }) })]);
      expect(JSON.stringify(letters)).not.toContain('tekenen');
      // Another integrator's webhook looks exactly like an unknown one.
      const foreign = await t.as('integrator', 'other').get(`/integration/webhooks/${hook.body.id}/dead-letters`).expect(404);
      const unknown = await t.as('integrator', 'other').get('/integration/webhooks/wh-does-not-exist/dead-letters').expect(404);
      expect(foreign.body.detail.replace(hook.body.id, 'X')).toBe(unknown.body.detail.replace('wh-does-not-exist', 'X'));
      const failed = await t.as('integrator', 'acme').post(`/integration/webhooks/${hook.body.id}/dead-letters/${letters[0].eventId}/redeliver`).expect(201);
      expect(failed.body.outcome).toBe('failed');
    });
  });
});
