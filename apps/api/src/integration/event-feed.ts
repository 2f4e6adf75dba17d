import { EventStore, RecordedEvent } from '@wijkzorg/event-store';
import { Observable } from 'rxjs';

/** The part of a response (or socket) the feed writes to. */
export interface FeedSink {
  /** false: the sink's buffer is full, wait for 'drain' before writing more. */
  write(chunk: string): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
}

export interface FeedOptions {
  afterPosition: number;
  eventTypes: readonly string[];
  /** The text to write for an event, or null to skip it. */
  render: (event: RecordedEvent) => string | null;
  pageSize?: number;
  /** Longest wait for new events before looking again (the store's wake-up may be missed across processes). */
  idleMs?: number;
}

/**
 * Feeds the log to one reader at the reader's pace: one page is read, written, and the next page is only
 * read once the sink has drained. A slow reader holds at most a page in memory, however long the log,
 * and a catch-up never blocks the event loop for longer than one page.
 */
export class EventFeed {
  private closed = false;
  /** Ends the current idle wait (new events, or closing). */
  private wake?: () => void;
  /** A wake-up came while the feed was reading: the next idle wait ends at once. */
  private woken = false;
  /** Ends the current wait for the sink to drain (only closing; new events must not overfill the sink). */
  private stopWaiting?: () => void;

  constructor(
    private readonly store: EventStore,
    private readonly sink: FeedSink,
    private readonly options: FeedOptions,
  ) {
    sink.once('close', () => this.close());
  }

  close(): void {
    this.closed = true;
    this.wake?.();
    this.stopWaiting?.();
  }

  /** Runs until the sink closes; resolves with the last position written. */
  async run(): Promise<number> {
    const { pageSize = 500, idleMs = 1_000 } = this.options;
    const types = new Set(this.options.eventTypes);
    let position = this.options.afterPosition;
    // New appends (of any process, where the store has wake-ups) wake the feed at once; the events themselves are read again in pages, in order.
    const onWakeUp = () => {
      this.woken = true;
      this.wake?.();
    };
    const wakeUps: Observable<unknown> = this.store.wakeUps?.() ?? this.store.subscribe({ afterPosition: Math.max(await this.store.headPosition(), position), eventTypes: [...types] });
    const live = wakeUps.subscribe({ next: onWakeUp, error: onWakeUp });
    try {
      while (!this.closed) {
        this.woken = false;
        const page = await this.store.readAll({ afterPosition: position, maxCount: pageSize });
        for (const event of page) {
          if (this.closed) break;
          position = event.globalPosition;
          if (!types.has(event.type)) continue;
          const text = this.options.render(event);
          if (text !== null && !this.sink.write(text)) await this.until('drain');
        }
        if (page.length < pageSize && !this.closed) await this.idle(idleMs);
      }
      return position;
    } finally {
      live.unsubscribe();
    }
  }

  private until(event: 'drain'): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.sink.removeListener(event, done);
        this.stopWaiting = undefined;
        resolve();
      };
      this.stopWaiting = done;
      this.sink.once(event, done);
    });
  }

  private idle(ms: number): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), ms);
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
    });
  }
}
