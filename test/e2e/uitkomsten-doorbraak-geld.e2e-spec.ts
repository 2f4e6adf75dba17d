import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RecordedEvent } from '@wijkzorg/event-store';
import { Protected, Relation, deduceIntervals, sumRelation } from '../../apps/api/src/disclosure/disclosure';
import { TestApp, startTestApp } from '../support/test-app';
import { seededDataDir } from '../support/seeded-data';
import { AVOIDED_CATEGORIES, BREAKTHROUGH_TYPES_SEEN, recomputeDoorbraaktafel } from '../support/recompute-doorbraaktafel';
import { FUNDERS_ALL, OPEN_MONEY, PURPOSES, recomputeGeld } from '../support/recompute-geld';

type Value = number | '<5' | 'x' | null;
interface Row {
  level: string;
  code: string;
  gemeenteCode: string | null;
  period: string;
  values: Record<string, Value>;
}
interface Table {
  exact: boolean;
  months: string[];
  definitions: { key: string; unit: string }[];
  rows: Row[];
}

const LEVELS = ['regio', 'gemeente', 'wijk'] as const;
const QUARTERS = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];
const MONTHS_2025 = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
const quarterMonths = (q: string) => MONTHS_2025.slice((Number(q.slice(6)) - 1) * 3, Number(q.slice(6)) * 3);

/** Keys of the geld table that hold only money about people (the others add the pots' own money, published as it is). */
const PERSONAL_GELD = ['toegekend_persoonsvolgend', 'vrijgegeven_persoonsvolgend', 'vrijgegeven_flexpot', 'besteed', ...FUNDERS_ALL.map((f) => `besteed_wet_${f}`), ...PURPOSES.flatMap((p) => [`vrijgegeven_doel_${p}`, `besteed_doel_${p}`])];
const DOORBRAAK_MONEY = ['oplossingskosten', 'vermeden_kosten', ...AVOIDED_CATEGORIES.map((c) => `vermeden_kosten_${c}`)];
const DOORBRAAK_COUNTS = ['zaken_aangemeld', 'zaken_gesloten', 'doorbraken', ...BREAKTHROUGH_TYPES_SEEN.map((t) => `doorbraken_${t}`)];

/** One recomputation per area and period (the checks below read every measure of a cell). */
const memo = (figures: (area: string, period: string) => Record<string, number | null>) => {
  const known = new Map<string, Record<string, number | null>>();
  return (area: string, period: string) => known.get(`${area}|${period}`) ?? known.set(`${area}|${period}`, figures(area, period)).get(`${area}|${period}`)!;
};

describe('uitkomsten: doorbraaktafel and geld equal an independent recomputation, and are protected for policymakers', () => {
  let t: TestApp;
  let events: RecordedEvent[];
  let dataDir: string;
  let minPosition = 0;
  const recompute: Record<string, (area: string, period: string) => Record<string, number | null>> = {};

  const table = async (role: string, group: string, period: string, level: string): Promise<Table> => {
    const res = await t.as(role).get(`/beleid/uitkomsten/${group}?periode=${period}&niveau=${level}&minPosition=${minPosition}`);
    expect([group, period, level, res.status]).toEqual([group, period, level, 200]);
    return res.body as Table;
  };

  beforeAll(async () => {
    const seeded = await seededDataDir(300);
    events = seeded.events;
    dataDir = seeded.dataDir;
    minPosition = Math.max(...events.map((e) => e.globalPosition));
    recompute.doorbraaktafel = memo(recomputeDoorbraaktafel(events));
    recompute.geld = memo(recomputeGeld(events));
    t = await startTestApp(dataDir);
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  describe.each(['doorbraaktafel', 'geld'])('%s as auditor', (group) => {
    it.each(['2025', '2025-Q3', '2025-07'])('every value of every area for %s, at every level, equals the recomputation', async (period) => {
      for (const level of LEVELS) {
        const body = await table('auditor', group, period, level);
        expect(body.exact).toBe(true);
        const codes = [...new Set(body.rows.map((r) => r.code))];
        expect(codes.length).toBeGreaterThan(0);
        for (const code of codes) expect(body.rows.filter((r) => r.code === code).map((r) => r.period)).toEqual([...new Set([period, ...body.months])]);
        for (const row of body.rows) {
          expect(row.level).toBe(level);
          expect([row.code, row.period, row.values]).toEqual([row.code, row.period, recompute[group](row.code, row.period)]);
        }
      }
    });
  });

  it('answers what the doorbraaktafel spent in 2025 and what that avoided, for the region and per gemeente, as the recomputation does', async () => {
    const regio = (await table('auditor', 'doorbraaktafel', '2025', 'regio')).rows.find((r) => r.period === '2025')!;
    const expected = recompute.doorbraaktafel('all', '2025');
    expect([regio.values.oplossingskosten, regio.values.vermeden_kosten]).toEqual([expected.oplossingskosten, expected.vermeden_kosten]);
    const gemeenten = (await table('auditor', 'doorbraaktafel', '2025', 'gemeente')).rows.filter((r) => r.period === '2025');
    for (const g of gemeenten) expect([g.code, g.values.oplossingskosten, g.values.vermeden_kosten]).toEqual([g.code, recompute.doorbraaktafel(g.code, '2025').oplossingskosten, recompute.doorbraaktafel(g.code, '2025').vermeden_kosten]);
    // The flex pot paid what the table decided: the money shows in geld too.
    const geld = (await table('auditor', 'geld', '2025', 'regio')).rows.find((r) => r.period === '2025')!;
    expect(geld.values.vrijgegeven_flexpot).toBe(recompute.geld('all', '2025').vrijgegeven_flexpot);
  });

  it('the seeded demo gives non-trivial figures at gemeente level for 2025', async () => {
    const doorbraak = (await table('auditor', 'doorbraaktafel', '2025', 'gemeente')).rows.filter((r) => r.period === '2025');
    for (const key of ['zaken_aangemeld', 'doorbraken', 'zaken_gesloten', 'oplossingskosten', 'vermeden_kosten']) expect([key, doorbraak.some((r) => (r.values[key] as number) > 0)]).toEqual([key, true]);
    expect(doorbraak.some((r) => typeof r.values.doorlooptijd_mediaan_dagen === 'number')).toBe(true);
    const geld = (await table('auditor', 'geld', '2025', 'gemeente')).rows.filter((r) => r.period === '2025');
    for (const key of ['toegekend_persoonsvolgend', 'toegekend_wijkbudget', 'toegekend_flexpot', 'vrijgegeven_persoonsvolgend', 'vrijgegeven_wijkbudget', 'vrijgegeven_flexpot', 'besteed']) expect([key, geld.every((r) => (r.values[key] as number) > 0)]).toEqual([key, true]);
    for (const key of ['vrijgegeven_doel_woonkosten', 'vermeden_kosten_detentie']) expect([key, [...geld, ...doorbraak].some((r) => (r.values[key] as number) > 0)]).toEqual([key, true]);
    // The breakdowns split their totals: per funder and per purpose.
    const sum = (r: Row, keys: string[]) => keys.reduce((s, k) => s + (r.values[k] as number), 0);
    for (const r of geld) {
      expect([
        r.code,
        sum(
          r,
          FUNDERS_ALL.map((f) => `besteed_wet_${f}`),
        ),
      ]).toEqual([r.code, r.values.besteed]);
      expect([
        r.code,
        sum(
          r,
          PURPOSES.map((p) => `vrijgegeven_doel_${p}`),
        ),
      ]).toEqual([r.code, sum(r, ['vrijgegeven_persoonsvolgend', 'vrijgegeven_flexpot'])]);
      expect([
        r.code,
        sum(
          r,
          FUNDERS_ALL.map((f) => `toegekend_wet_${f}`),
        ),
      ]).toEqual([r.code, r.values.toegekend]);
    }
    for (const r of doorbraak)
      expect([
        r.code,
        sum(
          r,
          BREAKTHROUGH_TYPES_SEEN.map((t) => `doorbraken_${t}`),
        ),
      ]).toEqual([r.code, r.values.doorbraken]);
  });

  it('a policymaker reads what the doorbraaktafel spent in 2025 and what that avoided, for the region, as the rounded exact amounts', async () => {
    const regio = (await table('beleidsmaker', 'doorbraaktafel', '2025', 'regio')).rows.find((r) => r.period === '2025')!;
    const exact = recompute.doorbraaktafel('all', '2025');
    expect([regio.values.oplossingskosten, regio.values.vermeden_kosten]).toEqual([Math.round(exact.oplossingskosten! / 10_000) * 10_000, Math.round(exact.vermeden_kosten! / 10_000) * 10_000]);
    const gemeenten = (await table('beleidsmaker', 'doorbraaktafel', '2025', 'gemeente')).rows.filter((r) => r.period === '2025');
    expect(gemeenten.some((g) => typeof g.values.vermeden_kosten === 'number' && g.values.vermeden_kosten > 0)).toBe(true);
  });

  describe('as beleidsmaker', () => {
    /** All of 2025 at every level: the year, its quarters and its months, as published. */
    const published = async (group: string) => {
      const cells = new Map<string, Value>();
      const areas = new Map<string, { level: string; gemeenteCode: string | null }>();
      for (const level of LEVELS)
        for (const period of ['2025', ...QUARTERS]) {
          const body = await table('beleidsmaker', group, period, level);
          expect(body.exact).toBe(false);
          for (const row of body.rows) {
            areas.set(row.code, { level: row.level, gemeenteCode: row.gemeenteCode });
            for (const [key, value] of Object.entries(row.values)) cells.set(`${key}|${row.code}|${row.period}`, value);
          }
        }
      return { cells, areas };
    };
    /** Sums over areas and periods of one measure: the relations a reader can subtract along. */
    const relationsOf = (measure: string, areas: Map<string, { level: string; gemeenteCode: string | null }>) => {
      const sums: { total: string; parts: string[] }[] = [];
      const gemeenten = [...areas].filter(([, a]) => a.level === 'gemeente').map(([c]) => c);
      for (const period of ['2025', ...QUARTERS, ...MONTHS_2025]) {
        sums.push({ total: `${measure}|all|${period}`, parts: gemeenten.map((g) => `${measure}|${g}|${period}`) });
        for (const g of gemeenten) sums.push({ total: `${measure}|${g}|${period}`, parts: [...areas].filter(([, a]) => a.level === 'wijk' && a.gemeenteCode === g).map(([c]) => `${measure}|${c}|${period}`) });
      }
      for (const area of areas.keys()) {
        sums.push({ total: `${measure}|${area}|2025`, parts: QUARTERS.map((q) => `${measure}|${area}|${q}`) });
        for (const q of QUARTERS) sums.push({ total: `${measure}|${area}|${q}`, parts: quarterMonths(q).map((m) => `${measure}|${area}|${m}`) });
      }
      return sums;
    };
    const breakdown = (total: string, parts: string[], areas: Map<string, unknown>) => [...areas.keys()].flatMap((area) => ['2025', ...QUARTERS, ...MONTHS_2025].map((period) => ({ total: `${total}|${area}|${period}`, parts: parts.map((p) => `${p}|${area}|${period}`) })));
    const split = (cell: string) => cell.split('|') as [string, string, string];

    it('doorbraaktafel: every count is the rounded exact count, <5 or x, and no count of 1–4 can be pinned through sums over areas, periods and types', async () => {
      const { cells, areas } = await published('doorbraaktafel');
      const truth = new Map<string, number>();
      for (const [cell, value] of cells) {
        const [key, area, period] = split(cell);
        const exact = recompute.doorbraaktafel(area, period)[key];
        if (DOORBRAAK_COUNTS.includes(key)) {
          truth.set(cell, exact as number);
          const n = exact as number;
          const allowed = value === 'x' || (n === 0 && value === 0) || (n >= 1 && n <= 4 && value === '<5') || (n >= 5 && value === Math.round(n / 5) * 5);
          expect([cell, n, value, allowed]).toEqual([cell, n, value, true]);
        } else if (DOORBRAAK_MONEY.includes(key)) {
          if (typeof value === 'number') expect([cell, value]).toEqual([cell, Math.round((exact as number) / 10_000) * 10_000]);
          else expect(['<5', 'x']).toContain(value);
        } else if (typeof value === 'number') expect([cell, value]).toEqual([cell, exact]);
      }
      const relations: Relation[] = [
        ...DOORBRAAK_COUNTS.flatMap((m) => relationsOf(m, areas)),
        ...breakdown(
          'doorbraken',
          BREAKTHROUGH_TYPES_SEEN.map((t) => `doorbraken_${t}`),
          areas,
        ),
      ].map((r) => sumRelation(r.total, r.parts));
      const counts = new Map([...cells].filter(([cell, v]) => DOORBRAAK_COUNTS.includes(split(cell)[0]) && v !== null) as [string, Protected][]);
      const bounds = deduceIntervals(counts, relations);
      const pinned = [...truth].filter(([cell, n]) => n >= 1 && n <= 4 && bounds.get(cell)![0] === bounds.get(cell)![1]);
      expect(pinned).toStrictEqual([]);
      expect([...truth.values()].some((n) => n >= 1 && n <= 4)).toBe(true);
      // Money: in every sum over areas, periods and categories, never exactly one amount hidden (it would be the total minus the rest).
      const moneySums = [
        ...DOORBRAAK_MONEY.flatMap((m) => relationsOf(m, areas)),
        ...breakdown(
          'vermeden_kosten',
          AVOIDED_CATEGORIES.map((c) => `vermeden_kosten_${c}`),
          areas,
        ),
      ];
      const lonely = moneySums.filter((s) => [s.total, ...s.parts].filter((c) => typeof cells.get(c) !== 'number').length === 1);
      expect(lonely).toStrictEqual([]);
    });

    it('geld: amounts about people are rounded to €100 or hidden, the pots\u2019 own money is as it is, and no sum leaves exactly one amount hidden', async () => {
      const { cells, areas } = await published('geld');
      let hidden = 0;
      for (const [cell, value] of cells) {
        const [key, area, period] = split(cell);
        const exact = recompute.geld(area, period)[key];
        if (OPEN_MONEY.includes(key)) expect([cell, value]).toEqual([cell, exact]);
        else if (typeof value === 'number' && PERSONAL_GELD.includes(key)) expect([cell, value]).toEqual([cell, Math.round((exact as number) / 10_000) * 10_000]);
        else if (typeof value === 'number') expect([cell, Math.abs(value - (exact as number)) <= 5_000]).toEqual([cell, true]);
        else {
          expect(['<5', 'x']).toContain(value);
          hidden++;
        }
      }
      expect(hidden).toBeGreaterThan(0);
      const moneySums = [
        ...PERSONAL_GELD.flatMap((m) => relationsOf(m, areas)),
        ...breakdown(
          'besteed',
          FUNDERS_ALL.map((f) => `besteed_wet_${f}`),
          areas,
        ),
        ...breakdown(
          'besteed',
          PURPOSES.map((p) => `besteed_doel_${p}`),
          areas,
        ),
      ];
      const lonely = moneySums.filter((s) => [s.total, ...s.parts].filter((c) => typeof cells.get(c) !== 'number').length === 1);
      expect(lonely).toStrictEqual([]);
    });
  });

  it('lists both groups in the catalogue, every measure defined in its docs file and every chart drawing known measures; CSV has a column per measure', async () => {
    const catalogue = (await t.as('beleidsmaker').get('/beleid/uitkomsten').expect(200)).body as { groups: { group: string; definitions: { key: string }[]; charts: { kind: string; measures: string[] }[] }[] };
    for (const name of ['doorbraaktafel', 'geld']) {
      const group = catalogue.groups.find((g) => g.group === name)!;
      const docs = readFileSync(join(__dirname, '../../docs/uitkomsten', `${name}.md`), 'utf8');
      for (const { key } of group.definitions) expect([name, key, docs.includes(`### \`${key}\``)]).toEqual([name, key, true]);
      const keys = new Set(group.definitions.map((d) => d.key));
      for (const chart of group.charts) for (const m of chart.measures) expect([name, m, keys.has(m)]).toEqual([name, m, true]);
      expect(group.charts.map((c) => c.kind).sort()).toEqual(expect.arrayContaining(['verloop', 'vergelijking']));
      const csv = await t.as('beleidsmaker').get(`/beleid/uitkomsten/${name}?periode=2025&niveau=gemeente&format=csv`).expect(200);
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0].split(';')).toHaveLength(5 + group.definitions.length);
      expect(lines.length - 1).toBe((await table('beleidsmaker', name, '2025', 'gemeente')).rows.length);
    }
  });

  it('refuses a bad periode or niveau naming the field, and an unknown group with 404', async () => {
    const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
    for (const bad of ['2025-13', '2025-Q5', '25', '2025-07-01'])
      for (const group of ['doorbraaktafel', 'geld']) {
        const res = await t.as('beleidsmaker').get(`/beleid/uitkomsten/${group}?periode=${bad}`);
        expect([bad, res.status, fieldsOf(res.body)]).toEqual([bad, 400, ['periode']]);
      }
    const niveau = await t.as('beleidsmaker').get('/beleid/uitkomsten/geld?niveau=buurt');
    expect([niveau.status, fieldsOf(niveau.body)]).toEqual([400, ['niveau']]);
    const unknown = await t.as('beleidsmaker').get('/beleid/uitkomsten/geldzaken?periode=2025');
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).toContain('doorbraaktafel');
  });
});
