import Database from 'better-sqlite3';
import { EVENTS_TABLE_SCHEMA, EventToAppend } from '@wijkzorg/event-store';

/**
 * The raw SQLite floor of the event store's workloads: plain better-sqlite3 on a separate file with the
 * same table (same columns, UNIQUE(stream_id, revision), AUTOINCREMENT) and the same pragmas (WAL,
 * synchronous FULL, mmap, cache) as SqliteEventStore, written with the same EventToAppend objects.
 *
 * It does what any store must and nothing more:
 * - append: one transaction (BEGIN IMMEDIATE … COMMIT) per commit; one recordedAt timestamp per commit;
 *   JSON.stringify of data and of metadata once per event; one INSERT per event with a 32-byte hash blob
 *   (a constant: no chain hashing) and the revision the caller hands in (no revision check, no idempotency lookup).
 * - read all: SELECT of every column an event carries (all but the hash, which readAll does not return)
 *   in raw (array) mode, in pages by position, and JSON.parse of data and metadata of every row.
 * - read a stream: the same plus the hash (readStream returns each event's hash), WHERE stream_id = ? ORDER BY revision.
 * The event store's figure of a workload divided by the floor's is the "ratio of floor".
 */
export const FLOOR_SCHEMA = EVENTS_TABLE_SCHEMA;

const HASH = Buffer.alloc(32, 0xab);

export interface FloorCommit {
  streamId: string;
  /** Revision of the stream's first event in this commit (the floor trusts it: no check). */
  firstRevision: number;
  events: EventToAppend[];
}

/** A parsed row: what a reader of the log needs of an event. */
export type FloorEvent = [position: number, streamId: string, revision: number, eventId: string, type: string, schemaVersion: number, occurredAt: string, recordedAt: string, metadata: unknown, data: unknown];

export class SqliteFloor {
  readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly commitTransaction: Database.Transaction<(commits: FloorCommit[]) => void>;
  private readonly pageAfter: Database.Statement;
  private readonly streamRows: Database.Statement;

  constructor(path: string, synchronous: 'FULL' | 'NORMAL' = 'FULL') {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous}`);
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('mmap_size = 1073741824');
    this.db.pragma('cache_size = -65536');
    this.db.exec(FLOOR_SCHEMA);
    this.insert = this.db.prepare('INSERT INTO events (stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.commitTransaction = this.db.transaction((commits: FloorCommit[]) => {
      const recordedAt = new Date().toISOString();
      for (const { streamId, firstRevision, events } of commits) {
        let revision = firstRevision;
        for (const e of events) this.insert.run(streamId, revision++, e.eventId, e.type, e.schemaVersion, e.occurredAt, recordedAt, JSON.stringify(e.metadata), JSON.stringify(e.data), HASH);
      }
    });
    const columns = 'position, stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data';
    this.pageAfter = this.db.prepare(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(true);
    this.streamRows = this.db.prepare(`SELECT ${columns}, hash FROM events WHERE stream_id = ? ORDER BY revision`).raw(true);
  }

  /** One durable commit of the given streams' events. */
  commit(commits: FloorCommit[]): void {
    this.commitTransaction.immediate(commits);
  }

  /** Up to `maxCount` events after `afterPosition`, data and metadata parsed. */
  readPage(afterPosition: number, maxCount: number): FloorEvent[] {
    return parsed(this.pageAfter.all(afterPosition, maxCount) as unknown[][]);
  }

  readStream(streamId: string): FloorEvent[] {
    return parsed(this.streamRows.all(streamId) as unknown[][]);
  }

  close(): void {
    this.db.close();
  }
}

function parsed(rows: unknown[][]): FloorEvent[] {
  for (const row of rows) {
    row[8] = JSON.parse(row[8] as string);
    row[9] = JSON.parse(row[9] as string);
  }
  return rows as FloorEvent[];
}
