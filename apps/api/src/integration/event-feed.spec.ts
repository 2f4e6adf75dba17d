import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadAllOptions, SqliteEventStore } from '@wijkzorg/event-store';
import { syntheticEvent } from '../../../../test/bench/synthetic-events';
import { EventFeed } from './event-feed';

/** A reader that takes `capacity` chunks, then reports a full buffer until it is drained. */
class SlowReader extends EventEmitter {
  readonly received: string[] = [];
  pending = 0;
  constructor(private readonly capacity: number) {
    super();
  }
  write(chunk: string): boolean {
    this.received.push(chunk);
    this.pending++;
    return this.pending < this.capacity;
  }
  drain(): void {
    this.pending = 0;
    this.emit('drain');
  }
}

describe('event feed for a slow reader (SSE back-pressure)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let eventsRead = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wijkzorg-feed-'));
    store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'OFF' });
    for (let i = 0; i < 5_000; i += 500)
      await store.append(
        `s-${i}`,
        Array.from({ length: 500 }, (_, j) => syntheticEvent(i + j)),
        'any',
      );
    const readAll = store.readAll.bind(store);
    store.readAll = async (options?: ReadAllOptions) => {
      const page = await readAll(options);
      eventsRead += page.length;
      return page;
    };
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads no further than one page past what the reader has taken, and delivers everything in order once it drains', async () => {
    const types = [...new Set((await store.readAll({ maxCount: 5_000 })).map((e) => e.type))];
    eventsRead = 0;
    const reader = new SlowReader(100);
    const feed = new EventFeed(store, reader, { afterPosition: 0, eventTypes: types, render: (e) => `${e.globalPosition}\n`, pageSize: 250, idleMs: 20 });
    const running = feed.run();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Stuck at a full buffer: one page read, 100 events written, nothing more pulled from the log.
    expect(reader.received.length).toBe(100);
    expect(eventsRead).toBeLessThanOrEqual(250);
    while (reader.received.length < 5_000) {
      reader.drain();
      await new Promise((resolve) => setImmediate(resolve));
      expect(eventsRead - reader.received.length).toBeLessThanOrEqual(250);
    }
    expect(reader.received.map(Number)).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1));
    reader.emit('close');
    await expect(running).resolves.toBe(5_000);
  });

  it('wakes for a new event after catching up, and stops when the reader goes away', async () => {
    const reader = new SlowReader(1_000_000);
    const head = await store.headPosition();
    const feed = new EventFeed(store, reader, { afterPosition: head, eventTypes: [syntheticEvent(0).type], render: (e) => `${e.globalPosition}\n`, idleMs: 60_000 });
    const running = feed.run();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.append('s-late', [syntheticEvent(9_999)], 'any');
    for (let i = 0; i < 100 && reader.received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reader.received).toEqual([`${head + 1}\n`]);
    reader.emit('close');
    await expect(running).resolves.toBe(head + 1);
  });
});
