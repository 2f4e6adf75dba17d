import { directLeaks, figuresOfSmallGroups, leaves, parseCsv, stockAndFlows, subtractColumns, subtractParts } from './disclosure';

/** The differencing finders of the adversarial suite must find what they claim to find, and nothing in rounded figures. */
describe('differencing attacks', () => {
  const none = new Set<number>();

  it('classifies counts, money and other figures by field name', () => {
    const kinds = Object.fromEntries(leaves({ clients: 1, clientsByIntensity: { geen: 2 }, teamCapacity: 3, utilisation: 0.5, budgetSpentCents: 4, medianWaitingDays: 5, wooncirkels: 1, waiting_care: 2, total: 3 }).map((l) => [l.path, l.kind]));
    expect(kinds).toEqual({ clients: 'count', 'clientsByIntensity.geen': 'count', teamCapacity: 'other', utilisation: 'other', budgetSpentCents: 'money', medianWaitingDays: 'other', wooncirkels: 'other', waiting_care: 'count', total: 'other' });
  });

  it('finds counts of 1–4 and one person’s amount published directly', () => {
    expect(
      directLeaks(
        'x',
        {
          rows: [
            { clients: 3, waiting: 0, teamCapacity: 2 },
            { clients: 12, spentCents: 123457 },
          ],
        },
        new Set([123457]),
      ).map((l) => l.where),
    ).toEqual(['x rows.0.clients', 'x rows.1.spentCents']);
    expect(directLeaks('x', { rows: [{ clients: '<5', waiting: 5, spentCents: 99 }] }, new Set([123457]))).toStrictEqual([]);
  });

  it('recovers a hidden part from a published whole', () => {
    const leaks = subtractParts(
      'g − Σ w',
      'x',
      { clients: 15, waiting: 7 },
      [
        { clients: 12, waiting: '<5' },
        { clients: '<5', waiting: 5 },
      ],
      none,
    );
    expect(leaks.map((l) => [l.where, l.recovered])).toEqual([
      ['x clients', 3],
      ['x waiting', 2],
    ]);
    // two hidden parts (complementary suppression) or rounded figures give nothing away
    expect(subtractParts('g − Σ w', 'x', { clients: 15 }, [{ clients: '<5' }, { clients: '<5' }, { clients: 10 }], none)).toStrictEqual([]);
    expect(subtractParts('g − Σ w', 'x', { clients: 15 }, [{ clients: 10 }, { clients: '<5' }, { clients: 5 }], none)).toStrictEqual([]);
    expect(subtractParts('g − Σ w', 'x', { spentCents: 1500 }, [{ spentCents: 1000 }, { spentCents: null }], new Set([500]))).toHaveLength(1);
  });

  it('recovers a hidden column from the row total', () => {
    expect(subtractColumns('t', 'x', { clients: 9, clients_a: 6, clients_b: '<5' }, 'clients', ['clients_a', 'clients_b'])).toEqual([{ attack: 't', where: 'x clients_b', recovered: 3 }]);
    expect(subtractColumns('t', 'x', { clients: 10, clients_a: 5, clients_b: '<5', clients_c: '<5' }, 'clients', ['clients_a', 'clients_b', 'clients_c'])).toStrictEqual([]);
  });

  it('recovers a hidden flow from two stocks', () => {
    const rows = [
      { month: '2026-01', waiting: 10, joined: 10, left: 0 },
      { month: '2026-02', waiting: 12, joined: '<5', left: 0 },
    ];
    expect(stockAndFlows('s', 'x', rows, 'waiting', 'joined', 'left')).toEqual([{ attack: 's', where: 'x 2026-02 joined', recovered: 2 }]);
    expect(stockAndFlows('s', 'x', [rows[0], { month: '2026-02', waiting: 15, joined: '<5', left: 0 }], 'waiting', 'joined', 'left')).toStrictEqual([]);
  });

  it('finds medians and money of groups below five', () => {
    expect(figuresOfSmallGroups('x', { waiting: '<5', medianWaitingDays: 12 }, 'waiting', ['medianWaitingDays'])).toHaveLength(1);
    expect(figuresOfSmallGroups('x', { waiting: 3, waitingDays: { median: 4, p90: null } }, 'waiting', ['waitingDays'])).toHaveLength(1);
    expect(figuresOfSmallGroups('x', { waiting: 5, medianWaitingDays: 12 }, 'waiting', ['medianWaitingDays'])).toStrictEqual([]);
  });

  it('reads CSV with quoted JSON cells', () => {
    expect(parseCsv('code,clients,spent\nWK1,<5,"{""a"":1}"\nWK2,7,\n')).toEqual([
      { code: 'WK1', clients: '<5', spent: { a: 1 } },
      { code: 'WK2', clients: 7, spent: '' },
    ]);
  });
});
