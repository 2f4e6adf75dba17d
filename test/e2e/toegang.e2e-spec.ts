import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';

/**
 * Legal access over HTTP: the gemeente grants Wmo begeleiding, the professional scales within it, an acute
 * step without a beschikking is marked and listed until the centrumgemeente's beschikking regularises it,
 * and money is allocated by its funder only.
 */
describe('toegang: indicaties, exceptions and the funder (over HTTP)', () => {
  let t: TestApp;
  const zp = () => t.as('zorgprofessional', 'zp-wijkverpleegkundige');
  const zaanstad = () => t.as('gemeente', 'consulent-zaanstad', undefined, 'GM0479');
  const purmerend = () => t.as('gemeente', 'consulent-purmerend', undefined, 'GM0439');
  const hoorn = () => t.as('gemeente', 'consulent-hoorn', undefined, 'GM0405');
  const begeleiding = { indicatieId: 'bes-2026-001', wet: 'wmo', product: 'begeleiding_individueel', validFrom: '2026-01-01', validUntil: '2026-12-31', volume: { unit: 'uur_per_week', amount: 6 }, covers: ['licht_ambulant', 'intensief_ambulant'] };
  const beschermdWonen = { indicatieId: 'bw-2026-014', wet: 'wmo', product: 'beschermd_wonen', validFrom: '2026-02-01', validUntil: '2028-01-31', volume: { unit: 'etmaal_per_week', amount: 7 }, covers: ['intensief_ambulant', 'zorg_24uur'] };
  const step = (toIntensity: string, effectiveAt = '2026-02-10T09:00:00Z') => ({ toIntensity, reason: 'zorgvraag verandert', decidedBy: 'wijkverpleegkundige', effectiveAt });
  const exceptions = (as: ReturnType<TestApp['as']>, query = '') => as.get(`/toegang/uitzonderingen${query}`);

  beforeAll(async () => {
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK047901', 'Poelenburg', 'Zaanstad'))
      .expect(201);
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK043901', 'Overwhere', 'Purmerend'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-zaan', 'WK047901', 5))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-purmer', 'WK043901', 5))
      .expect(201);
    await zp()
      .post('/intakes', intakeBody('c-toos', 'wc-zaan', 'WK047901'))
      .expect(201);
    await zp()
      .post('/intakes', intakeBody('c-acuut', 'wc-purmer', 'WK043901', { urgency: 'acuut', acuteConfusedBehaviour: true }))
      .expect(201);
  });
  afterAll(() => t.close());

  it('the gemeente consultant grants Wmo begeleiding; another gemeente and a professional may not', async () => {
    const other = await hoorn().post('/clients/c-toos/indicaties', begeleiding).expect(422);
    expect(other.body).toMatchObject({ code: 'issuer_not_competent', errors: [{ field: 'wet' }] });
    expect(other.body.detail).toContain('gemeente GM0479');
    await zp().post('/clients/c-toos/indicaties', begeleiding).expect(422);
    await t.as('woningcorporatie', 'parteon-1', undefined, 'parteon').post('/clients/c-toos/indicaties', begeleiding).expect(403);
    const bad = await zaanstad()
      .post('/clients/c-toos/indicaties', { ...begeleiding, validUntil: '2026-02-30' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['validUntil']);
    const granted = await zaanstad().post('/clients/c-toos/indicaties', begeleiding).expect(201);
    expect(granted.body.events).toEqual([{ type: 'IndicatieIssued', revision: 1 }]);
    const state = await t.as('auditor').get('/clients/c-toos').expect(200);
    expect(state.body.state.indicaties['bes-2026-001']).toMatchObject({ wet: 'wmo', issuer: 'GM0479', issuerRole: 'gemeente', covers: ['licht_ambulant', 'intensief_ambulant'] });
  });

  it('the professional scales to intensief ambulant within the beschikking, not to 24-uurs care without one', async () => {
    const up = await zp().post('/clients/c-toos/care-scaling-steps', step('intensief_ambulant')).expect(201);
    expect(up.body.events).toEqual([{ type: 'CareScaledUp', revision: 2 }]);
    const refused = await zp().post('/clients/c-toos/care-scaling-steps', step('zorg_24uur', '2026-02-20T09:00:00Z')).expect(422);
    expect(refused.body).toMatchObject({ code: 'indicatie_required', errors: [{ field: 'toIntensity' }] });
  });

  it('an acute step without a beschikking is accepted, marked, and listed until the centrumgemeente regularises it', async () => {
    const acute = await zp().post('/clients/c-acuut/care-scaling-steps', step('zorg_24uur')).expect(201);
    expect(acute.body.events).toEqual([
      { type: 'CareScaledUp', revision: 1 },
      { type: 'AccessExceptionRecorded', revision: 2 },
    ]);
    const position = acute.body.position;

    // Purmerend (its own gemeente) and Zaanstad (its centrumgemeente) see it; Hoorn does not.
    const own = await exceptions(purmerend(), `?minPosition=${position}`).expect(200);
    expect(own.body.items).toEqual([expect.objectContaining({ clientId: 'c-acuut', grounds: 'acuut', intensity: 'zorg_24uur', stepAt: '2026-02-10T09:00:00Z', regulariseBefore: '2026-04-07T09:00:00Z', open: true, overdue: true, centrumgemeente: 'GM0479' })]);
    expect((await exceptions(zaanstad()).expect(200)).body.total).toBe(1);
    expect((await exceptions(hoorn()).expect(200)).body.total).toBe(0);
    expect((await exceptions(hoorn(), '?gemeenteCode=GM0439').expect(200)).body.total).toBe(0);
    expect((await exceptions(t.as('zorgkantoor', 'zk-1', undefined, 'zk-zilveren-kruis'), '?overdue=true').expect(200)).body.total).toBe(1);
    expect((await exceptions(t.as('zorgkantoor', 'zk-2', undefined, 'zk-vgz')).expect(200)).body.total).toBe(0);
    expect((await exceptions(t.as('auditor')).expect(200)).body.items[0].clientId).toBe('c-acuut');
    await exceptions(zp()).expect(403);
    await exceptions(t.as('beleidsmaker')).expect(403);
    await exceptions(purmerend(), '?open=misschien').expect(400);

    // Beschermd wonen is not Purmerend's to grant: its centrumgemeente Zaanstad does, and that regularises the step.
    const notCentrum = await purmerend().post('/clients/c-acuut/indicaties', beschermdWonen).expect(422);
    expect(notCentrum.body.detail).toContain('centrumgemeente GM0479');
    const regularised = await zaanstad().post('/clients/c-acuut/indicaties', beschermdWonen).expect(201);
    expect(regularised.body.events).toEqual([
      { type: 'IndicatieIssued', revision: 3 },
      { type: 'AccessRegularised', revision: 4 },
    ]);
    const after = `?minPosition=${regularised.body.position}`;
    expect((await exceptions(purmerend(), after).expect(200)).body.total).toBe(0);
    const closed = await exceptions(purmerend(), `${after}&open=false`).expect(200);
    expect(closed.body.items).toEqual([expect.objectContaining({ clientId: 'c-acuut', open: false, overdue: false, regularisedBy: 'bw-2026-014', regularisedLate: true })]);
  });

  it('the reads of the list are in the access log', async () => {
    const log = await t.as('auditor').get('/audit/access-log?clientId=c-acuut').expect(200);
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ resource: 'toegang-uitzonderingen', clientId: 'c-acuut' })]));
  });

  it('budget is allocated by its funder: no longer by a zorgprofessional, only with an indicatie of its wet', async () => {
    const wmo = { year: 2026, funder: 'wmo', amountCents: 480_000 };
    await zp().post('/clients/c-toos/budget/allocations', wmo).expect(403);
    const notFunder = await hoorn().post('/clients/c-toos/budget/allocations', wmo).expect(422);
    expect(notFunder.body).toMatchObject({ code: 'not_the_funder', errors: [{ field: 'funder' }] });
    const noIndicatie = await zaanstad()
      .post('/clients/c-toos/budget/allocations', { ...wmo, year: 2027 })
      .expect(422);
    expect(noIndicatie.body).toMatchObject({ code: 'indicatie_required', errors: [{ field: 'funder' }] });
    const former = await zaanstad()
      .post('/clients/c-toos/budget/allocations', { ...wmo, funder: 'jeugdwet' })
      .expect(400);
    expect(former.body.errors[0].field).toBe('funder');
    await zaanstad().post('/clients/c-toos/budget/allocations', wmo).expect(201);
    // Beschermd wonen money comes from the centrumgemeente, not from Purmerend.
    await purmerend().post('/clients/c-acuut/budget/allocations', { year: 2026, funder: 'wmo_beschermd_wonen', amountCents: 6_000_000 }).expect(422);
    await zaanstad().post('/clients/c-acuut/budget/allocations', { year: 2026, funder: 'wmo_beschermd_wonen', amountCents: 6_000_000 }).expect(201);
  });

  it('only the issuer ends an indicatie early, with a coded reason', async () => {
    await hoorn().post('/clients/c-toos/indicaties/bes-2026-001/end', { reason: 'doel_bereikt', endsOn: '2026-06-30' }).expect(422);
    await zaanstad().post('/clients/c-toos/indicaties/bes-2026-001/end', { reason: 'zomaar', endsOn: '2026-06-30' }).expect(400);
    const ended = await zaanstad().post('/clients/c-toos/indicaties/bes-2026-001/end', { reason: 'doel_bereikt', endsOn: '2026-06-30' }).expect(201);
    expect(ended.body.events).toEqual([{ type: 'IndicatieEnded', revision: 4 }]);
  });
});
