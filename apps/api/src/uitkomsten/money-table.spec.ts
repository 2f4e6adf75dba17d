import { MoneyTable, WijkMoney } from './money-table';
import { periodsBetween } from './periods';

const gemeenteOf = new Map([
  ['WK047901', 'GM0479'],
  ['WK047902', 'GM0479'],
  ['WK043901', 'GM0439'],
]);
const shape = { gemeenteOf, measures: ['besteed', 'besteed:wmo', 'besteed:wlz'], sums: [{ total: 'besteed', parts: ['besteed:wmo', 'besteed:wlz'] }], firstMonth: '2025-11', lastMonth: '2026-02' };
const spent = (wijkCode: string, month: string, person: string, cents: number, funder: 'wmo' | 'wlz'): WijkMoney[] => [
  { wijkCode, month, measure: 'besteed', cents, people: [person] },
  { wijkCode, month, measure: `besteed:${funder}`, cents, people: [person] },
];
// Six people in one wijk in November (wmo), one person in the next wijk in December (wlz), five in the other gemeente.
const items = [...Array.from({ length: 6 }, (_, i) => spent('WK047901', '2025-11', `a${i}`, 123_456, 'wmo')).flat(), ...spent('WK047902', '2025-12', 'b0', 250_000, 'wlz'), ...Array.from({ length: 5 }, (_, i) => spent('WK043901', '2026-01', `c${i}`, 99_999, 'wmo')).flat()];
const areas = ['all', 'GM0479', 'GM0439', ...gemeenteOf.keys()];
const measures = shape.measures;

describe('MoneyTable', () => {
  it('carries money up to gemeenten, the region, quarters and years, exact for exact readers', async () => {
    const table = await MoneyTable.build(items, shape, true);
    expect(table.value('besteed', 'all', '2025')).toBe(6 * 123_456 + 250_000);
    expect(table.value('besteed', 'GM0479', '2025-Q4')).toBe(6 * 123_456 + 250_000);
    expect(table.value('besteed:wlz', 'WK047902', '2025-12')).toBe(250_000);
    expect(table.value('besteed', 'all', '2026-Q1')).toBe(5 * 99_999);
    expect(table.value('besteed', 'all', '2024')).toBe(0);
    expect(table.peopleOf('besteed', 'all', '2025')).toBe(7);
  });

  it('shows an amount only for five or more people, rounded to €100, and never leaves one hidden amount in a sum over areas, periods or funders', async () => {
    const table = await MoneyTable.build(items, shape, false);
    expect(table.value('besteed', 'WK047901', '2025-11')).toBe(Math.round((6 * 123_456) / 10_000) * 10_000);
    expect(table.value('besteed:wlz', 'WK047902', '2025-12')).toBe('<5');
    expect(table.value('besteed', 'GM0439', '2026-Q1')).toBe(500_000);
    const periods = periodsBetween(shape.firstMonth, shape.lastMonth);
    const hidden = (m: string, a: string, p: string) => typeof table.value(m, a, p) !== 'number';
    const sums: [string, string, string][][] = [];
    for (const m of measures)
      for (const p of periods) {
        sums.push([[m, 'all', p], ...['GM0479', 'GM0439'].map((g): [string, string, string] => [m, g, p])]);
        sums.push([
          [m, 'GM0479', p],
          [m, 'WK047901', p],
          [m, 'WK047902', p],
        ]);
      }
    for (const m of measures)
      for (const a of areas)
        sums.push(
          [
            [m, a, '2025-Q4'],
            [m, a, '2025-11'],
            [m, a, '2025-12'],
          ],
          [
            [m, a, '2025'],
            [m, a, '2025-Q4'],
          ],
        );
    for (const a of areas)
      for (const p of periods)
        sums.push([
          ['besteed', a, p],
          ['besteed:wmo', a, p],
          ['besteed:wlz', a, p],
        ]);
    const lonely = sums.filter((cells) => cells.filter(([m, a, p]) => hidden(m, a, p)).length === 1);
    expect(lonely).toStrictEqual([]);
    // The one wlz person's amount is hidden wherever it could be worked back.
    expect(hidden('besteed', 'WK047902', '2025-12')).toBe(true);
    expect(hidden('besteed:wlz', 'all', '2025')).toBe(true);
  });
});
