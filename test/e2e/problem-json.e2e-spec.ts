import { startTestApp, TestApp, wijkBody } from '../support/test-app';

/** Every error answer is RFC 9457 problem+json: type, title, status, detail, instance, code and the fields in `errors`. */
describe('errors are application/problem+json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const expectProblem = (res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, code: string, instance: string) => {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: `https://wijkzorg.nl/problems/${code}`, status, code, instance });
    expect(typeof res.body.title).toBe('string');
    expect(typeof res.body.detail).toBe('string');
    expect(Array.isArray(res.body.errors)).toBe(true);
    expect(res.body).not.toHaveProperty('statusCode');
    expect(res.body).not.toHaveProperty('fields');
  };

  it('answers validation errors with a problem naming each field', async () => {
    const res = await t.as('admin').post('/wijken?x=1', { ...wijkBody(), wijkCode: 'nope', surprise: 1 });
    expectProblem(res, 400, 'bad_request', '/wijken');
    expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['surprise', 'wijkCode']);
  });

  it('answers unreadable bodies, missing credentials, wrong roles and unknown routes the same way', async () => {
    const json = await t.http
      .post('/wijken')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .set('Content-Type', 'application/json')
      .send('{"wijkCode":');
    expectProblem(json, 400, 'bad_request', '/wijken');
    expect(json.body.errors).toEqual([{ field: 'body', problems: ['body is not valid JSON'] }]);
    expectProblem(await t.http.post('/wijken').send(wijkBody()), 401, 'unauthorized', '/wijken');
    expectProblem(await t.as('beleidsmaker').post('/wijken', wijkBody()), 403, 'forbidden', '/wijken');
    expectProblem(await t.as('admin').get('/no-such-route'), 404, 'not_found', '/no-such-route');
  });

  it('gives a business-rule violation its domain code as problem type', async () => {
    await t.as('admin').post('/wijken', wijkBody()).expect(201);
    const again = await t.as('admin').post('/wijken', wijkBody());
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    expectProblem(again, again.status, again.body.code as string, '/wijken');
    expect(again.body.code).toMatch(/^[a-z_]+$/);
  });
});
