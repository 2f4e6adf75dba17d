import { medianOf, stocksAtMonthEnd } from './month-stocks';

describe('stocks at the end of each month', () => {
  it('carries changes from before the first month and adds each month’s change to the stock', () => {
    const changes = [
      { wijkCode: 'WK047901', month: '2024-12', change: 2 },
      { wijkCode: 'WK047901', month: '2025-02', change: 3 },
      { wijkCode: 'WK047901', month: '2025-03', change: -5 },
      { wijkCode: 'WK047902', month: '2025-02', change: 1 },
    ];
    expect(stocksAtMonthEnd('m', changes, ['2025-01', '2025-02', '2025-03'])).toEqual([
      { wijkCode: 'WK047901', month: '2025-01', metric: 'm', count: 2 },
      { wijkCode: 'WK047901', month: '2025-02', metric: 'm', count: 5 },
      { wijkCode: 'WK047902', month: '2025-02', metric: 'm', count: 1 },
      { wijkCode: 'WK047902', month: '2025-03', metric: 'm', count: 1 },
    ]);
  });

  it('takes the median of an odd and an even number of values, and none of nothing', () => {
    expect(medianOf([9, 1, 4])).toBe(4);
    expect(medianOf([9, 1, 4, 2])).toBe(3);
    expect(medianOf([])).toBeNull();
  });
});
