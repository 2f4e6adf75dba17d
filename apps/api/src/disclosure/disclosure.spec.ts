import { SECRET, SMALL, deduceIntervals, disclosedSmallCounts, forGroup, forPublishedGroup, intervalOf, primaryCount, protectCounts, protectMoney, protectedUtilisation, sumRelation } from './disclosure';

const table = (entries: Record<string, number>) => new Map(Object.entries(entries));
const primaryOnly = (truth: Map<string, number>) => new Map([...truth].map(([k, v]) => [k, primaryCount(v)]));

describe('disclosure control', () => {
  it('keeps zero, shows 1–4 as "<5" and rounds the rest to a base of 5', () => {
    expect([0, 1, 4, 5, 7, 8, 12, 13, 101].map(primaryCount)).toEqual([0, SMALL, SMALL, 5, 5, 10, 10, 15, 100]);
    expect([0, SMALL, 5, 10, SECRET].map(intervalOf)).toEqual([
      [0, 0],
      [1, 4],
      [5, 7],
      [8, 12],
      [0, Infinity],
    ]);
  });

  it('a published value always covers the true count', () => {
    for (let n = 0; n < 200; n++) {
      const [lo, hi] = intervalOf(primaryCount(n));
      expect(lo <= n && n <= hi).toBe(true);
    }
  });

  it('finds the pigeonhole: a total below 5 over four parts of "<5" pins every part to 1, and complementary suppression stops it', () => {
    const truth = table({ gemeente: 4, a: 1, b: 1, c: 1, d: 1 });
    const relations = [sumRelation('gemeente', ['a', 'b', 'c', 'd'])];
    expect(disclosedSmallCounts(truth, primaryOnly(truth), relations).sort()).toEqual(['a', 'b', 'c', 'd', 'gemeente']);
    const published = protectCounts(truth, relations);
    expect(disclosedSmallCounts(truth, published, relations)).toStrictEqual([]);
    expect([...published.values()]).toContain(SECRET);
  });

  it('finds the rounding edge: 4 + 4 published as "<5" twice under a total of 8 shown as 10', () => {
    const truth = table({ total: 8, a: 4, b: 4 });
    const relations = [sumRelation('total', ['a', 'b'])];
    expect(deduceIntervals(primaryOnly(truth), relations).get('a')).toEqual([4, 4]);
    expect(disclosedSmallCounts(truth, protectCounts(truth, relations), relations)).toStrictEqual([]);
  });

  it('leaves ordinary tables alone: rounding already hides the difference', () => {
    const truth = table({ total: 23, a: 3, b: 9, c: 11 });
    const relations = [sumRelation('total', ['a', 'b', 'c'])];
    const published = protectCounts(truth, relations);
    expect(Object.fromEntries(published)).toEqual({ total: 25, a: SMALL, b: 10, c: 10 });
    expect(deduceIntervals(published, relations).get('a')).toEqual([1, 4]);
  });

  it('protects a stock against its flows over time (stock(m) = stock(m−1) + in − out)', () => {
    // 4 join, then 4 more: the stock of 8 is shown as 10 (8–12), so stock and joiners would be pinned at their maximum, 4.
    const truth = table({ s0: 0, s1: 4, in1: 4, out1: 0, s2: 8, in2: 4, out2: 0 });
    const chain = (s: string, prev: string, inflow: string, outflow: string) => ({
      terms: [
        { cell: s, sign: 1 as const },
        { cell: prev, sign: -1 as const },
        { cell: inflow, sign: -1 as const },
        { cell: outflow, sign: 1 as const },
      ],
    });
    const relations = [chain('s1', 's0', 'in1', 'out1'), chain('s2', 's1', 'in2', 'out2')];
    expect(disclosedSmallCounts(truth, primaryOnly(truth), relations)).not.toHaveLength(0);
    expect(disclosedSmallCounts(truth, protectCounts(truth, relations), relations)).toStrictEqual([]);
  });

  it('shows money only for five people or more, rounded to €100, with a complementary suppression when one hidden part could be subtracted', () => {
    const people = (prefix: string, n: number) => new Set(Array.from({ length: n }, (_, i) => `${prefix}${i}`));
    const cells = new Map([
      ['gemeente', { cents: 1_234_567, people: people('x', 16) }],
      ['a', { cents: 80_000, people: people('a', 2) }],
      ['b', { cents: 500_000, people: people('b', 6) }],
      ['c', { cents: 654_567, people: people('c', 8) }],
    ]);
    const published = protectMoney(cells, [{ total: 'gemeente', parts: ['a', 'b', 'c'] }]);
    expect(Object.fromEntries(published)).toEqual({ gemeente: 1_230_000, a: SMALL, b: SECRET, c: 650_000 });
  });

  it('hides the total when it has a single part that is hidden', () => {
    const cells = new Map([
      ['gemeente', { cents: 90_000, people: new Set(['p1', 'p2', 'p3', 'p4', 'p5']) }],
      ['a', { cents: 10_000, people: new Set(['p1']) }],
      ['b', { cents: 80_000, people: new Set(['p2', 'p3', 'p4', 'p5', 'p6']) }],
    ]);
    const published = protectMoney(cells, [{ total: 'gemeente', parts: ['a', 'b'] }]);
    expect(published.get('a')).toBe(SMALL);
    expect(published.get('b')).toBe(SECRET);
    expect(published.get('gemeente')).toBe(90_000); // a + b concern six people together
  });

  it('counts a hidden total as a hidden figure: its only published part would give it back (gemeente − wijk B = wijk A)', () => {
    const people = (prefix: string, n: number) => new Set(Array.from({ length: n }, (_, i) => `${prefix}${i}`));
    const b = people('b', 10);
    const cells = new Map([
      ['G|spent', { cents: 2_234_500, people: new Set([...b, 'a0']) }],
      ['A|spent', { cents: 1_234_500, people: people('a', 1) }],
      ['B|spent', { cents: 1_000_000, people: b }],
      ['G|purpose:p1', { cents: 1_000_000, people: b }],
      ['G|purpose:p2', { cents: 1_234_500, people: people('a', 1) }],
      ['A|purpose:p2', { cents: 1_234_500, people: people('a', 1) }],
      ['B|purpose:p1', { cents: 1_000_000, people: b }],
    ]);
    const sums = [
      { total: 'G|spent', parts: ['A|spent', 'B|spent'] },
      { total: 'G|purpose:p1', parts: ['B|purpose:p1'] },
      { total: 'G|purpose:p2', parts: ['A|purpose:p2'] },
      { total: 'G|spent', parts: ['G|purpose:p1', 'G|purpose:p2'] },
      { total: 'A|spent', parts: ['A|purpose:p2'] },
      { total: 'B|spent', parts: ['B|purpose:p1'] },
    ];
    const published = protectMoney(cells, sums);
    expect(published.get('A|spent')).toBe(SMALL);
    expect(published.get('B|spent')).toBe(SECRET);
    expect(published.get('B|purpose:p1')).toBe(SECRET);
    expect(typeof published.get('G|spent') === 'number' && typeof published.get('B|purpose:p1') === 'number').toBe(false);
    // Every relation ends with no hidden figure, or at least two about five people or more.
    for (const { total, parts } of sums) {
      const hidden = [total, ...parts].filter((k) => typeof published.get(k) !== 'number');
      const about = new Set(hidden.flatMap((k) => [...cells.get(k)!.people]));
      expect(hidden.length === 0 || (hidden.length >= 2 && about.size >= 5) || hidden.length === parts.length + 1).toBe(true);
    }
  });

  it('medians only for groups of five; utilisation from the published team count', () => {
    expect(forGroup(4, 12)).toBe(SMALL);
    expect(forGroup(5, 12)).toBe(12);
    expect(protectedUtilisation(SMALL, 10)).toBe(SMALL);
    expect(protectedUtilisation(10, 12)).toBe(0.83);
    expect(protectedUtilisation(0, 0)).toBeNull();
  });
});

describe('figures about a group follow its published count', () => {
  it('hides a median wherever the count itself is suppressed, so it cannot reveal that the group has five or more', () => {
    expect(forPublishedGroup(SECRET, 12, 30)).toBe(SECRET);
    expect(forPublishedGroup(SMALL, 3, 30)).toBe(SMALL);
    expect(forPublishedGroup(10, 12, 30)).toBe(30);
    expect(forPublishedGroup(5, 4, 30)).toBe(SMALL);
  });
});
