import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, filter, take, timeout, toArray } from 'rxjs';
import { EventToAppend } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const meta = { actor: { role: 'system' as const, id: 'signal-spec' }, correlationId: 'c', causationId: null, commandId: null };
const event = (i: number): EventToAppend => ({ eventId: `e-${i}`, type: 'T', schemaVersion: 1, data: { i }, occurredAt: '2026-01-01T00:00:00Z', metadata: meta });
const freshPath = () => join(mkdtempSync(join(tmpdir(), 'wijkzorg-signal-')), 'events.db');
/** Far longer than any test may take: a delivery can only have come from the wake-up. */
const NO_FALLBACK = { fallbackPollMs: 3_600_000 };
/** Well below the jest timeout, so a missed wake-up fails with a clear message. */
const DELIVERY_MS = 10_000;

/** Another process commits one event to the file with plain better-sqlite3, as any other writer of the file would. */
function appendFromAnotherProcess(path: string, streamId: string): void {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 10000');
    db.prepare("INSERT INTO events (stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data, hash) VALUES (?, 0, 'e-child', 'FromChild', 1, '2026-01-01T00:00:00Z', ?, '{}', '{}', x'00')").run(process.argv[2], new Date().toISOString());
    db.close();`;
  execFileSync(process.execPath, ['-e', script, path, streamId], { cwd: process.cwd(), stdio: 'inherit' });
}

describe('SqliteEventStore live delivery across connections and processes', () => {
  it('delivers an event committed by another process without waiting for the fallback poll', async () => {
    const path = freshPath();
    const reader = new SqliteEventStore(path, { liveWakeUp: NO_FALLBACK });
    await reader.append('before', [event(0)], -1);
    const received = firstValueFrom(reader.subscribe({ afterPosition: 1 }).pipe(timeout(DELIVERY_MS)));
    await new Promise((r) => setTimeout(r, 50)); // the subscription has caught up and is waiting
    appendFromAnotherProcess(path, 'from-child');
    const delivered = await received;
    expect(delivered.streamId).toBe('from-child');
    expect(delivered.type).toBe('FromChild');
    await reader.close();
  });

  it('keeps waking through WAL checkpoints that truncate and restart the WAL, and a writer that reopens', async () => {
    const path = freshPath();
    const reader = new SqliteEventStore(path, { liveWakeUp: NO_FALLBACK });
    let writer = new SqliteEventStore(path);
    const seen: string[] = [];
    const all = reader.subscribe().subscribe((e) => seen.push(e.eventId));
    const until = async (n: number) => {
      const deadline = Date.now() + DELIVERY_MS;
      while (seen.length < n) {
        if (Date.now() > deadline) throw new Error(`only ${seen.length} of ${n} events delivered`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    await writer.append('s', [event(1)], -1);
    await until(1);
    writer.db.pragma('wal_checkpoint(TRUNCATE)'); // the WAL file shrinks to nothing
    await writer.append('s', [event(2)], 0);
    await until(2);
    writer.db.pragma('wal_checkpoint(RESTART)'); // the next commit writes the WAL from its start again
    await writer.append('s', [event(3)], 1);
    await until(3);
    await writer.close();
    writer = new SqliteEventStore(path);
    await writer.append('s', [event(4)], 2);
    await until(4);
    expect(seen).toEqual(['e-1', 'e-2', 'e-3', 'e-4']);
    all.unsubscribe();
    await writer.close();
    await reader.close();
  });

  it('still delivers by the fallback poll when the file-system watch cannot start', async () => {
    const path = freshPath();
    const failingWatch = () => {
      throw Object.assign(new Error('inotify watch limit reached'), { code: 'ENOSPC' });
    };
    const reader = new SqliteEventStore(path, { liveWakeUp: { fallbackPollMs: 100, watch: failingWatch } });
    const writer = new SqliteEventStore(path);
    const received = firstValueFrom(reader.subscribe().pipe(take(2), toArray(), timeout(DELIVERY_MS)));
    await writer.append('s', [event(1), event(2)], -1);
    expect((await received).map((e) => e.eventId)).toEqual(['e-1', 'e-2']);
    await writer.close();
    await reader.close();
  });

  it('wakes on commits of other connections to the file, and ends the wake-ups when the store closes', async () => {
    const path = freshPath();
    const reader = new SqliteEventStore(path, { liveWakeUp: NO_FALLBACK });
    const writer = new SqliteEventStore(path);
    // A table of its own stands for a read-model commit: any commit to the file wakes.
    writer.db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER)');
    let completed = false;
    const wakeUps: number[] = [];
    reader.wakeUps().subscribe({ next: () => wakeUps.push(Date.now()), complete: () => (completed = true) });
    const woken = firstValueFrom(
      reader.wakeUps().pipe(
        filter(() => true),
        timeout(DELIVERY_MS),
      ),
    );
    writer.db.prepare('INSERT OR REPLACE INTO checkpoints VALUES (?, ?)').run('caseload', 7);
    await woken;
    expect(wakeUps.length).toBeGreaterThan(0);
    await reader.close();
    expect(completed).toBe(true);
    await writer.close();
  });

  it('without a file-system watch, looks as often as the readers polled before wake-ups (100 ms), not at the 1 s fallback', () => {
    jest.useFakeTimers();
    const path = freshPath();
    const failingWatch = () => {
      throw Object.assign(new Error('inotify instance limit reached'), { code: 'EMFILE' });
    };
    const reader = new SqliteEventStore(path, { liveWakeUp: { watch: failingWatch } });
    const writer = new SqliteEventStore(path);
    try {
      let wakeUps = 0;
      const woken = reader.wakeUps().subscribe(() => wakeUps++);
      writer.db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER)');
      jest.advanceTimersByTime(100);
      expect(wakeUps).toBe(1);
      woken.unsubscribe();
    } finally {
      jest.useRealTimers();
      void writer.close();
      void reader.close();
    }
  });
});
