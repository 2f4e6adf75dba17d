import { RecordedEvent } from '@wijkzorg/event-store';
import { TestApp, startTestApp } from '../support/test-app';
import { seededDataDir } from '../support/seeded-data';
import { ALL, WACHTLIJST_GROUPS, WACHTLIJST_URGENCIES, recomputeWachtlijst } from '../support/recompute-wachtlijst';
import { deduceBounds } from '../support/published-table';

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
  definitions: { key: string; unit: string }[];
  rows: Row[];
}
type Bounds = [number, number];

/** What a published count says about the true count (docs/disclosure-control.md): rounded to 5, `<5` for 1–4, `x` anything. */
const countBounds = (v: unknown): Bounds => (typeof v !== 'number' ? (v === '<5' ? [1, 4] : [0, Infinity]) : v === 0 ? [0, 0] : v === 5 ? [5, 7] : [v - 2, v + 2]);

/**
 * The wachtlijst outcome measures over HTTP on a seeded demo region (real command flows): every exact figure an
 * auditor reads equals the recomputation from the raw events, a policymaker reads protected counts that pin no small
 * number, and the demo answers "how long do people wait for housing in 's-Hertogenbosch Zuidoost by urgency".
 */
describe('uitkomsten: wachtlijst (seeded demo, recomputed from the raw events)', () => {
  let t: TestApp;
  let events: RecordedEvent[];
  const read = async (role: string, query: string): Promise<Table> => (await t.as(role).get(`/beleid/uitkomsten/wachtlijst?${query}`).expect(200)).body;

  beforeAll(async () => {
    const seeded = await seededDataDir(300);
    events = seeded.events;
    t = await startTestApp(seeded.dataDir);
  }, 600_000);
  afterAll(() => t?.close());

  it.each([
    ['a year', '2025'],
    ['a quarter', '2025-Q3'],
    ['a month', '2026-02'],
  ])(
    'as auditor every value for %s, at every level, equals the recomputation',
    async (_, periode) => {
      for (const niveau of ['regio', 'gemeente', 'wijk']) {
        const table = await read('auditor', `periode=${periode}&niveau=${niveau}`);
        expect(table.exact).toBe(true);
        const expected = recomputeWachtlijst(events, table.asOf);
        expect(table.rows.length).toBeGreaterThan(0);
        for (const row of table.rows) {
          expect(Object.keys(row.values).sort()).toEqual(table.definitions.map((d) => d.key).sort());
          const actual = row.values;
          const wanted = Object.fromEntries(Object.keys(actual).map((key) => [key, expected.value(key, row.level === 'regio' ? ALL : row.code, row.period)]));
          expect({ area: row.code, period: row.period, values: actual }).toEqual({ area: row.code, period: row.period, values: wanted });
        }
      }
    },
    300_000,
  );

  it("answers how long people waited for housing in 's-Hertogenbosch Zuidoost (WK079605) in 2025, by urgency", async () => {
    const table = await read('auditor', 'periode=2025&niveau=wijk&wijkCode=WK079605');
    const year = table.rows.find((r) => r.code === 'WK079605' && r.period === '2025')!;
    expect(year).toBeDefined();
    const expected = recomputeWachtlijst(events, table.asOf);
    for (const u of WACHTLIJST_URGENCIES) for (const p of ['mediaan', 'p90']) expect(year.values[`wachttijd_${p}_woning_${u}`]).toBe(expected.value(`wachttijd_${p}_woning_${u}`, 'WK079605', '2025'));
    // The demo has housing waits there that ended in a home, with a waiting time to show.
    const placedThere = expected.waits.filter((w) => w.group === 'woning' && w.endedBy === 'served' && w.closedAt!.startsWith('2025') && w.segments.at(-1)!.wijkCode === 'WK079605');
    expect(placedThere.length).toBeGreaterThan(0);
    console.log(`'s-Hertogenbosch Zuidoost, housing 2025: ${placedThere.length} placed; by urgency`, Object.fromEntries(WACHTLIJST_URGENCIES.map((u) => [u, { mediaan: year.values[`wachttijd_mediaan_woning_${u}`], p90: year.values[`wachttijd_p90_woning_${u}`] }])));
    expect(year.values.wachttijd_mediaan_woning).toEqual(expect.any(Number));
    // A policymaker reads the same waiting times where five or more waits ended in a home.
    const published = (await read('beleidsmaker', 'periode=2025&niveau=wijk&wijkCode=WK079605')).rows.find((r) => r.code === 'WK079605' && r.period === '2025')!;
    for (const u of WACHTLIJST_URGENCIES) {
      const n = placedThere.filter((w) => w.urgency === u).length;
      expect(published.values[`wachttijd_mediaan_woning_${u}`]).toBe(n === 0 ? null : n < 5 ? '<5' : year.values[`wachttijd_mediaan_woning_${u}`]);
    }
  });

  it('the seeded demo gives non-trivial figures per gemeente in 2025, for every kind including the indicatie', async () => {
    const table = await read('auditor', 'periode=2025&niveau=gemeente');
    const years = table.rows.filter((r) => r.period === '2025');
    const total = (key: string) => years.reduce((s, r) => s + (r.values[key] as number), 0);
    for (const g of WACHTLIJST_GROUPS) expect(total(`instroom_${g}`)).toBeGreaterThan(0);
    expect(total('uitstroom_geplaatst')).toBeGreaterThan(0);
    expect(total('uitstroom_zonder_plaatsing')).toBeGreaterThan(0);
    expect(total('wachtend')).toBeGreaterThan(0);
    expect(years.some((r) => typeof r.values.wachttijd_mediaan_indicatie === 'number' && r.values.wachttijd_mediaan_indicatie > 0)).toBe(true);
  });

  it('as beleidsmaker every count is the rounded exact count, <5 or x, waiting times only for five or more, and no 1–4 count is pinned', async () => {
    const started = Date.now();
    const tables = await Promise.all(['regio', 'gemeente', 'wijk'].map((niveau) => read('beleidsmaker', `periode=2025&niveau=${niveau}`)));
    console.log(`protected wachtlijst tables in ${Date.now() - started} ms`);
    const exactTable = await read('auditor', 'periode=2025&niveau=regio');
    const expected = recomputeWachtlijst(events, exactTable.asOf);
    const units = new Map(tables[0].definitions.map((d) => [d.key, d.unit]));
    const known = new Map<string, Bounds>();
    const truth = new Map<string, number>();
    for (const table of tables) {
      expect(table.exact).toBe(false);
      for (const row of table.rows) {
        const area = row.level === 'regio' ? ALL : row.code;
        for (const [key, v] of Object.entries(row.values)) {
          const exact = expected.value(key, area, row.period);
          if (units.get(key) === 'aantal') {
            const cell = `${key}|${area}|${row.period}`;
            truth.set(cell, exact!);
            if (typeof v === 'number') {
              expect([key, area, row.period, v]).toEqual([key, area, row.period, exact === 0 ? 0 : Math.round(exact! / 5) * 5]);
              expect(exact === 0 || exact! >= 5).toBe(true);
            } else if (v === '<5') expect([key, area, row.period, exact! >= 1 && exact! <= 4]).toEqual([key, area, row.period, true]);
            else expect([key, area, row.period, v]).toEqual([key, area, row.period, 'x']);
            const [l, h] = known.get(cell) ?? [0, Infinity];
            const [bl, bh] = countBounds(v);
            known.set(cell, [Math.max(l, bl), Math.min(h, bh)]);
          } else if (typeof v === 'number') {
            // A median or percentile is shown for five or more waits only; its value is the exact one.
            expect([key, area, row.period, v]).toEqual([key, area, row.period, exact]);
          } else expect([key, area, row.period, v === '<5' || v === 'x' || v === null]).toEqual([key, area, row.period, true]);
        }
        // A waiting time never says more than its count: next to a hidden count (`<5`, `x`) it carries the same mark, since
        // a p90 would tell the count is ≥5 and a null that it is 0, undoing the complementary suppression.
        const told: string[] = [];
        const withCount = (time: string, count: string) => typeof row.values[count] !== 'number' && row.values[time] !== row.values[count] && told.push(`${time} ${row.values[time]} beside ${count} ${row.values[count]} at ${area} ${row.period}`);
        withCount('wachtduur_p90_wachtenden', 'wachtend');
        for (const time of Object.keys(row.values)) {
          const kind = /^wachttijd_(?:mediaan|p90)_([a-z]+)/.exec(time)?.[1];
          if (kind) withCount(time, `uitstroom_${kind}`);
        }
        expect(told.slice(0, 5)).toStrictEqual([]);
      }
    }
    // Every relation an attacker knows: months add up to the year (flows), wijken to gemeenten to the region, parts to totals.
    const relations: string[][] = [];
    const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
    const rows = tables.flatMap((tb) => tb.rows);
    const areas = [...new Set(rows.map((r) => (r.level === 'regio' ? ALL : r.code)))];
    const keys = [...units].filter(([, u]) => u === 'aantal').map(([k]) => k);
    const flows = keys.filter((k) => k.startsWith('instroom') || k.startsWith('uitstroom'));
    for (const k of flows) for (const a of areas) relations.push([`${k}|${a}|2025`, ...months.map((m) => `${k}|${a}|${m}`)]);
    const wijken = rows.filter((r) => r.level === 'wijk');
    const gemeenten = [...new Set(wijken.map((r) => r.gemeenteCode!))];
    for (const k of keys)
      for (const p of ['2025', ...months]) {
        relations.push([`${k}|${ALL}|${p}`, ...gemeenten.map((g) => `${k}|${g}|${p}`)]);
        for (const g of gemeenten) relations.push([`${k}|${g}|${p}`, ...[...new Set(wijken.filter((w) => w.gemeenteCode === g).map((w) => w.code))].map((w) => `${k}|${w}|${p}`)]);
      }
    for (const a of areas)
      for (const p of ['2025', ...months]) {
        relations.push([`wachtend|${a}|${p}`, ...WACHTLIJST_GROUPS.map((g) => `wachtend_${g}|${a}|${p}`)]);
        for (const g of WACHTLIJST_GROUPS) relations.push([`wachtend_${g}|${a}|${p}`, ...WACHTLIJST_URGENCIES.map((u) => `wachtend_${g}_${u}|${a}|${p}`)]);
        relations.push([`instroom|${a}|${p}`, ...WACHTLIJST_GROUPS.map((g) => `instroom_${g}|${a}|${p}`)]);
        relations.push([`uitstroom|${a}|${p}`, ...WACHTLIJST_GROUPS.map((g) => `uitstroom_${g}|${a}|${p}`)]);
        relations.push([`uitstroom|${a}|${p}`, `uitstroom_geplaatst|${a}|${p}`, `uitstroom_zonder_plaatsing|${a}|${p}`]);
      }
    const b = deduceBounds(
      known,
      relations.map(([total, ...parts]) => ({ total, parts })),
    );
    const get = (c: string): Bounds => b.get(c) ?? [0, Infinity];
    const pinned = [...truth].filter(([cell, v]) => v >= 1 && v <= 4 && get(cell)[0] === get(cell)[1]).map(([cell]) => cell);
    expect(pinned).toStrictEqual([]);
    // The protection is not vacuous: some cells are suppressed and many are published.
    expect([...known.values()].some(([l, h]) => l === 1 && h === 4)).toBe(true);
  }, 300_000);

  it('refuses a bad periode or niveau naming the field (400) and an unknown group (404)', async () => {
    const badPeriod = await t.as('beleidsmaker').get('/beleid/uitkomsten/wachtlijst?periode=2025-13').expect(400);
    expect(JSON.stringify(badPeriod.body)).toContain('periode');
    const badLevel = await t.as('beleidsmaker').get('/beleid/uitkomsten/wachtlijst?niveau=straat').expect(400);
    expect(JSON.stringify(badLevel.body)).toContain('niveau');
    await t.as('beleidsmaker').get('/beleid/uitkomsten/wachtrij').expect(404);
    await t.as('integrator').get('/beleid/uitkomsten/wachtlijst').expect(403);
  });
});
