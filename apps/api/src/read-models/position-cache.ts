import { ProjectionRunner } from '@wijkzorg/read-models';

interface Computation<T> {
  /** The positions of the projections when the computation started; undefined while it waits for the one before it. */
  positions?: number[];
  result: Promise<T>;
}

/**
 * Memoises query results per question and per read-model position: an answer is computed again only after the
 * projections it reads have moved. Per question one computation runs at a time: who asks while it runs, after the
 * projections moved, waits for the next one, which starts when the running one ends and serves every asker queued
 * behind it — under a stream of writes an answer is computed at most once per computation time, not once per asker.
 */
export class PositionCache<T> {
  private readonly latest = new Map<string, Computation<T>>();

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly projections: string[],
    private readonly maxEntries = 200,
  ) {}

  get(question: unknown, compute: () => Promise<T>): Promise<T> {
    const key = JSON.stringify(question);
    const wanted = this.positions();
    const last = this.latest.get(key);
    // Not started yet: it will start at positions at least as far as these.
    if (last && (last.positions === undefined || last.positions.every((p, i) => p >= wanted[i]))) return last.result;
    const next = {} as Computation<T>;
    const start = () => {
      next.positions = this.positions();
      return compute();
    };
    next.result = last ? last.result.then(start, start) : start();
    this.latest.delete(key);
    this.latest.set(key, next);
    next.result.catch(() => {
      if (this.latest.get(key) === next) this.latest.delete(key);
    });
    if (this.latest.size > this.maxEntries) this.latest.delete(this.latest.keys().next().value!);
    return next.result;
  }

  /**
   * Starts the answer to a question that will be asked soon (e.g. the next minute's), unless one is known or under way:
   * computed now at the current positions, it is exactly what asking it later would compute, if nothing moves meanwhile.
   */
  prefetch(question: unknown, compute: () => Promise<T>): void {
    if (this.latest.has(JSON.stringify(question))) return;
    this.get(question, compute).catch(() => undefined);
  }

  private positions(): number[] {
    return this.projections.map((p) => this.runner.positionOf(p));
  }
}
