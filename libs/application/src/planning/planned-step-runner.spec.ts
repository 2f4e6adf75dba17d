import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Actor, clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { AggregateStore } from '../command-handling/aggregate-store';
import { CareCommands } from '../care-commands';
import { PlannedStepRunner } from './planned-step-runner';

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
    const [a, b] = await Promise.all([new PlannedStepRunner(events).runDue('2026-03-08T10:00:00Z'), new PlannedStepRunner(events).runDue('2026-03-08T10:00:00Z')]);
    // Each saw it through (one wrote it; the other's identical append, or its replay by command id, wrote nothing) ...
    for (const report of [a, b]) expect([...report.tookEffect, ...report.skipped]).toEqual(['p1']);
    expect((await new PlannedStepRunner(events).runDue('2026-03-09T10:00:00Z')).due).toBe(0);
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
    let turns = 0;
    let running = true;
    const turn = () => {
      turns++;
      if (running) setImmediate(turn);
    };
    setImmediate(turn);
    const report = await new PlannedStepRunner(events).runDue('2026-03-08T10:00:00Z');
    running = false;
    expect(report.tookEffect).toEqual(['p1']); // the step planned before the 6,000 other events was still found
    expect(turns).toBeGreaterThanOrEqual(3);
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
    const runner = new PlannedStepRunner(events);
    const report = await runner.runDue('2026-03-08T10:00:00Z');
    expect(report.tookEffect).toEqual(['p2']);
    expect(report.due).toBe(1);
  });

  it('does not take a cancelled step', async () => {
    await care.handleClient('c1', { type: 'CancelPlannedStep', planId: 'p1', reason: 'niet meer nodig' }, { actor: zp });
    const report = await new PlannedStepRunner(events).runDue('2026-03-09T00:00:00Z');
    expect(report).toMatchObject({ due: 0, tookEffect: [], failed: [] });
  });
});
