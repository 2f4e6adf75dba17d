import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { ProjectionRunner, SqliteReadModelStore } from '@wijkzorg/read-models';
import { ProjectedRegion, projectedRegion } from '../../../../test/support/projected-region';
import { AreaFigures, AreaSnapshot } from './area-figures';

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
});
