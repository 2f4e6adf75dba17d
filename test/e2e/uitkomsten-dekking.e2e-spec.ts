import { RecordedEvent } from '@wijkzorg/event-store';
import { TestApp, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';
import { seededDataDir } from '../support/seeded-data';
import { DekkingTruth, dekkingValues, recomputeDekking } from '../support/recompute-dekking';

interface Row {
  level: string;
  code: string;
  name: string;
  gemeenteCode: string | null;
  period: string;
  values: Record<string, number | string | null>;
}
interface Table {
  asOf: string;
  exact: boolean;
  rows: Row[];
}

const LEVELS = ['regio', 'gemeente', 'wijk'] as const;
const LEVIAAN_TOWNS = ['GM0479', 'GM0405', 'GM0388', 'GM0439'];

describe('uitkomsten: dekking (kern and 24-uurs zorg per town) on the seeded demo', () => {
  let t: TestApp;
  let events: RecordedEvent[];
  let truth: DekkingTruth;

  beforeAll(async () => {
    const seeded = await seededDataDir(300);
    events = seeded.events;
    truth = recomputeDekking(events);
    t = await startTestApp(seeded.dataDir);
  }, 600_000);
  afterAll(() => t?.close());

  const table = async (role: string, query: string) =>
    (
      await t
        .as(role)
        .get(`/beleid/uitkomsten/dekking?${query}&minPosition=${events.at(-1)!.globalPosition}`)
        .expect(200)
    ).body as Table;

  it('auditor and beleidsmaker alike: every value of every area for a year, a quarter and a month equals the recomputation (organisation facts, not protected)', async () => {
    let compared = 0;
    for (const role of ['auditor', 'beleidsmaker']) {
      for (const period of ['2025', '2026-Q2', '2025-10']) {
        for (const niveau of LEVELS) {
          const body = await table(role, `periode=${period}&niveau=${niveau}`);
          const areas = new Set(body.rows.map((r) => r.code));
          expect(areas.size).toBe(niveau === 'regio' ? 1 : niveau === 'gemeente' ? new Set(truth.gemeenteOf.values()).size : truth.gemeenteOf.size);
          for (const row of body.rows) {
            expect({ area: row.code, period: row.period, ...row.values }).toEqual({ area: row.code, period: row.period, ...dekkingValues(truth, row.code, row.period, body.asOf) });
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('answers which gemeenten lack 24-uurs zorg or a kern, at the end of 2025 and now, as the recomputation does', async () => {
    // For a month the period row and its own series row are the same figures: one answer per gemeente.
    const lacking = (rows: Row[], period: string, key: string) => [...new Set(rows.filter((r) => r.period === period && r.values[key] === 0).map((r) => r.code))].sort();
    const expectedLacking = (gemeenten: string[], period: string, asOf: string, key: string) => gemeenten.filter((g) => dekkingValues(truth, g, period, asOf)[key] === 0).sort();
    const gemeenten = [...new Set(truth.gemeenteOf.values())];

    const endOf2025 = await table('beleidsmaker', 'periode=2025&niveau=gemeente');
    const thisMonth = endOf2025.asOf.slice(0, 7);
    const now = await table('beleidsmaker', `periode=${thisMonth}&niveau=gemeente`);
    for (const [body, period] of [
      [endOf2025, '2025'],
      [now, thisMonth],
    ] as const) {
      const without24h = lacking(body.rows, period, 'zorg_24uur_beschikbaar');
      const withoutKern = lacking(body.rows, period, 'kern_beschikbaar');
      expect(without24h).toEqual(expectedLacking(gemeenten, period, body.asOf, 'zorg_24uur_beschikbaar'));
      expect(withoutKern).toEqual(expectedLacking(gemeenten, period, body.asOf, 'kern_beschikbaar'));
      console.log(`dekking ${period}: without 24-uurs zorg ${without24h.join(', ') || '-'}; without a kern ${withoutKern.join(', ') || '-'}`);
      // The demo is plausible: most gemeenten are covered, a Leviaan town lacks 24-uurs zorg, a gemeente lacks a kern.
      expect(without24h.some((g) => LEVIAAN_TOWNS.includes(g))).toBe(true);
      expect(withoutKern.length).toBeGreaterThan(0);
      expect(without24h.length + withoutKern.length).toBeLessThan(gemeenten.length);
    }
    // Coverage changed during the demo: offers started within it.
    const months2025 = (await table('beleidsmaker', 'periode=2025&niveau=regio')).rows.filter((r) => r.period !== '2025').map((r) => r.values.wooncirkels_met_24uurszorg as number);
    expect(months2025[0]).toBeLessThan(months2025[11]);
  });

  it('the seeded demo gives non-trivial coverage at gemeente level in 2025', async () => {
    const rows = (await table('auditor', 'periode=2025&niveau=gemeente')).rows.filter((r) => r.period === '2025');
    expect(rows.some((r) => (r.values.wooncirkels_met_24uurszorg as number) > 0)).toBe(true);
    expect(rows.every((r) => (r.values.wooncirkels as number) > 0)).toBe(true);
    expect(rows.filter((r) => r.values.kern_beschikbaar === 1).length).toBeGreaterThan(rows.length / 2);
  });

  it('the Zaandam wijken of Zaanstad are rows of their own under niveau=wijk&gemeenteCode=GM0479', async () => {
    const rows = (await table('beleidsmaker', 'periode=2025&niveau=wijk&gemeenteCode=GM0479')).rows.filter((r) => r.period === '2025');
    expect(rows.every((r) => r.gemeenteCode === 'GM0479')).toBe(true);
    expect(rows.filter((r) => r.name.startsWith('Zaandam-')).length).toBeGreaterThan(0);
  });

  it('refuses a bad periode or niveau naming the field (400) and an unknown group (404)', async () => {
    expect(JSON.stringify((await t.as('beleidsmaker').get('/beleid/uitkomsten/dekking?periode=2025-Q5').expect(400)).body)).toContain('periode');
    expect(JSON.stringify((await t.as('beleidsmaker').get('/beleid/uitkomsten/dekking?niveau=stad').expect(400)).body)).toContain('niveau');
    expect(JSON.stringify((await t.as('beleidsmaker').get('/beleid/uitkomsten/bereik?periode=2025').expect(404)).body)).toContain('group');
  });

  it('refuses a period before 1900 and an area the region has not, naming the field, instead of a table with garbled months or no rows', async () => {
    const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
    const ask = async (query: string) => {
      const res = await t.as('beleidsmaker').get(`/beleid/uitkomsten/dekking?${query}`);
      return [query, res.status, fieldsOf(res.body)];
    };
    for (const periode of ['0000', '0000-01', '1899-Q4', '0999']) expect(await ask(`periode=${periode}`)).toEqual([`periode=${periode}`, 400, ['periode']]);
    expect(await ask('periode=1900-01')).toEqual(['periode=1900-01', 200, []]);
    const month = (await t.as('beleidsmaker').get('/beleid/uitkomsten/dekking?periode=1900-01').expect(200)).body as { months: string[] };
    expect(month.months.every((m) => /^\d{4}-\d{2}$/.test(m))).toBe(true);
    expect(await ask('niveau=wijk&gemeenteCode=GM9999')).toEqual(['niveau=wijk&gemeenteCode=GM9999', 404, ['gemeenteCode']]);
    expect(await ask('niveau=wijk&wijkCode=WK999999')).toEqual(['niveau=wijk&wijkCode=WK999999', 404, ['wijkCode']]);
    expect(await ask('niveau=regio&gemeenteCode=GM0479')).toEqual(['niveau=regio&gemeenteCode=GM0479', 400, ['gemeenteCode']]);
    expect(await ask('niveau=wijk&gemeenteCode=GM0479')).toEqual(['niveau=wijk&gemeenteCode=GM0479', 200, []]);
  });
});

describe('24-uurs zorg and the kern over HTTP: declared by the team, refused clearly, read back as coverage', () => {
  let t: TestApp;
  const own = ['wc-dn-1'];
  let setUp = 0;
  beforeAll(async () => {
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK038801', 'Binnenstad', 'Enkhuizen'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-dn-1', 'WK038801', 5))
      .expect(201);
    const registered = await t
      .as('admin')
      .post('/wooncirkels', { ...wooncirkelBody('wc-dn-hf', 'WK038801', 5, 0), form: 'housing_first' })
      .expect(201);
    setUp = registered.body.position;
  });
  afterAll(() => t?.close());

  const coverage = async (position: number) => {
    const month = new Date().toISOString().slice(0, 7);
    const body = (await t.as('beleidsmaker').get(`/beleid/uitkomsten/dekking?periode=${month}&niveau=wijk&minPosition=${position}`).expect(200)).body as Table;
    return body.rows.find((r) => r.code === 'WK038801' && r.period === month)!.values;
  };
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

  it('only the team of the wooncirkel or an admin declares 24-uurs zorg', async () => {
    await t
      .as('zorgprofessional', 'zp-other', ['wc-elders'])
      .post('/wooncirkels/wc-dn-1/day-and-night-care', { from: minutesAgo(60) })
      .expect(403);
    for (const role of ['beleidsmaker', 'gemeente', 'woningcorporatie', 'auditor', 'integrator'])
      await t
        .as(role)
        .post('/wooncirkels/wc-dn-1/day-and-night-care', { from: minutesAgo(60) })
        .expect(403);
    await t.http
      .post('/wooncirkels/wc-dn-1/day-and-night-care')
      .send({ from: minutesAgo(60) })
      .expect(401);
    expect(await coverage(setUp)).toMatchObject({ wooncirkels: 2, wooncirkels_met_kern: 1, wooncirkels_met_24uurszorg: 0, kern_beschikbaar: 1, zorg_24uur_beschikbaar: 0 });
  });

  it('offers, refuses a second offer, withdraws, refuses withdrawing what is not offered: each refusal names its field', async () => {
    const missing = await t.as('zorgprofessional', 'zp-dn', own).post('/wooncirkels/wc-dn-1/day-and-night-care', {}).expect(400);
    expect(JSON.stringify(missing.body)).toContain('from');
    const notIso = await t.as('zorgprofessional', 'zp-dn', own).post('/wooncirkels/wc-dn-1/day-and-night-care', { from: '1 maart' }).expect(400);
    expect(JSON.stringify(notIso.body)).toContain('from');
    const unknown = await t
      .as('admin')
      .post('/wooncirkels/wc-nergens/day-and-night-care', { from: minutesAgo(60) })
      .expect(422);
    expect(unknown.body.errors[0].field).toBe('wooncirkelId');

    const offered = await t
      .as('zorgprofessional', 'zp-dn', own)
      .post('/wooncirkels/wc-dn-1/day-and-night-care', { from: minutesAgo(60) })
      .expect(201);
    expect(offered.body.events.map((e: { type: string }) => e.type)).toEqual(['DayAndNightCareOffered']);
    expect(await coverage(offered.body.position)).toMatchObject({ wooncirkels_met_24uurszorg: 1, zorg_24uur_beschikbaar: 1 });

    const twice = await t
      .as('zorgprofessional', 'zp-dn', own)
      .post('/wooncirkels/wc-dn-1/day-and-night-care', { from: minutesAgo(30) })
      .expect(422);
    expect(twice.body).toMatchObject({ code: 'already_offered', errors: [{ field: 'from' }] });
    const badReason = await t
      .as('zorgprofessional', 'zp-dn', own)
      .post('/wooncirkels/wc-dn-1/day-and-night-care/withdrawal', { until: minutesAgo(1), reason: 'geen zin' })
      .expect(400);
    expect(JSON.stringify(badReason.body)).toContain('reason');
    const early = await t
      .as('zorgprofessional', 'zp-dn', own)
      .post('/wooncirkels/wc-dn-1/day-and-night-care/withdrawal', { until: minutesAgo(120), reason: 'personeelstekort' })
      .expect(422);
    expect(early.body).toMatchObject({ code: 'until_before_offer', errors: [{ field: 'until' }] });

    const withdrawn = await t
      .as('zorgprofessional', 'zp-dn', own)
      .post('/wooncirkels/wc-dn-1/day-and-night-care/withdrawal', { until: minutesAgo(1), reason: 'personeelstekort' })
      .expect(201);
    expect(await coverage(withdrawn.body.position)).toMatchObject({ wooncirkels_met_24uurszorg: 0, zorg_24uur_beschikbaar: 0 });
    const again = await t
      .as('admin')
      .post('/wooncirkels/wc-dn-1/day-and-night-care/withdrawal', { until: minutesAgo(0), reason: 'overig' })
      .expect(422);
    expect(again.body).toMatchObject({ code: 'not_offered', errors: [{ field: 'until' }] });
  });

  it('closes and reopens the kern; a wooncirkel without a kern cannot close one', async () => {
    const closed = await t
      .as('zorgprofessional', 'zp-dn', own)
      .post('/wooncirkels/wc-dn-1/kern/closure', { from: minutesAgo(10), reason: 'verbouwing' })
      .expect(201);
    expect(await coverage(closed.body.position)).toMatchObject({ wooncirkels: 2, wooncirkels_met_kern: 0, kern_beschikbaar: 0 });
    const twice = await t
      .as('zorgprofessional', 'zp-dn', own)
      .post('/wooncirkels/wc-dn-1/kern/closure', { from: minutesAgo(5), reason: 'verbouwing' })
      .expect(422);
    expect(twice.body).toMatchObject({ code: 'already_closed', errors: [{ field: 'from' }] });
    const noKern = await t
      .as('admin')
      .post('/wooncirkels/wc-dn-hf/kern/closure', { from: minutesAgo(5), reason: 'overig' })
      .expect(422);
    expect(noKern.body).toMatchObject({ code: 'no_kern', errors: [{ field: 'wooncirkelId' }] });
    const reopened = await t
      .as('admin')
      .post('/wooncirkels/wc-dn-1/kern/reopening', { from: minutesAgo(1) })
      .expect(201);
    expect(await coverage(reopened.body.position)).toMatchObject({ wooncirkels_met_kern: 1, kern_beschikbaar: 1 });
    await t
      .as('zorgprofessional', 'zp-other', ['wc-elders'])
      .post('/wooncirkels/wc-dn-1/kern/closure', { from: minutesAgo(1), reason: 'overig' })
      .expect(403);
  });
});
