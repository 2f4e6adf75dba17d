import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeys, apiKeyHash, loadConfig } from '@wijkzorg/application';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { AUTHENTICATION, Authentication } from '../../apps/api/src/auth/auth.guard';
import { TEST_SECRET, TestApp, startTestApp, wijkBody } from '../support/test-app';
import { LoggedApi } from '../support/adversarial-api';
import { issueApiKey, sessionCookieIn } from '../support/sessie';

const COOKIE = 'wijkzorg_sessie';

/** The app's own key registry: a key issued or revoked there counts at once (no cache to wait for). */
const keysOf = (t: TestApp) => t.app.get<Authentication>(AUTHENTICATION).apiKeys;

const attributesOf = (line: string) =>
  line
    .split(';')
    .slice(1)
    .map((a) => a.trim().toLowerCase());

async function signIn(t: TestApp, apiKey: string) {
  const res = await t.http.post('/v1/sessie').send({ apiKey }).expect(201);
  return { res, ...sessionCookieIn(res.headers) };
}

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('sessie: sign-in with an API key for a session cookie', () => {
  let t: TestApp;
  // Reads of figures wait for the wijk to be projected, so both answers speak about the same log.
  let wijkPosition = 0;
  beforeAll(async () => {
    t = await startTestApp();
    wijkPosition = (await t.as('admin').post('/v1/wijken', wijkBody()).expect(201)).body.position;
  });
  afterAll(() => t.close());

  it('exchanges an API key for an HttpOnly, SameSite=Strict, short-lived cookie and says who is signed in, without the token in the body', async () => {
    const key = await issueApiKey(t, 'beleidsmaker', 'wethouder-zaanstad', 'GM0479');
    const before = Date.now();
    const { res, line, value } = await signIn(t, key);
    expect(res.body).toEqual({ role: 'beleidsmaker', actorId: 'wethouder-zaanstad', organisation: 'GM0479', expiresAt: expect.any(String) });
    const expiresIn = Date.parse(res.body.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(1795_000);
    expect(expiresIn).toBeLessThanOrEqual(1800_000 + (Date.now() - before));
    const attributes = attributesOf(line);
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/', 'max-age=1800']));
    // Plain http here: the cookie must still be sent back, so it is not Secure.
    expect(attributes).not.toContain('secure');
    expect(value).toMatch(/^wzs_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(res.body)).not.toContain(value);
    expect(JSON.stringify(res.body)).not.toContain(key);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('lets the cookie read what the key may read, answering as the key does over Authorization', async () => {
    const key = await issueApiKey(t, 'beleidsmaker', 'analist-1');
    const { pair } = await signIn(t, key);
    const current = await t.http.get('/v1/sessie').set('Cookie', pair).expect(200);
    expect(current.body).toEqual({ role: 'beleidsmaker', actorId: 'analist-1', expiresAt: expect.any(String) });
    const withCookie = await t.http.get(`/v1/beleid/wijken?minPosition=${wijkPosition}`).set('Cookie', pair).expect(200);
    const withKey = await t.http.get(`/v1/beleid/wijken?minPosition=${wijkPosition}`).set('Authorization', `Bearer ${key}`).expect(200);
    expect(withCookie.body).toEqual(withKey.body);
    expect(JSON.stringify(withCookie.body)).toContain('WK047901');
    await t.http.head('/v1/beleid/wijken').set('Cookie', pair).expect(200);
    // The role still decides: a beleidsmaker reads no access log, with a cookie or without.
    await t.http.get('/v1/audit/access-log').set('Cookie', pair).set('X-Access-Purpose', 'audit').expect(403);
  });

  it('refuses a cookie on writes (POST, PUT, DELETE): 401 naming Authorization, and nothing is written', async () => {
    const { pair } = await signIn(t, await issueApiKey(t, 'admin', 'beheerder-1'));
    const post = await t.http.post('/v1/wijken').set('Cookie', pair).send(wijkBody('WK047902', 'Rosmolenwijk')).expect(401);
    expect(post.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fieldsOf(post.body)).toEqual(['Authorization']);
    expect(post.body.detail).toMatch(/reads only/);
    const untouched = (await t.as('admin').get('/v1/wijken/WK047902').expect(200)).body;
    await t.http.put('/v1/wooncirkels/wc-x/team-capacity').set('Cookie', pair).send({ caseloadCapacity: 3 }).expect(401);
    await t.http.delete('/v1/integration/webhooks/w-1').set('Cookie', pair).expect(401);
    // The same admin with its key in the header may write.
    await t.as('admin').post('/v1/wijken', wijkBody('WK047902', 'Rosmolenwijk')).expect(201);
    const written = (await t.as('admin').get('/v1/wijken/WK047902').expect(200)).body;
    expect([untouched.revision, written.revision]).toEqual([-1, 0]);
  });

  it('lets the Authorization header win over a cookie, also when the header is wrong', async () => {
    const { pair } = await signIn(t, await issueApiKey(t, 'auditor', 'auditor-cookie'));
    await t.http.get('/v1/audit/access-log').set('Cookie', pair).set('X-Access-Purpose', 'audit').expect(200);
    // A beleidsmaker's header with an auditor's cookie: the beleidsmaker is asked.
    await t.http
      .get('/v1/audit/access-log')
      .set('Cookie', pair)
      .set('Authorization', `Bearer ${t.token('beleidsmaker')}`)
      .set('X-Access-Purpose', 'audit')
      .expect(403);
    // A bad header is not rescued by a good cookie.
    const bad = await t.http.get('/v1/audit/access-log').set('Cookie', pair).set('Authorization', 'Bearer not-a-jwt').set('X-Access-Purpose', 'audit').expect(401);
    expect(fieldsOf(bad.body)).toEqual(['Authorization']);
    // A write with both: the header decides (an admin cookie does not make a beleidsmaker an admin).
    const { pair: adminCookie } = await signIn(t, await issueApiKey(t, 'admin', 'admin-cookie'));
    await t.http
      .post('/v1/wijken')
      .set('Cookie', adminCookie)
      .set('Authorization', `Bearer ${t.token('beleidsmaker')}`)
      .send(wijkBody('WK047903', 'Westerkoog'))
      .expect(403);
  });

  it('signs out: 204, the cookie cleared, and a copy of it no longer works anywhere', async () => {
    const { pair } = await signIn(t, await issueApiKey(t, 'beleidsmaker', 'uitlog-1'));
    await t.http.get('/v1/beleid/wijken').set('Cookie', pair).expect(200);
    const out = await t.http.delete('/v1/sessie').set('Cookie', pair).expect(204);
    const cleared = sessionCookieIn(out.headers);
    expect(cleared.value).toBe('');
    expect(attributesOf(cleared.line)).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/', 'expires=thu, 01 jan 1970 00:00:00 gmt']));
    // The stolen copy: the server has forgotten the session (and asks the browser to drop the cookie).
    const stale = await t.http.get('/v1/sessie').set('Cookie', pair).expect(401);
    expect(fieldsOf(stale.body)).toEqual([COOKIE]);
    expect(sessionCookieIn(stale.headers).value).toBe('');
    const read = await t.http.get('/v1/beleid/wijken').set('Cookie', pair).expect(401);
    expect(fieldsOf(read.body)).toEqual([COOKIE]);
    // Signing out without a session is no error.
    await t.http.delete('/v1/sessie').expect(204);
  });

  it('ends the sessions of a revoked API key, and refuses the key itself from then on', async () => {
    const key = await issueApiKey(t, 'beleidsmaker', 'ingetrokken-1');
    const first = await signIn(t, key);
    const second = await signIn(t, key);
    await t.http.get('/v1/beleid/wijken').set('Cookie', first.pair).expect(200);
    await keysOf(t).revoke(apiKeyHash(key), { role: 'admin', id: 'test-admin' });
    for (const { pair } of [first, second]) {
      await t.http.get('/v1/beleid/wijken').set('Cookie', pair).expect(401);
      await t.http.get('/v1/sessie').set('Cookie', pair).expect(401);
    }
    const again = await t.http.post('/v1/sessie').send({ apiKey: key }).expect(401);
    expect(fieldsOf(again.body)).toEqual(['apiKey']);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('ends the sessions of a key revoked elsewhere (as the CLI does) within the 5 s the api caches keys', async () => {
    const key = await issueApiKey(t, 'beleidsmaker', 'ingetrokken-2');
    const { pair } = await signIn(t, key);
    await new ApiKeys(t.app.get(EVENT_STORE)).revoke(apiKeyHash(key), { role: 'admin', id: 'cli' });
    await new Promise((r) => setTimeout(r, 5100));
    await t.http.get('/v1/beleid/wijken').set('Cookie', pair).expect(401);
  });

  it('refuses an unknown key with 401 naming apiKey, and a badly shaped body with 400 naming the field', async () => {
    const wrong = await t.http.post('/v1/sessie').send({ apiKey: 'wz_thisKeyWasNeverIssuedByAnyone123' }).expect(401);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrong.body).toMatchObject({ status: 401, detail: 'unknown or revoked API key' });
    expect(fieldsOf(wrong.body)).toEqual(['apiKey']);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    for (const [body, field] of [
      [{}, 'apiKey'],
      [{ apiKey: 42 }, 'apiKey'],
      [{ apiKey: '' }, 'apiKey'],
      [{ apiKey: 'not a key' }, 'apiKey'],
      // A JWT is for the Authorization header; sessions are made from API keys only.
      [{ apiKey: t.token('beleidsmaker') }, 'apiKey'],
      [{ apiKey: 'wz_thisKeyWasNeverIssuedByAnyone123', role: 'admin' }, 'role'],
    ] as [object, string][]) {
      const res = await t.http.post('/v1/sessie').send(body).expect(400);
      expect([JSON.stringify(body).slice(0, 40), fieldsOf(res.body)]).toEqual([JSON.stringify(body).slice(0, 40), expect.arrayContaining([field])]);
    }
    // Not in the URL either: a key in the query string is refused before it is looked at.
    const inUrl = await t.http.post('/v1/sessie?apikey=wz_thisKeyWasNeverIssuedByAnyone123').send({ apiKey: 'wz_thisKeyWasNeverIssuedByAnyone123' }).expect(400);
    expect(fieldsOf(inUrl.body)).toEqual(['apikey']);
    // Nor the session token: a cookie value copied into a URL does not authenticate.
    const { value } = await signIn(t, await issueApiKey(t, 'beleidsmaker', 'url-1'));
    for (const name of ['wijkzorg_sessie', 'sessie']) {
      const res = await t.http.get(`/v1/beleid/wijken?${name}=${value}`).expect(401);
      expect(fieldsOf(res.body)).toContain(name);
    }
  });

  it('replaces the previous session of the browser when it signs in again', async () => {
    const key = await issueApiKey(t, 'beleidsmaker', 'opnieuw-1');
    const first = await signIn(t, key);
    const second = await t.http.post('/v1/sessie').set('Cookie', first.pair).send({ apiKey: key }).expect(201);
    await t.http.get('/v1/sessie').set('Cookie', first.pair).expect(401);
    await t.http.get('/v1/sessie').set('Cookie', sessionCookieIn(second.headers).pair).expect(200);
  });

  it('cannot be signed in by a form on another site: only a JSON body carries the key', async () => {
    const key = await issueApiKey(t, 'beleidsmaker', 'formulier-1');
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', `apiKey=${key}`],
      ['text/plain', JSON.stringify({ apiKey: key })],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="apiKey"\r\n\r\n${key}\r\n--x--\r\n`],
    ]) {
      const res = await t.http.post('/v1/sessie').set('Content-Type', type).send(body);
      expect([type, res.status, res.headers['set-cookie']]).toEqual([type, 400, undefined]);
    }
  });

  it('answers 401 to GET /sessie without a cookie or with a made-up one, and to reads with a made-up cookie', async () => {
    const none = await t.http.get('/v1/sessie').expect(401);
    expect(fieldsOf(none.body)).toEqual([COOKIE]);
    for (const made of ['wzs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'garbage', '']) {
      await t.http.get('/v1/sessie').set('Cookie', `${COOKIE}=${made}`).expect(401);
      await t.http.get('/v1/beleid/wijken').set('Cookie', `${COOKIE}=${made}`).expect(401);
    }
  });

  it('marks the cookie Secure when the request came over https (X-Forwarded-Proto of the proxy)', async () => {
    const key = await issueApiKey(t, 'beleidsmaker', 'https-1');
    const res = await t.http.post('/v1/sessie').set('X-Forwarded-Proto', 'https').send({ apiKey: key }).expect(201);
    expect(attributesOf(sessionCookieIn(res.headers).line)).toContain('secure');
    const out = await t.http.delete('/v1/sessie').set('X-Forwarded-Proto', 'https').set('Cookie', sessionCookieIn(res.headers).pair).expect(204);
    expect(attributesOf(sessionCookieIn(out.headers).line)).toContain('secure');
  });

  it('is documented in the OpenAPI document: the three operations, their problems, and the cookie as a security scheme', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const sessie = doc.paths['/v1/sessie'];
    expect(Object.keys(sessie).sort()).toEqual(['delete', 'get', 'post']);
    expect(sessie.post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/SignInDto');
    expect(doc.components.schemas.SignInDto.required).toEqual(['apiKey']);
    expect(Object.keys(sessie.post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '429']));
    expect(sessie.post.responses['201'].content['application/json'].schema.required).toEqual(['role', 'actorId', 'expiresAt']);
    expect(Object.keys(sessie.get.responses)).toEqual(expect.arrayContaining(['200', '401']));
    expect(sessie.delete.responses['204'].content).toBeUndefined();
    expect(doc.components.securitySchemes.sessie).toMatchObject({ type: 'apiKey', in: 'cookie', name: COOKIE });
  });

  it('keeps the old bearer flows as they were', async () => {
    await t.as('beleidsmaker').get('/v1/beleid/wijken').expect(200);
    const key = await issueApiKey(t, 'integrator', 'acme');
    await t.http.get('/v1/integration/webhooks').set('Authorization', `Bearer ${key}`).expect(200);
    await t.http.get('/v1/beleid/wijken').expect(401);
  });
});

describe('sessie: settings', () => {
  it('defaults to 30 minutes, Secure over https, 10 sign-in attempts a minute, and refuses a bad value naming the setting', () => {
    expect(loadConfig({})).toMatchObject({ sessionTtlSeconds: 1800, sessionCookieSecure: 'auto', signInLimit: { limit: 10, windowMs: 60_000 } });
    expect(loadConfig({ WIJKZORG_SESSION_TTL_SECONDS: '300', WIJKZORG_SESSION_COOKIE_SECURE: 'on', WIJKZORG_SIGN_IN_LIMIT: 'off' })).toMatchObject({ sessionTtlSeconds: 300, sessionCookieSecure: 'on', signInLimit: undefined });
    for (const [name, value] of [
      ['WIJKZORG_SESSION_TTL_SECONDS', '0'],
      ['WIJKZORG_SESSION_TTL_SECONDS', '30m'],
      ['WIJKZORG_SESSION_COOKIE_SECURE', 'off'],
      ['WIJKZORG_SIGN_IN_LIMIT', 'lots'],
    ])
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name} must`));
  });
});

describe('sessie: configured lifetime, Secure and sign-in limit', () => {
  let t: TestApp;
  const env = { WIJKZORG_SESSION_TTL_SECONDS: '2', WIJKZORG_SESSION_COOKIE_SECURE: 'on', WIJKZORG_SIGN_IN_LIMIT: '4/60s' };
  const before = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  beforeAll(async () => {
    Object.assign(process.env, env);
    t = await startTestApp();
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(before))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    await t.close();
  });

  it('ends a session after its configured lifetime; the cookie says so and is Secure when configured on', async () => {
    const key = await issueApiKey(t, 'beleidsmaker', 'kort-1');
    const { res, line, pair } = await signIn(t, key);
    expect(attributesOf(line)).toEqual(expect.arrayContaining(['max-age=2', 'secure', 'httponly', 'samesite=strict']));
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(2000);
    await t.http.get('/v1/beleid/wijken').set('Cookie', pair).expect(200);
    await new Promise((r) => setTimeout(r, 2100));
    const expired = await t.http.get('/v1/beleid/wijken').set('Cookie', pair).expect(401);
    expect(fieldsOf(expired.body)).toEqual([COOKIE]);
    await t.http.get('/v1/sessie').set('Cookie', pair).expect(401);
  });

  it('limits sign-in attempts per client address (429 with Retry-After), whatever Authorization header comes along', async () => {
    // One attempt went to the test above; three more fill the window of four.
    for (let i = 0; i < 3; i++)
      await t.http
        .post('/v1/sessie')
        .set('Authorization', `Bearer made-up-${i}`)
        .send({ apiKey: `wz_guessNumber${i}ForTheKeyOfSomeone` })
        .expect(401);
    const refused = await t.http.post('/v1/sessie').set('Authorization', 'Bearer made-up-again').send({ apiKey: 'wz_guessNumber9ForTheKeyOfSomeone' }).expect(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // A valid key is refused too until the window has passed; reads of other routes go on.
    await t.http
      .post('/v1/sessie')
      .send({ apiKey: await issueApiKey(t, 'beleidsmaker', 'geduld-1') })
      .expect(429);
    await t.as('beleidsmaker').get('/v1/beleid/wijken').expect(200);
  });
});

describe('sessie: no key and no session token in the server log or the sessions file (built api, needs npm run build)', () => {
  let api: LoggedApi;
  let key: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-sessie-log-'));
  beforeAll(async () => {
    const t = await startTestApp(dataDir);
    key = await issueApiKey(t, 'beleidsmaker', 'log-1');
    await t.close();
    api = await LoggedApi.start(dataDir, { WIJKZORG_JWT_SECRET: TEST_SECRET, WIJKZORG_LOG_LEVEL: 'trace', WIJKZORG_DEMO_TOKENS: 'off' });
  });
  afterAll(() => api.stop());

  it('signs in, reads, is refused a write, signs out: the log shows each request, never a credential', async () => {
    const signedIn = await fetch(`${api.base}/v1/sessie`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiKey: key }) });
    expect(signedIn.status).toBe(201);
    const { pair, value } = sessionCookieIn({ 'set-cookie': signedIn.headers.getSetCookie() });
    expect((await fetch(`${api.base}/v1/beleid/wijken`, { headers: { Cookie: pair } })).status).toBe(200);
    expect((await fetch(`${api.base}/v1/wijken`, { method: 'POST', headers: { Cookie: pair, 'Content-Type': 'application/json' }, body: JSON.stringify(wijkBody()) })).status).toBe(401);
    expect((await fetch(`${api.base}/v1/sessie`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiKey: `${key}x` }) })).status).toBe(401);
    expect((await fetch(`${api.base}/v1/sessie?apiKey=${key}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiKey: key }) })).status).toBe(400);
    expect((await fetch(`${api.base}/v1/sessie`, { method: 'DELETE', headers: { Cookie: pair } })).status).toBe(204);
    expect((await fetch(`${api.base}/v1/beleid/wijken`, { headers: { Cookie: pair } })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    const log = api.log();
    expect(log).toContain('/v1/sessie');
    expect(log).toContain('/v1/beleid/wijken');
    for (const secret of [key, key.slice(3), value, value.slice(4)]) expect(log.includes(secret)).toBe(false);
    const files = readdirSync(dataDir)
      .filter((f) => f.startsWith('sessions.db'))
      .map((f) => readFileSync(join(dataDir, f)).toString('latin1'))
      .join('');
    expect(files.length).toBeGreaterThan(0);
    for (const secret of [key.slice(3), value.slice(4)]) expect(files.includes(secret)).toBe(false);
  });
});
