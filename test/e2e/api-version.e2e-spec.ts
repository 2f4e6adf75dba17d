import { startTestApp, TestApp, wijkBody } from '../support/test-app';

/** Capabilities live under /v1; the unversioned paths answer for one more release, marked deprecated. */
describe('the /v1 prefix and the unversioned aliases', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves a command and a read under /v1 without deprecation headers', async () => {
    const created = await t.as('admin').post('/v1/wijken', wijkBody('WK047902', 'Rosmolenwijk')).expect(201);
    expect(created.headers.deprecation).toBeUndefined();
    const read = await t.as('beleidsmaker').get('/v1/beleid/gemeenten').expect(200);
    expect(read.headers.link).toBeUndefined();
  });

  it('serves the same routes unversioned, pointing to their successor', async () => {
    const created = await t.as('admin').post('/wijken', wijkBody('WK047903', 'Westerwatering')).expect(201);
    expect(created.headers.deprecation).toMatch(/^@\d+$/);
    expect(created.headers.link).toBe('</v1/wijken>; rel="successor-version"');
    // Both reads wait for the new wijk to be projected, so they speak about the same log.
    const read = await t.as('beleidsmaker').get(`/beleid/gemeenten?minPosition=${created.body.position}`).expect(200);
    expect(read.headers.link).toBe('</v1/beleid/gemeenten>; rel="successor-version"');
    expect(read.body).toEqual((await t.as('beleidsmaker').get(`/v1/beleid/gemeenten?minPosition=${created.body.position}`).expect(200)).body);
  });

  it('keeps health and the documentation unversioned, and refuses errors in both forms alike', async () => {
    const health = await t.http.get('/health').expect(200);
    expect(health.headers.deprecation).toBeUndefined();
    await t.http.get('/v1/health').expect(404);
    await t.http.get('/docs-json').expect(200);
    const old = await t
      .as('admin')
      .post('/wijken', { ...wijkBody(), wijkCode: 'nope' })
      .expect(400);
    const current = await t
      .as('admin')
      .post('/v1/wijken', { ...wijkBody(), wijkCode: 'nope' })
      .expect(400);
    expect(old.body.errors).toEqual(current.body.errors);
    expect([old.body.instance, current.body.instance]).toEqual(['/wijken', '/v1/wijken']);
  });
});
