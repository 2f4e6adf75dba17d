import { Random } from '../../../apps/cli/src/seed/random';
import { addOnce } from './projection';

const sortedCopy = (ids: Iterable<string>) => [...ids].sort();

describe('addOnce: an id list kept as a set of people', () => {
  it('holds each added id exactly once, whatever the order and repetitions', () => {
    const random = new Random(7);
    const lists = Array.from({ length: 20 }, () => [] as string[]);
    const expected = lists.map(() => new Set<string>());
    for (let i = 0; i < 20_000; i++) {
      const which = random.int(0, lists.length - 1);
      const id = `cl-${random.int(0, 2999)}`;
      addOnce(lists[which], id);
      expected[which].add(id);
    }
    lists.forEach((list, i) => expect(list).toStrictEqual(sortedCopy(expected[i])));
  });

  it('does not add again an id that a list stored in arrival order already holds', () => {
    // As read back from a document written before lists were kept sorted: a binary search in it would miss 'cl-2'.
    const stored = ['cl-9', 'cl-2', 'cl-5', 'cl-1', 'cl-7'];
    addOnce(stored, 'cl-2');
    addOnce(stored, 'cl-5');
    addOnce(stored, 'cl-3');
    expect(stored).toStrictEqual(['cl-1', 'cl-2', 'cl-3', 'cl-5', 'cl-7', 'cl-9']);
  });

  it('keeps adding each id once past the bound of the shared ids (which is then emptied)', () => {
    const lists = Array.from({ length: 1000 }, () => [] as string[]);
    const distinct = 250_000;
    for (let round = 0; round < 2; round++) for (let i = 0; i < distinct; i++) addOnce(lists[i % lists.length], `cl-${i}`);
    expect(lists.reduce((sum, list) => sum + list.length, 0)).toBe(distinct);
    expect(lists[3]).toStrictEqual(sortedCopy(Array.from({ length: distinct / lists.length }, (_, k) => `cl-${k * lists.length + 3}`)));
  });
});
