import { ProjectionRunner } from '@wijkzorg/read-models';
import { readingAtLeast, requiredPosition, servedFrom } from './read-position';

interface Answer<T> {
  value: T;
  /** Where each projection read last changed when the computation started: while these stay, the answer is current. */
  changed: number[];
  /** The lowest position the projections had applied when it started: every event up to it is in the answer. */
  position: number;
}

interface Computation<T> {
  changed: number[];
  position: number;
  result: Promise<Answer<T>>;
}

/** A computation asked for but not started: after the running one, and for background ones, in its turn of the queue. */
interface Pending<T> {
  /** Someone waits for it: it starts as soon as the running one of its question ends, ahead of the queue. */
  urgent: boolean;
  started: boolean;
  start: () => Promise<unknown>;
  result: Promise<Answer<T>>;
}

/** What is known about one question: its latest answer, the computation running, and the one asked for after it. */
interface Question<T> {
  answer?: Answer<T>;
  running?: Computation<T>;
  next?: Pending<T>;
}

/**
 * Background recomputations (whose askers were served the previous answer) run one at a time across the api: they
 * take one share of the event loop, not one per question, and every further write meanwhile is folded into the
 * next one. A computation someone waits for does not queue.
 */
export class BackgroundQueue {
  private busy = false;
  private readonly queued: (() => Promise<unknown>)[] = [];

  enqueue(task: () => Promise<unknown>): void {
    this.queued.push(task);
    this.pump();
  }

  private pump(): void {
    if (this.busy) return;
    const task = this.queued.shift();
    if (!task) return;
    this.busy = true;
    const done = () => {
      this.busy = false;
      this.pump();
    };
    // Started after the current turn: the read that asked for it is answered first (a computation's first stretch runs synchronously).
    setImmediate(() => task().then(done, done));
  }
}

const SHARED_BACKGROUND = new BackgroundQueue();

export interface AskOptions {
  /** Read-your-writes: serve only an answer that holds every event up to this position (default: the request's `minPosition`). */
  minPosition?: number;
}

/**
 * Memoises query results per question, keyed on where the projections they read last changed, and serves them
 * stale-while-recomputing:
 * - an answer whose projections did not change since it was computed is current and served as is;
 * - a read without `minPosition` is served the latest answer while a computation at the new positions runs in the
 *   background (eventual consistency, as every read model is);
 * - a read with `minPosition` (read-your-writes, after awaitPosition) is served only an answer that holds that
 *   position, and otherwise waits for one;
 * - the first ask of a question waits for its first answer.
 * Per question one computation runs at a time; who asks while it runs, after the projections moved, has the next
 * one started when it ends (shared by every asker meanwhile): under a stream of writes an answer is computed at
 * most once per computation time, and never for a question nobody asks.
 */
export class PositionCache<T> {
  private readonly questions = new Map<string, Question<T>>();

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly projections: string[],
    private readonly maxEntries = 200,
    private readonly background = SHARED_BACKGROUND,
  ) {}

  async get(question: unknown, compute: () => Promise<T>, options: AskOptions = {}): Promise<T> {
    const minPosition = options.minPosition ?? requiredPosition();
    const asked = this.question(JSON.stringify(question));
    const changed = this.changed();
    const { answer, running } = asked;
    if (answer && sameAs(answer.changed, changed)) return this.serve(answer, this.applied());
    if (answer) {
      // Stale: the recomputation runs (or is asked for) in the background.
      if (minPosition === undefined || answer.position >= minPosition) {
        this.refresh(asked, changed, compute, false).catch(() => undefined);
        return this.serve(answer, answer.position);
      }
      if (running && running.position >= minPosition) return this.serve(await running.result, running.position);
      const fresh = await this.refresh(asked, changed, compute, true);
      return this.serve(fresh, fresh.position);
    }
    if (running && (minPosition === undefined || running.position >= minPosition)) {
      const first = await running.result;
      return this.serve(first, first.position);
    }
    const first = await this.refresh(asked, changed, compute, true);
    return this.serve(first, first.position);
  }

  /**
   * Starts the answer to a question that will be asked soon (e.g. the next minute's), unless one is known or under way:
   * computed now at the current positions, it is exactly what asking it later would compute, if nothing moves meanwhile.
   */
  prefetch(question: unknown, compute: () => Promise<T>): void {
    const key = JSON.stringify(question);
    if (this.questions.has(key)) return;
    this.refresh(this.question(key), this.changed(), compute, false).catch(() => undefined);
  }

  /**
   * A computation at positions at least these: the running one if it started there, else the next one, which starts
   * when the running one ends: at once if someone waits for it (`urgent`), else in its turn of the background queue.
   */
  private refresh(asked: Question<T>, changed: number[], compute: () => Promise<T>, urgent: boolean): Promise<Answer<T>> {
    if (asked.running && sameAs(asked.running.changed, changed)) return asked.running.result;
    let next = asked.next;
    if (!next) {
      let begin!: (result: Promise<Answer<T>>) => void;
      const pending: Pending<T> = {
        urgent,
        started: false,
        result: new Promise<Answer<T>>((resolve) => (begin = resolve)),
        start: () => {
          if (pending.started) return Promise.resolve();
          pending.started = true;
          if (asked.next === pending) asked.next = undefined;
          const { result } = this.start(asked, compute);
          begin(result);
          return result;
        },
      };
      next = asked.next = pending;
      if (!asked.running) this.schedule(next);
    } else if (urgent && !next.urgent) {
      next.urgent = true;
      if (!asked.running) next.start().catch(() => undefined);
    }
    return next.result;
  }

  private schedule(next: Pending<T>): void {
    if (next.urgent) next.start().catch(() => undefined);
    else this.background.enqueue(next.start);
  }

  private start(asked: Question<T>, compute: () => Promise<T>): Computation<T> {
    const changed = this.changed();
    const position = this.applied();
    // Nested memoised reads hold at least what this answer will claim to hold (its position).
    const result = readingAtLeast(position, compute).then((value) => {
      const answer = { value, changed, position };
      if (!asked.answer || asked.answer.position <= position) asked.answer = answer;
      return answer;
    });
    const computation: Computation<T> = { changed, position, result };
    asked.running = computation;
    const ended = () => {
      if (asked.running === computation) asked.running = undefined;
      if (asked.next) this.schedule(asked.next);
    };
    result.then(ended, ended);
    return computation;
  }

  private question(key: string): Question<T> {
    const known = this.questions.get(key);
    // Most recently asked last: the least recently asked is forgotten first.
    this.questions.delete(key);
    const asked = known ?? {};
    this.questions.set(key, asked);
    if (this.questions.size > this.maxEntries) this.questions.delete(this.questions.keys().next().value!);
    return asked;
  }

  private serve(answer: Answer<T>, position: number): T {
    servedFrom(position);
    return answer.value;
  }

  private changed(): number[] {
    return this.projections.map((p) => this.runner.changedPositionOf(p));
  }

  private applied(): number {
    return Math.min(...this.projections.map((p) => this.runner.positionOf(p)));
  }
}

const sameAs = (a: number[], b: number[]) => a.every((p, i) => p === b[i]);
