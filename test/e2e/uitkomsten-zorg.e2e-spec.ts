import { rmSync } from 'node:fs';
import { TestApp, startTestApp } from '../support/test-app';
import { seededDataDir } from '../support/seeded-data';
import { recomputeZorg } from '../support/recompute-zorg';
import { Leak, Row, subtractColumns, subtractParts } from '../support/disclosure';

type MeasureRow = { level: string; code: string; name: string; gemeenteCode: string | null; period: string; values: Record<string, number | '<5' | 'x' | null> };

const INTENSITIES = ['geen', 'licht_ambulant', 'intensief_ambulant', 'zorg_24uur'];
const SETTINGS = ['eigen_woning_in_cirkel', 'clusterwoning', 'elders'];
const FLOWS = ['intakes', 'afgesloten_trajecten', 'opschalingen', 'afschalingen'];
/** Disclosure control: 1–4 as "<5", the rest rounded to 5, or "x" where a complementary suppression was needed. */
const protectedCount = (raw: number) => (raw === 0 ? 0 : raw < 5 ? '<5' : Math.round(raw / 5) * 5);
/** The disclosure helpers recognise counts by name: a measure key reads as `clients_<key>`. */
const asCounts = (row: MeasureRow): Row => Object.fromEntries(Object.entries(row.values).map(([k, v]) => [`clients_${k}`, v]));

describe('uitkomsten: group zorg (caseload per intensity and setting, inflow, outflow, scaling)', () => {
  let seeded: Awaited<ReturnType<typeof seededDataDir>>;
  let t: TestApp;
  let head: number;
  let keys: string[];

  beforeAll(async () => {
    seeded = await seededDataDir(300);
    t = await startTestApp(seeded.dataDir);
    head = seeded.events[seeded.events.length - 1].globalPosition;
    keys = (await t.as('beleidsmaker').get('/v1/beleid/uitkomsten').expect(200)).body.groups.find((g: { group: string }) => g.group === 'zorg').definitions.map((d: { key: string }) => d.key);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    if (seeded) rmSync(seeded.dataDir, { recursive: true, force: true });
  });

  const ask = async (role: string, query: string): Promise<{ rows: MeasureRow[]; asOf: string; months: string[] }> => {
    const res = await t.as(role).get(`/v1/beleid/uitkomsten/zorg?${query}&minPosition=${head}`);
    expect([query, res.status, res.status === 200 ? '' : res.text]).toEqual([query, 200, '']);
    return res.body;
  };
  const QUESTIONS = ['periode=2025', 'periode=2026-Q2', 'periode=2025-11'].flatMap((p) => [`${p}&niveau=regio`, `${p}&niveau=gemeente`, `${p}&niveau=wijk`]);

  it('gives auditors the exact figures of every measure, area, period and month of the series, as the raw events say', async () => {
    expect(keys).toEqual(['clienten', ...INTENSITIES.map((i) => `clienten_${i}`), ...SETTINGS.map((s) => `clienten_${s}`), ...FLOWS]);
    let compared = 0;
    for (const question of QUESTIONS) {
      const table = await ask('auditor', question);
      const expected = recomputeZorg(seeded.events, table.asOf.slice(0, 7));
      const period = new URLSearchParams(question).get('periode')!;
      expect(table.rows.length).toBeGreaterThan(0);
      // Per area: the period, then every month of its series.
      const codes = [...new Set(table.rows.map((r) => r.code))];
      expect(table.rows.map((r) => `${r.code} ${r.period}`)).toEqual(codes.flatMap((c) => [...new Set([period, ...table.months])].map((p) => `${c} ${p}`)));
      const actual = table.rows.map((r) => [r.code, r.period, keys.map((k) => r.values[k])]);
      const wanted = table.rows.map((r) => [r.code, r.period, keys.map((k) => expected.value(r.code, r.period, k))]);
      expect(actual).toEqual(wanted);
      compared += keys.length * table.rows.length;
    }
    console.log(`uitkomsten zorg: ${compared} exact figures equal the recomputation`);
  });

  it('shows policymakers every count rounded, <5 or x, and no combination pins a count of 1–4', async () => {
    const leaks: Leak[] = [];
    let suppressed = 0;
    for (const question of QUESTIONS) {
      const table = await ask('beleidsmaker', question);
      const expected = recomputeZorg(seeded.events, table.asOf.slice(0, 7));
      for (const row of table.rows)
        for (const key of keys) {
          const raw = expected.value(row.code, row.period, key);
          const published = row.values[key];
          expect([row.code, row.period, key, published]).toEqual([row.code, row.period, key, published === 'x' ? 'x' : protectedCount(raw)]);
          if (published === '<5' || published === 'x') suppressed++;
        }
      for (const row of table.rows) {
        leaks.push(
          ...subtractColumns(
            'intensities',
            `${row.code} ${row.period}`,
            asCounts(row),
            'clients_clienten',
            INTENSITIES.map((i) => `clients_clienten_${i}`),
          ),
        );
        leaks.push(
          ...subtractColumns(
            'settings',
            `${row.code} ${row.period}`,
            asCounts(row),
            'clients_clienten',
            SETTINGS.map((s) => `clients_clienten_${s}`),
          ),
        );
      }
    }
    // Areas: the region is the sum of its gemeenten, a gemeente of its wijken; periods: a year of its months (flows).
    for (const period of ['2025', '2025-Q4', '2026-03']) {
      const region = (await ask('beleidsmaker', `periode=${period}&niveau=regio`)).rows;
      const gemeenten = (await ask('beleidsmaker', `periode=${period}&niveau=gemeente`)).rows;
      const wijken = (await ask('beleidsmaker', `periode=${period}&niveau=wijk`)).rows;
      for (const r of region) leaks.push(...subtractParts('gemeenten of the region', `${r.period}`, asCounts(r), gemeenten.filter((g) => g.period === r.period).map(asCounts), new Set()));
      for (const g of gemeenten) leaks.push(...subtractParts('wijken of a gemeente', `${g.code} ${g.period}`, asCounts(g), wijken.filter((w) => w.gemeenteCode === g.code && w.period === g.period).map(asCounts), new Set()));
      for (const area of [...region, ...gemeenten, ...wijken].filter((r) => r.period === period && period.length === 4)) {
        const months = [...region, ...gemeenten, ...wijken].filter((r) => r.code === area.code && r.period !== period);
        const flowsOnly = (r: MeasureRow) => Object.fromEntries(FLOWS.map((k) => [`clients_${k}`, r.values[k]]));
        leaks.push(...subtractParts('months of a year', area.code, flowsOnly(area), months.map(flowsOnly), new Set()));
      }
    }
    expect(leaks).toStrictEqual([]);
    expect(suppressed).toBeGreaterThan(0);
  });

  it('gives the seeded demo non-trivial figures per gemeente for 2025', async () => {
    const table = await ask('auditor', 'periode=2025&niveau=gemeente');
    const year = table.rows.filter((r) => r.period === '2025');
    for (const key of ['clienten', 'intakes', 'opschalingen', 'afschalingen']) expect([key, year.some((r) => (r.values[key] as number) > 0)]).toEqual([key, true]);
    expect(year.some((r) => (r.values.clienten_licht_ambulant as number) > 0 || (r.values.clienten_intensief_ambulant as number) > 0)).toBe(true);
  });

  it('refuses a bad period or level naming the field, and an unknown group', async () => {
    for (const [query, field] of [
      ['periode=2025-13', 'periode'],
      ['periode=2025-01-01', 'periode'],
      ['niveau=buurt', 'niveau'],
    ]) {
      const res = await t.as('beleidsmaker').get(`/v1/beleid/uitkomsten/zorg?${query}`).expect(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    const unknown = await t.as('beleidsmaker').get('/v1/beleid/uitkomsten/geen-groep?periode=2025').expect(404);
    expect(JSON.stringify(unknown.body)).toContain('group');
  });
});
