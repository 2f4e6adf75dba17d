import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Actor, clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { SqliteEventStore, SqliteSnapshotStore } from '@wijkzorg/event-store';
import { AggregateStore } from '../command-handling/aggregate-store';
import { Snapshots } from '../command-handling/snapshots';
import { CareCommands } from '../care-commands';
import { PlannedStepRunner } from './planned-step-runner';
import { countEventLoopTurns } from '../../../../test/support/event-loop-turns';

describe('the planned-step runner', () => {
  const zp: Actor = { role: 'zorgprofessional', id: 'zp-1', wooncirkels: ['*'] };
  const admin: Actor = { role: 'admin', id: 'admin' };
  let events: SqliteEventStore;
  let now = '2026-03-01T09:00:00Z';
  let care: CareCommands;

  beforeEach(async () => {
    events = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-runner-')), 'events.db'));
    care = new CareCommands(new AggregateStore(events, () => now));
    now = '2026-03-01T09:00:00Z';
    await care.registerWijk({ type: 'RegisterWijk', wijkCode: 'WK047901', wijkName: 'Poelenburg', gemeenteCode: 'GM0479', gemeenteName: 'Zaanstad' }, { actor: admin });
    await care.registerWooncirkel(
      { type: 'RegisterWooncirkel', wooncirkelId: 'wc-1', wijkCode: 'WK047901', name: 'Wooncirkel', form: 'kern_met_cirkel', kern: { name: 'Kern', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: 't-1', name: 'Team', providerId: 'prov-a', caseloadCapacity: 5 }, homes: [] },
      { actor: admin },
    );
    await care.handleClient('c1', { type: 'RegisterIntake', clientId: 'c1', wooncirkelId: 'wc-1', preferredWijk: 'WK047901', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: ['thuis'], referralSource: 'wijkteam', personal: {} } as never, { actor: zp });
    await care.handleClient('c1', { type: 'PlanStep', planId: 'p1', step: { type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'start begeleiding', decidedBy: 'zp', effectiveAt: '2026-03-08T09:00:00Z' } }, { actor: zp });
  });
  afterEach(() => events.close());

  it('applies a step once, even when two runners (the api and the CLI) run it at the same moment', async () => {
    const [a, b] = await Promise.all([new PlannedStepRunner(new AggregateStore(events)).runDue('2026-03-08T10:00:00Z'), new PlannedStepRunner(new AggregateStore(events)).runDue('2026-03-08T10:00:00Z')]);
    // Each saw it through (one wrote it; the other's identical append, or its replay by command id, wrote nothing) ...
    for (const report of [a, b]) expect([...report.tookEffect, ...report.skipped]).toEqual(['p1']);
    expect((await new PlannedStepRunner(new AggregateStore(events)).runDue('2026-03-09T10:00:00Z')).due).toBe(0);
    const client = await care.store.load(clientDecider, clientStream('c1'));
    // ... and the log holds it once.
    expect(client.events.map((e) => e.type)).toEqual(['IntakeRegistered', 'PlannedStepScheduled', 'CareScaledUp', 'PlannedStepTookEffect']);
    expect(client.events[2].metadata.actor).toEqual({ role: 'system', id: 'planned-steps' });
    const team = await care.store.load(wooncirkelDecider, wooncirkelStream('wc-1'));
    expect(team.state.teamClientIds).toEqual(['c1']); // the same claim as the command itself
  });

  it('gives the event loop a turn between batches while it reads the log (the first run after a start reads all of it)', async () => {
    const metadata = { actor: admin, correlationId: 'filler', causationId: null, commandId: null };
    for (let i = 0; i < 3; i++)
      await events.append(
        `filler-${i}`,
        Array.from({ length: 2_000 }, (_, n) => ({ eventId: randomUUID(), type: 'FillerRecorded', schemaVersion: 1, data: { n }, occurredAt: now, metadata })),
        -1,
      );
    const turns = countEventLoopTurns();
    const report = await new PlannedStepRunner(new AggregateStore(events)).runDue('2026-03-08T10:00:00Z');
    turns.stop();
    expect(report.tookEffect).toEqual(['p1']); // the step planned before the 6,000 other events was still found
    expect(turns.count).toBeGreaterThanOrEqual(3);
  });

  /** Clients c2..c<n+1> in wc-1, each with a step due on 8 March. */
  async function moreDueSteps(n: number): Promise<void> {
    for (let i = 2; i < n + 2; i++) {
      await care.handleClient(`c${i}`, { type: 'RegisterIntake', clientId: `c${i}`, wooncirkelId: 'wc-1', preferredWijk: 'WK047901', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: ['thuis'], referralSource: 'wijkteam', personal: {} } as never, { actor: zp });
      await care.handleClient(`c${i}`, { type: 'PlanStep', planId: `p${i}`, step: { type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'start begeleiding', decidedBy: 'zp', effectiveAt: '2026-03-08T09:00:00Z' } }, { actor: zp });
    }
  }

  it('gives the event loop a turn after each due step (a run of hundreds of steps held the api for seconds)', async () => {
    await moreDueSteps(4);
    const turns = countEventLoopTurns();
    const report = await new PlannedStepRunner(new AggregateStore(events)).runDue('2026-03-08T10:00:00Z');
    turns.stop();
    expect(report.tookEffect).toHaveLength(5);
    expect(turns.count).toBeGreaterThanOrEqual(4); // the log is one short batch: only the turns between the steps
  });

  it('decides with the store it is given: its snapshots spare a full replay of the wooncirkel for every step', async () => {
    await moreDueSteps(6);
    const snapshots = new Snapshots(new SqliteSnapshotStore(events.db), undefined, 5);
    const store = new AggregateStore(events, undefined, undefined, snapshots);
    const wooncirkel = wooncirkelStream('wc-1');
    expect(await store.takeSnapshot(wooncirkelDecider, wooncirkel)).toBe(true);
    const reads: (number | 'from its first event')[] = [];
    const readStream = events.readStream.bind(events);
    jest.spyOn(events, 'readStream').mockImplementation((streamId, options) => {
      if (streamId === wooncirkel) reads.push(options?.fromRevision ?? 'from its first event');
      return readStream(streamId, options);
    });
    const report = await new PlannedStepRunner(store).runDue('2026-03-08T10:00:00Z');
    await store.snapshotsSettled();
    // The team has 5 places: the rule is decided on the state restored from the snapshot, as on a full replay.
    expect(report.tookEffect).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(report.failed).toEqual([
      { planId: 'p6', code: 'team_full' },
      { planId: 'p7', code: 'team_full' },
    ]);
    expect(reads.length).toBeGreaterThanOrEqual(7); // each step looks at the wooncirkel's team
    expect(reads.filter((from) => from === 'from its first event')).toHaveLength(0);
    expect((await store.load(wooncirkelDecider, wooncirkel)).state.teamClientIds).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
  });

  it('applies each step once when two runners with snapshots take turns between their steps', async () => {
    await moreDueSteps(6);
    const snapshots = new Snapshots(new SqliteSnapshotStore(events.db), undefined, 5);
    const store = new AggregateStore(events, undefined, undefined, snapshots);
    expect(await store.takeSnapshot(wooncirkelDecider, wooncirkelStream('wc-1'))).toBe(true);
    const [a, b] = await Promise.all([new PlannedStepRunner(store).runDue('2026-03-08T10:00:00Z'), new PlannedStepRunner(new AggregateStore(events, undefined, undefined, snapshots)).runDue('2026-03-08T10:00:00Z')]);
    await store.snapshotsSettled();
    for (const report of [a, b]) expect([...report.tookEffect, ...report.failed.map((f) => f.planId), ...report.skipped].sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    // Each step's events once in the log, and the team's five places given once each.
    const tookEffect = (await events.readAll({ afterPosition: 0, maxCount: 10_000 })).filter((e) => e.type === 'PlannedStepTookEffect' || e.type === 'PlannedStepFailed');
    expect(tookEffect.map((e) => (e.data as { planId: string }).planId).sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    expect((await store.load(wooncirkelDecider, wooncirkelStream('wc-1'))).state.teamClientIds).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
  });

  it('without a moment given (the api, the CLI), decides each step at the time it decides it', async () => {
    await moreDueSteps(1);
    const datesOf = async (from: number) => (await events.readAll({ afterPosition: from, maxCount: 1_000 })).filter((e) => e.type === 'PlannedStepTookEffect').map((e) => e.occurredAt);
    const head = await events.headPosition();
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask', 'performance', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'clearImmediate'] });
    try {
      jest.setSystemTime(new Date('2026-03-08T10:00:00.000Z'));
      // The clock moves on by an hour at the turn between the two steps (as commands of other requests would be written then).
      setImmediate(() => jest.setSystemTime(new Date('2026-03-08T11:00:00.000Z')));
      const report = await new PlannedStepRunner(new AggregateStore(events)).runDue();
      expect(report.tookEffect).toEqual(['p1', 'p2']);
      expect(await datesOf(head)).toEqual(['2026-03-08T10:00:00.000Z', '2026-03-08T11:00:00.000Z']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('with a moment given (tests, the seed), every step is decided at it, whatever the clock says', async () => {
    await moreDueSteps(1);
    const head = await events.headPosition();
    const report = await new PlannedStepRunner(new AggregateStore(events)).runDue('2026-03-08T10:00:00.000Z');
    expect(report.tookEffect).toEqual(['p1', 'p2']);
    const dates = (await events.readAll({ afterPosition: head, maxCount: 1_000 })).filter((e) => e.type === 'PlannedStepTookEffect').map((e) => e.occurredAt);
    expect(dates).toEqual(['2026-03-08T10:00:00.000Z', '2026-03-08T10:00:00.000Z']);
  });

  it('stops after the step it is taking; the steps left stay pending for the next run', async () => {
    await moreDueSteps(4);
    const runner = new PlannedStepRunner(new AggregateStore(events));
    const running = runner.runDue('2026-03-08T10:00:00Z');
    await new Promise((resolve) => setImmediate(resolve)); // the first step is under way
    await runner.stop();
    const report = await running;
    expect(report.due).toBe(5);
    expect(report.tookEffect.length).toBeGreaterThan(0);
    expect(report.tookEffect.length).toBeLessThan(5);
    const next = await new PlannedStepRunner(new AggregateStore(events)).runDue('2026-03-08T10:00:00Z');
    expect([...report.tookEffect, ...next.tookEffect].sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it('finds steps planned in a later batch and at the batch edge', async () => {
    const metadata = { actor: admin, correlationId: 'filler', causationId: null, commandId: null };
    const head = await events.headPosition();
    // Fillers so that the next PlanStep lands exactly on position 2000 (the last of the first batch), then one past 4000.
    await events.append(
      'filler-a',
      Array.from({ length: 1999 - head }, (_, n) => ({ eventId: randomUUID(), type: 'FillerRecorded', schemaVersion: 1, data: { n }, occurredAt: now, metadata })),
      -1,
    );
    await care.handleClient('c1', { type: 'PlanStep', planId: 'p2', step: { type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'zp', effectiveAt: '2026-03-07T09:00:00Z' } }, { actor: zp });
    expect(await events.headPosition()).toBe(2000);
    await events.append(
      'filler-b',
      Array.from({ length: 2000 }, (_, n) => ({ eventId: randomUUID(), type: 'FillerRecorded', schemaVersion: 1, data: { n }, occurredAt: now, metadata })),
      -1,
    );
    await care.handleClient('c1', { type: 'CancelPlannedStep', planId: 'p1', reason: 'niet meer nodig' }, { actor: zp });
    const runner = new PlannedStepRunner(new AggregateStore(events));
    const report = await runner.runDue('2026-03-08T10:00:00Z');
    expect(report.tookEffect).toEqual(['p2']);
    expect(report.due).toBe(1);
  });

  it('does not take a cancelled step', async () => {
    await care.handleClient('c1', { type: 'CancelPlannedStep', planId: 'p1', reason: 'niet meer nodig' }, { actor: zp });
    const report = await new PlannedStepRunner(new AggregateStore(events)).runDue('2026-03-09T00:00:00Z');
    expect(report).toMatchObject({ due: 0, tookEffect: [], failed: [] });
  });
});
