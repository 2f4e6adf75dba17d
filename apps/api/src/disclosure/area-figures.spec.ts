import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { ProjectionRunner, SqliteReadModelStore } from '@wijkzorg/read-models';
import { ProjectedRegion, projectedRegion } from '../../../../test/support/projected-region';
import { ALL_AREAS, ANY, AreaFigures, AreaSnapshot } from './area-figures';

/** A snapshot without its function member, for comparing two. */
const figuresOf = (snapshot: AreaSnapshot) => ({ ...snapshot, waitFigure: undefined });

describe('area snapshot: the budget part is kept while the wijk-year and wijk-month documents do not change', () => {
  let region: ProjectedRegion;
  let events: SqliteEventStore;
  let store: SqliteReadModelStore;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    region = await projectedRegion(120);
    ({ events, store, runner } = region);
  }, 600_000);

  afterAll(() => region.close());

  /** A copy of the last event of a type, for another client or with other data. */
  const appendCopyOf = async (type: string, change: (data: Record<string, unknown>, streamId: string) => { streamId: string; data: Record<string, unknown> }) => {
    const last = (await events.readAll()).filter((e) => e.type === type).at(-1)!;
    const { streamId, data } = change({ ...(last.data as Record<string, unknown>) }, last.streamId);
    await events.append(streamId, [{ eventId: randomUUID(), type, schemaVersion: last.schemaVersion, data, occurredAt: last.occurredAt, metadata: last.metadata }], 'any');
    await runner.catchUp();
  };

  it('an intake reuses it without reading the budget documents; a budget event makes it read them again; each time the snapshot is the one computed afresh', async () => {
    const figures = new AreaFigures(store, runner);
    let budgetReads = 0;
    const readBudget = figures['budgetDocuments'].bind(figures);
    Object.defineProperty(figures, 'budgetDocuments', { value: () => (budgetReads++, readBudget()) });
    const asOf = new Date().toISOString();
    const first = await figures['compute'](asOf);
    expect(budgetReads).toBe(1);
    expect(first.budgetCounts.length).toBeGreaterThan(0);

    await appendCopyOf('IntakeRegistered', (data) => {
      const clientId = `cl-${randomUUID()}`;
      return { streamId: `client-${clientId}`, data: { ...data, clientId } };
    });
    const afterIntake = await figures['compute'](asOf);
    expect(budgetReads).toBe(1);
    expect(figuresOf(afterIntake)).not.toEqual(figuresOf(first)); // the intake is in the counts
    expect(figuresOf(afterIntake)).toEqual(figuresOf(await new AreaFigures(store, runner)['compute'](asOf)));

    await appendCopyOf('BudgetReleased', (data, streamId) => ({ streamId, data: { ...data, releaseId: randomUUID(), overrideAllocation: true, amountCents: 7_000_000 } }));
    const afterRelease = await figures['compute'](asOf);
    expect(budgetReads).toBe(2);
    expect(afterRelease.money).not.toEqual(afterIntake.money);
    expect(afterRelease.budgetCounts).not.toEqual(afterIntake.budgetCounts);
    expect(figuresOf(afterRelease)).toEqual(figuresOf(await new AreaFigures(store, runner)['compute'](asOf)));
  }, 300_000);

  it('another moment of the same month takes the counts from the last snapshot and works out the waiting days again: the snapshot computed afresh', async () => {
    const figures = new AreaFigures(store, runner);
    let reused = 0;
    const atMoment = figures['atMoment'].bind(figures);
    Object.defineProperty(figures, 'atMoment', { value: (...args: Parameters<typeof atMoment>) => (atMoment(...args) ? (reused++, atMoment(...args)) : undefined) });
    const fresh = (asOf: string) => new AreaFigures(store, runner)['compute'](asOf);
    // Moments after every event of the region, so the wait sums hold every change up to them.
    const early = await figures['compute']('2027-03-05T10:00:59.999Z');
    const later = await figures['compute']('2027-03-20T16:30:59.999Z');
    expect(reused).toBe(1);
    expect(figuresOf(later)).toEqual(figuresOf(await fresh('2027-03-20T16:30:59.999Z')));
    // Fifteen days on, the waiting days moved: the test would not notice a snapshot served unchanged otherwise.
    expect(later.areas.get(ALL_AREAS)?.medianWaitingDays).not.toEqual(early.areas.get(ALL_AREAS)?.medianWaitingDays);
    expect(later.series.get(ALL_AREAS)!.at(-1)!.medianWaitingDays).not.toEqual(early.series.get(ALL_AREAS)!.at(-1)!.medianWaitingDays);
    expect(later.waitFigure(ALL_AREAS, ANY, ANY, ANY, 'waiting')).toEqual(early.waitFigure(ALL_AREAS, ANY, ANY, ANY, 'waiting'));

    // The next month: computed in full.
    const nextMonth = await figures['compute']('2027-04-02T08:00:59.999Z');
    expect(reused).toBe(1);
    expect(figuresOf(nextMonth)).toEqual(figuresOf(await fresh('2027-04-02T08:00:59.999Z')));

    // An intake changes the caseload: computed in full again, with the intake in its counts.
    await appendCopyOf('IntakeRegistered', (data) => {
      const clientId = `cl-${randomUUID()}`;
      return { streamId: `client-${clientId}`, data: { ...data, clientId } };
    });
    const afterIntake = await figures['compute']('2027-04-05T08:00:59.999Z');
    expect(reused).toBe(1);
    expect(figuresOf(afterIntake)).toEqual(figuresOf(await fresh('2027-04-05T08:00:59.999Z')));
  }, 300_000);
});
