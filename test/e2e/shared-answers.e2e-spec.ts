import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { TestApp, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * Memoised figures many readers share are serialised, tagged and gzipped once (apps/api/src/shared/shared-json.ts):
 * what a reader gets must be the same JSON, ETag and conditional answers as a fresh serialisation, in either encoding,
 * and a new answer after a write must never be served the bytes of the old one.
 */
describe('shared answers: serialised once, gzipped for readers that accept it', () => {
  let t: TestApp;
  let port: number;
  let registered = 0;
  const month = new Date().toISOString().slice(0, 7);

  beforeAll(async () => {
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK038801', 'Binnenstad', 'Enkhuizen'))
      .expect(201);
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK038802', 'Oosterstraat', 'Enkhuizen'))
      .expect(201);
    for (let i = 1; i <= 3; i++)
      registered = (
        await t
          .as('admin')
          .post('/wooncirkels', wooncirkelBody(`wc-shared-${i}`, 'WK038801', 5))
          .expect(201)
      ).body.position;
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t?.close());

  const get = (path: string, headers: Record<string, string>) =>
    new Promise<Raw>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${t.token('beleidsmaker')}`, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  const dekking = (position: number) => `/beleid/uitkomsten/dekking?periode=${month}&niveau=wijk&minPosition=${position}`;
  /** The gzipped bytes are made off the event loop after the first answer: asked until they are there. */
  const gzipped = async (path: string) => {
    for (let i = 0; i < 100; i++) {
      const res = await get(path, { 'Accept-Encoding': 'gzip, deflate' });
      if (res.headers['content-encoding'] === 'gzip') return res;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${path} was never answered gzipped`);
  };
  const valuesOf = (json: Buffer, wijk: string) => (JSON.parse(json.toString('utf8')) as { rows: { code: string; period: string; values: Record<string, number> }[] }).rows.find((r) => r.code === wijk && r.period === month)!.values;

  it('answers the same JSON and ETag gzipped or plain, says it varies by Accept-Encoding, and answers 304 to either', async () => {
    const plain = await get(dekking(registered), { 'Accept-Encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(valuesOf(plain.body, 'WK038801')).toMatchObject({ wooncirkels: 3, wooncirkels_met_kern: 3 });

    const zipped = await gzipped(dekking(registered));
    expect(zipped.status).toBe(200);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    expect(zipped.headers.etag).toBe(plain.headers.etag);
    for (const res of [plain, zipped]) expect(String(res.headers.vary)).toContain('Accept-Encoding');

    for (const encoding of ['identity', 'gzip']) {
      const notModified = await get(dekking(registered), { 'Accept-Encoding': encoding, 'If-None-Match': String(plain.headers.etag) });
      expect(notModified.status).toBe(304);
      expect(notModified.headers['content-encoding']).toBeUndefined(); // no body, so no encoding
      expect(notModified.body.length).toBe(0);
    }
    // gzip refused (q=0), or not named at all: plain JSON.
    for (const encoding of ['gzip;q=0, identity', 'br']) {
      const res = await get(dekking(registered), { 'Accept-Encoding': encoding });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.equals(plain.body)).toBe(true);
    }
  });

  it('never serves the old bytes for a new answer: after a write the table, its ETag and its gzipped bytes are new', async () => {
    const before = await gzipped(dekking(registered));
    const position = (
      await t
        .as('admin')
        .post('/wooncirkels', wooncirkelBody('wc-shared-4', 'WK038801', 5))
        .expect(201)
    ).body.position as number;
    const plain = await get(dekking(position), { 'Accept-Encoding': 'identity' });
    expect(valuesOf(plain.body, 'WK038801')).toMatchObject({ wooncirkels: 4 });
    expect(plain.headers.etag).not.toBe(before.headers.etag);
    const after = await gzipped(dekking(position));
    expect(valuesOf(gunzipSync(after.body), 'WK038801')).toMatchObject({ wooncirkels: 4 });
    expect(gunzipSync(after.body).equals(plain.body)).toBe(true);
  });

  it('leaves answers that are not shared as Express makes them: plain, whatever the reader accepts', async () => {
    // An auditor reads exact figures straight from the read models: a new answer per request, never shared.
    const exact = `/caseload/wooncirkels?minPosition=${registered}`;
    const first = await get(exact, { 'Accept-Encoding': 'gzip', Authorization: `Bearer ${t.token('auditor')}` });
    expect(first.status).toBe(200);
    expect(first.body.length).toBeGreaterThan(1024); // large enough to be gzipped were it shared
    for (let i = 0; i < 5; i++) {
      const res = await get(exact, { 'Accept-Encoding': 'gzip', Authorization: `Bearer ${t.token('auditor')}` });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.vary ?? '').not.toContain('Accept-Encoding');
      await new Promise((r) => setTimeout(r, 20));
    }
  });
});
