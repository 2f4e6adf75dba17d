import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';
import { grantIndicatie } from '../support/toegang';

/** Intensity apart from setting: care goes up and down with the same team and without a move; a move is its own event. */
describe('the care model over HTTP: intensity, setting and moves', () => {
  let t: TestApp;
  const zp = () => t.as('zorgprofessional', 'zp-sanne', ['wc-zuid']);
  const state = async (clientId: string) => (await t.as('auditor').get(`/clients/${clientId}`).expect(200)).body.state;
  const events = async (clientId: string) => (await t.as('auditor').get(`/clients/${clientId}/events`).expect(200)).body.events as { type: string; schemaVersion: number; data: Record<string, unknown> }[];
  const step = (toIntensity: string, effectiveAt: string, extra: object = {}) => ({ toIntensity, reason: 'zorgvraag verandert', decidedBy: 'wijkverpleegkundige Sanne', effectiveAt, ...extra });
  const expectField = (body: { errors?: { field: string }[]; field?: string }, field: string) => expect(JSON.stringify(body)).toContain(field);

  beforeAll(async () => {
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK036301', 'Burgwallen-Oude Zijde', 'Amsterdam'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-zuid', 'WK036301', 5))
      .expect(201);
    await zp()
      .post('/intakes', intakeBody('c-ria', 'wc-zuid', 'WK036301', { setting: 'elders' }))
      .expect(201);
  });
  afterAll(() => t.close());

  it('records where the client lives at intake, and refuses a setting that is not on the list', async () => {
    expect(await state('c-ria')).toMatchObject({ intensity: 'geen', setting: 'elders' });
    expect((await events('c-ria'))[0]).toMatchObject({ type: 'IntakeRegistered', schemaVersion: 2, data: { setting: 'elders' } });
    const bad = await zp()
      .post('/intakes', intakeBody('c-x', 'wc-zuid', 'WK036301', { setting: 'beschermd_wonen' }))
      .expect(400);
    expectField(bad.body, 'setting');
  });

  it('moves the client into an own home in the circle as a move of its own, with a coded reason', async () => {
    const moved = await zp().post('/clients/c-ria/moves', { movedAt: '2026-01-20T09:00:00Z', toSetting: 'eigen_woning_in_cirkel', reason: 'uitstroom_intramuraal', note: 'eigen huurwoning via urgentie' }).expect(201);
    expect(moved.body.events).toEqual([{ type: 'ClientMoved', revision: 1 }]);
    const [, move] = await events('c-ria');
    expect(move).toMatchObject({ schemaVersion: 1, data: { fromSetting: 'elders', toSetting: 'eigen_woning_in_cirkel', reason: 'uitstroom_intramuraal', note: 'eigen huurwoning via urgentie' } });
    expect((await state('c-ria')).setting).toBe('eigen_woning_in_cirkel');
  });

  it('scales up and down without a move: the setting stays, the step records it, the team place follows the intensity', async () => {
    await zp().post('/clients/c-ria/care-scaling-steps', step('licht_ambulant', '2026-02-01T09:00:00Z')).expect(201);
    await grantIndicatie(t, 'c-ria', 'WK036301');
    await zp().post('/clients/c-ria/care-scaling-steps', step('zorg_24uur', '2026-03-01T09:00:00Z')).expect(201);
    expect(await state('c-ria')).toMatchObject({ intensity: 'zorg_24uur', setting: 'eigen_woning_in_cirkel', holdsTeamPlace: true });
    // The network carries it from now on: a sister gives informal support.
    await zp()
      .post('/clients/c-ria/network/members', { memberId: 'm-zus', relation: 'naaste', personal: { name: 'Zus van Ria' } })
      .expect(201);
    await zp().post('/clients/c-ria/network/support', { supportId: 's-zus', memberId: 'm-zus', kind: 'toezicht', hoursPerWeek: 6 }).expect(201);
    const down = await zp()
      .post('/clients/c-ria/care-scaling-steps', step('geen', '2026-05-01T09:00:00Z', { carriedByNetwork: true, reason: 'buren en zus nemen de steun over' }))
      .expect(201);
    expect(down.body.events).toEqual([{ type: 'CareScaledDown', revision: 7 }]);
    const scaling = (await events('c-ria')).filter((e) => e.type.startsWith('CareScaled'));
    expect(scaling.map((e) => [e.type, e.schemaVersion, e.data.fromIntensity, e.data.toIntensity, e.data.setting, e.data.stayedInHome, e.data.carriedByNetwork])).toEqual([
      ['CareScaledUp', 2, 'geen', 'licht_ambulant', 'eigen_woning_in_cirkel', true, false],
      ['CareScaledUp', 2, 'licht_ambulant', 'zorg_24uur', 'eigen_woning_in_cirkel', true, false],
      ['CareScaledDown', 2, 'zorg_24uur', 'geen', 'eigen_woning_in_cirkel', true, true],
    ]);
    expect(await state('c-ria')).toMatchObject({ intensity: 'geen', setting: 'eigen_woning_in_cirkel', holdsTeamPlace: false });
    expect((await t.as('admin').get('/wooncirkels/wc-zuid').expect(200)).body.state.teamClientIds).toStrictEqual([]);
  });

  it('refuses an old care level, the network carrying a step up, and a move to where the client already lives, naming the field', async () => {
    expectField((await zp().post('/clients/c-ria/care-scaling-steps', step('zorg_24uur_thuis', '2026-06-01T09:00:00Z')).expect(400)).body, 'toIntensity');
    expectField(
      (
        await zp()
          .post('/clients/c-ria/care-scaling-steps', { ...step('licht_ambulant', '2026-06-01T09:00:00Z'), toLevel: 'licht_ambulant' })
          .expect(400)
      ).body,
      'toLevel',
    );
    const networkUp = await zp()
      .post('/clients/c-ria/care-scaling-steps', step('licht_ambulant', '2026-06-01T09:00:00Z', { carriedByNetwork: true }))
      .expect(422);
    expect(networkUp.body).toMatchObject({ code: 'carried_by_network_only_down' });
    expectField(networkUp.body, 'carriedByNetwork');
    const same = await zp().post('/clients/c-ria/moves', { movedAt: '2026-06-01T09:00:00Z', toSetting: 'eigen_woning_in_cirkel', reason: 'eigen_wens' }).expect(422);
    expect(same.body).toMatchObject({ code: 'same_setting' });
    expectField((await zp().post('/clients/c-ria/moves', { movedAt: '2026-06-01T09:00:00Z', toSetting: 'clusterwoning', reason: 'zomaar' }).expect(400)).body, 'reason');
    expectField((await zp().post('/clients/c-ria/moves', { movedAt: '2026-06-01T09:00:00Z', toSetting: 'tent', reason: 'eigen_wens' }).expect(400)).body, 'toSetting');
    expect((await events('c-ria')).length).toBe(8);
  });

  it('moves into a cluster home of the wooncirkel (setting of the home) and out again with a coded reason; a move out of it must be a move-out', async () => {
    await zp().post('/clients/c-ria/housing-requests', { reason: 'woning past niet meer', origin: 'thuis' }).expect(201);
    await t.as('woningcorporatie', 'corp-1', undefined, 'parteon').post('/clients/c-ria/housing-offers', { offerId: 'o-1', corporation: 'parteon', wooncirkelId: 'wc-zuid', homeId: 'wc-zuid-h1' }).expect(201);
    await zp()
      .post('/clients/c-ria/housing-offers/o-1/accept', { reciprocity: ['koken'] })
      .expect(201);
    await zp().post('/clients/c-ria/move-in', { movedInAt: '2026-07-01T09:00:00Z' }).expect(201);
    const moveIn = (await events('c-ria')).find((e) => e.type === 'ClientMovedIn')!;
    expect(moveIn).toMatchObject({ schemaVersion: 2, data: { homeId: 'wc-zuid-h1', fromSetting: 'eigen_woning_in_cirkel', toSetting: 'clusterwoning', reason: 'passende_woning' } });
    expect(await state('c-ria')).toMatchObject({ setting: 'clusterwoning', home: { homeId: 'wc-zuid-h1' } });

    const elsewhere = await zp().post('/clients/c-ria/moves', { movedAt: '2026-08-01T09:00:00Z', toSetting: 'elders', reason: 'eigen_wens' }).expect(422);
    expect(elsewhere.body).toMatchObject({ code: 'move_out_first' });
    expectField((await zp().post('/clients/c-ria/move-out', { movedOutAt: '2026-08-01T09:00:00Z', reason: 'verhuisd naar verpleeghuis' }).expect(400)).body, 'reason');
    await zp().post('/clients/c-ria/move-out', { movedOutAt: '2026-08-01T09:00:00Z', reason: 'zorgvraag_veranderd', note: 'tijdelijk naar zus' }).expect(201);
    const moveOut = (await events('c-ria')).find((e) => e.type === 'ClientMovedOut')!;
    expect(moveOut).toMatchObject({ schemaVersion: 2, data: { fromSetting: 'clusterwoning', toSetting: 'elders', reason: 'zorgvraag_veranderd', note: 'tijdelijk naar zus' } });
    expect(await state('c-ria')).toMatchObject({ setting: 'elders', intensity: 'geen' });
  });

  it('counts the caseload by intensity and by setting', async () => {
    const head = (await t.http.get('/health').expect(200)).body.eventStore.headPosition;
    const wijk = (await t.as('auditor').get(`/caseload/wijken/WK036301?minPosition=${head}`).expect(200)).body;
    const counts = wijk.wijk ?? wijk;
    expect(counts.clientsByIntensity).toEqual({ geen: 1, licht_ambulant: 0, intensief_ambulant: 0, zorg_24uur: 0 });
    expect(counts.clientsBySetting).toEqual({ eigen_woning_in_cirkel: 0, clusterwoning: 0, elders: 1 });
  });
});
