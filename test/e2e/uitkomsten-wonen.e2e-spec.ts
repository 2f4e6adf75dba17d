import { RecordedEvent } from '@wijkzorg/event-store';
import { TestApp, startTestApp } from '../support/test-app';
import { seededDataDir } from '../support/seeded-data';
import { WONEN_COUNTS, WonenTruth, monthsOfPeriod, recomputeWonen, wonenValues } from '../support/recompute-wonen';
import { Bounds, boundsOfPublished, deduceBounds, isProtectedFormOf } from '../support/published-table';

interface Row {
  level: string;
  code: string;
  gemeenteCode: string | null;
  period: string;
  values: Record<string, number | string | null>;
}

const LEVELS = ['regio', 'gemeente', 'wijk'] as const;

describe('uitkomsten: wonen (housing outcomes) against an independent recomputation', () => {
  let t: TestApp;
  let events: RecordedEvent[];
  let truth: WonenTruth;

  beforeAll(async () => {
    const seeded = await seededDataDir(300);
    events = seeded.events;
    truth = recomputeWonen(events);
    t = await startTestApp(seeded.dataDir);
  }, 600_000);
  afterAll(() => t?.close());

  const table = async (role: string, query: string) =>
    (
      await t
        .as(role)
        .get(`/beleid/uitkomsten/wonen?${query}&minPosition=${events.at(-1)!.globalPosition}`)
        .expect(200)
    ).body as { rows: Row[]; exact: boolean; definitions: { key: string }[] };
  const seriesOf = (period: string) => (period.length === 7 && !period.includes('Q') ? Array.from({ length: 12 }, (_, i) => shift(period, i - 11)) : monthsOfPeriod(period));

  it('auditor: every value of every area for a year, a quarter and a month, at regio, gemeente and wijk, equals the recomputation', async () => {
    let compared = 0;
    for (const period of ['2025', '2026-Q1', '2025-10']) {
      for (const niveau of LEVELS) {
        const body = await table('auditor', `periode=${period}&niveau=${niveau}`);
        expect(body.exact).toBe(true);
        const areas = [...new Set(body.rows.map((r) => r.code))];
        expect(areas.length).toBe(niveau === 'regio' ? 1 : niveau === 'gemeente' ? new Set(truth.gemeenteOf.values()).size : truth.gemeenteOf.size);
        for (const area of areas) {
          const rows = body.rows.filter((r) => r.code === area);
          expect(rows.map((r) => r.period)).toEqual([...new Set([period, ...seriesOf(period)])]);
          for (const row of rows) {
            expect(row.values).toEqual(wonenValues(truth, area, row.period));
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('the seeded demo gives non-trivial housing outcomes per gemeente in 2025', async () => {
    const body = await table('auditor', 'periode=2025&niveau=gemeente');
    const year = body.rows.filter((r) => r.period === '2025');
    for (const key of ['koppelingen', 'koppelingen_voorkeurswijk', 'verhuizingen_naar_woning', 'aanvragen', 'aanvragen_uit_intramuraal', 'wederkerigheid_afgesproken', 'wederkerigheid_geleverd']) expect(year.some((r) => (r.values[key] as number) > 0)).toBe(true);
    const demo = (await table('auditor', 'periode=2026&niveau=regio')).rows.filter((r) => r.period === '2026');
    expect([...year, ...demo].some((r) => (r.values.housing_first_plaatsingen as number) > 0)).toBe(true);
    const shares = year.map((r) => r.values.aandeel_voorkeurswijk).filter((v): v is number => typeof v === 'number');
    expect(shares.some((s) => s > 0)).toBe(true);
  });

  it('beleidsmaker: every published count is the rounded exact count, <5 or x, and no small count can be pinned by sums over areas and periods', async () => {
    const known = new Map<string, Bounds>();
    const cellsSeen = new Map<string, number>();
    const periods = ['2025', '2026', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'];
    let published = 0;
    for (const period of periods) {
      for (const niveau of LEVELS) {
        const body = await table('beleidsmaker', `periode=${period}&niveau=${niveau}`);
        expect(body.exact).toBe(false);
        for (const row of body.rows) {
          const exact = wonenValues(truth, row.code, row.period);
          for (const key of WONEN_COUNTS) {
            const value = row.values[key];
            if (!isProtectedFormOf(value, exact[key]!)) throw new Error(`${key} of ${row.code} in ${row.period}: published ${value}, exact ${exact[key]}`);
            const cell = `${key}|${row.code}|${row.period}`;
            known.set(cell, boundsOfPublished(value));
            cellsSeen.set(cell, exact[key]!);
            published++;
          }
          // A share is published only from two published counts.
          if (typeof row.values.aandeel_voorkeurswijk === 'number') {
            expect(typeof row.values.koppelingen).toBe('number');
            expect(typeof row.values.koppelingen_voorkeurswijk).toBe('number');
          }
        }
      }
    }
    expect(published).toBeGreaterThan(1000);
    expect([...known.values()].some(([l, h]) => l === 1 && h === 4)).toBe(true);
    // Relations every reader knows: a year is its quarters, a quarter its months, a gemeente its wijken, the region its gemeenten.
    const wijken = [...truth.gemeenteOf.keys()];
    const gemeenten = [...new Set(truth.gemeenteOf.values())];
    const allPeriods = [...new Set([...cellsSeen.keys()].map((c) => c.split('|')[2]))];
    const sums: { total: string; parts: string[] }[] = [];
    for (const key of WONEN_COUNTS) {
      for (const area of ['all', ...gemeenten, ...wijken]) {
        for (const year of ['2025', '2026']) sums.push({ total: `${key}|${area}|${year}`, parts: [1, 2, 3, 4].map((q) => `${key}|${area}|${year}-Q${q}`) });
        for (const q of allPeriods.filter((p) => p.includes('Q'))) sums.push({ total: `${key}|${area}|${q}`, parts: monthsOfPeriod(q).map((m) => `${key}|${area}|${m}`) });
      }
      for (const period of allPeriods) {
        sums.push({ total: `${key}|all|${period}`, parts: gemeenten.map((g) => `${key}|${g}|${period}`) });
        for (const g of gemeenten) sums.push({ total: `${key}|${g}|${period}`, parts: wijken.filter((w) => truth.gemeenteOf.get(w) === g).map((w) => `${key}|${w}|${period}`) });
      }
    }
    const deduced = deduceBounds(known, sums);
    const pinned = [...cellsSeen].filter(([cell, n]) => n >= 1 && n <= 4 && deduced.get(cell)?.[0] === deduced.get(cell)?.[1]);
    expect(pinned).toStrictEqual([]);
  }, 300_000);

  it('refuses a bad periode or niveau naming the field (400) and an unknown group (404)', async () => {
    const bad = await t.as('beleidsmaker').get('/beleid/uitkomsten/wonen?periode=2025-13').expect(400);
    expect(JSON.stringify(bad.body)).toContain('periode');
    const range = await t.as('beleidsmaker').get('/beleid/uitkomsten/wonen?periode=2025-01..2025-03').expect(400);
    expect(JSON.stringify(range.body)).toContain('periode');
    const level = await t.as('beleidsmaker').get('/beleid/uitkomsten/wonen?niveau=buurt').expect(400);
    expect(JSON.stringify(level.body)).toContain('niveau');
    const unknown = await t.as('beleidsmaker').get('/beleid/uitkomsten/huisvesting?periode=2025').expect(404);
    expect(JSON.stringify(unknown.body)).toContain('group');
    for (const role of ['gemeente', 'woningcorporatie', 'integrator']) await t.as(role).get('/beleid/uitkomsten/wonen?periode=2025').expect(403);
  });

  it('the catalogue lists the group with a definition per measure; the CSV holds the same rows', async () => {
    const catalogue = await t.as('beleidsmaker').get('/beleid/uitkomsten').expect(200);
    const wonen = catalogue.body.groups.find((g: { group: string }) => g.group === 'wonen');
    expect(wonen.definitions.map((d: { key: string }) => d.key).sort()).toEqual([...WONEN_COUNTS, 'aandeel_voorkeurswijk'].sort());
    const csv = await t.as('beleidsmaker').get('/beleid/uitkomsten/wonen?periode=2025&niveau=gemeente&format=csv').expect(200);
    const json = await table('beleidsmaker', 'periode=2025&niveau=gemeente');
    expect(csv.text.trim().split('\n').length).toBe(json.rows.length + 1);
  });
});

function shift(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
