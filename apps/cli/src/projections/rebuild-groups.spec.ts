import { rebuildGroups } from './rebuild-groups';

describe('rebuildGroups', () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  const work = { a: 1, b: 6, c: 2, d: 3, e: 1, f: 3 };
  const total = (group: string[]) => group.reduce((sum, name) => sum + (work[name as keyof typeof work] ?? 1), 0);

  it('splits into groups of about equal work, each projection in exactly one, each group in the order given', () => {
    const groups = rebuildGroups(names, 2, work);
    expect(groups).toHaveLength(2);
    expect(groups.flat().sort()).toEqual(names);
    for (const group of groups) expect(group).toEqual(names.filter((n) => group.includes(n)));
    // 16 of work: the heaviest (6) alone cannot be split, the best is 8 and 8.
    expect(groups.map(total).sort()).toEqual([8, 8]);
  });

  it('gives the heaviest projection a group of its own when it outweighs the rest per thread', () => {
    const groups = rebuildGroups(['x', 'y', 'z', 'w'], 3, { x: 10, y: 1, z: 1, w: 1 });
    expect(groups).toContainEqual(['x']);
    expect(groups.flat().sort()).toEqual(['w', 'x', 'y', 'z']);
  });

  it('never makes more groups than projections nor fewer than one; unknown projections weigh 1', () => {
    expect(rebuildGroups(['only'], 4)).toEqual([['only']]);
    expect(rebuildGroups(names, 1, work)).toEqual([names]);
    expect(rebuildGroups(names, 0, work)).toEqual([names]);
    expect(rebuildGroups(['p', 'q', 'r', 's'], 2, {})).toEqual([
      ['p', 'r'],
      ['q', 's'],
    ]);
  });
});
