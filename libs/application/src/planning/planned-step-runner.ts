import { Actor, DomainError } from '@wijkzorg/domain';
import { EventStore } from '@wijkzorg/event-store';
import { AggregateStore } from '../command-handling/aggregate-store';
import { CareCommands } from '../care-commands';

/** The planned-step runner acts as the system, on behalf of each step's planner (recorded in the step's events). */
export const PLANNED_STEP_ACTOR: Actor = { role: 'system', id: 'planned-steps' };

/** Refusals that mean the step is no longer this run's business (already handled, cancelled, not due yet). */
const NOT_PENDING = ['unknown_planned_step', 'planned_step_not_pending', 'planned_step_not_due'];

export interface PlannedStepRunReport {
  now: string;
  due: number;
  tookEffect: string[];
  failed: { planId: string; code: string }[];
  /** Handled by an earlier or concurrent run: nothing applied twice. */
  skipped: string[];
  /** Not decided this time (a concurrent write kept losing): tried again next run. */
  retryLater: string[];
}

interface PendingStep {
  clientId: string;
  planId: string;
  effectiveAt: string;
}

/**
 * Runs the planned steps that are due: each through the real client command flow (same rules, same
 * claims), with the command id `planned-step:<planId>` so a second run (or a concurrent one) replays
 * the first one's outcome instead of applying it again. A step a rule refuses is recorded as failed
 * with that rule's code. The pending steps are followed from the log (from where the last run ended),
 * so the runner needs no read model and sees a step as soon as it is planned.
 *
 * The steps are decided with the store the commands use (`store`: its cipher, and its snapshots, so a long-lived
 * wooncirkel stream is not replayed whole for every step), at the run's own moment. Many steps can be due at once (the
 * first of a month, or after the service was down): the event loop gets a turn after each step, so the api keeps
 * answering while a run of hundreds of steps goes.
 */
export class PlannedStepRunner {
  private position = 0;
  private readonly pending = new Map<string, PendingStep>();
  /** Runs one at a time: a run started while another goes waits for it. */
  private previous: Promise<unknown> = Promise.resolve();
  private readonly events: EventStore;
  private stopping = false;

  constructor(private readonly store: AggregateStore) {
    this.events = store.events;
  }

  /** Ends the run going on after its current step, and every later one, and waits for it (the api's shutdown, before its stores close); the steps left stay pending for another runner. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.previous;
  }

  /**
   * Runs every step due at `now`. Without `now` (the api's timer, the CLI) the steps due when asked, each decided at the
   * time it is decided: a run may wait behind another and takes turns of the event loop, and its steps are not dated
   * before the commands written meanwhile. With `now` (tests, the seed's simulated days) every step is decided at it.
   */
  runDue(now?: string): Promise<PlannedStepRunReport> {
    const dueAt = now ?? new Date().toISOString();
    const clock = now === undefined ? () => new Date().toISOString() : () => now;
    const run = this.previous.then(() => this.run(dueAt, clock));
    this.previous = run.catch(() => undefined);
    return run;
  }

  private async run(now: string, clock: () => string): Promise<PlannedStepRunReport> {
    await this.catchUp();
    const care = new CareCommands(this.store.withClock(clock));
    const due = [...this.pending.values()].filter((s) => Date.parse(s.effectiveAt) <= Date.parse(now)).sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt) || a.planId.localeCompare(b.planId));
    const report: PlannedStepRunReport = { now, due: due.length, tookEffect: [], failed: [], skipped: [], retryLater: [] };
    for (const [i, step] of due.entries()) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      if (this.stopping) break;
      const key = keyOf(step.clientId, step.planId);
      try {
        const outcome = await care.handleClient(step.clientId, { type: 'TakePlannedStep', planId: step.planId }, { actor: PLANNED_STEP_ACTOR, commandId: `planned-step:${step.planId}` });
        const failed = outcome.events.some((e) => e.type === 'PlannedStepFailed');
        if (outcome.replayed) report.skipped.push(step.planId);
        else if (failed) report.failed.push({ planId: step.planId, code: 'team_full' });
        else report.tookEffect.push(step.planId);
        this.pending.delete(key);
      } catch (error) {
        if (!(error instanceof DomainError)) {
          report.retryLater.push(step.planId);
          continue;
        }
        if (NOT_PENDING.includes(error.code)) {
          report.skipped.push(step.planId);
          this.pending.delete(key);
          continue;
        }
        await this.recordFailure(care, step, error, report);
      }
    }
    return report;
  }

  private async recordFailure(care: CareCommands, step: PendingStep, refusal: DomainError, report: PlannedStepRunReport): Promise<void> {
    try {
      const outcome = await care.handleClient(step.clientId, { type: 'RecordPlannedStepFailure', planId: step.planId, code: refusal.code, field: refusal.field ?? null }, { actor: PLANNED_STEP_ACTOR, commandId: `planned-step-failed:${step.planId}` });
      if (outcome.replayed) report.skipped.push(step.planId);
      else report.failed.push({ planId: step.planId, code: refusal.code });
      this.pending.delete(keyOf(step.clientId, step.planId));
    } catch (error) {
      if (!(error instanceof DomainError)) return void report.retryLater.push(step.planId);
      // Not recordable (erased, or handled meanwhile): nothing more to do for this step.
      report.skipped.push(step.planId);
      this.pending.delete(keyOf(step.clientId, step.planId));
    }
  }

  /** What each followed event does to the pending steps; the data of other events is never parsed. */
  private readonly follow = new Map<string, (data: FollowedData) => void>([
    ['PlannedStepScheduled', (data) => this.pending.set(keyOf(data.clientId, data.planId!), { clientId: data.clientId, planId: data.planId!, effectiveAt: data.effectiveAt! })],
    ['PlannedStepCancelled', (data) => this.pending.delete(keyOf(data.clientId, data.planId!))],
    ['PlannedStepTookEffect', (data) => this.pending.delete(keyOf(data.clientId, data.planId!))],
    ['PlannedStepFailed', (data) => this.pending.delete(keyOf(data.clientId, data.planId!))],
    [
      'ClientDataErased',
      (data) => {
        for (const [key, step] of this.pending) if (step.clientId === data.clientId) this.pending.delete(key);
      },
    ],
  ]);

  /**
   * Follows the log: a scheduled step is pending until it is cancelled, took effect or failed (or its client is erased).
   * The first run after a start reads the whole log (seconds at a million events): a turn of the event loop after each
   * batch keeps the api answering, and only the events it follows have their data parsed.
   */
  private async catchUp(): Promise<void> {
    for (;;) {
      const batch = await this.events.readAll({ afterPosition: this.position, maxCount: CATCH_UP_BATCH });
      if (batch.length === 0) return;
      for (const e of batch) {
        this.position = e.globalPosition;
        const follow = this.follow.get(e.type);
        if (follow) follow(e.data as FollowedData);
      }
      // A batch short of full reached the head: the run goes on in this turn, as it did before the turns were given.
      if (batch.length < CATCH_UP_BATCH) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

const CATCH_UP_BATCH = 2000;

interface FollowedData {
  clientId: string;
  planId?: string;
  effectiveAt?: string;
}

const keyOf = (clientId: string, planId: string) => `${clientId}\u0000${planId}`;
