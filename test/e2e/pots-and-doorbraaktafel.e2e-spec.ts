import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';

/**
 * Source 003 in numbers: 's-Hertogenbosch opens its flex pot; the doorbraaktafel decides, with the person
 * present and an ervaringsdeskundige invited, to buy an NS-jaarkaart of € 3.000 from it instead of
 * ~€ 50.000 a year of detention; the pot and the client's trajectory both show which pot paid.
 */
describe('budget pots and the doorbraaktafel over HTTP', () => {
  let t: TestApp;
  const year = new Date().getUTCFullYear();
  const flexPot = `flex-GM0796-${year}`;
  const denBosch = () => t.as('gemeente', 'beleid-denbosch', undefined, 'GM0796');
  const zaanstad = () => t.as('gemeente', 'beleid-zaanstad', undefined, 'GM0479');
  const dbt = () => t.as('doorbraaktafel', 'dbt-denbosch');
  const zp = () => t.as('zorgprofessional', 'zp-zuidoost', ['wc-zuidoost']);
  const decision = {
    participants: ['gemeente', 'reclassering', 'zorg', 'sociaal_team', 'ervaringsdeskundige'],
    clientPresent: true,
    ervaringsdeskundigeInvited: true,
    breakthroughType: 'justitie',
    note: 'NS-jaarkaart zodat hij zijn werk in Utrecht houdt',
    solutionCostCents: 300_000,
    avoidedCost: { category: 'detentie', amountCents: 5_000_000, basisMonths: 12 },
  };
  const nsCard = { releaseId: 'ns-jaarkaart', year, funder: 'gemeente_maatwerk', purpose: 'vervoer', note: 'NS-jaarkaart', amountCents: 300_000, approvedBy: 'doorbraaktafel', potId: flexPot, caseId: 'case-ns' };
  const problem = (res: { body: { errors?: { field: string }[] } }) => res.body.errors?.map((e) => e.field);

  beforeAll(async () => {
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK079605', 'Zuidoost', "'s-Hertogenbosch"))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-zuidoost', 'WK079605', 5))
      .expect(201);
    await zp()
      .post('/intakes', intakeBody('c-kees', 'wc-zuidoost', 'WK079605'))
      .expect(201);
  });
  afterAll(() => t.close());

  it('lets a gemeente open and top up its own flex pot and wijk pot, and pay wijk activities from the wijk pot', async () => {
    const opened = await denBosch().post('/budget-pots', { kind: 'flex', gemeenteCode: 'GM0796', funder: 'gemeente_maatwerk', year, amountCents: 800_000 }).expect(201);
    expect(opened.body).toMatchObject({ streamId: `budget-pot-${flexPot}`, events: [{ type: 'BudgetPotOpened' }] });
    await denBosch().post(`/budget-pots/${flexPot}/top-ups`, { amountCents: 200_000 }).expect(201);
    const wijkPot = `wijk-WK079605-wmo-${year}`;
    await denBosch().post('/budget-pots', { kind: 'wijk', gemeenteCode: 'GM0796', wijkCode: 'WK079605', funder: 'wmo', year, amountCents: 6_000_000 }).expect(201);
    await denBosch().post(`/budget-pots/${wijkPot}/releases`, { releaseId: 'buurtplein-zuidoost', activity: 'buurtplein', amountCents: 150_000 }).expect(201);
    const pot = await denBosch().get(`/budget-pots/${wijkPot}`).expect(200);
    expect(pot.body.pot).toMatchObject({ kind: 'wijk', wijkCode: 'WK079605', openedCents: 6_000_000, releasedCents: 150_000, remainingCents: 5_850_000, releases: [{ releaseId: 'buurtplein-zuidoost', forClient: false }] });
  });

  it('refuses another gemeente, a pot opened twice, and a wijk activity beyond the pot', async () => {
    const other = await zaanstad()
      .post('/budget-pots', { kind: 'flex', gemeenteCode: 'GM0796', funder: 'gemeente_maatwerk', year: year + 1, amountCents: 100 })
      .expect(403);
    expect(problem(other)).toEqual(['gemeenteCode']);
    await t
      .as('gemeente', 'zonder-org')
      .post('/budget-pots', { kind: 'flex', gemeenteCode: 'GM0796', funder: 'gemeente_maatwerk', year: year + 1, amountCents: 100 })
      .expect(403);
    expect(problem(await zaanstad().post(`/budget-pots/${flexPot}/top-ups`, { amountCents: 100 }).expect(403))).toEqual(['potId']);
    await zaanstad().get(`/budget-pots/${flexPot}`).expect(403);
    expect(problem(await denBosch().post('/budget-pots', { kind: 'flex', gemeenteCode: 'GM0796', funder: 'gemeente_maatwerk', year, amountCents: 100 }).expect(422))).toEqual(['year']);
    expect(problem(await denBosch().post('/budget-pots', { kind: 'flex', gemeenteCode: 'GM0796', funder: 'gemeente_maatwerk', year, amountCents: -5 }).expect(400))).toEqual(['amountCents']);
    const beyond = await denBosch().post(`/budget-pots/wijk-WK079605-wmo-${year}/releases`, { releaseId: 'te-veel', activity: 'buurtonderzoek', amountCents: 5_850_001 }).expect(422);
    expect([beyond.body.code, problem(beyond)]).toEqual(['exceeds_pot', ['amountCents']]);
    await dbt().get(`/budget-pots/nergens`).expect(404);
  });

  it('decides a case only with the person present and an ervaringsdeskundige invited, by role, never names', async () => {
    await dbt().post('/clients/c-kees/doorbraak-cases', { caseId: 'case-ns', reason: 'werk in Utrecht, geen geld voor de trein' }).expect(201);
    const uninvited = await dbt()
      .post('/clients/c-kees/doorbraak-cases/case-ns/decisions', { ...decision, ervaringsdeskundigeInvited: false })
      .expect(422);
    expect([uninvited.body.code, problem(uninvited)]).toEqual(['ervaringsdeskundige_not_invited', ['ervaringsdeskundigeInvited']]);
    expect(
      problem(
        await dbt()
          .post('/clients/c-kees/doorbraak-cases/case-ns/decisions', { ...decision, participants: ['Jan de Vries'] })
          .expect(400),
      ),
    ).toEqual(['participants']);
    expect(
      problem(
        await dbt()
          .post('/clients/c-kees/doorbraak-cases/case-ns/decisions', { ...decision, avoidedCost: { category: 'gevangenis', amountCents: 1, basisMonths: 12 } })
          .expect(400),
      ),
    ).toEqual(['avoidedCost.category']);
    // A release from the flex pot carries out a decision: there is none yet.
    expect(problem(await dbt().post('/clients/c-kees/budget/releases', nsCard).expect(422))).toEqual(['caseId']);
    const decided = await dbt().post('/clients/c-kees/doorbraak-cases/case-ns/decisions', decision).expect(201);
    expect(decided.body.events).toEqual([{ type: 'DoorbraakDecisionRecorded', revision: 2 }]);
  });

  it('releases € 3.000 for an NS-jaarkaart from the flex pot, never beyond it, only by the doorbraaktafel', async () => {
    const before = await zp().get('/clients/c-kees/events').expect(200);
    const beyond = await dbt()
      .post('/clients/c-kees/budget/releases', { ...nsCard, releaseId: 'te-veel', amountCents: 1_000_001 })
      .expect(422);
    expect([beyond.body.code, problem(beyond)]).toEqual(['exceeds_pot', ['amountCents']]);
    const byProfessional = await zp().post('/clients/c-kees/budget/releases', nsCard).expect(422);
    expect([byProfessional.body.code, problem(byProfessional)]).toEqual(['doorbraaktafel_only', ['potId']]);
    expect(
      problem(
        await dbt()
          .post('/clients/c-kees/budget/releases', { ...nsCard, potId: `wijk-WK079605-wmo-${year}` })
          .expect(422),
      ),
    ).toEqual(['potId']);
    // Refusals wrote nothing, on the client nor in the pot.
    expect((await zp().get('/clients/c-kees/events').expect(200)).body.revision).toBe(before.body.revision);
    expect((await denBosch().get(`/budget-pots/${flexPot}`).expect(200)).body.pot.releasedCents).toBe(0);

    const released = await dbt().post('/clients/c-kees/budget/releases', nsCard).expect(201);
    expect(released.body.events).toEqual([{ type: 'BudgetReleased', revision: 3 }]);

    const pot = await denBosch().get(`/budget-pots/${flexPot}`).expect(200);
    expect(pot.body.pot).toMatchObject({ kind: 'flex', wijkCode: null, openedCents: 1_000_000, releasedCents: 300_000, remainingCents: 700_000, releases: [{ releaseId: 'ns-jaarkaart', amountCents: 300_000, forClient: true, returned: false }] });

    const trajectory = await zp().get('/clients/c-kees/trajectory').expect(200);
    const steps = trajectory.body.steps as { type: string; data: Record<string, unknown>; why: string | null }[];
    expect(steps.find((s) => s.type === 'BudgetReleased')!.data).toMatchObject({ source: 'flexpot', potId: flexPot, caseId: 'case-ns', amountCents: 300_000, purpose: 'vervoer', fastTrack: true, year, funder: 'gemeente_maatwerk' });
    expect(steps.find((s) => s.type === 'DoorbraakDecisionRecorded')).toMatchObject({
      why: 'NS-jaarkaart zodat hij zijn werk in Utrecht houdt',
      data: { breakthroughType: 'justitie', solutionCostCents: 300_000, avoidedCost: { category: 'detentie', amountCents: 5_000_000, basisMonths: 12 }, leadTimeDays: 0, ervaringsdeskundigeInvited: true },
    });
    // Paid from the pot: the client's own budget lines are untouched, and there is nothing to spend against.
    expect(trajectory.body.state.budget).toStrictEqual([]);
    expect(
      problem(
        await zp()
          .post('/clients/c-kees/budget/releases/ns-jaarkaart/spendings', { amountCents: 1, description: 'x', spentAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z') })
          .expect(422),
      ),
    ).toEqual(['releaseId']);
  });

  it('shows the pots and the doorbraaktafel figures: exact to the gemeente for its own pots and to the auditor, through disclosure control to the beleidsmaker', async () => {
    const head = (await t.http.get('/health').expect(200)).body.eventStore.headPosition;
    const own = await denBosch().get(`/budget-pots?minPosition=${head}&year=${year}`).expect(200);
    expect(own.body.items.map((p: { potId: string }) => p.potId)).toEqual([flexPot, `wijk-WK079605-wmo-${year}`]);
    expect(own.body.items[0]).toMatchObject({ openedCents: 1_000_000, releasedCents: 300_000, remainingCents: 700_000, clientReleases: 1, releasedForClientsCents: 300_000 });
    expect(own.body.items[0]).not.toHaveProperty('clientIds');
    expect(problem(await zaanstad().get('/budget-pots?gemeenteCode=GM0796').expect(403))).toEqual(['gemeenteCode']);

    // One client: the beleidsmaker sees the wijk money, but not what went to fewer than five clients.
    const protectedPots = await t.as('beleidsmaker', 'bm-1').get(`/budget-pots?minPosition=${head}&gemeenteCode=GM0796&kind=flex`).expect(200);
    expect(protectedPots.body.items[0]).toMatchObject({ openedCents: 1_000_000, clientReleases: '<5', releasedForClientsCents: '<5', releasedCents: '<5', remainingCents: '<5' });

    const exact = await t.as('auditor', 'aud-1').get(`/doorbraaktafel/figures?minPosition=${head}&gemeenteCode=GM0796`).expect(200);
    expect(exact.body.items).toEqual([
      {
        gemeenteCode: 'GM0796',
        year,
        cases: 1,
        breakthroughs: 1,
        breakthroughsByType: { justitie: 1 },
        leadTimeMedianDays: 0,
        solutionCostCents: 300_000,
        withoutEstimate: { decisions: 0, solutionCostCents: 0 },
        avoidedCost: { detentie: { decisions: 1, solutionCostCents: 300_000, avoidedCents: 5_000_000, avoidedCentsPerYear: 5_000_000 } },
      },
    ]);
    const figures = await t.as('beleidsmaker', 'bm-1').get(`/doorbraaktafel/figures?minPosition=${head}&gemeenteCode=GM0796`).expect(200);
    expect(figures.body.items[0]).toMatchObject({ cases: '<5', breakthroughs: '<5', leadTimeMedianDays: '<5', solutionCostCents: '<5', avoidedCost: { detentie: { decisions: '<5', avoidedCents: '<5' } } });
  });
});
