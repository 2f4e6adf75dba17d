import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Observable, Subject } from 'rxjs';
import { AppendResult, EventStore, EventToAppend, ExpectedRevision, ReadAllOptions, RecordedEvent, SubscribeOptions, WrongExpectedRevisionError } from '../event-store.port';

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  occurred_at: string;
  recorded_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id       TEXT    NOT NULL UNIQUE,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  occurred_at    TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);`;

/** How often a live subscription looks for events written by another process on the same file. */
const POLL_MS = 200;
const SUBSCRIPTION_BATCH = 1000;

export interface SqliteEventStoreOptions {
  /** 'FULL' makes every commit durable (fsync); 'NORMAL' is faster and may lose the last commits on power loss. */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
}

/** The embedded default: one SQLite file in WAL mode, unique (stream, revision), monotonic global position. */
export class SqliteEventStore implements EventStore {
  readonly db: Database.Database;
  private readonly appended = new Subject<void>();
  private readonly insert: Database.Statement;
  private readonly currentRevision: Database.Statement;
  private readonly byEventId: Database.Statement;
  private readonly appendTransaction: Database.Transaction<(streamId: string, events: EventToAppend[], expected: ExpectedRevision) => AppendResult>;

  constructor(readonly path: string, options: SqliteEventStoreOptions = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.insert = this.db.prepare(
      `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.currentRevision = this.db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?');
    this.byEventId = this.db.prepare('SELECT position, stream_id, revision FROM events WHERE event_id = ?');
    this.appendTransaction = this.db.transaction((streamId: string, events: EventToAppend[], expected: ExpectedRevision) => {
      const current = this.revisionOf(streamId);
      const duplicate = events.length > 0 ? (this.byEventId.get(events[0].eventId) as { position: number; stream_id: string; revision: number } | undefined) : undefined;
      if (duplicate && duplicate.stream_id === streamId) {
        // The same events were appended before (a retried command): answer as the first time did.
        const last = this.byEventId.get(events[events.length - 1].eventId) as { position: number; revision: number } | undefined;
        if (last) return { streamId, nextRevision: last.revision, lastPosition: last.position };
      }
      if (expected !== 'any' && expected !== current) throw new WrongExpectedRevisionError(streamId, expected, current);
      const recordedAt = new Date().toISOString();
      let revision = current;
      let lastPosition = 0;
      for (const e of events) {
        revision += 1;
        const info = this.insert.run(e.eventId, streamId, revision, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata), e.occurredAt, recordedAt);
        lastPosition = Number(info.lastInsertRowid);
      }
      return { streamId, nextRevision: revision, lastPosition };
    });
  }

  private revisionOf(streamId: string): number {
    const row = this.currentRevision.get(streamId) as { revision: number | null };
    return row.revision ?? -1;
  }

  async append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const result = this.appendTransaction.immediate(streamId, events, expectedRevision);
    if (events.length > 0) this.appended.next();
    return result;
  }

  /** Appends many streams in one transaction: used by seeding and benchmarks. */
  appendBatch(batch: { streamId: string; events: EventToAppend[]; expectedRevision: ExpectedRevision }[]): AppendResult[] {
    const results = this.db.transaction(() => batch.map((b) => this.appendTransaction(b.streamId, b.events, b.expectedRevision))).immediate();
    this.appended.next();
    return results;
  }

  async readStream(streamId: string, options: { fromRevision?: number; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    const rows = this.db
      .prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?')
      .all(streamId, options.fromRevision ?? 0, options.maxCount ?? -1) as EventRow[];
    return rows.map(toRecorded);
  }

  async streamRevision(streamId: string): Promise<number> {
    return this.revisionOf(streamId);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllSync(options.afterPosition ?? 0, options.maxCount ?? -1);
  }

  private readAllStatement?: Database.Statement;
  readAllSync(afterPosition: number, maxCount: number): RecordedEvent[] {
    this.readAllStatement ??= this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    return (this.readAllStatement.all(afterPosition, maxCount) as EventRow[]).map(toRecorded);
  }

  async headPosition(): Promise<number> {
    const row = this.db.prepare('SELECT MAX(position) AS position FROM events').get() as { position: number | null };
    return row.position ?? 0;
  }

  subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    const types = options.eventTypes ? new Set(options.eventTypes) : null;
    return new Observable<RecordedEvent>((subscriber) => {
      let position = options.afterPosition ?? 0;
      let closed = false;
      let timer: NodeJS.Timeout | undefined;
      const drain = () => {
        if (closed) return;
        clearTimeout(timer);
        try {
          for (;;) {
            const batch = this.readAllSync(position, SUBSCRIPTION_BATCH);
            for (const e of batch) {
              if (closed) return;
              position = e.globalPosition;
              if (!types || types.has(e.type)) subscriber.next(e);
            }
            if (batch.length < SUBSCRIPTION_BATCH) break;
          }
        } catch (error) {
          if (!closed) subscriber.error(error);
          return;
        }
        timer = setTimeout(drain, POLL_MS);
      };
      const onAppend = this.appended.subscribe(() => setImmediate(drain));
      setImmediate(drain);
      return () => {
        closed = true;
        clearTimeout(timer);
        onAppend.unsubscribe();
      };
    });
  }

  async close(): Promise<void> {
    this.appended.complete();
    if (this.db.open) this.db.close();
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    globalPosition: row.position,
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data),
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    metadata: JSON.parse(row.metadata),
  };
}
