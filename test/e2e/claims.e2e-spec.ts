import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';

/** Claims on a wooncirkel over the real api: a refused command writes no event anywhere, homes are reserved. */
describe('claims and homes', () => {
  let t: TestApp;
  const zp = () => t.as('zorgprofessional', 'zp-1');
  const corporation = () => t.as('woningcorporatie', 'parteon', undefined, 'parteon');
  // The head of the log, read without writing an access-log event.
  const head = async (): Promise<number> => (await t.http.get('/health').expect(200)).body.eventStore.headPosition;
  const step = { toIntensity: 'licht_ambulant', reason: 'meer begeleiding nodig', decidedBy: 'wijkverpleegkundige', effectiveAt: '2026-02-01T09:00:00Z' };

  beforeAll(async () => {
    t = await startTestApp();
    await t.as('admin').post('/wijken', wijkBody('WK047901')).expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-1', 'WK047901', 2))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-2', 'WK047901', 0))
      .expect(201);
    for (const id of ['c-1', 'c-2', 'c-3'])
      await zp()
        .post('/intakes', intakeBody(id, 'wc-1', 'WK047901'))
        .expect(201);
  });
  afterAll(() => t.close());

  it('a refused scaling step or transfer writes no claim and no release', async () => {
    await zp().post('/clients/c-1/care-scaling-steps', step).expect(201);
    const before = await head();
    const future = await zp()
      .post('/clients/c-2/care-scaling-steps', { ...step, effectiveAt: '2099-01-01T00:00:00Z' })
      .expect(422);
    expect(future.body.errors[0].field).toBe('effectiveAt');
    // A transfer into a full team is no longer refused: it waits there (issue 10; test/e2e/continuity.e2e-spec.ts).
    const same = await zp().post('/clients/c-1/transfers', { toWooncirkelId: 'wc-1', reason: 'verhuisd' }).expect(422);
    expect(same.body).toMatchObject({ code: 'same_wooncirkel', errors: [{ field: 'toWooncirkelId' }] });
    expect(await head()).toBe(before);
  });

  it('team capacity cannot be set below the current team: 422 naming caseloadCapacity, nothing stored', async () => {
    await zp().post('/clients/c-2/care-scaling-steps', step).expect(201);
    const before = await head();
    const refused = await t.as('admin').put('/wooncirkels/wc-1/team-capacity', { caseloadCapacity: 1 }).expect(422);
    expect(refused.body).toMatchObject({ code: 'capacity_below_team', errors: [{ field: 'caseloadCapacity' }] });
    expect(await head()).toBe(before);
    await t.as('admin').put('/wooncirkels/wc-1/team-capacity', { caseloadCapacity: 2 }).expect(200);
  });

  it('one home is offered to and matched with one client at a time', async () => {
    for (const id of ['c-2', 'c-3']) await zp().post(`/clients/${id}/housing-requests`, { reason: 'woning ongeschikt', origin: 'thuis' }).expect(201);
    await corporation().post('/clients/c-2/housing-offers', { offerId: 'o-1', corporation: 'parteon', wooncirkelId: 'wc-1', homeId: 'wc-1-h1' }).expect(201);
    await corporation().post('/clients/c-2/housing-offers', { offerId: 'o-2', corporation: 'parteon', wooncirkelId: 'wc-1', homeId: 'wc-1-h2' }).expect(201);
    const before = await head();
    const taken = await corporation().post('/clients/c-3/housing-offers', { offerId: 'o-3', corporation: 'parteon', wooncirkelId: 'wc-1', homeId: 'wc-1-h1' }).expect(422);
    expect(taken.body).toMatchObject({ code: 'home_reserved', errors: [{ field: 'homeId' }] });
    expect(await head()).toBe(before);

    await zp()
      .post('/clients/c-2/housing-offers/o-1/accept', { reciprocity: ['boodschappen'] })
      .expect(201);
    const second = await zp()
      .post('/clients/c-2/housing-offers/o-2/accept', { reciprocity: ['boodschappen'] })
      .expect(422);
    expect(second.body).toMatchObject({ code: 'offer_closed', errors: [{ field: 'offerId' }] });
    // The lapsed offer's home is free again; the matched one stays reserved until the move.
    await corporation().post('/clients/c-3/housing-offers', { offerId: 'o-4', corporation: 'parteon', wooncirkelId: 'wc-1', homeId: 'wc-1-h2' }).expect(201);
    await corporation().post('/clients/c-3/housing-offers', { offerId: 'o-5', corporation: 'parteon', wooncirkelId: 'wc-1', homeId: 'wc-1-h1' }).expect(422);
    const circle = await t.as('admin').get('/wooncirkels/wc-1').expect(200);
    expect(circle.body.state.homes['wc-1-h1'].reservedFor).toEqual({ clientId: 'c-2', offerId: 'o-1' });
    expect(circle.body.state.homes['wc-1-h2'].reservedFor).toEqual({ clientId: 'c-3', offerId: 'o-4' });
  });
});
