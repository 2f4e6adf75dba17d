import { loadConfig } from '@wijkzorg/application';
import { startTestApp, TestApp, wijkBody } from '../support/test-app';

describe('platform: health, metrics, headers, request ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness without credentials, and /health as before', async () => {
    const live = await t.http.get('/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'ok', info: { process: { status: 'up' } } });
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' }, readModels: { status: 'up' }, webhookQueue: { status: 'up' } } });
    expect(ready.body.info.readModels.lag).toHaveProperty('caseload');
    expect((await t.http.get('/health').expect(200)).body).toMatchObject({ status: 'ok', eventStore: { status: 'up' } });
  });

  it('serves Prometheus metrics to admins only, with appends, projection lag and latency by route template', async () => {
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK036301', 'Centrum', 'Amsterdam'))
      .expect(201);
    await t.as('admin').get('/wijken/WK036301').expect(200);
    await t.http.get('/metrics').expect(401);
    await t.as('beleidsmaker').get('/metrics').expect(403);
    const res = await t.as('admin').get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^wijkzorg_events_appended_total [1-9]/m);
    expect(res.text).toMatch(/^wijkzorg_projection_lag_events\{projection="caseload"\} \d+/m);
    expect(res.text).toMatch(/^wijkzorg_webhook_dead_letters 0/m);
    expect(res.text).toMatch(/^process_cpu_user_seconds_total/m);
    expect(res.text).toContain('wijkzorg_http_request_duration_seconds_count{method="GET",route="/v1/wijken/:wijkCode",status="200"}');
    // Never by raw URL: the id does not appear as a label.
    expect(res.text).not.toContain('route="/wijken/WK036301"');
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await t.http.get('/health');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('echoes a well-formed X-Request-Id and generates one otherwise', async () => {
    expect((await t.http.get('/health/live').set('X-Request-Id', 'trace-abc.1')).headers['x-request-id']).toBe('trace-abc.1');
    const generated = (await t.http.get('/health/live').set('X-Request-Id', 'bad id with spaces')).headers['x-request-id'];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('platform: rate limit per credential', () => {
  let t: TestApp;
  const before = process.env.WIJKZORG_RATE_LIMIT;
  beforeAll(async () => {
    process.env.WIJKZORG_RATE_LIMIT = '3/60s';
    t = await startTestApp();
  });
  afterAll(async () => {
    process.env.WIJKZORG_RATE_LIMIT = before;
    await t.close();
  });

  it('answers 429 with Retry-After once one credential exceeds its limit, while another credential goes on', async () => {
    const first = t.token('beleidsmaker', 'busy');
    for (let i = 0; i < 3; i++) await t.http.get('/beleid/wijken').set('Authorization', `Bearer ${first}`).expect(200);
    const refused = await t.http.get('/beleid/wijken').set('Authorization', `Bearer ${first}`).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await t.http
      .get('/beleid/wijken')
      .set('Authorization', `Bearer ${t.token('beleidsmaker', 'calm')}`)
      .expect(200);
    // Health is never throttled: load balancers poll it.
    for (let i = 0; i < 5; i++) await t.http.get('/health/live').expect(200);
  });
});

describe('configuration', () => {
  it('refuses invalid settings, naming them, instead of falling back to defaults', () => {
    expect(() => loadConfig({ WIJKZORG_EVENT_STORE: 'cassandra' })).toThrow(/WIJKZORG_EVENT_STORE must be one of sqlite, esdb/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be a positive whole number/);
    expect(() => loadConfig({ WIJKZORG_JWT_SECRET: 'short' })).toThrow(/WIJKZORG_JWT_SECRET must be at least 32 characters.*<hidden>/);
    expect(() => loadConfig({ WIJKZORG_EVENT_STORE: 'esdb' })).toThrow(/ESDB_URL is required/);
    expect(() => loadConfig({ WIJKZORG_RATE_LIMIT: 'lots' })).toThrow(/WIJKZORG_RATE_LIMIT/);
    expect(loadConfig({})).toMatchObject({ port: 3000, host: '127.0.0.1', eventStore: 'sqlite', rateLimit: { limit: 600, windowMs: 60_000 } });
    expect(loadConfig({ WIJKZORG_RATE_LIMIT: 'off' }).rateLimit).toBeUndefined();
  });

  it('refuses to start the api with an unknown event store', async () => {
    const before = process.env.WIJKZORG_EVENT_STORE;
    process.env.WIJKZORG_EVENT_STORE = 'cassandra';
    try {
      await expect(startTestApp()).rejects.toThrow(/WIJKZORG_EVENT_STORE/);
    } finally {
      if (before === undefined) delete process.env.WIJKZORG_EVENT_STORE;
      else process.env.WIJKZORG_EVENT_STORE = before;
    }
  });
});
