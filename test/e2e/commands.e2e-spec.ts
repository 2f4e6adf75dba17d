import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';
import { gemeenteFor, grantIndicatie } from '../support/toegang';

describe('care commands over HTTP (embedded store)', () => {
  let t: TestApp;
  const zp = () => t.as('zorgprofessional', 'zp-anna');

  beforeAll(async () => {
    t = await startTestApp();
    await t.as('admin').post('/wijken', wijkBody('WK047901')).expect(201);
    await t.as('admin').post('/wijken', wijkBody('WK047902', 'Kogerveld')).expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-poel', 'WK047901', 1))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-koger', 'WK047902', 5))
      .expect(201);
  });
  afterAll(() => t.close());

  it('reports health with the head position', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', eventStore: { status: 'up' } });
    expect(res.body.eventStore.headPosition).toBeGreaterThanOrEqual(4);
  });

  it('serves the OpenAPI document at /docs', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/v1/intakes', '/v1/clients/{clientId}/care-scaling-steps', '/v1/clients/{clientId}/budget/releases']));
  });

  it('runs a trajectory: intake, scaling up with a team place, waitlisting when the team is full', async () => {
    const intake = await zp()
      .post('/intakes', intakeBody('c-anna', 'wc-poel', 'WK047901'))
      .expect(201);
    expect(intake.body).toMatchObject({ clientId: 'c-anna', revision: 0, events: [{ type: 'IntakeRegistered' }] });
    await zp()
      .post('/intakes', intakeBody('c-bram', 'wc-poel', 'WK047901'))
      .expect(201);
    await grantIndicatie(t, 'c-anna', 'WK047901');
    await grantIndicatie(t, 'c-bram', 'WK047901');

    const step = { toIntensity: 'intensief_ambulant', reason: 'toenemende zorgvraag', decidedBy: 'wijkverpleegkundige Anna', effectiveAt: '2026-03-01T09:00:00Z' };
    const up = await zp().post('/clients/c-anna/care-scaling-steps', step).expect(201);
    expect(up.body.events).toEqual([{ type: 'CareScaledUp', revision: 2 }]);
    const full = await zp().post('/clients/c-bram/care-scaling-steps', step).expect(201);
    expect(full.body.events).toEqual([{ type: 'CareScalingWaitlisted', revision: 2 }]);

    const wooncirkel = await t.as('admin').get('/wooncirkels/wc-poel').expect(200);
    expect(wooncirkel.body.state.teamClientIds).toEqual(['c-anna']);

    // Anna scales back to informal care: her place frees up, and Bram's renewed request is granted.
    await zp()
      .post('/clients/c-anna/care-scaling-steps', { ...step, toIntensity: 'geen', reason: 'herstel' })
      .expect(201);
    const granted = await zp().post('/clients/c-bram/care-scaling-steps', step).expect(201);
    expect(granted.body.events).toEqual([{ type: 'CareScaledUp', revision: 3 }]);
    const bram = await t.as('auditor').get('/clients/c-bram').expect(200);
    expect(bram.body.state).toMatchObject({ intensity: 'intensief_ambulant', holdsTeamPlace: true, waiting: {} });
  });

  it('matches housing in another wijk only with a recorded deviation, then moves the client in', async () => {
    await zp()
      .post('/intakes', intakeBody('c-cees', 'wc-poel', 'WK047901'))
      .expect(201);
    await zp().post('/clients/c-cees/housing-requests', { reason: 'dakloos na scheiding', origin: 'thuis' }).expect(201);
    await t.as('woningcorporatie', 'parteon', undefined, 'parteon').post('/clients/c-cees/housing-offers', { offerId: 'o-1', corporation: 'parteon', wooncirkelId: 'wc-koger', homeId: 'wc-koger-h2' }).expect(201);
    const refused = await zp()
      .post('/clients/c-cees/housing-offers/o-1/accept', { reciprocity: ['boodschappen'] })
      .expect(422);
    expect(refused.body.errors[0].field).toBe('deviationReason');
    await zp()
      .post('/clients/c-cees/housing-offers/o-1/accept', { reciprocity: ['boodschappen'], deviationReason: 'cliënt kiest voor snelle plek' })
      .expect(201);
    // The home lies in another wooncirkel: transfer first, then move in.
    const early = await zp().post('/clients/c-cees/move-in', { movedInAt: '2026-03-10T10:00:00Z' }).expect(422);
    expect(early.body.code).toBe('transfer_first');
    await zp().post('/clients/c-cees/transfers', { toWooncirkelId: 'wc-koger', reason: 'nieuwe woning in Kogerveld' }).expect(201);
    await zp().post('/clients/c-cees/move-in', { movedInAt: '2026-03-10T10:00:00Z' }).expect(201);
    const koger = await t.as('admin').get('/wooncirkels/wc-koger').expect(200);
    expect(koger.body.state.homes['wc-koger-h2'].occupantClientId).toBe('c-cees');
    // The same home cannot be offered to someone else now.
    await zp()
      .post('/intakes', intakeBody('c-dirk', 'wc-koger', 'WK047902'))
      .expect(201);
    await zp().post('/clients/c-dirk/housing-requests', { reason: 'urgent', origin: 'thuis' }).expect(201);
    const occupied = await t.as('woningcorporatie', 'parteon', undefined, 'parteon').post('/clients/c-dirk/housing-offers', { offerId: 'o-2', corporation: 'parteon', wooncirkelId: 'wc-koger', homeId: 'wc-koger-h2' }).expect(422);
    expect(occupied.body.code).toBe('home_occupied');
  });

  it('releases budget within the allocation, beyond it only with a doorbraaktafel override', async () => {
    await zp()
      .post('/intakes', intakeBody('c-eva', 'wc-koger', 'WK047902'))
      .expect(201);
    await grantIndicatie(t, 'c-eva', 'WK047902');
    await gemeenteFor(t, 'WK047902').post('/clients/c-eva/budget/allocations', { year: 2026, funder: 'wmo', amountCents: 250_000 }).expect(201);
    await zp().post('/clients/c-eva/budget/releases', { releaseId: 'r-1', year: 2026, funder: 'wmo', purpose: 'zorg_begeleiding', amountCents: 200_000, approvedBy: 'teamleider' }).expect(201);
    const beyond = await zp().post('/clients/c-eva/budget/releases', { releaseId: 'r-2', year: 2026, funder: 'wmo', purpose: 'woonkosten', amountCents: 60_000, approvedBy: 'teamleider' }).expect(422);
    expect(beyond.body).toMatchObject({ code: 'exceeds_allocation', errors: [{ field: 'amountCents' }] });
    const notAllowed = await zp().post('/clients/c-eva/budget/releases', { releaseId: 'r-2', year: 2026, funder: 'wmo', purpose: 'woonkosten', amountCents: 60_000, approvedBy: 'teamleider', overrideAllocation: true, justification: 'x' }).expect(422);
    expect(notAllowed.body.code).toBe('doorbraaktafel_only');
    await t
      .as('doorbraaktafel', 'dbt-zaanstad')
      .post('/clients/c-eva/budget/releases', { releaseId: 'r-2', year: 2026, funder: 'wmo', purpose: 'woonkosten', amountCents: 60_000, approvedBy: 'doorbraaktafel Zaanstad', overrideAllocation: true, justification: 'huisuitzetting voorkomen' })
      .expect(201);
    await zp().post('/clients/c-eva/budget/releases/r-1/spendings', { amountCents: 150_000, description: 'begeleiding maart', spentAt: '2026-03-31T12:00:00Z' }).expect(201);
    const eva = await t.as('auditor').get('/clients/c-eva').expect(200);
    expect(eva.body.state.budgetLines['2026:wmo']).toEqual({ year: 2026, funder: 'wmo', allocatedCents: 250_000, releasedCents: 260_000, spentCents: 150_000, settled: false });
  });

  it('records who decided on every event, with both times', async () => {
    const res = await t.as('auditor').get('/clients/c-eva/events').expect(200);
    const release = res.body.events.find((e: { type: string; data: { releaseId: string } }) => e.type === 'BudgetReleased' && e.data.releaseId === 'r-2');
    expect(release).toMatchObject({ streamId: 'client-c-eva', schemaVersion: 3, metadata: { actor: { role: 'doorbraaktafel', id: 'dbt-zaanstad' } } });
    expect(release.globalPosition).toBeGreaterThan(0);
    expect(release.recordedAt).toMatch(/Z$/);
    expect(release.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(release.metadata.correlationId).toBeTruthy();
  });

  it('answers 400 naming each bad field, and stores nothing', async () => {
    const before = await t.http.get('/health');
    const res = await zp()
      .post('/intakes', { ...intakeBody('c-bad', 'wc-poel', 'WK47901'), urgency: 'heel erg', lifeDomains: ['wonen', 'vakantie'], personal: { bsn: '123456789' }, surprise: true })
      .expect(400);
    const fields = res.body.errors.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['preferredWijk', 'urgency', 'lifeDomains', 'personal.bsn', 'surprise']));
    const nested = await t
      .as('admin')
      .post('/wooncirkels', { ...wooncirkelBody('wc-x', 'WK047901', 1), team: { teamId: 't', name: 'n', providerId: 'p', caseloadCapacity: 2.5 } })
      .expect(400);
    expect(nested.body.errors.map((f: { field: string }) => f.field)).toEqual(['team.caseloadCapacity']);
    const far = await t
      .as('admin')
      .post('/wooncirkels', { ...wooncirkelBody('wc-x', 'WK047901', 1), homes: [{ homeId: 'h', address: 'a', housingType: 'cluster', owner: 'parteon', travelMinutesToKern: 25 }] })
      .expect(422);
    // The 10-minute rule belongs to the wooncirkel's form (kern_met_cirkel here): a rule of the decider, not of the body's shape.
    expect([far.body.code, far.body.errors.map((f: { field: string }) => f.field)]).toEqual(['home_too_far_from_kern', ['homes[0].travelMinutesToKern']]);
    const money = await gemeenteFor(t, 'WK047902').post('/clients/c-eva/budget/allocations', { year: 2026, funder: 'wmo', amountCents: 10.5 }).expect(400);
    expect(money.body.errors.map((f: { field: string }) => f.field)).toEqual(['amountCents']);
    const negative = await gemeenteFor(t, 'WK047902').post('/clients/c-eva/budget/allocations', { year: 2026, funder: 'wmo', amountCents: -5 }).expect(400);
    expect(negative.body.errors.map((f: { field: string }) => f.field)).toEqual(['amountCents']);
    const time = await zp().post('/clients/c-anna/care-scaling-steps', { toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'd', effectiveAt: '2026-02-30T09:00:00Z' }).expect(400);
    expect(time.body.errors.map((f: { field: string }) => f.field)).toEqual(['effectiveAt']);
    const json = await t.as('admin').post('/wijken').set('Content-Type', 'application/json').send('{"wijkCode":').expect(400);
    expect(json.body.errors[0].field).toBe('body');
    const after = await t.http.get('/health');
    expect(after.body.eventStore.headPosition).toBe(before.body.eventStore.headPosition);
  });

  it('answers 409 with the current revision on a stale expectedRevision', async () => {
    const current = await t.as('auditor').get('/clients/c-cees').expect(200);
    const stale = await zp()
      .post('/clients/c-cees/daginvulling-requests', { wish: 'tuinieren', expectedRevision: current.body.revision - 1 })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'wrong_expected_revision', currentRevision: current.body.revision, errors: [{ field: 'expectedRevision' }] });
    await zp().post('/clients/c-cees/daginvulling-requests', { wish: 'tuinieren', expectedRevision: current.body.revision }).expect(201);
  });

  it('is idempotent by commandId: a repeated command returns the first outcome and writes nothing', async () => {
    const body = { year: 2027, funder: 'wmo', amountCents: 1000, commandId: 'cmd-allocate-2027' };
    const first = await gemeenteFor(t, 'WK047902').post('/clients/c-eva/budget/allocations', body).expect(201);
    const again = await gemeenteFor(t, 'WK047902').post('/clients/c-eva/budget/allocations', body).expect(201);
    expect(again.body).toMatchObject({ revision: first.body.revision, replayed: true, events: first.body.events });
    const eva = await t.as('auditor').get('/clients/c-eva').expect(200);
    expect(eva.body.state.budgetLines['2027:wmo'].allocatedCents).toBe(1000);
  });

  it('answers 404 for an unknown client and 401 without an actor', async () => {
    await t.as('auditor').get('/clients/nobody').expect(404);
    const res = await zp().post('/clients/nobody/housing-requests', { reason: 'x', origin: 'thuis' }).expect(404);
    expect(res.body.errors[0].field).toBe('clientId');
    await t.http
      .post('/intakes')
      .send(intakeBody('c-z', 'wc-poel', 'WK047901'))
      .expect(401);
  });
});
