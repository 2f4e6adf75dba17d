import { rowsOnce } from './area-directory';
import { MeasureRow } from './measure-table';

const question = (period: string) => ({ period, level: 'wijk' as const });
const rowsOf = (label: string) => async (): Promise<MeasureRow[]> => [{ level: 'wijk', code: label, name: label, gemeenteCode: null, period: '2025', values: {} }];

describe('rowsOnce: the rows of a question once per memoised answer', () => {
  it('computes once per answer and question, again for a new answer, and for the latest moment only', async () => {
    const answer = {};
    const first = rowsOnce([answer], question('2025'), rowsOf('a'));
    expect(rowsOnce([answer], question('2025'), rowsOf('b'))).toBe(first);
    expect((await rowsOnce([{}], question('2025'), rowsOf('c')))[0].code).toBe('c');
    const atNine = rowsOnce([answer], question('2024'), rowsOf('d'), '09:00');
    expect(rowsOnce([answer], question('2024'), rowsOf('e'), '09:00')).toBe(atNine);
    expect((await rowsOnce([answer], question('2024'), rowsOf('f'), '09:01'))[0].code).toBe('f'); // a new minute
    expect((await rowsOnce([answer], question('2024'), rowsOf('g'), '09:00'))[0].code).toBe('g'); // the earlier one was forgotten
  });

  it('keeps at most 128 questions across all answers, forgetting the least recently asked', async () => {
    const answers = Array.from({ length: 8 }, () => ({}));
    const kept = rowsOnce([answers[0]], question('1990'), rowsOf('kept'));
    for (let i = 0; i < 127; i++) {
      rowsOnce([answers[i % 8]], question(String(2000 + i)), rowsOf(`q${i}`));
      if (i === 100) expect(rowsOnce([answers[0]], question('1990'), rowsOf('again'))).toBe(kept); // asked again: most recent
    }
    // 128 kept now; one more forgets the least recently asked (question 2000 of answers[0]), not 1990.
    rowsOnce([answers[7]], question('2200'), rowsOf('one too many'));
    expect(rowsOnce([answers[0]], question('1990'), rowsOf('again'))).toBe(kept);
    expect((await rowsOnce([answers[0]], question('2000'), rowsOf('recomputed')))[0].code).toBe('recomputed');
  });

  it('keeps no rows whose computation failed', async () => {
    const answer = {};
    await expect(rowsOnce([answer], question('2025'), () => Promise.reject(new Error('no areas')))).rejects.toThrow('no areas');
    expect((await rowsOnce([answer], question('2025'), rowsOf('h')))[0].code).toBe('h');
  });
});
