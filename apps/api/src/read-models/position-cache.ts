import { ProjectionRunner } from '@wijkzorg/read-models';

/**
 * Memoises query results per question and per read-model position: an answer is computed again only
 * after the projections it reads have moved. Concurrent askers of the same question share one computation.
 */
export class PositionCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly projections: string[],
    private readonly maxEntries = 200,
  ) {}

  get(question: unknown, compute: () => Promise<T>): Promise<T> {
    const key = JSON.stringify([question, this.projections.map((p) => this.runner.positionOf(p))]);
    let result = this.entries.get(key);
    if (!result) {
      result = compute();
      this.entries.set(key, result);
      result.catch(() => this.entries.delete(key));
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return result;
  }
}
