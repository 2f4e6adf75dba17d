import { Observable } from 'rxjs';

/** One record as the server returned it: its position in $all, and the event when it is one the adapter keeps. */
export interface ReadRecord<T> {
  position: number;
  kept: T | null;
}

/** Which way a page is read; `after` is exclusive either way. */
export type ReadDirection = 'forwards' | 'backwards';

/**
 * Reads pages until `max` records are kept or the server has no more. The cursor moves past every
 * record *read*, kept or not, so records dropped on the client (a foreign or non-JSON event the
 * server-side filter let through) never make a page look empty before the head: callers read an
 * empty answer as "caught up". `read(from, count)` may include the record at `from` (inclusive
 * starts are skipped here); `from` undefined starts at the edge (the start forwards, the end backwards).
 */
export async function readKeptPage<T>(read: (from: number | undefined, count: number) => Promise<ReadRecord<T>[]>, after: number | undefined, max: number, direction: ReadDirection = 'forwards'): Promise<T[]> {
  const kept: T[] = [];
  let cursor = after;
  const beyond = (position: number) => cursor === undefined || (direction === 'forwards' ? position > cursor : position < cursor);
  while (kept.length < max) {
    const wanted = max - kept.length;
    // An inclusive start answers the record at the cursor again: ask one more so a full page still means "more may follow".
    const ask = Math.min(cursor === undefined ? wanted : wanted + 1, Number.MAX_SAFE_INTEGER);
    const records = await read(cursor, ask);
    let advanced = false;
    for (const record of records) {
      if (kept.length >= max) return kept;
      if (!beyond(record.position)) continue;
      cursor = record.position;
      advanced = true;
      if (record.kept !== null) kept.push(record.kept);
    }
    if (records.length < ask || !advanced) return kept;
  }
  return kept;
}

/** The wait before resubscription attempt `attempt` (0-based): doubling from `firstMs`, capped at `maxMs`. */
export function resubscribeDelay(attempt: number, { firstMs = 100, maxMs = 30_000 }: { firstMs?: number; maxMs?: number } = {}): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(Math.max(attempt, 0), 30));
}

/** A live feed from the server, opened after a position; closing it ends the iteration. */
export interface OpenedFeed<T> {
  records: AsyncIterable<ReadRecord<T>>;
  close(): Promise<void> | void;
}

export interface ResubscribeOptions {
  /** The wait before attempt n (0-based); reset once a resubscription delivers again. */
  delay?: (attempt: number) => number;
  /** Told about every drop before the wait (for the log). */
  onDrop?: (error: unknown, attempt: number, delayMs: number) => void;
  /** An error that no resubscription can cure (e.g. access denied): ends the feed with it. */
  isFatal?: (error: unknown) => boolean;
}

/**
 * A subscription that survives dropped connections: when the feed fails or ends it is opened again
 * after the last position *delivered*, with exponential back-off, and records at or before that
 * position are skipped — no gap, no duplicate.
 */
export function resubscribing<T>(open: (after: number) => OpenedFeed<T>, after: number, options: ResubscribeOptions = {}): Observable<T> {
  const delay = options.delay ?? ((attempt: number) => resubscribeDelay(attempt));
  return new Observable<T>((subscriber) => {
    let closed = false;
    let last = after;
    let current: OpenedFeed<T> | undefined;
    let wake: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, ms);
      });
    (async () => {
      for (let attempt = 0; !closed;) {
        let failure: unknown = new Error('the subscription ended');
        try {
          await Promise.resolve(current?.close()).catch(() => undefined);
          current = open(last);
          for await (const record of current.records) {
            if (closed) return;
            if (record.position <= last) continue;
            last = record.position;
            attempt = 0;
            if (record.kept !== null) subscriber.next(record.kept);
          }
        } catch (error) {
          failure = error;
        }
        if (closed) return;
        if (options.isFatal?.(failure)) {
          subscriber.error(failure);
          return;
        }
        const wait = delay(attempt);
        options.onDrop?.(failure, attempt, wait);
        attempt++;
        await sleep(wait);
      }
    })().catch((error) => subscriber.error(error));
    return () => {
      closed = true;
      clearTimeout(timer);
      wake?.();
      void Promise.resolve(current?.close()).catch(() => undefined);
    };
  });
}
