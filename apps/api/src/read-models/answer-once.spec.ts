import { answerOnce } from './answer-once';

describe('answerOnce: one answer per memoised basis and question', () => {
  it('computes a question once per basis, again for a new basis, and keeps no answer that threw', () => {
    let computed = 0;
    const compute = () => ({ n: ++computed });
    const minute = {};
    const first = answerOnce(minute, ['wijk', 'WK047901'], compute);
    expect(answerOnce(minute, ['wijk', 'WK047901'], compute)).toBe(first);
    expect(answerOnce(minute, ['wijk', 'WK047902'], compute)).toEqual({ n: 2 });
    expect(answerOnce({}, ['wijk', 'WK047901'], compute)).toEqual({ n: 3 }); // a new snapshot: a new answer
    expect(() =>
      answerOnce(minute, ['wijk', 'WK999999'], () => {
        throw new Error('unknown wijk');
      }),
    ).toThrow('unknown wijk');
    expect(answerOnce(minute, ['wijk', 'WK999999'], compute)).toEqual({ n: 4 });
  });

  it('keeps at most 64 questions per basis, forgetting the least recently asked', () => {
    const basis = {};
    const kept = answerOnce(basis, [0], () => ({ q: 0 }));
    for (let q = 1; q < 64; q++) answerOnce(basis, [q], () => ({ q }));
    expect(answerOnce(basis, [0], () => ({ q: 'again' }))).toBe(kept); // asked again: now the most recent
    answerOnce(basis, [64], () => ({ q: 64 })); // one too many: question 1 is forgotten, 0 is not
    expect(answerOnce(basis, [0], () => ({ q: 'again' }))).toBe(kept);
    expect(answerOnce(basis, [1], () => ({ q: 'again' }))).toEqual({ q: 'again' });
  });
});
