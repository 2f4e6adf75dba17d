import { createHmac } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { TEST_SECRET, TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';
import { gemeenteFor, grantIndicatie } from '../support/toegang';
import { toCsv } from '../../apps/api/src/beleid/csv';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from '../../apps/api/src/shared/body-limits';
import { Writable } from 'node:stream';
import pino, { LoggerOptions } from 'pino';
import { loadConfig } from '@wijkzorg/application';
import { loggingParams } from '../../apps/api/src/platform/logging';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** A JWT signed with the test secret, with whatever header and payload JSON an attacker likes. */
const signed = (header: unknown, payload: unknown) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', TEST_SECRET).update(input).digest('base64url')}`;
};
const claims = (extra: Record<string, unknown> = {}) => {
  const now = Math.floor(Date.now() / 1000);
  return { sub: 'b-1', role: 'beleidsmaker', iat: now, exp: now + 600, iss: 'wijkzorg', ...extra };
};
const nested = (depth: number) => `{"reason":${'['.repeat(depth - 1)}"x"${']'.repeat(depth - 1)}}`;

describe('bounded input: hostile forms get a 4xx naming what is wrong, never a 5xx, never an event', () => {
  let t: TestApp;
  const zp = () => t.as('zorgprofessional', 'zp-1');
  const head = async () => (await t.http.get('/health')).body.eventStore.headPosition as number;
  /** The problem names `field`, in the usual error body shape. */
  const expectField = (res: { status: number; body: { status?: number; errors?: { field: string; problems: string[] }[] } }, status: number, field: string) => {
    expect([res.status, res.body.status, res.body.errors?.map((f) => f.field)]).toEqual([status, status, expect.arrayContaining([field])]);
    expect(res.body.errors!.find((f) => f.field === field)!.problems.length).toBeGreaterThan(0);
  };

  beforeAll(async () => {
    process.env.WIJKZORG_WEBHOOKS = 'off';
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK036301', 'Bijlmer-Centrum', 'Amsterdam'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-1', 'WK036301', 20, 3))
      .expect(201);
    await zp()
      .post('/intakes', intakeBody('c-1', 'wc-1', 'WK036301', { intakeAt: '2026-01-05T09:00:00Z' }))
      .expect(201);
    await grantIndicatie(t, 'c-1', 'WK036301');
  });
  afterAll(async () => {
    delete process.env.WIJKZORG_WEBHOOKS;
    await t.close();
  });

  describe('tokens', () => {
    it('refuses tokens whose header or payload is not a JSON object with 401', async () => {
      const forms = [
        `${b64('null')}.${b64(claims())}.x`,
        `${b64('[]')}.${b64(claims())}.x`,
        `${b64('"HS256"')}.${b64(claims())}.x`,
        `${b64('42')}.${b64(claims())}.x`,
        signed({ alg: 'HS256' }, null),
        signed({ alg: 'HS256' }, [claims()]),
        signed({ alg: 'HS256' }, 'beleidsmaker'),
        signed({ alg: 'HS256' }, claims({ role: ['beleidsmaker'] })),
        signed({ alg: 'HS256' }, claims({ role: 'constructor' })),
        signed({ alg: 'HS256' }, claims({ role: 'zorgprofessional', wooncirkels: 'wc-1' })),
        `${b64('{"alg":"HS256"')}.${b64(claims())}.x`,
      ];
      for (const token of forms) {
        const res = await t.http.get('/caseload/wijken').set('Authorization', `Bearer ${token}`);
        expectField(res, 401, 'Authorization');
      }
    });

    it('honours nbf (not before) and aud (audience)', async () => {
      const now = Math.floor(Date.now() / 1000);
      const get = (token: string) => t.http.get('/caseload/wijken').set('Authorization', `Bearer ${token}`);
      const early = await get(signed({ alg: 'HS256', typ: 'JWT' }, claims({ nbf: now + 3600 })));
      expectField(early, 401, 'Authorization');
      expect(early.body.detail).toContain('nbf');
      expectField(await get(signed({ alg: 'HS256' }, claims({ nbf: 'soon' }))), 401, 'Authorization');
      await get(signed({ alg: 'HS256' }, claims({ nbf: now - 60 }))).expect(200);
      expectField(await get(signed({ alg: 'HS256' }, claims({ aud: 'another-service' }))), 401, 'Authorization');
      expectField(await get(signed({ alg: 'HS256' }, claims({ aud: ['another-service'] }))), 401, 'Authorization');
      await get(signed({ alg: 'HS256' }, claims({ aud: 'wijkzorg' }))).expect(200);
      await get(signed({ alg: 'HS256' }, claims({ aud: ['other', 'wijkzorg'] }))).expect(200);
    });

    it('takes credentials from the Authorization header only', async () => {
      expectField(await t.http.get(`/caseload/wijken?access_token=${t.token('beleidsmaker')}`), 401, 'access_token');
      // With a valid header too: the URL would still carry the token into logs and the access log.
      expectField(await t.as('auditor').get(`/clients/c-1?access_token=${t.token('auditor')}`), 400, 'access_token');
      expectField(await t.http.get(`/caseload/wijken?token=${t.token('beleidsmaker')}`), 401, 'token');
      // Every name on the one credential list, whatever its case.
      expectField(await t.as('beleidsmaker').get('/caseload/wijken?session=s3cr3t'), 400, 'session');
      expectField(await t.as('beleidsmaker').get('/caseload/wijken?API_KEY=wz_abcdefgh1234'), 400, 'API_KEY');
    });
  });

  describe('bodies', () => {
    it('answers a body over the size limit with 413 naming the body, and stores nothing', async () => {
      const before = await head();
      const res = await zp()
        .post('/clients/c-1/housing-requests', { reason: 'x'.repeat(MAX_BODY_BYTES) })
        .set('Content-Type', 'application/json');
      expectField(res, 413, 'body');
      expect(await head()).toBe(before);
    });

    it(`answers JSON nested deeper than ${MAX_JSON_DEPTH} levels with 400 before validation, also thousands deep`, async () => {
      const before = await head();
      for (const depth of [MAX_JSON_DEPTH + 1, 1000, 100_000]) {
        const res = await t.http
          .post('/clients/c-1/housing-requests')
          .set('Authorization', `Bearer ${t.token('zorgprofessional')}`)
          .set('Content-Type', 'application/json')
          .send(nested(depth));
        expectField(res, 400, 'body');
        expect(res.body.detail).toContain(`${MAX_JSON_DEPTH} levels`);
      }
      // Brackets inside strings are text, not nesting; at the limit the body goes on to validation.
      const inString = await t.http
        .post('/clients/c-1/housing-requests')
        .set('Authorization', `Bearer ${t.token('zorgprofessional')}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ reason: '['.repeat(500), extra: 1 }));
      expectField(inString, 400, 'extra');
      const atLimit = await t.http
        .post('/clients/c-1/housing-requests')
        .set('Authorization', `Bearer ${t.token('zorgprofessional')}`)
        .set('Content-Type', 'application/json')
        .send(nested(MAX_JSON_DEPTH));
      expectField(atLimit, 400, 'reason');
      expect(await head()).toBe(before);
    });

    it('counts the size after decompression (413), and answers bad charsets and broken compression with a 4xx naming the body', async () => {
      await t.app.listen(0, '127.0.0.1');
      const url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/clients/c-1/housing-requests`;
      const send = async (headers: Record<string, string>, body: Uint8Array | string) => {
        const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${t.token('zorgprofessional')}`, 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
        return { status: res.status, body: await res.json() };
      };
      const before = await head();
      const bomb = gzipSync(Buffer.from(JSON.stringify({ reason: 'x'.repeat(5_000_000) })));
      expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);
      expectField(await send({ 'Content-Encoding': 'gzip' }, bomb), 413, 'body');
      expectField(await send({ 'Content-Encoding': 'gzip' }, 'not gzip at all'), 400, 'body');
      expectField(await send({ 'Content-Type': 'application/json; charset=koi8-r' }, '{"reason":"x"}'), 415, 'body');
      const utf16 = await send({ 'Content-Type': 'application/json; charset=utf-16le' }, Buffer.from('{"reason":"BSN 111222333"}', 'utf8'));
      expectField(utf16, 400, 'body');
      expect(JSON.stringify(utf16.body)).not.toMatch(/111222333|[\u3000-\uffff]/);
      expect(await head()).toBe(before);
    });

    it('answers unparseable JSON with 400 naming the body, without quoting it', async () => {
      const res = await t.http
        .post('/clients/c-1/housing-requests')
        .set('Authorization', `Bearer ${t.token('zorgprofessional')}`)
        .set('Content-Type', 'application/json')
        .send('{"reason": "BSN 111222333",');
      expectField(res, 400, 'body');
      expect(JSON.stringify(res.body)).not.toContain('111222333');
    });
  });

  describe('paging', () => {
    const pagedReads = [
      { url: '/caseload/wijken', role: 'beleidsmaker' },
      { url: '/caseload/wooncirkels', role: 'beleidsmaker' },
      { url: '/wachtlijst', role: 'auditor' },
      { url: '/budget/clients', role: 'auditor' },
      { url: '/budget/wijken', role: 'beleidsmaker' },
      { url: '/audit/access-log', role: 'auditor' },
    ];
    const bad: [string, string][] = [
      ['offset', '1e20'],
      ['offset', '100000000000000000000'],
      ['offset', '-1'],
      ['offset', '1.5'],
      ['offset', '1000001'],
      ['offset', 'Infinity'],
      ['limit', '0'],
      ['limit', '501'],
      ['limit', '1e3'],
      ['limit', '-5'],
      ['minPosition', '1e20'],
      ['minPosition', '-1'],
    ];

    it('bounds limit, offset and minPosition on every paged read', async () => {
      for (const read of pagedReads) {
        for (const [field, value] of bad) expectField(await t.as(read.role).get(`${read.url}?${field}=${value}`), 400, field);
        const ok = await t.as(read.role).get(`${read.url}?limit=500&offset=1000000`).expect(200);
        expect(ok.body.items).toStrictEqual([]);
      }
    });
  });

  describe('ids named like Object.prototype members', () => {
    const ids = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__proto__', '__defineGetter__'];

    it('never answers 5xx on any route with an id in its path, and refuses with a 4xx where nothing exists', async () => {
      for (const id of ids) {
        const reads = [
          t.as('auditor').get(`/clients/${id}`),
          t.as('auditor').get(`/clients/${id}/events`),
          t.as('auditor').get(`/clients/${id}/trajectory`),
          t.as('auditor').get(`/budget/clients/${id}`),
          t.as('admin').get(`/wooncirkels/${id}`),
          t.as('admin').get(`/wijken/${id}`),
          t.as('beleidsmaker').get(`/caseload/wijken/${id}`),
        ];
        for (const res of await Promise.all(reads)) expect([id, res.status < 500]).toEqual([id, true]);
        const before = await head();
        const commands = [
          zp().post(`/clients/c-1/housing-offers/${id}/decline`, { reason: 'te ver', becauseOfPreference: false }),
          zp().post(`/clients/c-1/housing-offers/${id}/accept`, { reciprocity: ['klusjes'] }),
          zp().post(`/clients/c-1/budget/releases/${id}/spendings`, { amountCents: 1, description: 'x', spentAt: '2026-03-01T09:00:00Z' }),
          t.as('doorbraaktafel').post(`/clients/c-1/doorbraak-cases/${id}/decisions`, { decision: 'maatwerk', participants: ['gemeente'], clientPresent: true }),
          t.as('doorbraaktafel').post(`/clients/c-1/doorbraak-cases/${id}/close`, { outcome: 'opgelost' }),
          t.as('admin').post(`/wooncirkels/${id}/homes`, { home: { homeId: 'h-x', address: 'Kraaiennest 1', housingType: 'zelfstandig_in_cirkel', owner: 'parteon', travelMinutesToKern: 4 } }),
          t.as('admin').put(`/wooncirkels/${id}/team-capacity`, { caseloadCapacity: 3 }),
          zp().post(`/clients/${id}/housing-requests`, { reason: 'dakloos', origin: 'thuis' }),
        ];
        for (const res of await Promise.all(commands)) {
          expect([id, res.status >= 400 && res.status < 500]).toEqual([id, true]);
          expect(res.body.errors.length).toBeGreaterThan(0);
        }
        expect(await head()).toBe(before);
      }
    });

    it('treats such ids as ordinary ids of their own', async () => {
      await gemeenteFor(t, 'WK036301').post('/clients/c-1/budget/allocations', { year: 2026, funder: 'wmo', amountCents: 10_000 }).expect(201);
      await zp().post('/clients/c-1/budget/releases', { releaseId: 'toString', year: 2026, funder: 'wmo', purpose: 'zorg_begeleiding', amountCents: 500, approvedBy: 'teamleider' }).expect(201);
      await zp().post('/clients/c-1/budget/releases/toString/spendings', { amountCents: 200, description: 'begeleiding maart', spentAt: '2026-03-01T09:00:00Z' }).expect(201);
      expectField(await zp().post('/clients/c-1/budget/releases/toString/spendings', { amountCents: 301, description: 'te veel', spentAt: '2026-03-02T09:00:00Z' }), 422, 'amountCents');
      expectField(await zp().post('/clients/c-1/budget/releases/constructor/spendings', { amountCents: 1, description: 'x', spentAt: '2026-03-02T09:00:00Z' }), 422, 'releaseId');
      await t
        .as('woningcorporatie')
        .post('/clients/c-1/housing-offers', { offerId: 'constructor', corporation: 'rochdale', wooncirkelId: 'wc-1', homeId: 'wc-1-h1' })
        .expect((res) => expect(res.status).toBeLessThan(500));
    });
  });

  describe('auditor replay by effective time', () => {
    it('replays validAt between a back-dated spend and its release without failing', async () => {
      await zp()
        .post('/intakes', intakeBody('c-back', 'wc-1', 'WK036301', { intakeAt: '2026-01-05T09:00:00Z' }))
        .expect(201);
      await grantIndicatie(t, 'c-back', 'WK036301');
      await gemeenteFor(t, 'WK036301').post('/clients/c-back/budget/allocations', { year: 2026, funder: 'wmo', amountCents: 50_000 }).expect(201);
      await zp().post('/clients/c-back/budget/releases', { releaseId: 'r-1', year: 2026, funder: 'wmo', purpose: 'zorg_begeleiding', amountCents: 20_000, approvedBy: 'teamleider' }).expect(201);
      // Recorded after the release (which took effect now), but dated back to February.
      await zp().post('/clients/c-back/budget/releases/r-1/spendings', { amountCents: 5_000, description: 'begeleiding februari', spentAt: '2026-02-01T09:00:00Z' }).expect(201);
      const between = await t.as('auditor').get('/clients/c-back/trajectory?validAt=2026-03-01T00:00:00Z').expect(200);
      expect(between.body.steps.map((s: { type: string }) => s.type)).toEqual(['IntakeRegistered']);
      const all = await t.as('auditor').get('/clients/c-back/trajectory').expect(200);
      expect(all.body.state.budget).toEqual([expect.objectContaining({ allocatedCents: 50_000, releasedCents: 20_000, spentCents: 5_000 })]);
    });
  });

  describe('times', () => {
    const impossible = ['2026-02-30T00:00:00Z', '2026-02-29T09:00:00Z', '2026-04-31T09:00:00Z', '2026-13-01T09:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T23:60:00Z', '2026-01-01T23:59:60Z', '0000-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '2026-01-01T09:00:00+01:00', '2026-01-01'];

    it('refuses impossible or implausible dates in command bodies', async () => {
      const before = await head();
      for (const time of impossible) {
        expectField(await zp().post('/clients/c-1/care-scaling-steps', { toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'd', effectiveAt: time }), 400, 'effectiveAt');
        expectField(await zp().post('/intakes', intakeBody('c-time', 'wc-1', 'WK036301', { intakeAt: time })), 400, 'intakeAt');
        expectField(await zp().post('/clients/c-1/budget/releases/toString/spendings', { amountCents: 1, description: 'x', spentAt: time }), 400, 'spentAt');
      }
      expect(await head()).toBe(before);
    });

    it('refuses impossible or implausible dates in every query-string time', async () => {
      for (const time of impossible) {
        const q = encodeURIComponent(time);
        expectField(await t.as('beleidsmaker').get(`/wachtlijst/statistics?asOf=${q}`), 400, 'asOf');
        expectField(await t.as('auditor').get(`/clients/c-1/trajectory?asOf=${q}`), 400, 'asOf');
        expectField(await t.as('auditor').get(`/clients/c-1/trajectory?validAt=${q}`), 400, 'validAt');
        expectField(await t.as('auditor').get(`/audit/access-log?from=${q}`), 400, 'from');
        expectField(await t.as('auditor').get(`/audit/access-log?to=${q}`), 400, 'to');
      }
      await t.as('auditor').get('/clients/c-1/trajectory?validAt=2024-02-29T12:00:00.000Z').expect(200);
    });
  });

  describe('text', () => {
    const blank = ['', ' ', '   \t ', '\u200b', '\u200b\u200c\u200d\u2060', '\ufeff', '\u00a0\u3000', '\u3164', '\n\n'];
    const control = ['a\u0000b', 'bel\u0007', 'esc \u001b[31m rood', 'del\u007f', 'c1\u0085', 'lijn\u2028scheiding', 'half \ud800 surrogaat'];

    it('refuses blank, invisible and control-character text in required fields, naming the field', async () => {
      const before = await head();
      for (const value of [...blank, ...control]) {
        expectField(await zp().post('/clients/c-1/care-scaling-steps', { toIntensity: 'licht_ambulant', reason: value, decidedBy: 'teamoverleg', effectiveAt: '2026-02-01T09:00:00Z' }), 400, 'reason');
        expectField(await zp().post('/clients/c-1/care-scaling-steps', { toIntensity: 'licht_ambulant', reason: 'r', decidedBy: value, effectiveAt: '2026-02-01T09:00:00Z' }), 400, 'decidedBy');
        expectField(await t.as('woningcorporatie').post('/clients/c-1/housing-offers', { offerId: 'o-t', corporation: value, wooncirkelId: 'wc-1', homeId: 'wc-1-h2' }), 400, 'corporation');
        expectField(await t.as('admin').post('/wijken', { ...wijkBody('WK036302', 'Gein', 'Amsterdam'), wijkName: value }), 400, 'wijkName');
        expectField(await zp().post('/intakes', intakeBody('c-text', 'wc-1', 'WK036301', { goals: ['wonen', value] })), 400, 'goals');
      }
      // New lines belong in long notes, not in one-line fields such as names.
      expectField(await t.as('woningcorporatie').post('/clients/c-1/housing-offers', { offerId: 'o-t', corporation: 'Roch\ndale', wooncirkelId: 'wc-1', homeId: 'wc-1-h2' }), 400, 'corporation');
      expectField(await zp().post('/clients/c-1/care-scaling-steps', { toIntensity: 'licht_ambulant', reason: 'x'.repeat(2001), decidedBy: 'd', effectiveAt: '2026-02-01T09:00:00Z' }), 400, 'reason');
      expect(await head()).toBe(before);
      await zp().post('/clients/c-1/care-scaling-steps', { toIntensity: 'licht_ambulant', reason: 'eenzaam,\nschulden — “hulp” gevraagd 🙂', decidedBy: 'wijkverpleegkundige Anna', effectiveAt: '2026-02-01T09:00:00Z' }).expect(201);
    });
  });

  describe('money', () => {
    it('keeps every amount within € 1 bn (100,000,000,000 cents), at the edge and in the domain', async () => {
      const before = await head();
      for (const amountCents of [100_000_000_001, Number.MAX_SAFE_INTEGER, 1e20]) {
        expectField(await gemeenteFor(t, 'WK036301').post('/clients/c-1/budget/allocations', { year: 2027, funder: 'wmo', amountCents }), 400, 'amountCents');
      }
      expect(await head()).toBe(before);
      await gemeenteFor(t, 'WK036301').post('/clients/c-1/budget/allocations', { year: 2027, funder: 'wmo', amountCents: 100_000_000_000 }).expect(201);
    });
  });

  describe('output', () => {
    it('neutralises CSV cells a spreadsheet would run as a formula', () => {
      const csv = toCsv([{ name: '=HYPERLINK("http://evil","klik")', a: '+31', b: '-2+3', c: '@SUM(A1)', d: '\t=1', e: '\r=1', n: -5, ok: 'Poelenburg' }]);
      const [, row] = csv.split('\n');
      expect(row).toBe(`"'=HYPERLINK(""http://evil"",""klik"")",'+31,'-2+3,'@SUM(A1),'\t=1,"'\r=1",-5,Poelenburg`);
    });

    it("never writes a bearer token, API key or stream ticket to the log (the api's own pino logger)", () => {
      const written: string[] = [];
      const sink = new Writable({ write: (chunk, _encoding, done) => (written.push(String(chunk)), done()) });
      const { pinoHttp } = loggingParams(loadConfig(process.env), false) as { pinoHttp: LoggerOptions };
      const logger = pino({ level: 'info', hooks: pinoHttp.hooks }, sink);
      const jwt = t.token('integrator');
      logger.info(`request with Authorization: Bearer ${jwt}`);
      logger.warn(`delivery to https://hook.example/x?token=s3cr3t-value&x=1 failed`);
      logger.error(new Error(`key wz_abcdefghijklmnopqrstuvwx and ticket wzt_abcdefghijklmnopqrstuvwx in ${jwt}`));
      const text = written.join('');
      expect(text).toContain('request with Authorization');
      for (const secret of [jwt, jwt.split('.')[1], 's3cr3t-value', 'wz_abcdefghijklmnopqrstuvwx', 'wzt_abcdefghijklmnopqrstuvwx']) expect([secret, text.includes(secret)]).toEqual([secret, false]);
    });
  });
});
