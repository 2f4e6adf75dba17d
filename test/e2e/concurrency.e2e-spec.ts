import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';
import { gemeenteFor, grantIndicatie } from '../support/toegang';

describe('concurrency: 100 writers on one client stream', () => {
  let t: TestApp;
  const zp = () => t.as('zorgprofessional', 'zp-1');
  const revisionOf = async (clientId: string) => (await t.as('auditor').get(`/clients/${clientId}`).expect(200)).body.revision as number;

  beforeAll(async () => {
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK040503', 'Risdam', 'Hoorn'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-risdam', 'WK040503', 200))
      .expect(201);
    await zp()
      .post('/intakes', intakeBody('c-busy', 'wc-risdam', 'WK040503'))
      .expect(201);
    await grantIndicatie(t, 'c-busy', 'WK040503');
  });
  afterAll(() => t.close());

  it('with the same expected revision: exactly one succeeds, 99 get 409, nothing else is written', async () => {
    const revision = await revisionOf('c-busy');
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => gemeenteFor(t, 'WK040503').post('/clients/c-busy/budget/allocations', { year: 2026, funder: 'wmo', amountCents: 100 + i, expectedRevision: revision })));
    const statuses = answers.map((a) => a.status);
    console.log(`concurrency (same revision): 100 tried, ${statuses.filter((s) => s === 201).length} succeeded, ${statuses.filter((s) => s === 409).length} conflicts`);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    expect(await revisionOf('c-busy')).toBe(revision + 1);
    const winner = answers.find((a) => a.status === 201)!;
    const state = (await t.as('auditor').get('/clients/c-busy').expect(200)).body.state;
    const amount = 100 + answers.indexOf(winner);
    expect(state.budgetLines['2026:wmo'].allocatedCents).toBe(amount);
  });

  it('without an expected revision: no lost update, and never more spent than released', async () => {
    await gemeenteFor(t, 'WK040503').post('/clients/c-busy/budget/allocations', { year: 2027, funder: 'wmo', amountCents: 1_000_000 }).expect(201);
    await zp().post('/clients/c-busy/budget/releases', { releaseId: 'r-busy', year: 2027, funder: 'wmo', purpose: 'zorg_begeleiding', amountCents: 5_000, approvedBy: 'teamleider' }).expect(201);
    const before = await revisionOf('c-busy');
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => zp().post('/clients/c-busy/budget/releases/r-busy/spendings', { amountCents: 100, description: `bon ${i}`, spentAt: '2026-06-01T09:00:00Z', commandId: `spend-${i}` })));
    const ok = answers.filter((a) => a.status === 201).length;
    const refused = answers.filter((a) => a.status === 422).length;
    const conflicts = answers.filter((a) => a.status === 409).length;
    console.log(`concurrency (automatic retry): 100 tried, ${ok} succeeded, ${refused} refused (release exhausted), ${conflicts} conflicts after retries`);
    expect(ok + refused + conflicts).toBe(100);
    expect(ok).toBeLessThanOrEqual(50);
    expect(ok + conflicts).toBeGreaterThanOrEqual(50); // every refusal came only once the release was used up
    if (refused > 0) expect(ok).toBe(50);
    const after = (await t.as('auditor').get('/clients/c-busy/events').expect(200)).body;
    const spends = after.events.filter((e: { type: string }) => e.type === 'BudgetSpent');
    expect(spends).toHaveLength(ok);
    expect(after.revision).toBe(before + ok);
    expect((await t.as('auditor').get('/clients/c-busy').expect(200)).body.state.budgetLines['2027:wmo'].spentCents).toBe(100 * ok);
    // Every acknowledged command is there exactly once; every refused one left nothing.
    const recorded = new Set(spends.map((e: { metadata: { commandId: string } }) => e.metadata.commandId));
    answers.forEach((a, i) => expect([i, a.status, recorded.has(`spend-${i}`)]).toEqual([i, a.status, a.status === 201]));
  });

  it('100 writers on 100 different clients all succeed', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => zp().post('/intakes', intakeBody(`c-par-${i}`, 'wc-risdam', 'WK040503'))));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(100);
  });
});
