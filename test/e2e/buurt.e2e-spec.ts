import fc from 'fast-check';
import { RecordedEvent } from '@wijkzorg/event-store';
import { TestApp, intakeBody, startTestApp, wijkBody } from '../support/test-app';
import { seededDataDir } from '../support/seeded-data';

/** Breda, Hoge Vucht: the wijkteam of gemeente GM0758 handles nuisance with the neighbourhood; Surplus runs buurtpleinen (source 004). */
const WIJK = 'WK075803';
const OTHER_WIJK = 'WK047901'; // Zaanstad
const BREDA = 'GM0758';

describe('the neighbourhood over HTTP: overlast, buurtonderzoek, buurtpleinen, kern visits', () => {
  let t: TestApp;
  // The wijkteam of Breda: its gemeente (org) for the neighbourhood, the wooncirkels it works with for clients.
  const wijkteam = () => t.as('wijkteam', 'wt-hoge-vucht', ['*'], BREDA);
  const welzijn = () => t.as('welzijn', 'sw-1', undefined, 'surplus-welzijn');
  const problem = (res: { body: { errors: { field: string }[] } }) => res.body.errors.map((e) => e.field);

  beforeAll(async () => {
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody(WIJK, 'Hoge Vucht', 'Breda'))
      .expect(201);
    await t.as('admin').post('/wijken', wijkBody(OTHER_WIJK)).expect(201);
    const circle = (wooncirkelId: string, wijkCode: string, opensAt: string, closesAt: string) => ({
      wooncirkelId,
      wijkCode,
      name: wooncirkelId,
      form: 'kern_met_cirkel',
      kern: { name: `Kern ${wooncirkelId}`, opensAt, closesAt },
      team: { teamId: `team-${wooncirkelId}`, name: 'Team', providerId: 'prov-ggz-breburg', caseloadCapacity: 5 },
      homes: [],
    });
    await t
      .as('admin')
      .post('/wooncirkels', circle('wc-hv', WIJK, '09:00', '17:00'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', circle('wc-poel', OTHER_WIJK, '07:30', '22:30'))
      .expect(201);
    await t
      .as('zorgprofessional')
      .post('/intakes', intakeBody('cl-hv-1', 'wc-hv', WIJK))
      .expect(201);
    await t
      .as('zorgprofessional')
      .post('/intakes', intakeBody('cl-poel-1', 'wc-poel', OTHER_WIJK))
      .expect(201);
  });
  afterAll(() => t.close());

  it('a wijkteam records a nuisance report through to its resolution, with the neighbourhood', async () => {
    await wijkteam().post('/buurt/overlast', { reportId: 'ov-1', wijkCode: WIJK, source: 'buurtbewoner', category: 'verward_gedrag', reportedAt: '2026-11-02T09:00:00Z', clientId: 'cl-hv-1' }).expect(201);
    // First with the client, then without: residents did not dare to speak with the client there (source 004).
    await wijkteam().post('/buurt/overlast/ov-1/buurtgesprekken', { heldAt: '2026-11-04T19:00:00Z', withClient: true, residents: 5, professionals: 2 }).expect(201);
    await wijkteam().post('/buurt/overlast/ov-1/buurtgesprekken', { heldAt: '2026-11-06T19:00:00Z', withClient: false, residents: 8, professionals: 2 }).expect(201);
    await wijkteam()
      .post('/buurt/overlast/ov-1/response', { responses: ['opschalen_zorg', 'bemiddeling'], decidedAt: '2026-11-07T10:00:00Z' })
      .expect(201);
    const resolved = await wijkteam().post('/buurt/overlast/ov-1/resolution', { outcome: 'opgelost', resolvedAt: '2026-11-16T10:00:00Z' }).expect(201);
    expect(resolved.body.events).toEqual([{ type: 'OverlastResolved', revision: 4 }]);

    const view = await wijkteam().get(`/buurt/wijken/${WIJK}?minPosition=${resolved.body.position}`).expect(200);
    expect(view.body.overlast).toEqual([
      expect.objectContaining({ reportId: 'ov-1', clientId: 'cl-hv-1', clientLinked: true, buurtgesprekken: 2, gesprekkenWithClient: 1, responses: ['opschalen_zorg', 'bemiddeling'], careStepExpected: true, careStepTakenAt: null, status: 'resolved', resolutionDays: 14 }),
    ]);
    // A welfare worker sees that a client is linked, not which.
    const asWelzijn = await welzijn().get(`/buurt/wijken/${WIJK}`).expect(200);
    expect(asWelzijn.body.overlast[0]).not.toHaveProperty('clientId');
    expect(asWelzijn.body.overlast[0].clientLinked).toBe(true);
  });

  it('refuses what breaks the rules of the overlast flow, naming the field', async () => {
    await wijkteam().post('/buurt/overlast', { reportId: 'ov-2', wijkCode: WIJK, source: 'wijkagent', category: 'lawaai', reportedAt: '2026-11-02T09:00:00Z' }).expect(400);
    const bad = await wijkteam().post('/buurt/overlast', { reportId: 'ov-2', wijkCode: WIJK, source: 'wijkagent', category: 'lawaai', reportedAt: '2026-11-02T09:00:00Z' });
    expect(problem(bad)).toEqual(['category']);
    await wijkteam().post('/buurt/overlast', { reportId: 'ov-2', wijkCode: WIJK, source: 'wijkagent', category: 'geluid', reportedAt: '2026-11-02T09:00:00Z' }).expect(201);
    const withClient = await wijkteam().post('/buurt/overlast/ov-2/buurtgesprekken', { heldAt: '2026-11-03T19:00:00Z', withClient: true, residents: 4, professionals: 1 }).expect(422);
    expect([withClient.body.code, problem(withClient)]).toEqual(['no_client_linked', ['withClient']]);
    const early = await wijkteam().post('/buurt/overlast/ov-2/resolution', { outcome: 'opgelost', resolvedAt: '2026-11-03T10:00:00Z' }).expect(422);
    expect(early.body.code).toBe('no_response_decided');
    // A client of another wijk, or one unknown: one answer.
    for (const clientId of ['cl-poel-1', 'cl-nobody']) {
      const res = await wijkteam()
        .post('/buurt/overlast', { reportId: `ov-${clientId}`, wijkCode: WIJK, source: 'huisarts', category: 'overig', reportedAt: '2026-11-02T09:00:00Z', clientId })
        .expect(422);
      expect([res.body.code, problem(res)]).toEqual(['client_not_in_wijk', ['clientId']]);
    }
    // A zorgprofessional of another wooncirkel cannot name this client either.
    const foreign = await t.as('zorgprofessional', 'zp-poel', ['wc-poel']).post('/buurt/overlast', { reportId: 'ov-zp', wijkCode: WIJK, source: 'zorgaanbieder', category: 'overig', reportedAt: '2026-11-02T09:00:00Z', clientId: 'cl-hv-1' }).expect(403);
    expect(problem(foreign)).toEqual(['wijkCode']);
    await t.as('zorgprofessional', 'zp-hv', ['wc-hv']).post('/buurt/overlast', { reportId: 'ov-zp', wijkCode: WIJK, source: 'zorgaanbieder', category: 'overig', reportedAt: '2026-11-02T09:00:00Z', clientId: 'cl-hv-1' }).expect(201);
    const unregistered = await wijkteam().post('/buurt/overlast', { reportId: 'ov-nowhere', wijkCode: 'WK075899', source: 'wijkagent', category: 'geluid', reportedAt: '2026-11-02T09:00:00Z' }).expect(422);
    expect([unregistered.body.code, problem(unregistered)]).toEqual(['unknown_wijk', ['wijkCode']]);
    await wijkteam().post('/buurt/overlast/ov-unknown/resolution', { outcome: 'opgelost', resolvedAt: '2026-11-03T10:00:00Z' }).expect(404);
    await wijkteam().post('/buurt/overlast/ov-1/buurtgesprekken', { heldAt: '2026-11-20T19:00:00Z', withClient: false, residents: 3, professionals: 1 }).expect(422);
  });

  it('keeps a wijkteam to its own gemeente, and needs the gemeente code in its credential', async () => {
    const zaanstad = t.as('wijkteam', 'wt-zaanstad', undefined, 'GM0479');
    expect(problem(await zaanstad.post('/buurt/overlast', { reportId: 'ov-z', wijkCode: WIJK, source: 'wijkagent', category: 'geluid', reportedAt: '2026-11-02T09:00:00Z' }).expect(403))).toEqual(['wijkCode']);
    expect(problem(await zaanstad.post('/buurt/overlast/ov-2/response', { responses: ['geen_actie'], decidedAt: '2026-11-03T10:00:00Z' }).expect(403))).toEqual(['reportId']);
    await t.as('wijkteam', 'wt-anonymous').post('/buurt/overlast', { reportId: 'ov-z', wijkCode: WIJK, source: 'wijkagent', category: 'geluid', reportedAt: '2026-11-02T09:00:00Z' }).expect(403);
    await zaanstad.get(`/buurt/wijken/${WIJK}`).expect(403);
  });

  it('a corporation reports overlast about its homes, as corporatie and without naming anyone', async () => {
    const corporation = t.as('woningcorporatie', 'wbb-1', undefined, 'wonenbreburg');
    await corporation.post('/buurt/overlast', { reportId: 'ov-wbb', wijkCode: WIJK, source: 'corporatie', category: 'verwaarlozing_woning', reportedAt: '2026-11-05T09:00:00Z' }).expect(201);
    const named = await corporation.post('/buurt/overlast', { reportId: 'ov-wbb-2', wijkCode: WIJK, source: 'corporatie', category: 'geluid', reportedAt: '2026-11-05T09:00:00Z', clientId: 'cl-hv-1' }).expect(422);
    expect([named.body.code, problem(named)]).toEqual(['client_link_not_allowed', ['clientId']]);
    expect(problem(await corporation.post('/buurt/overlast', { reportId: 'ov-wbb-3', wijkCode: WIJK, source: 'buurtbewoner', category: 'geluid', reportedAt: '2026-11-05T09:00:00Z' }).expect(422))).toEqual(['source']);
    // Reporting is all a corporation does here.
    await corporation.post('/buurt/overlast/ov-wbb/resolution', { outcome: 'opgelost', resolvedAt: '2026-11-06T09:00:00Z' }).expect(403);
  });

  it('a welfare worker runs a buurtplein: start, weekly meetings with attendance, end', async () => {
    await welzijn().post('/buurt/buurtpleinen', { pleinId: 'bp-hv-1', wijkCode: WIJK, groupSize: 8, weekday: 'dinsdag', startTime: '10:00', startedAt: '2026-11-01T09:00:00Z' }).expect(201);
    await welzijn().post('/buurt/buurtpleinen/bp-hv-1/meetings', { heldOn: '2026-11-03', attendance: 7 }).expect(201);
    await welzijn().post('/buurt/buurtpleinen/bp-hv-1/meetings', { heldOn: '2026-11-10', attendance: 8 }).expect(201);
    expect(problem(await welzijn().post('/buurt/buurtpleinen/bp-hv-1/meetings', { heldOn: '2026-11-04', attendance: 6 }).expect(422))).toEqual(['heldOn']);
    expect(problem(await welzijn().post('/buurt/buurtpleinen/bp-hv-1/meetings', { heldOn: '2026-11-17', attendance: 9 }).expect(422))).toEqual(['attendance']);
    expect(problem(await welzijn().post('/buurt/buurtpleinen/bp-hv-1/meetings', { heldOn: '2026-11-10', attendance: 6 }).expect(422))).toEqual(['heldOn']);
    expect(problem(await welzijn().post('/buurt/buurtpleinen', { pleinId: 'bp-big', wijkCode: WIJK, groupSize: 14, weekday: 'dinsdag', startTime: '10:00', startedAt: '2026-11-01T09:00:00Z' }).expect(400))).toEqual(['groupSize']);
    expect(problem(await welzijn().post('/buurt/buurtpleinen', { pleinId: 'bp-x', wijkCode: WIJK, groupSize: 7, weekday: 'tuesday', startTime: '10:00', startedAt: '2026-11-01T09:00:00Z' }).expect(400))).toEqual(['weekday']);
    // Another welfare organisation does not record meetings of Surplus' plein.
    await t.as('welzijn', 'other', undefined, 'dock').post('/buurt/buurtpleinen/bp-hv-1/meetings', { heldOn: '2026-11-17', attendance: 6 }).expect(403);
    const ended = await welzijn().post('/buurt/buurtpleinen/bp-hv-1/end', { reason: 'zelfstandig_verder', endedAt: '2026-11-20T12:00:00Z' }).expect(201);
    const view = await welzijn().get(`/buurt/wijken/${WIJK}?minPosition=${ended.body.position}`).expect(200);
    expect(view.body.buurtpleinen).toEqual([expect.objectContaining({ pleinId: 'bp-hv-1', groupSize: 8, weekday: 'dinsdag', startTime: '10:00', meetings: 2, attendance: 15, status: 'beeindigd', endReason: 'zelfstandig_verder' })]);
  });

  it('a welfare worker runs a buurtonderzoek: conversations, findings, a plan shared with residents', async () => {
    await welzijn().post('/buurt/buurtonderzoeken', { onderzoekId: 'bo-hv-1', wijkCode: WIJK, reason: 'client_komt_wonen', startedAt: '2026-11-01T09:00:00Z' }).expect(201);
    const early = await welzijn().post('/buurt/buurtonderzoeken/bo-hv-1/plan', { sharedAt: '2026-11-02T19:00:00Z', channel: 'bewonersavond', residentsReached: 30 }).expect(422);
    expect(early.body.code).toBe('no_findings');
    await welzijn().post('/buurt/buurtonderzoeken/bo-hv-1/gesprekken', { heldAt: '2026-11-03T10:00:00Z', form: 'individueel', residents: 6, professionals: 0 }).expect(201);
    await welzijn().post('/buurt/buurtonderzoeken/bo-hv-1/gesprekken', { heldAt: '2026-11-05T10:00:00Z', form: 'groep', residents: 11, professionals: 4 }).expect(201);
    expect(
      problem(
        await welzijn()
          .post('/buurt/buurtonderzoeken/bo-hv-1/findings', { findings: ['iets'], recordedAt: '2026-11-06T10:00:00Z' })
          .expect(400),
      ),
    ).toEqual(['findings']);
    await welzijn()
      .post('/buurt/buurtonderzoeken/bo-hv-1/findings', { findings: ['behoefte_aan_contact', 'vooroordelen_over_clienten'], recordedAt: '2026-11-06T10:00:00Z' })
      .expect(201);
    const shared = await welzijn().post('/buurt/buurtonderzoeken/bo-hv-1/plan', { sharedAt: '2026-11-12T19:00:00Z', channel: 'bewonersavond', residentsReached: 45 }).expect(201);
    const view = await wijkteam().get(`/buurt/wijken/${WIJK}?minPosition=${shared.body.position}`).expect(200);
    expect(view.body.buurtonderzoeken).toEqual([expect.objectContaining({ onderzoekId: 'bo-hv-1', conversations: 2, residentsSpokenTo: 17, professionalsSpokenTo: 4, findings: ['behoefte_aan_contact', 'vooroordelen_over_clienten'], status: 'plan_gedeeld', residentsReached: 45 })]);
    await welzijn().post('/buurt/buurtonderzoeken/bo-hv-1/gesprekken', { heldAt: '2026-11-13T10:00:00Z', form: 'groep', residents: 3, professionals: 0 }).expect(422);
  });

  it('records kern visits by clients and non-clients per day part, and refuses a day part outside opening hours', async () => {
    const morning = await welzijn().post('/buurt/kernen/wc-hv/visits', { date: '2026-11-03', dayPart: 'ochtend', clientVisits: 3, otherVisits: 9 }).expect(201);
    await welzijn().post('/buurt/kernen/wc-hv/visits', { date: '2026-11-03', dayPart: 'middag', clientVisits: 2, otherVisits: 12 }).expect(201);
    const evening = await welzijn().post('/buurt/kernen/wc-hv/visits', { date: '2026-11-03', dayPart: 'avond', clientVisits: 1, otherVisits: 4 }).expect(422);
    expect([evening.body.code, problem(evening)]).toEqual(['kern_closed', ['dayPart']]);
    expect(problem(await welzijn().post('/buurt/kernen/wc-hv/visits', { date: '2026-11-03', dayPart: 'ochtend', clientVisits: 1, otherVisits: 1 }).expect(422))).toEqual(['dayPart']);
    expect(problem(await welzijn().post('/buurt/kernen/wc-hv/visits', { date: '2026-11-31', dayPart: 'ochtend', clientVisits: 1, otherVisits: 1 }).expect(422))).toEqual(['date']);
    expect(problem(await welzijn().post('/buurt/kernen/wc-hv/visits', { date: '2026-11-03', dayPart: 'nacht', clientVisits: 1, otherVisits: 1 }).expect(400))).toEqual(['dayPart']);
    await welzijn().post('/buurt/kernen/wc-nowhere/visits', { date: '2026-11-03', dayPart: 'ochtend', clientVisits: 1, otherVisits: 1 }).expect(404);
    await t.as('welzijn', 'no-org').post('/buurt/kernen/wc-hv/visits', { date: '2026-11-04', dayPart: 'ochtend', clientVisits: 1, otherVisits: 1 }).expect(403);
    const view = await welzijn()
      .get(`/buurt/wijken/${WIJK}?minPosition=${morning.body.position + 1}`)
      .expect(200);
    expect(view.body.kernVisits).toEqual([
      expect.objectContaining({ wooncirkelId: 'wc-hv', month: '2026-11', dates: ['2026-11-03'], daysRecorded: 1, clientVisits: 5, otherVisits: 21, byDayPart: { ochtend: { clientVisits: 3, otherVisits: 9 }, middag: { clientVisits: 2, otherVisits: 12 }, avond: { clientVisits: 0, otherVisits: 0 } } }),
    ]);
  });

  it('policymakers see only protected figures; the auditor sees them exact', async () => {
    const head = (await welzijn().post('/buurt/kernen/wc-hv/visits', { date: '2026-11-04', dayPart: 'middag', clientVisits: 0, otherVisits: 7 }).expect(201)).body.position;
    const exact = await t.as('auditor').get(`/buurt/cijfers?wijkCode=${WIJK}&month=2026-11&minPosition=${head}`).expect(200);
    expect(exact.body.rows).toEqual([expect.objectContaining({ code: WIJK, month: '2026-11', overlastReported: 4, overlastResolved: 1, medianResolutionDays: 14, pleinMeetings: 2, pleinAttendance: 15, kernClientVisits: 5, kernOtherVisits: 28 })]);
    const published = await t.as('beleidsmaker').get(`/buurt/cijfers?wijkCode=${WIJK}&month=2026-11`).expect(200);
    const [row] = published.body.rows;
    expect(published.body.protected).toBe(true);
    // Four reports about a few households: not shown as a number; a median of one resolution neither.
    expect([row.overlastReported, row.overlastResolved, row.medianResolutionDays]).toEqual(['<5', '<5', '<5']);
    expect([row.pleinAttendance, row.kernOtherVisits]).toEqual([15, 30]);
    const gemeente = await t.as('beleidsmaker').get(`/buurt/cijfers?level=gemeente&gemeenteCode=${BREDA}`).expect(200);
    expect(gemeente.body.rows.map((r: { level: string; code: string; overlastReported: unknown }) => [r.level, r.code, r.overlastReported])).toEqual([['gemeente', BREDA, '<5']]);
    await t.as('beleidsmaker').get('/buurt/cijfers?month=2026-13').expect(400);
    await t.as('beleidsmaker').get(`/buurt/wijken/${WIJK}`).expect(403);
    await t.as('welzijn', 'sw-1', undefined, 'surplus-welzijn').get('/buurt/cijfers').expect(403);
  });
});

/** Values that must never reach a stored buurt event: invisible or control text, prototype names, impossible times, huge numbers. */
const HOSTILE: unknown[] = ['', ' ', '\u200b', 'a\u0000b', '__proto__', 'constructor', '2026-02-30T00:00:00Z', '2026-02-30', '1899-12-31T23:59:59Z', '24:00', 1e20, -1, 1.5, 2 ** 53 + 2, null, [], {}, ['geen_actie', 'geen_actie', 'x'], JSON.parse('{"__proto__":{"polluted":true}}')];
const almostRight = (valid: Record<string, unknown>) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...Object.keys(valid)), fc.constantFrom(...HOSTILE)).map(([field, value]) => ({ ...valid, [field]: value })),
    fc.constantFrom(...Object.keys(valid)).map((field) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== field))),
    fc.tuple(fc.constantFrom(...Object.keys(valid)), fc.jsonValue()).map(([field, value]) => ({ ...valid, [field]: value })),
    fc.dictionary(fc.string(), fc.jsonValue()),
  );

describe('the neighbourhood under bad input: a clear 4xx, never a 5xx, never a stored event', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody(WIJK, 'Hoge Vucht', 'Breda'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', { wooncirkelId: 'wc-f', wijkCode: WIJK, name: 'f', form: 'kern_met_cirkel', kern: { name: 'k', opensAt: '09:00', closesAt: '17:00' }, team: { teamId: 't-f', name: 't', providerId: 'p', caseloadCapacity: 2 }, homes: [] })
      .expect(201);
    const wt = t.as('wijkteam', 'wt', ['*'], BREDA);
    await wt.post('/buurt/overlast', { reportId: 'ov-f', wijkCode: WIJK, source: 'wijkagent', category: 'geluid', reportedAt: '2026-11-02T09:00:00Z' }).expect(201);
    const wz = t.as('welzijn', 'wz', undefined, 'surplus-welzijn');
    await wz.post('/buurt/buurtonderzoeken', { onderzoekId: 'bo-f', wijkCode: WIJK, reason: 'overlast', startedAt: '2026-11-01T09:00:00Z' }).expect(201);
    await wz.post('/buurt/buurtpleinen', { pleinId: 'bp-f', wijkCode: WIJK, groupSize: 7, weekday: 'dinsdag', startTime: '10:00', startedAt: '2026-11-01T09:00:00Z' }).expect(201);
  });
  afterAll(() => t.close());

  const endpoints: { url: string; role: string; org: string; valid: Record<string, unknown> }[] = [
    { url: '/buurt/overlast', role: 'wijkteam', org: BREDA, valid: { reportId: 'ov-new', wijkCode: WIJK, source: 'buurtbewoner', category: 'geluid', reportedAt: '2026-11-02T09:00:00Z' } },
    { url: '/buurt/overlast/ov-f/buurtgesprekken', role: 'wijkteam', org: BREDA, valid: { heldAt: '2026-11-03T19:00:00Z', withClient: false, residents: 4, professionals: 1 } },
    { url: '/buurt/overlast/ov-f/response', role: 'wijkteam', org: BREDA, valid: { responses: ['bemiddeling'], decidedAt: '2026-11-04T09:00:00Z' } },
    { url: '/buurt/buurtonderzoeken/bo-f/gesprekken', role: 'welzijn', org: 'surplus-welzijn', valid: { heldAt: '2026-11-03T10:00:00Z', form: 'groep', residents: 5, professionals: 1 } },
    { url: '/buurt/buurtpleinen', role: 'welzijn', org: 'surplus-welzijn', valid: { pleinId: 'bp-new', wijkCode: WIJK, groupSize: 8, weekday: 'maandag', startTime: '14:00', startedAt: '2026-11-01T09:00:00Z' } },
    { url: '/buurt/buurtpleinen/bp-f/meetings', role: 'welzijn', org: 'surplus-welzijn', valid: { heldOn: '2026-11-03', attendance: 6 } },
    { url: '/buurt/kernen/wc-f/visits', role: 'welzijn', org: 'surplus-welzijn', valid: { date: '2026-11-03', dayPart: 'middag', clientVisits: 2, otherVisits: 5 } },
  ];

  it('answers every almost-right body with a 4xx naming a field (or a success), and stores nothing it refused', async () => {
    const statuses: Record<string, number> = {};
    for (const { url, role, org, valid } of endpoints) {
      await fc.assert(
        fc.asyncProperty(almostRight(valid), async (body) => {
          const before = (await t.http.get('/health')).body.eventStore.headPosition;
          const res = await t.http
            .post(url)
            .set('Authorization', `Bearer ${t.token(role, `${role}-fuzz`, undefined, org)}`)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body));
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status >= 500) throw new Error(`${url} answered ${res.status} to ${JSON.stringify(body)}`);
          if (res.status === 400 || res.status === 422) expect(res.body.errors.length).toBeGreaterThan(0);
          if (res.status >= 400) expect((await t.http.get('/health')).body.eventStore.headPosition).toBe(before);
        }),
        { numRuns: 40, seed: 20261130 },
      );
    }
    expect(Object.keys(statuses).filter((s) => s.startsWith('5'))).toStrictEqual([]);
    expect(statuses['400']).toBeGreaterThan(100);
  });
});

/** The figures per wijk and month recomputed from the raw events of a seeded demo, without the projection. */
function recomputeBuurt(events: RecordedEvent[]) {
  const cells = new Map<string, Record<string, number>>();
  const add = (wijkCode: string, at: string, metric: string, n = 1) => {
    const key = `${wijkCode}|${at.slice(0, 7)}`;
    const row = cells.get(key) ?? cells.set(key, {}).get(key)!;
    row[metric] = (row[metric] ?? 0) + n;
  };
  for (const e of events) {
    const d = e.data as Record<string, string> & { attendance: number; clientVisits: number; otherVisits: number };
    if (e.type === 'OverlastReported') add(d.wijkCode, d.reportedAt, 'overlastReported');
    if (e.type === 'OverlastResolved') add(d.wijkCode, d.resolvedAt, 'overlastResolved');
    if (e.type === 'BuurtonderzoekStarted') add(d.wijkCode, d.startedAt, 'onderzoekenStarted');
    if (e.type === 'BuurtpleinMeetingHeld') (add(d.wijkCode, d.heldOn, 'pleinMeetings'), add(d.wijkCode, d.heldOn, 'pleinAttendance', d.attendance));
    if (e.type === 'KernVisitsRecorded') (add(d.wijkCode, d.date, 'kernClientVisits', d.clientVisits), add(d.wijkCode, d.date, 'kernOtherVisits', d.otherVisits));
  }
  return cells;
}

describe('the neighbourhood of the seeded demo region', () => {
  let t: TestApp;
  let events: RecordedEvent[];
  beforeAll(async () => {
    const seeded = await seededDataDir(120, 11);
    events = seeded.events;
    t = await startTestApp(seeded.dataDir);
  }, 120_000);
  afterAll(() => t?.close());

  it('has buurtpleinen in Breda, kern visits mostly in the Leviaan towns with more non-clients than clients, and nuisance handled everywhere', () => {
    const of = (type: string) => events.filter((e) => e.type === type).map((e) => e.data as Record<string, string>);
    const pleinGemeenten = of('BuurtpleinStarted').map((d) => d.gemeenteCode);
    expect(pleinGemeenten).toContain(BREDA);
    expect(pleinGemeenten.filter((g) => g !== BREDA && g !== 'GM0355')).toStrictEqual([]);
    const visits = events.filter((e) => e.type === 'KernVisitsRecorded').map((e) => e.data as { wijkCode: string; clientVisits: number; otherVisits: number });
    const leviaan = visits.filter((d) => ['0479', '0439', '0405', '0388'].includes(d.wijkCode.slice(2, 6)));
    expect(leviaan.length / visits.length).toBeGreaterThan(0.5);
    const sum = (rows: typeof visits, pick: (r: (typeof visits)[number]) => number) => rows.reduce((s, r) => s + pick(r), 0);
    expect(sum(leviaan, (r) => r.otherVisits)).toBeGreaterThan(2 * sum(leviaan, (r) => r.clientVisits));
    expect(new Set(of('OverlastReported').map((d) => d.gemeenteCode)).size).toBe(8);
  });

  it('answers the auditor with the exact figures an independent recomputation gives, and policymakers with their protected form', async () => {
    const expected = recomputeBuurt(events);
    const head = events[events.length - 1].globalPosition;
    const exact = await t.as('auditor').get(`/buurt/cijfers?minPosition=${head}`).expect(200);
    const metrics = ['overlastReported', 'overlastResolved', 'onderzoekenStarted', 'pleinMeetings', 'pleinAttendance', 'kernClientVisits', 'kernOtherVisits'];
    for (const row of exact.body.rows) for (const m of metrics) expect([row.code, row.month, m, row[m]]).toEqual([row.code, row.month, m, expected.get(`${row.code}|${row.month}`)?.[m] ?? 0]);
    expect(exact.body.rows.length).toBeGreaterThan(100);
    const published = await t.as('beleidsmaker').get('/buurt/cijfers').expect(200);
    const byKey = new Map(exact.body.rows.map((r: Record<string, unknown>) => [`${r.code}|${r.month}`, r]));
    let small = 0;
    for (const row of published.body.rows) {
      const truth = byKey.get(`${row.code}|${row.month}`) as Record<string, number>;
      for (const m of metrics) {
        const value = row[m];
        // A true zero may be hidden too (complementary suppression), never shown as anything else.
        if (truth[m] === 0) expect([0, 'x']).toContain(value);
        else if (value === '<5' || value === 'x') small += value === '<5' ? 1 : 0;
        else expect([m, value]).toEqual([m, Math.round(truth[m] / 5) * 5]);
        if (truth[m] > 0 && truth[m] < 5) expect([m, value]).toEqual([m, expect.stringMatching(/^(<5|x)$/)]);
      }
    }
    expect(small).toBeGreaterThan(0);
  }, 120_000);
});
