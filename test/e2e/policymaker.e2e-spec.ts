import { CARE_INTENSITIES, CARE_SETTINGS } from '@wijkzorg/domain';
import { TestApp, startTestApp } from '../support/test-app';
import { recompute } from '../support/recompute';
import { seededDataDir } from '../support/seeded-data';
import { DEMO_REGION } from '../../apps/cli/src/seed/demo-region';

const ZAANSTAD_WIJKEN = DEMO_REGION.find((g) => g.gemeenteCode === 'GM0479')!.wijken.length;

/** Disclosure control (docs/disclosure-control.md): 1–4 as "<5", the rest rounded to 5, or "x" where a complementary suppression was needed. */
const protectedCount = (raw: number) => (raw === 0 ? 0 : raw < 5 ? '<5' : Math.round(raw / 5) * 5);
const expectSuppressed = (actual: unknown, raw: number) => expect([actual, raw]).toEqual([actual === 'x' ? 'x' : protectedCount(raw), raw]);

describe('policymaker: wijk projections through disclosure control', () => {
  let seeded: Awaited<ReturnType<typeof seededDataDir>>;
  let t: TestApp;
  let head: number;

  beforeAll(async () => {
    seeded = await seededDataDir(350, 5);
    t = await startTestApp(seeded.dataDir);
    head = seeded.events[seeded.events.length - 1].globalPosition;
  }, 300_000); // seeding 350 clients and catching up took close to jest's 60 s on a loaded CI machine
  afterAll(() => t?.close());

  it('shows per wijk the caseload per care intensity and setting, scaling and waiting, suppressing counts below 5 and rounding the rest', async () => {
    const res = await t.as('beleidsmaker', 'b-1').get(`/beleid/wijken?minPosition=${head}`).expect(200);
    const expected = recompute(seeded.events);
    expect(res.body.rows).toHaveLength(expected.wijken.size);
    let suppressedCells = 0;
    for (const row of res.body.rows) {
      const e = expected.wijken.get(row.code)!;
      for (const intensity of CARE_INTENSITIES) expectSuppressed(row[`clients_${intensity}`], e.byIntensity[intensity] ?? 0);
      for (const setting of CARE_SETTINGS) expectSuppressed(row[`clients_${setting}`], e.bySetting[setting] ?? 0);
      expectSuppressed(row.scaledUp, e.scaledUp);
      expectSuppressed(row.stayedInHomeSteps, e.stayed);
      const waiting = expected.openWaits.filter((w) => w.wijkCode === row.code).length;
      expectSuppressed(row.waiting, waiting);
      // A median follows its count's suppression mark ('<5' or 'x'); a published 0 has no median ('<5').
      if (waiting < 5) expect(row.medianWaitingDays).toBe(typeof row.waiting === 'number' ? '<5' : row.waiting);
      suppressedCells += Object.values(row).filter((v) => v === '<5').length;
    }
    expect(suppressedCells).toBeGreaterThan(0); // the demo has small groups, so suppression is exercised
  });

  it('aggregates per gemeente from the raw figures, then suppresses', async () => {
    const res = await t.as('beleidsmaker').get('/beleid/gemeenten').expect(200);
    const expected = recompute(seeded.events);
    for (const row of res.body.rows) {
      const wijken = [...expected.wijken].filter(([code]) => `GM${code.slice(2, 6)}` === row.code).map(([, w]) => w);
      for (const level of CARE_INTENSITIES)
        expectSuppressed(
          row[`clients_${level}`],
          wijken.reduce((s, w) => s + (w.byIntensity[level] ?? 0), 0),
        );
    }
    expect(res.body.rows.map((r: { code: string }) => r.code).sort()).toEqual(DEMO_REGION.map((g) => g.gemeenteCode).sort());
  });

  it('shows money spent per month only where at least five clients spent, rounded to €100', async () => {
    const timeline = await t.as('beleidsmaker').get(`/beleid/tijdlijn?gemeenteCode=GM0479&minPosition=${head}`).expect(200);
    const spends = seeded.events.filter((e) => e.type === 'BudgetSpent' && (e.data as { wijkCode: string }).wijkCode.startsWith('WK0479'));
    let shown = 0;
    for (const row of timeline.body.rows) {
      const inMonth = spends.filter((e) => e.occurredAt.startsWith(row.month));
      const clients = new Set(inMonth.map((e) => (e.data as { clientId: string }).clientId));
      const cents = inMonth.reduce((s, e) => s + (e.data as { amountCents: number }).amountCents, 0);
      const expected = clients.size === 0 ? 0 : clients.size < 5 ? '<5' : row.spentCents === 'x' ? 'x' : Math.round(cents / 10_000) * 10_000;
      expect([row.month, row.spentCents]).toEqual([row.month, expected]);
      if (typeof row.spentCents === 'number' && row.spentCents > 0) shown++;
    }
    expect(shown).toBeGreaterThan(0);
  });

  it('exports CSV, and never shows a person', async () => {
    const csv = await t.as('beleidsmaker').get('/beleid/wijken?format=csv&gemeenteCode=GM0479').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('wijkzorg-wijken.csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0].split(',').slice(0, 5)).toEqual(['code', 'name', 'gemeenteCode', 'gemeenteName', 'clients']);
    expect(lines).toHaveLength(1 + ZAANSTAD_WIJKEN);
    const timeline = await t.as('beleidsmaker').get('/beleid/tijdlijn?gemeenteCode=GM0479').expect(200);
    expect(timeline.body.rows.length).toBeGreaterThan(12);
    const everything = JSON.stringify([csv.text, timeline.body, (await t.as('beleidsmaker').get('/beleid/wijken').expect(200)).body]);
    const intakes = seeded.events.filter((e) => e.type === 'IntakeRegistered').map((e) => e.data as { clientId: string; personal: { bsn: string; name: string } });
    expect(intakes.length).toBeGreaterThan(300);
    const leaks = intakes.filter((i) => everything.includes(i.personal.bsn) || everything.includes(i.personal.name) || everything.includes(i.clientId));
    expect(leaks).toStrictEqual([]);
  });

  it('keeps person-level data away from policymakers', async () => {
    await t.as('beleidsmaker').get('/wachtlijst').expect(403);
    await t.as('beleidsmaker').get('/clients/cl-00001').expect(403);
    await t.as('beleidsmaker').get('/budget/clients').expect(403);
    await t.as('beleidsmaker').get('/beleid/wijken?format=xml').expect(400);
  });
});
