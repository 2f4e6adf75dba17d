import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LeaseKeeper, PlannedStepRunReport, PlannedStepRunner, WijkzorgConfig } from '@wijkzorg/application';
import { WIJKZORG_CONFIG } from '../platform/config';

/** Runs the due planned steps in the background, every WIJKZORG_PLANNED_STEPS_EVERY_SECONDS, on the one instance holding the lease `planned-steps`. */
@Injectable()
export class PlannedStepRunnerService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('PlannedSteps');
  private timer?: NodeJS.Timeout;

  constructor(
    readonly runner: PlannedStepRunner,
    @Inject(WIJKZORG_CONFIG) private readonly config: WijkzorgConfig,
    private readonly keeper: LeaseKeeper,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.plannedStepsEveryMs) return;
    await this.keeper.want(['planned-steps']);
    this.timer = setInterval(() => void (this.keeper.holds('planned-steps') ? this.runDue() : Promise.resolve()).catch((error: Error) => this.logger.error(`planned steps: ${error.message}`)), this.config.plannedStepsEveryMs);
    this.timer.unref();
  }

  /** A run of many due steps takes many turns of the event loop: it ends after its current step, before the stores close. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.runner.stop();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs the steps due at `now` (the runner's clock; the background timer passes the current time). */
  async runDue(now?: string): Promise<PlannedStepRunReport> {
    const report = await this.runner.runDue(now);
    if (report.due > 0) this.logger.log(`planned steps due ${report.due}: took effect ${report.tookEffect.length}, failed ${report.failed.length}, skipped ${report.skipped.length}, later ${report.retryLater.length}`);
    return report;
  }
}
