import { TestApp, startTestApp } from '../support/test-app';
import { seededDataDir } from '../support/seeded-data';
import { VerhuizingenRecomputation, recomputeVerhuizingen } from '../support/recompute-verhuizingen';
import { Protected, Relation, deduceIntervals, sumRelation } from '../../apps/api/src/disclosure/disclosure';

type Value = number | '<5' | 'x' | null;
interface Row {
  level: string;
  code: string;
  name: string;
  gemeenteCode: string | null;
  period: string;
  values: Record<string, Value>;
}
interface Table {
  asOf: string;
  exact: boolean;
  definitions: { key: string; unit: string }[];
  rows: Row[];
}

type Share = 'aandeel_zonder_verhuizing' | 'aandeel_zelfde_begeleider';
const ZAANSTAD = 'GM0479';

/** Moves avoided by scaling (issue 12): the group `verhuizingen` of a seeded region against a recomputation from the raw events. */
describe('uitkomsten: verhuizingen (moves avoided by scaling, continuity of the vaste begeleider)', () => {
  let t: TestApp;
  let events: Awaited<ReturnType<typeof seededDataDir>>['events'];
  let head = 0;
  const tables = new Map<string, Table>();
  /** One table as a role reads it (asked once per role, period and level). */
  const table = async (role: 'auditor' | 'beleidsmaker', query: string): Promise<Table> => {
    const key = `${role}?${query}`;
    if (!tables.has(key)) {
      const res = await t.as(role).get(`/beleid/uitkomsten/verhuizingen?${query}&minPosition=${head}`);
      expect([query, res.status, res.status === 200 ? null : res.body]).toEqual([query, 200, null]);
      tables.set(key, res.body);
    }
    return tables.get(key)!;
  };
  const recompute = (asOf: string): VerhuizingenRecomputation => recomputeVerhuizingen(events, asOf.slice(0, 10));

  beforeAll(async () => {
    const seeded = await seededDataDir(300);
    events = seeded.events;
    head = events[events.length - 1].globalPosition;
    t = await startTestApp(seeded.dataDir);
  }, 600_000);
  afterAll(() => t?.close());

  it('as auditor every value of every area equals the recomputation, for a year, a quarter and a month, per region, gemeente and wijk', async () => {
    let compared = 0;
    for (const periode of ['2025', '2026-Q3', '2026-10'])
      for (const niveau of ['regio', 'gemeente', 'wijk']) {
        const body = await table('auditor', `periode=${periode}&niveau=${niveau}`);
        const expected = recompute(body.asOf);
        expect(body.exact).toBe(true);
        const areas = niveau === 'regio' ? ['all'] : niveau === 'gemeente' ? [...new Set(expected.gemeenteOf.values())].sort() : [...expected.gemeenteOf.keys()].sort();
        expect([...new Set(body.rows.map((r) => r.code))].sort()).toEqual(areas);
        for (const row of body.rows) {
          expect(row.level).toBe(niveau);
          for (const d of body.definitions) {
            const want = d.unit === 'procent' ? expected.share(d.key as Share, row.code, row.period) : expected.count(d.key, row.code, row.period);
            expect([row.code, row.period, d.key, row.values[d.key]]).toEqual([row.code, row.period, d.key, want]);
            compared++;
          }
        }
        // The period first, then each month of its series, per area.
        expect(body.rows.filter((r) => r.code === areas[0]).map((r) => r.period)[0]).toBe(periode);
      }
    expect(compared).toBeGreaterThan(1000);
  });

  it('answers "how many moves did scaling avoid in Zaanstad (Zaandam) in 2025" as the recomputation does, and the seeded demo gives real figures', async () => {
    const body = await table('auditor', `periode=2025&niveau=gemeente&gemeenteCode=${ZAANSTAD}`);
    const expected = recompute(body.asOf);
    const zaanstad = body.rows.find((r) => r.code === ZAANSTAD && r.period === '2025')!;
    expect(zaanstad.name).toBe('Zaanstad');
    expect(zaanstad.values.stappen_zonder_verhuizing).toBe(expected.count('stappen_zonder_verhuizing', ZAANSTAD, '2025'));
    expect(zaanstad.values.stappen_zonder_verhuizing).toBeGreaterThan(0);
    // A policymaker reads it too: rounded to 5, not hidden by the protection of the rest of the table.
    const shown = (await table('beleidsmaker', `periode=2025&niveau=gemeente&gemeenteCode=${ZAANSTAD}`)).rows.find((r) => r.code === ZAANSTAD && r.period === '2025')!;
    expect(shown.values.stappen_zonder_verhuizing).toBe(Math.round(expected.count('stappen_zonder_verhuizing', ZAANSTAD, '2025') / 5) * 5);
    // Every gemeente row of 2025: the measures the seed must exercise are above zero somewhere.
    const gemeenten = (await table('auditor', 'periode=2025&niveau=gemeente')).rows.filter((r) => r.period === '2025');
    for (const key of ['schaalstappen', 'stappen_op', 'stappen_af', 'stappen_zonder_verhuizing', 'stappen_met_verhuizing', 'stappen_met_begeleider', 'stappen_zelfde_begeleider', 'verhuizingen', 'verhuizingen_na_schaalstap', 'verhuizingen_zonder_schaalstap'])
      expect([key, gemeenten.some((r) => (r.values[key] as number) > 0)]).toEqual([key, true]);
    // Steps followed by a move, by the reason of the move.
    const reasons = Object.keys(zaanstad.values).filter((key) => key.startsWith('stappen_met_verhuizing_'));
    expect(reasons.length).toBeGreaterThan(3);
    expect(reasons.some((key) => (gemeenten.find((r) => (r.values[key] as number) > 0)?.values[key] as number) > 0)).toBe(true);
    expect(gemeenten.some((r) => typeof r.values.aandeel_zonder_verhuizing === 'number' && r.values.aandeel_zonder_verhuizing > 0 && r.values.aandeel_zonder_verhuizing < 100)).toBe(true);
    // Steps of the last 90 days are still open, never counted as avoided.
    const recent = (await table('auditor', 'periode=2026-10&niveau=regio')).rows.find((r) => r.period === '2026-10')!;
    expect([recent.values.stappen_zonder_verhuizing, (recent.values.stappen_nog_open as number) > 0]).toEqual([0, true]);
  });

  it('as beleidsmaker every count is the rounded exact count, <5 (1–4) or x, shares only from published counts, and no count of 1–4 can be worked back', async () => {
    const periods = ['2025', '2026', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'];
    const published = new Map<string, Protected>();
    const truth = new Map<string, number>();
    let counts: string[] = [];
    for (const periode of periods)
      for (const niveau of ['regio', 'gemeente', 'wijk']) {
        const shown = await table('beleidsmaker', `periode=${periode}&niveau=${niveau}`);
        const exact = await table('auditor', `periode=${periode}&niveau=${niveau}`);
        expect(shown.exact).toBe(false);
        counts = shown.definitions.filter((d) => d.unit === 'aantal').map((d) => d.key);
        expect(shown.rows.map((r) => [r.code, r.period])).toEqual(exact.rows.map((r) => [r.code, r.period]));
        shown.rows.forEach((row, i) => {
          const real = exact.rows[i].values;
          for (const key of counts) {
            const value = row.values[key];
            const n = real[key] as number;
            const ok = value === 'x' || (value === '<5' ? n >= 1 && n <= 4 : value === Math.round(n / 5) * 5 && (n === 0 || n >= 5));
            expect([row.code, row.period, key, n, value, ok]).toEqual([row.code, row.period, key, n, value, true]);
            published.set(`${key}|${row.code}|${row.period}`, value as Protected);
            truth.set(`${key}|${row.code}|${row.period}`, n);
          }
          // A share is never finer than its published counts: a suppressed count hides it.
          for (const [share, numerator, denominator] of [
            ['aandeel_zonder_verhuizing', 'stappen_zonder_verhuizing', 'stappen_met_verhuizing'],
            ['aandeel_zelfde_begeleider', 'stappen_zelfde_begeleider', 'stappen_met_begeleider'],
          ]) {
            // The classified steps are zonder + met: the denominator is their published sum.
            const [n, other] = [row.values[numerator], row.values[denominator]];
            const d = share === 'aandeel_zelfde_begeleider' ? other : typeof n === 'number' && typeof other === 'number' ? n + other : typeof other === 'number' ? n : other;
            const want = typeof d !== 'number' ? d : typeof n !== 'number' ? n : d === 0 ? null : Math.round((Math.min(n, d) / d) * 1000) / 10;
            expect([row.code, row.period, share, row.values[share]]).toEqual([row.code, row.period, share, want]);
          }
        });
      }
    const gemeenteOf = recompute(new Date().toISOString()).gemeenteOf;
    const wijken = [...gemeenteOf.keys()];
    const gemeenten = [...new Set(gemeenteOf.values())];
    const months = [...new Set([...truth.keys()].map((k) => k.split('|')[2]).filter((p) => /^\d{4}-\d{2}$/.test(p)))];
    const quarters = [...new Set([...truth.keys()].map((k) => k.split('|')[2]).filter((p) => p.includes('Q')))];
    const has = (cell: string) => truth.has(cell);
    const relations: Relation[] = [];
    const relate = (total: string, parts: string[]) => has(total) && parts.every(has) && relations.push(sumRelation(total, parts));
    for (const key of counts)
      for (const period of [...months, ...quarters, '2025', '2026']) {
        relate(
          `${key}|all|${period}`,
          gemeenten.map((g) => `${key}|${g}|${period}`),
        );
        for (const g of gemeenten)
          relate(
            `${key}|${g}|${period}`,
            wijken.filter((w) => gemeenteOf.get(w) === g).map((w) => `${key}|${w}|${period}`),
          );
      }
    for (const key of counts)
      for (const area of ['all', ...gemeenten, ...wijken]) {
        for (const q of quarters)
          relate(
            `${key}|${area}|${q}`,
            months.filter((m) => `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5)) / 3)}` === q).map((m) => `${key}|${area}|${m}`),
          );
        for (const y of ['2025', '2026'])
          relate(
            `${key}|${area}|${y}`,
            quarters.filter((q) => q.startsWith(y)).map((q) => `${key}|${area}|${q}`),
          );
      }
    const sums = [
      ['schaalstappen', 'stappen_zonder_verhuizing', 'stappen_met_verhuizing', 'stappen_nog_open'],
      ['schaalstappen', 'stappen_op', 'stappen_af'],
      ['verhuizingen', 'verhuizingen_na_schaalstap', 'verhuizingen_zonder_schaalstap'],
      ['stappen_met_verhuizing', ...counts.filter((key) => key.startsWith('stappen_met_verhuizing_'))],
    ];
    for (const [total, ...parts] of sums)
      for (const area of ['all', ...gemeenten, ...wijken])
        for (const period of [...months, ...quarters, '2025', '2026'])
          relate(
            `${total}|${area}|${period}`,
            parts.map((p) => `${p}|${area}|${period}`),
          );
    const deduced = deduceIntervals(published, relations);
    const pinned = [...truth].filter(([cell, n]) => n >= 1 && n <= 4 && deduced.get(cell)![0] === deduced.get(cell)![1]);
    expect([...truth.values()].some((n) => n >= 1 && n <= 4)).toBe(true);
    expect([...published.values()].some((v) => typeof v === 'number' && v > 0)).toBe(true);
    expect(pinned).toStrictEqual([]);
  }, 300_000);

  it('refuses a bad periode or niveau naming the field, and an unknown group with 404', async () => {
    for (const [query, field] of [
      ['periode=2025-13', 'periode'],
      ['periode=2025-Q5', 'periode'],
      ['periode=25', 'periode'],
      ['niveau=provincie', 'niveau'],
      ['niveau=wijk&gemeenteCode=Zaanstad', 'gemeenteCode'],
    ]) {
      const res = await t.as('beleidsmaker').get(`/beleid/uitkomsten/verhuizingen?${query}`).expect(400);
      expect([query, res.body.errors.map((f: { field: string }) => f.field)]).toEqual([query, [field]]);
    }
    const unknown = await t.as('beleidsmaker').get('/beleid/uitkomsten/verhuisd?periode=2025').expect(404);
    expect(unknown.body.errors[0].field).toBe('group');
    await t.as('integrator').get('/beleid/uitkomsten/verhuizingen?periode=2025').expect(403);
    // The Dutch CSV of what a policymaker reads: `;` between cells, a line per row.
    const json = await table('beleidsmaker', 'periode=2025&niveau=gemeente');
    const csv = await t.as('beleidsmaker').get(`/beleid/uitkomsten/verhuizingen?periode=2025&niveau=gemeente&format=csv&minPosition=${head}`).expect(200);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0].split(';')).toContain('Schaalstappen zonder verhuizing (aantal)');
    expect(lines.length).toBe(json.rows.length + 1);
    const catalogue = await t.as('beleidsmaker').get('/beleid/uitkomsten').expect(200);
    expect(catalogue.body.groups.map((g: { group: string }) => g.group)).toContain('verhuizingen');
  });
});
