/**
 * Runs `work` again and again, `intervalMs` after each run ends, until stopped. Failures are reported
 * and the next run comes as usual; stop() waits for the run in progress.
 */
export class Poller {
  private timer?: NodeJS.Timeout;
  private current: Promise<void> = Promise.resolve();
  private active = false;

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
    const tick = async () => {
      if (!this.active) return;
      this.current = this.work().then(
        () => undefined,
        (error) => this.onError(error as Error),
      );
      await this.current;
      if (this.active) this.timer = setTimeout(tick, this.intervalMs);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    await this.current;
  }
}
