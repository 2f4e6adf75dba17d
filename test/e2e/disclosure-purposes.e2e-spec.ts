import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';
import { gemeenteFor, grantIndicatie } from '../support/toegang';

/**
 * Money per purpose is about the people who spent on that purpose, not about everyone who spent in
 * the area: six clients spend on guidance, one of them also on transport. Guidance may be shown, the
 * transport amount (one person's spending) never.
 */
describe('disclosure control: spending per purpose counts the people of that purpose', () => {
  let t: TestApp;
  let position = 0;
  const zp = () => t.as('zorgprofessional', 'zp-1');

  beforeAll(async () => {
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK047901', 'Poelenburg', 'Zaanstad'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-p', 'WK047901', 20))
      .expect(201);
    for (let i = 1; i <= 6; i++) {
      const id = `c-${i}`;
      await zp()
        .post('/intakes', intakeBody(id, 'wc-p', 'WK047901'))
        .expect(201);
      await grantIndicatie(t, id, 'WK047901');
      await gemeenteFor(t, 'WK047901').post(`/clients/${id}/budget/allocations`, { year: 2026, funder: 'wmo', amountCents: 900_000 }).expect(201);
      await zp().post(`/clients/${id}/budget/releases`, { releaseId: 'r-guidance', year: 2026, funder: 'wmo', purpose: 'zorg_begeleiding', amountCents: 400_000, approvedBy: 'teamleider' }).expect(201);
      position = (
        await zp()
          .post(`/clients/${id}/budget/releases/r-guidance/spendings`, { amountCents: 100_000 + i * 1_000, description: 'begeleiding', spentAt: '2026-07-15T12:00:00Z' })
          .expect(201)
      ).body.position;
    }
    await zp().post('/clients/c-1/budget/releases', { releaseId: 'r-transport', year: 2026, funder: 'wmo', purpose: 'vervoer', amountCents: 300_000, approvedBy: 'teamleider' }).expect(201);
    position = (await zp().post('/clients/c-1/budget/releases/r-transport/spendings', { amountCents: 123_400, description: 'taxi', spentAt: '2026-07-16T12:00:00Z' }).expect(201)).body.position;
  });
  afterAll(() => t.close());

  it('hides transport (one person) in every policymaker view, and never leaves it recoverable from the total', async () => {
    const views = ['/beleid/wijken?year=2026', '/beleid/gemeenten?year=2026', '/beleid/tijdlijn'];
    const rows: Record<string, unknown>[] = [];
    for (const view of views) {
      const body = (
        await t
          .as('beleidsmaker')
          .get(`${view}${view.includes('?') ? '&' : '?'}minPosition=${position}`)
          .expect(200)
      ).body;
      rows.push(...(body.rows as Record<string, unknown>[]));
    }
    const byPurpose = rows.map((r) => (r.spentByPurposeCents ?? {}) as Record<string, unknown>).filter((p) => Object.keys(p).length > 0);
    expect(byPurpose.length).toBeGreaterThan(0);
    expect(byPurpose.filter((p) => typeof p.vervoer === 'number')).toStrictEqual([]);
    // Where the total is shown, a hidden purpose has a hidden companion: total − shown purposes pins nobody.
    for (const row of rows) {
      const total = row.budgetSpentCents ?? row.spentCents;
      const parts = Object.values((row.spentByPurposeCents ?? {}) as Record<string, unknown>);
      if (typeof total === 'number' && parts.length > 0) expect(parts.filter((v) => typeof v !== 'number').length).not.toBe(1);
    }
    const exact = (await t.as('auditor').get('/beleid/wijken?year=2026').expect(200)).body;
    expect(JSON.stringify(exact)).not.toContain('123400'); // /beleid is protected for every role
    const csv = (await t.as('beleidsmaker').get('/beleid/wijken?year=2026&format=csv').expect(200)).text;
    expect(csv).not.toMatch(/1234|123400/);
  });
});
