import { ACTOR_ROLES } from '@wijkzorg/domain';
import { TestApp, startTestApp, testTokens } from '../support/test-app';
import { DeclaredRoute, declaredRoutes } from '../support/routes';

type Route = DeclaredRoute;

const routesOf = (t: TestApp): Route[] => declaredRoutes(t.app);

const ROLES_TO_TRY = ACTOR_ROLES.filter((r) => r !== 'system');

describe('access control on every endpoint', () => {
  let t: TestApp;
  let routes: Route[];

  beforeAll(async () => {
    t = await startTestApp();
    routes = routesOf(t);
  });
  afterAll(() => t.close());

  const send = (route: Route, token?: string) => {
    const url = route.path.replace(/:(\w+)/g, 'x-$1');
    const request = t.http[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](url);
    if (token) request.set('Authorization', `Bearer ${token}`);
    return request.set('X-Access-Purpose', 'audit').send({});
  };

  it('finds the routes, and every one declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(50);
    const undeclared = routes.filter((r) => !r.isPublic && !(r.roles && r.roles.length > 0));
    expect(undeclared).toStrictEqual([]);
    expect(
      routes
        .filter((r) => r.isPublic)
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/dashboard', '/dashboard/:file', '/health', '/health/live', '/health/ready', '/integration/asyncapi.yaml', '/sessie', '/sessie', '/sessie']);
  });

  it('keeps the public session routes to themselves: sign-in wants a valid API key, the session a valid cookie', async () => {
    const sessie = routes.filter((r) => r.path === '/sessie');
    expect(sessie.map((r) => r.method).sort()).toEqual(['DELETE', 'GET', 'POST']);
    for (const credential of [undefined, 'not-a-jwt', testTokens.issue({ role: 'admin', id: 'any' }), 'wz_unknownkey']) {
      const auth = (request: ReturnType<typeof t.http.get>) => (credential ? request.set('Authorization', `Bearer ${credential}`) : request);
      // A bearer credential does not sign anyone in: the body must carry an API key.
      expect((await auth(t.http.post('/v1/sessie')).send({})).status).toBe(400);
      expect((await auth(t.http.post('/v1/sessie')).send({ apiKey: 'wz_unknownButWellFormedKey12345' })).status).toBe(401);
      // Nor does it make a session: without the cookie there is none.
      expect((await auth(t.http.get('/v1/sessie'))).status).toBe(401);
      expect((await auth(t.http.delete('/v1/sessie'))).status).toBe(204);
    }
  });

  it('opens with a session cookie exactly the reads its API key opens, and no write at all', async () => {
    const { AUTHENTICATION } = await import('../../apps/api/src/auth/auth.guard');
    const auth = t.app.get(AUTHENTICATION);
    const organisations: Partial<Record<string, string>> = { woningcorporatie: 'parteon', gemeente: 'GM0479', zorgkantoor: 'zk-zilveren-kruis', welzijn: 'welzijn-zaanstad', wijkteam: 'GM0479' };
    let reads = 0;
    let writes = 0;
    for (const role of ROLES_TO_TRY) {
      const organisation = organisations[role];
      const key = await auth.apiKeys.issue({ role, id: `${role}-cookie`, ...(role === 'zorgprofessional' ? { wooncirkels: ['*'] } : {}), ...(organisation ? { organisation } : {}) }, { role: 'admin', id: 'test' });
      const signedIn = await t.http.post('/v1/sessie').send({ apiKey: key }).expect(201);
      const cookie = String(([] as string[]).concat(signedIn.headers['set-cookie'] ?? []).find((c) => c.startsWith('wijkzorg_sessie='))).split(';')[0];
      const call = (route: Route, credential: { Cookie: string } | { Authorization: string }) => {
        const request = t.http[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](route.path.replace(/:(\w+)/g, 'x-$1'))
          .set(credential)
          .set('X-Access-Purpose', 'audit');
        // The event stream never ends by itself: its status is the answer, then the connection is dropped.
        return route.path === '/integration/events'
          ? request.buffer(false).parse((stream, done) => {
              done(null, null);
              (stream as unknown as { destroy(): void }).destroy();
            })
          : request.send({});
      };
      for (const route of routes.filter((r) => !r.isPublic)) {
        const withCookie = (await call(route, { Cookie: cookie })).status;
        if (route.method !== 'GET') {
          expect([route.method, route.path, role, withCookie]).toEqual([route.method, route.path, role, 401]);
          writes++;
          continue;
        }
        const withKey = (await call(route, { Authorization: `Bearer ${key}` })).status;
        expect([route.method, route.path, role, withCookie]).toEqual([route.method, route.path, role, route.roles!.includes(role) ? withKey : 403]);
        reads++;
      }
    }
    console.log(`access control: ${reads} reads and ${writes} writes with session cookies: reads answered as with the key, writes all 401`);
  });

  it('answers 401 to every call without valid credentials', async () => {
    const expired = testTokens.issue({ role: 'admin', id: 'old' }, -60);
    let tried = 0;
    for (const route of routes.filter((r) => !r.isPublic)) {
      for (const token of [undefined, 'not-a-jwt', expired, 'wz_unknownkey']) {
        const res = await send(route, token);
        expect([route.method, route.path, token?.slice(0, 6), res.status]).toEqual([route.method, route.path, token?.slice(0, 6), 401]);
        tried++;
      }
    }
    console.log(`access control: ${tried} unauthenticated calls, all 401`);
  });

  it('answers 403 to every role an endpoint does not list', async () => {
    let tried = 0;
    for (const route of routes.filter((r) => !r.isPublic)) {
      for (const role of ROLES_TO_TRY.filter((r) => !route.roles!.includes(r))) {
        const res = await send(route, t.token(role, `${role}-probe`));
        expect([route.method, route.path, role, res.status]).toEqual([route.method, route.path, role, 403]);
        tried++;
      }
    }
    console.log(`access control: ${tried} calls by roles that do not belong, all 403`);
    expect(tried).toBeGreaterThan(200);
  });

  it('lets a zorgprofessional act only for clients of its own wooncirkels', async () => {
    await t.as('admin').post('/wijken', { wijkCode: 'WK075802', wijkName: 'Tuinzigt', gemeenteCode: 'GM0758', gemeenteName: 'Breda' }).expect(201);
    for (const id of ['wc-a', 'wc-b']) {
      await t
        .as('admin')
        .post('/wooncirkels', { wooncirkelId: id, wijkCode: 'WK075802', name: id, form: 'kern_met_cirkel', kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: `t-${id}`, name: 't', providerId: 'p', caseloadCapacity: 3 }, homes: [] })
        .expect(201);
    }
    const intake = { clientId: 'c-b', wooncirkelId: 'wc-b', preferredWijk: 'WK075802', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [], referralSource: 'huisarts', intakeAt: '2026-01-01T09:00:00Z' };
    await t.as('zorgprofessional', 'zp-a', ['wc-a']).post('/intakes', intake).expect(403);
    await t.as('zorgprofessional', 'zp-b', ['wc-b']).post('/intakes', intake).expect(201);
    // A client outside the scope is answered as if it did not exist (see scope-and-idempotency.e2e-spec.ts).
    await t.as('zorgprofessional', 'zp-a', ['wc-a']).post('/clients/c-b/daginvulling-requests', { wish: 'x' }).expect(404);
    await t.as('zorgprofessional', 'zp-a', ['wc-a']).get('/clients/c-b').expect(404);
    await t.as('zorgprofessional', 'zp-a', ['wc-a']).get('/wooncirkels/wc-b').expect(404);
    await t.as('zorgprofessional', 'zp-b', ['wc-b']).get('/clients/c-b').expect(200);
    const list = await t.as('zorgprofessional', 'zp-a', ['wc-a']).get('/budget/clients').expect(200);
    expect(list.body.items).toStrictEqual([]);
  });

  it('accepts API keys for machine clients until they are revoked', async () => {
    const { ApiKeys, apiKeyHash } = await import('@wijkzorg/application');
    const { EVENT_STORE } = await import('../../apps/api/src/infrastructure/tokens');
    const keys = new ApiKeys(t.app.get(EVENT_STORE));
    const key = await keys.issue({ role: 'integrator', id: 'acme' }, { role: 'admin', id: 'test' });
    await new Promise((r) => setTimeout(r, 300)); // an unknown key reloads the key list at most every 250 ms
    await t.http.get('/integration/webhooks').set('Authorization', `Bearer ${key}`).expect(200);
    await t.http.get('/beleid/wijken').set('Authorization', `Bearer ${key}`).expect(403);
    await keys.revoke(apiKeyHash(key), { role: 'admin', id: 'test' });
    await new Promise((r) => setTimeout(r, 5100)); // the guard caches keys for 5 s
    await t.http.get('/integration/webhooks').set('Authorization', `Bearer ${key}`).expect(401);
  });
});
