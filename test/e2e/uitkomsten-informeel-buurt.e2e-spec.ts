import { RecordedEvent } from '@wijkzorg/event-store';
import { TestApp, startTestApp } from '../support/test-app';
import { seededDataDir } from '../support/seeded-data';
import { recomputeInformeleZorg } from '../support/recompute-informele-zorg';
import { recomputeBuurt } from '../support/recompute-buurt';
import { WijkMonthTable, addMonth, monthsIn } from '../support/wijk-month-table';
import { narrowBounds } from '../support/published-table';

/**
 * The outcome measures "van formeel naar informeel" (informele-zorg) and the neighbourhood (buurt) on the
 * seeded demo region: as auditor every value equals an independent recomputation from the raw events, at every
 * level and for a year, a quarter and a month; as beleidsmaker every count is the protected exact count and no
 * count of 1–4 can be pinned through the relations a reader knows (levels, months, columns).
 */

type Recompute = (events: RecordedEvent[], firstMonth: string, lastMonth: string) => (key: string, area: string, period: string) => number | null;
const GROUPS: Record<string, Recompute> = { 'informele-zorg': recomputeInformeleZorg, buurt: recomputeBuurt };
/** Counts with a relation of total = parts; the parts that are not shown are unknowns of the reader (never below 0). */
const COLUMN_SUMS: Record<string, { total: string; parts: string[] }[]> = {
  'informele-zorg': [
    { total: 'afschalingen', parts: ['afschalingen_door_netwerk', 'afschalingen_overig'] },
    { total: 'verwijzingen', parts: ['verwijzingen_gemaakt', 'verwijzingen_voorkomen'] },
    { total: 'clienten_in_zorg', parts: ['clienten_met_informele_steun', 'clienten_zonder_informele_steun'] },
  ],
  buurt: [{ total: 'overlast_gemeld', parts: ['overlast_gemeld_door_bewoners', 'overlast_gemeld_door_anderen'] }],
};
/** Shares and the published counts they are taken from (numerator, denominator). */
const SHARES: Record<string, Record<string, [string, string]>> = {
  'informele-zorg': { aandeel_met_informele_steun: ['clienten_met_informele_steun', 'clienten_in_zorg'], aandeel_afschalingen_door_netwerk: ['afschalingen_door_netwerk', 'afschalingen'], aandeel_verwijzing_voorkomen: ['verwijzingen_voorkomen', 'verwijzingen'] },
  buurt: {},
};
const STOCKS = new Set(['clienten_in_zorg', 'clienten_met_informele_steun', 'clienten_zonder_informele_steun', 'buurtpleinen_actief']);
/** Counts of people or events (unit `aantal`) that are not hours. */
const isCount = (d: { key: string; unit: string }) => d.unit === 'aantal' && d.key !== 'informele_uren_per_week';

interface Row {
  level: string;
  code: string;
  gemeenteCode: string | null;
  period: string;
  values: Record<string, number | string | null>;
}
interface Table {
  asOf: string;
  definitions: { key: string; unit: string }[];
  rows: Row[];
}

function seriesOf(period: string): string[] {
  if (period.length !== 7 || period.includes('Q')) return monthsIn(period);
  const months = [period];
  while (months.length < 12) {
    const [y, m] = months[0].split('-').map(Number);
    months.unshift(m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`);
  }
  return months;
}

const rounded = (exact: number) => (exact === 0 ? 0 : exact < 5 ? '<5' : Math.round(exact / 5) * 5);

describe('uitkomsten informele-zorg and buurt on the seeded demo region', () => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seededDataDir>>;
  let head: number;
  let firstMonth: string;
  let wijken: Map<string, string>;

  beforeAll(async () => {
    seeded = await seededDataDir(300);
    t = await startTestApp(seeded.dataDir);
    head = seeded.events[seeded.events.length - 1].globalPosition;
    firstMonth = seeded.events[0].occurredAt.slice(0, 7);
    wijken = WijkMonthTable.wijkenOf(seeded.events);
  }, 600_000);
  afterAll(() => t?.close());

  const read = async (role: string, group: string, query: string): Promise<Table> => (await t.as(role).get(`/v1/beleid/uitkomsten/${group}?${query}&minPosition=${head}`).expect(200)).body as Table;
  const areasOf = (level: string) => (level === 'regio' ? ['all'] : level === 'gemeente' ? [...new Set(wijken.values())].sort() : [...wijken.keys()].sort());

  it.each(Object.keys(GROUPS))('%s: as auditor every value of every area equals the recomputation, for a year, a quarter and a month at every level', async (group) => {
    const mismatches: string[] = [];
    let compared = 0;
    for (const period of ['2025', '2025-Q3', '2026-02'])
      for (const level of ['regio', 'gemeente', 'wijk']) {
        const table = await read('auditor', group, `periode=${period}&niveau=${level}`);
        const expected = GROUPS[group](seeded.events, firstMonth, table.asOf.slice(0, 7));
        // One row for the period and one per month of its series, in that order, for every area of the level.
        expect(table.rows.map((r) => `${r.code} ${r.period}`)).toEqual(areasOf(level).flatMap((code) => [...new Set([period, ...seriesOf(period)])].map((p) => `${code} ${p}`)));
        for (const row of table.rows)
          for (const { key } of table.definitions) {
            compared++;
            const want = expected(key, row.code, row.period);
            if (row.values[key] !== want) mismatches.push(`${level} ${row.code} ${row.period} ${key}: api ${String(row.values[key])}, recomputed ${String(want)}`);
          }
      }
    expect(mismatches.slice(0, 20)).toStrictEqual([]);
    expect(compared).toBeGreaterThan(1000);
  });

  it('gives non-trivial figures for the gemeenten in 2025', async () => {
    const informeel = await read('auditor', 'informele-zorg', 'periode=2025&niveau=gemeente');
    const buurt = await read('auditor', 'buurt', 'periode=2025&niveau=gemeente');
    const yearRows = (table: Table) => table.rows.filter((r) => r.period === '2025');
    const positive = (table: Table, key: string) => yearRows(table).filter((r) => typeof r.values[key] === 'number' && (r.values[key] as number) > 0).length;
    for (const key of ['clienten_in_zorg', 'clienten_met_informele_steun', 'aandeel_met_informele_steun', 'informele_uren_per_week', 'steun_gestart', 'afschalingen_door_netwerk', 'verwijzingen_gemaakt', 'verwijzingen_voorkomen', 'aandeel_verwijzing_voorkomen'])
      expect([key, positive(informeel, key)]).not.toEqual([key, 0]);
    for (const key of ['overlast_gemeld', 'overlast_opgelost', 'buurtonderzoeken_gestart', 'buurtplein_bijeenkomsten', 'kernbezoeken_niet_clienten']) expect([key, positive(buurt, key)]).not.toEqual([key, 0]);
    expect(yearRows(buurt).some((r) => typeof r.values.mediaan_oplostijd_dagen === 'number')).toBe(true);
  });

  it.each(Object.keys(GROUPS))('%s: as beleidsmaker every count is the rounded exact count, <5 or x, and no count of 1–4 is pinned through levels, months or columns', async (group) => {
    const tables: Table[] = [];
    for (const level of ['regio', 'gemeente', 'wijk']) for (const period of ['2025', '2026', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']) tables.push(await read('beleidsmaker', group, `periode=${period}&niveau=${level}`));
    const lastMonth = tables[0].asOf.slice(0, 7);
    const exact = GROUPS[group](seeded.events, firstMonth, lastMonth);
    const counts = tables[0].definitions.filter(isCount).map((d) => d.key);
    const published = new Map<string, number | string | null>();
    const wrong: string[] = [];
    let hoursShown = 0;
    for (const table of tables)
      for (const row of table.rows) {
        for (const key of counts) {
          const value = row.values[key];
          published.set(`${key}|${row.code}|${row.period}`, value);
          const truth = exact(key, row.code, row.period)!;
          if (value !== 'x' && value !== rounded(truth)) wrong.push(`${row.code} ${row.period} ${key}: published ${String(value)}, exact ${truth}`);
        }
        // Figures about a group: only for five or more (hours: clients with support; the median: resolved reports).
        if (group === 'informele-zorg' && typeof row.values.informele_uren_per_week === 'number' && row.values.informele_uren_per_week > 0) {
          hoursShown++;
          if (exact('clienten_met_informele_steun', row.code, row.period)! < 5 || row.values.informele_uren_per_week !== Math.round(exact('informele_uren_per_week', row.code, row.period)! / 5) * 5)
            wrong.push(`${row.code} ${row.period} hours of a group below five or not the exact hours rounded to 5`);
        }
        // A share only from two published numbers; a hidden count hides it with its own mark.
        for (const [share, [part, whole]] of Object.entries(SHARES[group])) {
          const [p, w] = [row.values[part], row.values[whole]];
          const want = typeof w !== 'number' ? w : typeof p !== 'number' ? p : w === 0 ? null : Math.round((Math.min(p, w) / w) * 1000) / 10;
          if (row.values[share] !== want) wrong.push(`${row.code} ${row.period} ${share}: ${String(row.values[share])}, from published ${String(p)}/${String(w)} ${String(want)}`);
        }
        if (group === 'buurt' && typeof row.values.mediaan_oplostijd_dagen === 'number' && exact('overlast_opgelost', row.code, row.period)! < 5) wrong.push(`${row.code} ${row.period} median of fewer than five`);
      }
    expect(wrong.slice(0, 20)).toStrictEqual([]);
    if (group === 'informele-zorg') expect(hoursShown).toBeGreaterThan(0);
    expect([...published.values()].filter((v) => v === '<5').length).toBeGreaterThan(0);

    // The reader's attack: every published figure an interval, narrowed along every relation it knows.
    const bounds = new Map<string, [number, number]>();
    for (const [cell, v] of published) bounds.set(cell, typeof v !== 'number' ? (v === '<5' ? [1, 4] : [0, Infinity]) : v === 0 ? [0, 0] : v === 5 ? [5, 7] : [v - 2, v + 2]);
    const relations: { cell: string; sign: number }[][] = [];
    const sum = (total: string, parts: string[]) => relations.push([{ cell: total, sign: 1 }, ...parts.map((cell) => ({ cell, sign: -1 }))]);
    const gemeenten = areasOf('gemeente');
    const allMonths: string[] = [];
    for (let m = firstMonth; m <= lastMonth; m = addMonth(m)) allMonths.push(m);
    const periods = [...allMonths, ...['2025', '2026'].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`)), '2025', '2026'];
    const metrics = [...counts, ...COLUMN_SUMS[group].flatMap((s) => s.parts).filter((p) => !counts.includes(p))];
    for (const metric of metrics) {
      for (const period of periods) {
        sum(
          `${metric}|all|${period}`,
          gemeenten.map((g) => `${metric}|${g}|${period}`),
        );
        for (const g of gemeenten)
          sum(
            `${metric}|${g}|${period}`,
            [...wijken].filter(([, gm]) => gm === g).map(([w]) => `${metric}|${w}|${period}`),
          );
      }
      for (const area of ['all', ...gemeenten, ...wijken.keys()])
        for (const year of ['2025', '2026']) {
          const quarters = [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
          if (STOCKS.has(metric)) {
            for (const q of quarters) {
              const last = monthsIn(q)
                .filter((m) => m <= lastMonth)
                .at(-1);
              if (last) sum(`${metric}|${area}|${q}`, [`${metric}|${area}|${last}`]);
            }
            sum(`${metric}|${area}|${year}`, [`${metric}|${area}|${year === lastMonth.slice(0, 4) ? lastMonth : `${year}-12`}`]);
          } else {
            for (const q of quarters)
              sum(
                `${metric}|${area}|${q}`,
                monthsIn(q)
                  .filter((m) => m >= firstMonth && m <= lastMonth)
                  .map((m) => `${metric}|${area}|${m}`),
              );
            sum(
              `${metric}|${area}|${year}`,
              quarters.map((q) => `${metric}|${area}|${q}`),
            );
          }
        }
    }
    for (const { total, parts } of COLUMN_SUMS[group])
      for (const area of ['all', ...gemeenten, ...wijken.keys()])
        for (const period of periods)
          sum(
            `${total}|${area}|${period}`,
            parts.map((p) => `${p}|${area}|${period}`),
          );
    const deduced = narrowBounds(bounds, relations);
    const exactOf = (cell: string) => {
      const [metric, area, period] = cell.split('|');
      const column = COLUMN_SUMS[group].find((s) => s.parts.includes(metric) && !counts.includes(metric));
      return column ? exact(column.total, area, period)! - column.parts.filter((p) => p !== metric).reduce((s, p) => s + exact(p, area, period)!, 0) : exact(metric, area, period)!;
    };
    const pinned = [...deduced].filter(([cell, [lo, hi]]) => lo === hi && lo >= 1 && lo <= 4 && exactOf(cell) === lo).map(([cell, [lo]]) => `${cell} = ${lo}`);
    expect(pinned.slice(0, 20)).toStrictEqual([]);
  });

  it('refuses a bad periode or niveau naming the field, and an unknown group with 404', async () => {
    for (const group of Object.keys(GROUPS)) {
      const badPeriod = await t.as('beleidsmaker').get(`/v1/beleid/uitkomsten/${group}?periode=2025-13`).expect(400);
      expect(JSON.stringify(badPeriod.body)).toContain('periode');
      const badLevel = await t.as('beleidsmaker').get(`/v1/beleid/uitkomsten/${group}?niveau=buurt`).expect(400);
      expect(JSON.stringify(badLevel.body)).toContain('niveau');
    }
    // A quarter of this year that has begun answers (as text '2026-Q1' sorts after '2026-11'); one in the future is a 404 naming periode.
    const thisQuarter = `${new Date().toISOString().slice(0, 4)}-Q1`;
    await t.as('beleidsmaker').get(`/v1/beleid/uitkomsten/buurt?periode=${thisQuarter}`).expect(200);
    const future = await t.as('beleidsmaker').get('/v1/beleid/uitkomsten/buurt?periode=2999-Q1').expect(404);
    expect(JSON.stringify(future.body)).toContain('periode');
    const unknown = await t.as('beleidsmaker').get('/v1/beleid/uitkomsten/informeel').expect(404);
    expect(JSON.stringify(unknown.body)).toContain('group');
    const catalogue = await t.as('beleidsmaker').get('/v1/beleid/uitkomsten').expect(200);
    expect(catalogue.body.groups.map((g: { group: string }) => g.group)).toEqual(expect.arrayContaining(['informele-zorg', 'buurt']));
  });

  it.each(Object.keys(GROUPS))('%s: the Dutch CSV holds exactly the rows and values of the JSON', async (group) => {
    const json = await read('beleidsmaker', group, 'periode=2025&niveau=wijk&gemeenteCode=GM0479');
    const csv = await t.as('beleidsmaker').get(`/v1/beleid/uitkomsten/${group}?periode=2025&niveau=wijk&gemeenteCode=GM0479&format=csv&minPosition=${head}`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(';'));
    expect(lines).toHaveLength(json.rows.length + 1);
    expect(json.rows.length).toBeGreaterThan(0);
    json.rows.forEach((row, i) => expect(lines[i + 1]).toEqual([row.level, row.code, expect.any(String), row.gemeenteCode, row.period, ...json.definitions.map((d) => (row.values[d.key] === null ? '' : String(row.values[d.key]).replace('.', ',')))]));
  });

  it('keeps serving /beleid/netwerk and /buurt/cijfers', async () => {
    await t.as('beleidsmaker').get(`/beleid/netwerk?minPosition=${head}`).expect(200);
    await t.as('beleidsmaker').get(`/buurt/cijfers?minPosition=${head}`).expect(200);
  });
});
