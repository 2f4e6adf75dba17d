import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';

/**
 * Query serving over HTTP (docs/performance.md, "Queries"): figures memoised per question are served stale while they
 * are recomputed, but a read with a write's position as minPosition reflects that write, and every read says the
 * read-model position its answer was computed at.
 */
describe('read position: read-your-writes through memoised figures, and the position in every answer', () => {
  let t: TestApp;
  let registered: number;
  const clientsOf = async (minPosition?: number) => {
    const res = await t
      .as('auditor')
      .get(`/caseload/wijken/WK047901${minPosition === undefined ? '' : `?minPosition=${minPosition}`}`)
      .expect(200);
    return { clients: res.body.clients as number, position: Number(res.headers['x-wijkzorg-read-position']) };
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.as('admin').post('/wijken', wijkBody()).expect(201);
    registered = (
      await t
        .as('admin')
        .post('/wooncirkels', wooncirkelBody('wc-1', 'WK047901', 10))
        .expect(201)
    ).body.position;
  });
  afterAll(() => t?.close());

  it('answers a read with the position of a write as minPosition from figures that hold the write, and says so in X-Wijkzorg-Read-Position', async () => {
    const before = await clientsOf(registered);
    expect(Number.isInteger(before.position)).toBe(true);
    for (let i = 1; i <= 3; i++) {
      const written = await t
        .as('zorgprofessional')
        .post('/intakes', intakeBody(`cl-read-position-${i}`, 'wc-1', 'WK047901'))
        .expect(201);
      const after = await clientsOf(written.body.position);
      expect(after.clients).toBe(before.clients + i);
      expect(after.position).toBeGreaterThanOrEqual(written.body.position);
    }
  });

  it('serves a read without minPosition at once from the latest figures, which catch up with the writes', async () => {
    const written = await t
      .as('zorgprofessional')
      .post('/intakes', intakeBody('cl-read-position-later', 'wc-1', 'WK047901'))
      .expect(201);
    const seen = await clientsOf(written.body.position);
    const answers: { clients: number; position: number }[] = [];
    for (let i = 0; i < 200; i++) {
      const answer = await clientsOf();
      answers.push(answer);
      if (answer.position >= written.body.position) break;
    }
    // Never a position beyond what the figures hold: an answer at the write's position or later holds it.
    for (const a of answers) if (a.position >= written.body.position) expect(a.clients).toBe(seen.clients);
    expect(answers[answers.length - 1].position).toBeGreaterThanOrEqual(written.body.position);
  });

  it('documents the serving policy and the header on the routes of memoised figures', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    for (const path of ['/v1/caseload/wijken/{wijkCode}', '/v1/beleid/wijken', '/v1/beleid/uitkomsten/{group}', '/v1/wachtlijst/statistics', '/v1/budget/wijken']) {
      const operation = doc.paths[path].get;
      expect([path, operation.description]).toEqual([path, expect.stringContaining('Without minPosition the answer is the latest computed one')]);
      expect([path, Object.keys(operation.responses['200'].headers ?? {})]).toEqual([path, ['X-Wijkzorg-Read-Position']]);
      expect(operation.summary.length).toBeGreaterThan(0);
    }
  });

  it('says the position on direct reads of the store too', async () => {
    const res = await t.as('auditor').get('/wachtlijst?open=true').expect(200);
    expect(Number(res.headers['x-wijkzorg-read-position'])).toBeGreaterThan(0);
  });
});
