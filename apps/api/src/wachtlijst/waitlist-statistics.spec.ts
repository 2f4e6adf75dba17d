import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { ClosedWaitHistory, OPEN_WAIT_SUMS_ID, OpenWaitSums, ProjectionRunner, openWaitCounts, SqliteReadModelStore, WaitlistEntry, wachtlijstQueries } from '@wijkzorg/read-models';
import { ProjectedRegion, projectedRegion } from '../../../../test/support/projected-region';
import { countEventLoopTurns } from '../../../../test/support/event-loop-turns';
import { AreaFigures } from '../disclosure/area-figures';
import { endOfMonth, waitSumsInSlices, waitSumsOf, waitSumsOfArea, waitlistStatistics, waitlistStatisticsFromSums } from './waitlist-statistics';
import { WaitlistStatisticsHandler } from './wachtlijst.controller';

/** Moments from the latest summed change on: at it, the end of its month, the next month's first moment, a day and a year later. */
const momentsFrom = (latest: string) => {
  const end = endOfMonth(latest.slice(0, 7));
  return [latest, new Date(end).toISOString(), new Date(end + 1).toISOString(), new Date(Date.parse(latest) + 86_400_000 + 12_345).toISOString(), new Date(Date.parse(latest) + 366 * 86_400_000).toISOString()];
};

describe('waitlist statistics from the wait sums of the wachtlijst projection', () => {
  let region: ProjectedRegion;
  let events: SqliteEventStore;
  let store: SqliteReadModelStore;
  let runner: ProjectionRunner;
  let entries: WaitlistEntry[];
  let history: ClosedWaitHistory[];
  let open: OpenWaitSums | null;

  beforeAll(async () => {
    region = await projectedRegion(300);
    ({ events, store, runner } = region);
    entries = (await wachtlijstQueries.entries.find(store)).items;
    history = (await wachtlijstQueries.closedHistory.find(store)).items;
    open = await wachtlijstQueries.openSums.get(store, OPEN_WAIT_SUMS_ID);
  }, 600_000);

  afterAll(() => region.close());

  it('the seeded region has completed waits, ongoing ones, moves between areas and months of history', () => {
    const closed = entries.filter((e) => !e.open);
    expect(closed.length).toBeGreaterThan(50);
    expect(entries.length - closed.length).toBeGreaterThan(10);
    expect(entries.some((e) => new Set(e.segments.map((s) => s.wijkCode)).size > 1)).toBe(true);
    expect(history.length).toBeGreaterThan(6);
  });

  it('are added up in slices, with turns of the event loop in between, to exactly the sums added up in one go', async () => {
    let pauses = 0;
    const turns = countEventLoopTurns();
    // Every step a turn: the most the slices can give.
    const sliced = await waitSumsInSlices(history, open, () => (pauses++, new Promise((resolve) => setImmediate(resolve))));
    turns.stop();
    expect(sliced).toEqual(waitSumsOf(history, open));
    // A step per area of each closed-wait document at least: the region has several areas and months.
    expect(pauses).toBeGreaterThan(history.length * 3);
    expect(turns.count).toBeGreaterThanOrEqual(pauses - 1);
  });

  it('give exactly the figures of every entry, per wijk, gemeente and the region, as of several moments', () => {
    const sums = waitSumsOf(history, open);
    const moments = entries.flatMap((e) => [e.since, ...(e.closedAt ? [e.closedAt] : []), ...e.segments.map((s) => s.from)]);
    expect(sums.latestChange).toBe(moments.reduce((latest, at) => (at > latest ? at : latest), ''));
    const wijken = [...new Set(entries.flatMap((e) => e.segments.map((s) => s.wijkCode)))];
    const gemeenten = [...new Set(entries.flatMap((e) => e.segments.map((s) => s.gemeenteCode)))];
    const areas = [{}, ...wijken.map((wijkCode) => ({ wijkCode })), ...gemeenten.map((gemeenteCode) => ({ gemeenteCode }))];
    let compared = 0;
    for (const asOf of momentsFrom(sums.latestChange!)) {
      for (const firstMonth of ['2025-01', '2025-06', asOf.slice(0, 7)]) {
        for (const area of areas) {
          expect(waitlistStatisticsFromSums(waitSumsOfArea(sums, area), asOf, firstMonth)).toEqual(waitlistStatistics(entries, asOf, firstMonth, area));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('the statistics endpoint answers every filter from the sums with the figures of every entry (month series: area filters only)', async () => {
    const handler = new WaitlistStatisticsHandler(store, runner, new AreaFigures(store, runner));
    const everyEntry = new AreaFigures(store, runner);
    Object.defineProperty(everyEntry, 'waitSums', { value: async () => undefined });
    const full = new WaitlistStatisticsHandler(store, runner, everyEntry);
    const moved = entries.find((e) => new Set(e.segments.map((s) => s.gemeenteCode)).size > 1) ?? entries.find((e) => e.segments.length > 1)!;
    const [wijkCode, otherWijk] = [moved.segments[0].wijkCode, moved.segments.at(-1)!.wijkCode];
    const gemeenteCode = moved.segments[0].gemeenteCode;
    const areas: Record<string, string>[] = [{}, { wijkCode }, { wijkCode: otherWijk }, { gemeenteCode }, { wijkCode, gemeenteCode }, { wijkCode: otherWijk, gemeenteCode: 'GM0000' }];
    const filters: Record<string, string>[] = [{}, { kind: 'care' }, { kind: 'indicatie' }, { status: 'urgent' }, { status: 'niet_actief_wachtend' }, { urgency: 'hoog' }, { kind: 'housing', status: 'actief_wachtend', urgency: 'regulier' }];
    const find = jest.spyOn(wachtlijstQueries.entries, 'find');
    let compared = 0;
    for (const asOf of momentsFrom(waitSumsOf(history, open).latestChange!)) {
      for (const area of areas)
        for (const filter of filters) {
          const where = { ...area, ...filter };
          const expected = await full['compute'](where, asOf);
          const entryReads = find.mock.calls.length;
          expect(await handler['compute'](where, asOf, true)).toStrictEqual({ ...expected, overTime: [] });
          if (Object.keys(filter).length === 0) expect(await handler['compute'](where, asOf)).toEqual(expected);
          expect(find.mock.calls.length).toBe(entryReads);
          compared++;
        }
    }
    find.mockRestore();
    expect(compared).toBe(5 * areas.length * filters.length);
  });

  it('the open-wait sums are what the open entries add, after every open, move, restatus and close of the log', () => {
    const counts = Object.fromEntries(openWaitCounts(entries.filter((e) => e.open)));
    for (const key of Object.keys(counts)) if (counts[key] === 0) delete counts[key];
    expect(open?.counts).toEqual(counts);
  });

  it('the area snapshot reads the sums and protects exactly the table it protected from every entry', async () => {
    const figures = new AreaFigures(store, runner);
    const fromEveryEntry = new AreaFigures(store, runner);
    // The same computation, made to read every entry as it did before the sums existed.
    Object.defineProperty(fromEveryEntry, 'waits', { value: async () => ({ entries }) });
    for (const asOf of momentsFrom(waitSumsOf(history, open).latestChange!).slice(0, 3)) {
      const waits = await figures['waits'](asOf);
      expect([waits.sums, waits.entries]).toEqual([expect.anything(), []]);
      const [fast, full] = await Promise.all([figures['compute'](asOf), fromEveryEntry['compute'](asOf)]);
      expect({ ...fast, waitFigure: undefined }).toEqual({ ...full, waitFigure: undefined });
      // The money table kept from the previous moment is the one a fresh computation makes.
      expect((await new AreaFigures(store, runner)['compute'](asOf)).money).toEqual(fast.money);
      for (const area of ['all', 'GM0479', 'WK047901'])
        for (const kind of ['*', 'care', 'housing']) for (const status of ['*', 'urgent', 'actief_wachtend']) for (const metric of ['waiting', 'completed'] as const) expect(fast.waitFigure(area, kind, status, '*', metric)).toEqual(full.waitFigure(area, kind, status, '*', metric));
    }
  });

  it('as of a moment before the latest summed change the snapshot reads every entry, with the same figures', async () => {
    const figures = new AreaFigures(store, runner);
    const fromEveryEntry = new AreaFigures(store, runner);
    Object.defineProperty(fromEveryEntry, 'waits', { value: async () => ({ entries }) });
    const asOf = '2026-03-15T10:30:00.000Z';
    expect((await figures['waits'](asOf)).sums).toBeUndefined();
    const [fast, full] = await Promise.all([figures['compute'](asOf), fromEveryEntry['compute'](asOf)]);
    expect({ ...fast, waitFigure: undefined }).toEqual({ ...full, waitFigure: undefined });
  });

  // Last: it appends to the log.
  it('a kept money table is computed again once a budget document changed', async () => {
    const figures = new AreaFigures(store, runner);
    const asOf = waitSumsOf(history, open).latestChange!;
    const before = await figures['compute'](asOf);
    const spent = (await events.readAll()).filter((e) => e.type === 'BudgetSpent').at(-1)!;
    await events.append(spent.streamId, [{ eventId: randomUUID(), type: spent.type, schemaVersion: spent.schemaVersion, data: { ...(spent.data as Record<string, unknown>), amountCents: 5_000_000 }, occurredAt: spent.occurredAt, metadata: spent.metadata }], 'any');
    await runner.catchUp();
    const after = await figures['compute'](asOf);
    expect(after.money).not.toEqual(before.money);
    expect(after.money).toEqual((await new AreaFigures(store, runner)['compute'](asOf)).money);
  });
});
