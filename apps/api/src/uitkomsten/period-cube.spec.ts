import { SMALL } from '../disclosure/disclosure';
import { PeriodCube, PeriodCubeMemo, WijkCount, shareOf } from './period-cube';
import { monthsOf, periodsBetween, seriesMonthsOf } from './periods';

const gemeenteOf = new Map([
  ['WK047901', 'GM0479'],
  ['WK047902', 'GM0479'],
  ['WK043901', 'GM0439'],
]);
const shape = { gemeenteOf, flows: ['stappen'], stocks: ['wachtend'], firstMonth: '2025-11', lastMonth: '2026-02' };

describe('periods', () => {
  it('knows months, quarters and years, and the series a chart of each shows', () => {
    expect(monthsOf('2025-Q4')).toEqual(['2025-10', '2025-11', '2025-12']);
    expect(monthsOf('2026')).toHaveLength(12);
    expect(periodsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02', '2025-Q4', '2026-Q1', '2025', '2026']);
    expect(seriesMonthsOf('2026-02')).toEqual(['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('PeriodCube', () => {
  const counts: WijkCount[] = [
    ...Array.from({ length: 12 }, () => ({ wijkCode: 'WK047901', month: '2025-11', metric: 'stappen', count: 1 })),
    { wijkCode: 'WK047902', month: '2025-12', metric: 'stappen', count: 2 },
    { wijkCode: 'WK043901', month: '2026-01', metric: 'stappen', count: 9 },
    { wijkCode: 'WK047901', month: '2025-12', metric: 'wachtend', count: 7 },
    { wijkCode: 'WK047901', month: '2026-02', metric: 'wachtend', count: 3 },
    { wijkCode: 'WK999901', month: '2026-01', metric: 'stappen', count: 50 },
  ];

  it('adds flows over months, quarters, years, wijken and gemeenten; a stock of a period is its last month', async () => {
    const cube = await PeriodCube.build(counts, shape, true);
    expect(cube.value('stappen', 'GM0479', '2025')).toBe(14);
    expect(cube.value('stappen', 'GM0479', '2025-Q4')).toBe(14);
    expect(cube.value('stappen', 'all', '2026-Q1')).toBe(9); // the wijk of no gemeente here is left out
    expect(cube.value('wachtend', 'WK047901', '2025-Q4')).toBe(7);
    expect(cube.value('wachtend', 'WK047901', '2026')).toBe(3);
    expect(cube.covers('2024')).toBe(false);
    expect(cube.value('stappen', 'GM0479', '2024')).toBe(0);
  });

  it('publishes small counts as <5 and hides what subtraction would pin', async () => {
    const cube = await PeriodCube.build(counts, shape, false);
    expect(cube.value('stappen', 'WK047902', '2025-12')).toBe(SMALL);
    expect(cube.value('stappen', 'WK047901', '2025-11')).toBe(10);
    // GM0479 in 2025-12 = WK047901 (0) + WK047902 (2): the gemeente may not be published as an exact number.
    expect(typeof cube.value('stappen', 'GM0479', '2025-12')).not.toBe('number');
    expect(cube.value('wachtend', 'WK047901', '2026-Q1')).toBe(SMALL);
  });

  it('built again with a memo: the same figures for the same counts and shape without a build, a fresh build (equal to one without memo) when a count, the shape or exactness differs', async () => {
    const memo = new PeriodCubeMemo();
    const values = (cube: PeriodCube) => periodsBetween('2025-11', '2026-02').flatMap((p) => ['all', 'GM0479', 'GM0439', ...gemeenteOf.keys()].flatMap((a) => ['stappen', 'wachtend'].map((m) => cube.value(m, a, p))));
    const computed = jest.spyOn(PeriodCube as unknown as { compute: () => Promise<PeriodCube> }, 'compute');
    const builds = async (build: () => Promise<PeriodCube>) => {
      const before = computed.mock.calls.length;
      const cube = await build();
      return { cube, built: computed.mock.calls.length - before };
    };
    const first = await PeriodCube.build(new Map(counts.map((c, i) => [i, c])).values(), shape, false, memo); // an iterator, as the groups pass
    expect(values(first)).toEqual(values(await PeriodCube.build(counts, shape, false)));
    const again = await builds(() =>
      PeriodCube.build(
        counts.map((c) => ({ ...c })),
        { ...shape, gemeenteOf: new Map(gemeenteOf) },
        false,
        memo,
      ),
    );
    expect(again.built).toBe(0);
    expect(values(again.cube)).toEqual(values(first));
    // A new object all the same: what callers keep per cube (rows with the areas' names) is kept per answer.
    expect(again.cube).not.toBe(first);
    const exact = await builds(() => PeriodCube.build(counts, shape, true, memo));
    expect(exact.built).toBe(1);
    expect(values(exact.cube)).toEqual(values(await PeriodCube.build(counts, shape, true)));
    const protectedAgain = await builds(() => PeriodCube.build(counts, shape, false, memo)); // exact and protected builds are kept apart
    expect(protectedAgain.built).toBe(0);
    expect(values(protectedAgain.cube)).toEqual(values(first));
    const oneMore = counts.map((c) => (c.count === 9 ? { ...c, count: 19 } : c));
    const recounted = await builds(() => PeriodCube.build(oneMore, shape, false, memo));
    expect(recounted.built).toBe(1);
    expect(values(recounted.cube)).toEqual(values(await PeriodCube.build(oneMore, shape, false)));
    expect(values(recounted.cube)).not.toEqual(values(first));
    const moved = await builds(() => PeriodCube.build(oneMore, { ...shape, gemeenteOf: new Map([...gemeenteOf, ['WK047902', 'GM0439']]) }, false, memo));
    expect(moved.built).toBe(1);
    expect(moved.cube.value('stappen', 'GM0439', '2025-12')).not.toEqual(recounted.cube.value('stappen', 'GM0439', '2025-12'));
    const longer = await PeriodCube.build(oneMore, { ...shape, lastMonth: '2026-03' }, false, memo);
    expect(longer.covers('2026-03')).toBe(true);
    expect(recounted.cube.covers('2026-03')).toBe(false);
    computed.mockRestore();
  });

  it('gives shares only from published numbers', () => {
    expect(shareOf(10, 40)).toBe(25);
    expect(shareOf(SMALL, 40)).toBe(SMALL);
    expect(shareOf(0, 0)).toBeNull();
  });
});
