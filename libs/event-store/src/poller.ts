/**
 * Runs `work` again and again, `intervalMs` after each run ends, until stopped; `wake()` runs it at once
 * (or right after the run in progress). Failures are reported and the next run comes as usual; stop()
 * waits for the run in progress.
 */
export class Poller {
  private timer?: NodeJS.Timeout;
  private current: Promise<void> = Promise.resolve();
  private active = false;
  private inRun = false;
  /** A wake-up came during a run: what it announced may have been missed by that run. */
  private again = false;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  get stopped(): boolean {
    return !this.active;
  }

  start(): void {
    this.active = true;
    void this.tick();
  }

  /** Run now rather than at the next interval: something new is there. */
  wake(): void {
    if (!this.active) return;
    if (this.inRun) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    void this.tick();
  }

  private async tick(): Promise<void> {
    if (!this.active || this.inRun) return;
    this.inRun = true;
    do {
      this.again = false;
      this.current = this.work().then(
        () => undefined,
        (error) => this.onError(error as Error),
      );
      await this.current;
    } while (this.again && this.active);
    this.inRun = false;
    if (this.active) this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  async stop(): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    await this.current;
  }
}
