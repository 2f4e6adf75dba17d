import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PlannedStepRunReport, PlannedStepRunner, WijkzorgConfig } from '@wijkzorg/application';
import { WIJKZORG_CONFIG } from '../platform/config';

/** Runs the due planned steps in the background, every WIJKZORG_PLANNED_STEPS_EVERY_SECONDS. */
@Injectable()
export class PlannedStepRunnerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PlannedSteps');
  private timer?: NodeJS.Timeout;

  constructor(
    readonly runner: PlannedStepRunner,
    @Inject(WIJKZORG_CONFIG) private readonly config: WijkzorgConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.plannedStepsEveryMs) return;
    this.timer = setInterval(() => void this.runDue().catch((error: Error) => this.logger.error(`planned steps: ${error.message}`)), this.config.plannedStepsEveryMs);
    this.timer.unref();
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
