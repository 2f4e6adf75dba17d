import Database from 'better-sqlite3';
import { openSqlite } from './open-sqlite';
import { ChainVerification, ChainWriter, GENESIS_HASH, VerifyChainOptions } from '../chain';
import { Observable, Subject, merge, takeUntil } from 'rxjs';
import { AppendResult, EventStore, EventToAppend, ExpectedRevision, ReadAllOptions, RecordedEvent, SubscribeOptions, WrongExpectedRevisionError } from '../event-store.port';
import { StoredRecordedEvent } from '../stored-recorded-event';
import { verifyRowChain } from '../row-chain-verification';
import { AppendSignalOptions, appendSignal } from './append-signal';

/** Columns in the order of SELECT_EVENT; rows are read in raw (array) mode for speed. */
type EventRow = [position: number, streamId: string, revision: number, eventId: string, type: string, schemaVersion: number, occurredAt: string, recordedAt: string, metadata: string, data: string, hash: Buffer];
const SELECT_EVENT = 'SELECT position, stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data, hash FROM events';
/** The global feed (catch-up, projections, subscriptions) leaves the hash out: it is the hot path. */
const SELECT_EVENT_WITHOUT_HASH = 'SELECT position, stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data FROM events';

// No index on event_id: random UUIDs in a B-tree halve append throughput. Retried appends are
// recognised within their stream instead (see appendTransaction).
/** The embedded log's table (the bench's raw SQLite floor creates the very same one). */
export const EVENTS_TABLE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  event_id       TEXT    NOT NULL,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  occurred_at    TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  data           TEXT    NOT NULL,
  hash           BLOB    NOT NULL,
  UNIQUE (stream_id, revision)
);`;

const SUBSCRIPTION_BATCH = 1000;
const INSERT_COLUMNS = 'stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data, hash';
/**
 * Events per multi-row INSERT (see MultiRowInsert), largest first: one statement run per twenty (or ten) events instead
 * of one per event (a fraction of the binding calls, statement resets and AUTOINCREMENT sequence updates), with the
 * stream id, the recorded-at time and the first revision bound once per statement. Ten rows took 0.5–1 µs of CPU per
 * event off a 100-event append; with the values spread into run(), twenty take ~0.3 µs more; 50 and 100 were slower.
 */
const ROWS_PER_INSERT = [20, 10];
/** Per row of a multi-row INSERT: event id, type, schema version, occurred at, metadata, data, hash. */
const VALUES_PER_ROW = 7;
/** A multi-row INSERT and its positional values, reused from run to run (emptied after every append). */
type MultiRowInsert = { rows: number; statement: Database.Statement; values: unknown[] };
/** The log's head as this store last committed it, with what tells whether anything else wrote since (see SqliteEventStore.head). */
type Head = { dataVersion: number; totalChanges: number; hash: Buffer };
/** Stream revisions remembered between commits (see SqliteEventStore.head); past this many the memory starts over. */
const MAX_CACHED_REVISIONS = 100_000;

export interface SqliteEventStoreOptions {
  /** 'FULL' makes every commit durable (fsync); 'NORMAL' is faster and may lose the last commits on power loss. */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
  /** How live subscribers learn of commits by other processes on the same file (see append-signal.ts). */
  liveWakeUp?: AppendSignalOptions;
}

/** The embedded default: one SQLite file in WAL mode, unique (stream, revision), monotonic global position. */
export class SqliteEventStore implements EventStore {
  readonly db: Database.Database;
  private readonly appended = new Subject<void>();
  private readonly insert: Database.Statement;
  private readonly multiRowInserts: MultiRowInsert[];
  private readonly rowParameters = { streamId: '', firstRevision: 0, recordedAt: '' };
  private readonly currentRevision: Database.Statement;
  private readonly byEventId: Database.Statement;
  private readonly appendTransaction: Database.Transaction<(streamId: string, events: EventToAppend[], expected: ExpectedRevision) => AppendResult>;
  private readonly appendBatchTransaction: Database.Transaction<(batch: { streamId: string; events: EventToAppend[]; expectedRevision: ExpectedRevision }[]) => AppendResult[]>;

  constructor(
    readonly path: string,
    private readonly options: SqliteEventStoreOptions = {},
  ) {
    this.db = openSqlite(path, { synchronous: options.synchronous ?? 'FULL' });
    this.db.pragma('mmap_size = 1073741824'); // reads straight from the mapped file: faster catch-up and rebuilds
    this.db.pragma('cache_size = -65536');
    this.db.exec(EVENTS_TABLE_SCHEMA);
    const columns = (this.db.prepare('PRAGMA table_info(events)').all() as { name: string }[]).map((c) => c.name);
    if (!columns.includes('hash')) throw new Error(`${path} was written by an older wijkzorg without the hash chain; start from a fresh data directory`);
    this.insert = this.db.prepare(`INSERT INTO events (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?)`);
    this.multiRowInserts = ROWS_PER_INSERT.map((rows) => {
      const rowValues = Array.from({ length: rows }, (_, row) => `(@streamId, @firstRevision + ${row}, ?, ?, ?, ?, @recordedAt, CAST(? AS TEXT), CAST(? AS TEXT), ?)`).join(', ');
      return { rows, statement: this.db.prepare(`INSERT INTO events (${INSERT_COLUMNS}) VALUES ${rowValues}`), values: new Array<unknown>(rows * VALUES_PER_ROW) };
    });
    this.currentRevision = this.db.prepare('SELECT MAX(revision) FROM events WHERE stream_id = ?').pluck();
    this.byEventId = this.db.prepare('SELECT position, revision FROM events WHERE stream_id = ? AND event_id = ?');
    this.lastHash = this.db.prepare('SELECT hash FROM events ORDER BY position DESC LIMIT 1').pluck();
    this.dataVersion = this.db.prepare('PRAGMA data_version').pluck();
    this.totalChanges = this.db.prepare('SELECT total_changes()').pluck();
    this.appendTransaction = this.db.transaction((streamId: string, events: EventToAppend[], expected: ExpectedRevision) => this.appendWithinTransaction(streamId, events, expected, new Date().toISOString(), this.validHead()));
    this.appendBatchTransaction = this.db.transaction((batch: { streamId: string; events: EventToAppend[]; expectedRevision: ExpectedRevision }[]) => {
      const recordedAt = new Date().toISOString();
      const head = this.validHead();
      return batch.map((b) => this.appendWithinTransaction(b.streamId, b.events, b.expectedRevision, recordedAt, head));
    });
  }

  private readonly lastHash: Database.Statement;
  private readonly dataVersion: Database.Statement;
  private readonly totalChanges: Database.Statement;
  /**
   * The log's head hash and the revisions of the streams this store read or wrote, kept from commit to commit so a
   * commit needs no SELECT of them. They hold only while nothing else wrote the file: `PRAGMA data_version` changes
   * when another connection or process commits, `total_changes()` counts the rows this connection's statements changed
   * (its appends' inserts are counted in), and inside the write transaction no one else can write; both are nearly
   * free beside the two index lookups they replace. Any other write reloads the head and forgets the revisions. A
   * transaction updates them as it appends; one that fails forgets them (see forgetHead), as its writes are rolled
   * back. The store's appends are never run inside an outer transaction that could roll them back after they returned.
   */
  private head?: Head;
  private readonly revisions = new Map<string, number>();
  private readonly chain = new ChainWriter();

  private validHead(): Head {
    const dataVersion = this.dataVersion.get() as number;
    const totalChanges = this.totalChanges.get() as number;
    if (this.head?.dataVersion !== dataVersion || this.head.totalChanges !== totalChanges) {
      this.head = { dataVersion, totalChanges, hash: this.headHash() };
      this.revisions.clear();
    }
    return this.head;
  }

  private cachedRevisionOf(streamId: string): number {
    const cached = this.revisions.get(streamId);
    if (cached !== undefined) return cached;
    const revision = this.revisionOf(streamId);
    if (this.revisions.size >= MAX_CACHED_REVISIONS) this.revisions.clear();
    this.revisions.set(streamId, revision);
    return revision;
  }

  private forgetHead(): void {
    this.head = undefined;
    this.revisions.clear();
  }

  private headHash(): Buffer {
    return (this.lastHash.get() as Buffer | undefined) ?? GENESIS_HASH;
  }

  private appendWithinTransaction(streamId: string, events: EventToAppend[], expected: ExpectedRevision, recordedAt: string, head: Head): AppendResult {
    const current = this.cachedRevisionOf(streamId);
    if ((expected === 'any' || expected !== current) && events.length > 0) {
      // Were these very events appended before (a retried command)? Then answer as the first time did.
      const last = this.byEventId.get(streamId, events[events.length - 1].eventId) as { position: number; revision: number } | undefined;
      if (last && this.byEventId.get(streamId, events[0].eventId)) return { streamId, nextRevision: last.revision, lastPosition: last.position };
    }
    if (expected !== 'any' && expected !== current) throw new WrongExpectedRevisionError(streamId, expected, current);
    // Serialise and hash every event first, then insert them all: measured beside hashing and inserting in turns (which
    // presumably evict each other's code and data from the CPU caches), the hash chain costs about a fifth less CPU.
    // Metadata, data and hash are bound as views of the bytes the chain hashed (CAST(? AS TEXT) keeps the columns TEXT):
    // the same strings are not encoded to UTF-8 a second time by better-sqlite3.
    const count = events.length;
    const metadata = new Array<Uint8Array>(count);
    const data = new Array<Uint8Array>(count);
    const hashes = new Array<Uint8Array>(count);
    const chain = this.chain;
    chain.start(head.hash, streamId, recordedAt);
    for (let i = 0; i < count; i++) {
      const e = events[i];
      chain.write(current + 1 + i, e.eventId, e.type, e.schemaVersion, e.occurredAt, JSON.stringify(e.metadata), JSON.stringify(e.data));
      metadata[i] = chain.metadata;
      data[i] = chain.data;
      hashes[i] = chain.hash;
    }
    if (count > 0) head.hash = chain.headHash();
    // Rows go in in order (a multi-row VALUES inserts its rows in order), so positions follow revisions as before.
    let lastPosition = 0;
    let i = 0;
    if (count >= ROWS_PER_INSERT[ROWS_PER_INSERT.length - 1]) {
      const parameters = this.rowParameters;
      parameters.streamId = streamId;
      parameters.recordedAt = recordedAt;
      for (const { rows, statement, values } of this.multiRowInserts) {
        if (i + rows > count) continue;
        try {
          for (; i + rows <= count; i += rows) {
            for (let row = i, at = 0; row < i + rows; row++) {
              const e = events[row];
              values[at++] = e.eventId;
              values[at++] = e.type;
              values[at++] = e.schemaVersion;
              values[at++] = e.occurredAt;
              values[at++] = metadata[row];
              values[at++] = data[row];
              values[at++] = hashes[row];
            }
            parameters.firstRevision = current + 1 + i;
            // Spread, not the array itself: better-sqlite3 reads an array's elements one generic Get at a time.
            lastPosition = Number(statement.run(...values, parameters).lastInsertRowid);
          }
        } finally {
          values.fill(undefined); // holds no event content between appends
        }
      }
    }
    for (; i < count; i++) {
      const e = events[i];
      lastPosition = Number(this.insert.run(streamId, current + 1 + i, e.eventId, e.type, e.schemaVersion, e.occurredAt, recordedAt, metadata[i], data[i], hashes[i]).lastInsertRowid);
    }
    head.totalChanges += count;
    const revision = current + count;
    this.revisions.set(streamId, revision);
    return { streamId, nextRevision: revision, lastPosition };
  }

  private revisionOf(streamId: string): number {
    return (this.currentRevision.get(streamId) as number | null) ?? -1;
  }

  async append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    let result: AppendResult;
    try {
      result = this.appendTransaction.immediate(streamId, events, expectedRevision);
    } catch (error) {
      this.forgetHead();
      throw error;
    }
    if (events.length > 0) this.appended.next();
    return result;
  }

  /** Appends many streams in one transaction: used by seeding and benchmarks. */
  appendBatch(batch: { streamId: string; events: EventToAppend[]; expectedRevision: ExpectedRevision }[]): AppendResult[] {
    let results: AppendResult[];
    try {
      results = this.appendBatchTransaction.immediate(batch);
    } catch (error) {
      this.forgetHead();
      throw error;
    }
    this.appended.next();
    return results;
  }

  private readStreamStatement?: Database.Statement;
  async readStream(streamId: string, options: { fromRevision?: number; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    this.readStreamStatement ??= this.db.prepare(`${SELECT_EVENT} WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`).raw(true);
    return toRecordedEvents(this.readStreamStatement.all(streamId, options.fromRevision ?? 0, options.maxCount ?? -1) as EventRow[]);
  }

  async streamRevision(streamId: string): Promise<number> {
    return this.revisionOf(streamId);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllSync(options.afterPosition ?? 0, options.maxCount ?? -1);
  }

  private readAllStatement?: Database.Statement;
  readAllSync(afterPosition: number, maxCount: number): RecordedEvent[] {
    this.readAllStatement ??= this.db.prepare(`${SELECT_EVENT_WITHOUT_HASH} WHERE position > ? ORDER BY position LIMIT ?`).raw(true);
    return toRecordedEvents(this.readAllStatement.all(afterPosition, maxCount) as EventRow[]);
  }

  private headPositionStatement?: Database.Statement;
  async headPosition(): Promise<number> {
    this.headPositionStatement ??= this.db.prepare('SELECT MAX(position) FROM events').pluck();
    return (this.headPositionStatement.get() as number | null) ?? 0;
  }

  private wakeUpSignal?: Observable<void>;
  /** This store's appends at once; other connections' and processes' commits to the file through its append signal. Ends when the store closes. */
  wakeUps(): Observable<void> {
    if (this.path === ':memory:') return this.appended; // no other connection can write it
    if (!this.wakeUpSignal) {
      const closed = new Observable<void>((subscriber) => this.appended.subscribe({ complete: () => subscriber.next() }));
      this.wakeUpSignal = merge(this.appended, appendSignal(this.path, this.options.liveWakeUp).pipe(takeUntil(closed)));
    }
    return this.wakeUpSignal;
  }

  /** Catches up from the checkpoint, then reads on every wake-up (the append signal polls as its own fallback). */
  subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    const types = options.eventTypes ? new Set(options.eventTypes) : null;
    return new Observable<RecordedEvent>((subscriber) => {
      let position = options.afterPosition ?? 0;
      let closed = false;
      const drain = () => {
        if (closed) return;
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
        }
      };
      // Woken first, then caught up: a commit in between is seen by one or the other.
      const onWakeUp = this.wakeUps().subscribe(() => setImmediate(drain));
      setImmediate(drain);
      return () => {
        closed = true;
        onWakeUp.unsubscribe();
      };
    });
  }

  /** Recomputes the hash chain over the whole log (through the given anchors) or one stream, in pages. */
  verifyChain(options: VerifyChainOptions = {}): Promise<ChainVerification> {
    const rowsAfter = this.db.prepare(`${SELECT_EVENT} WHERE position > ? ORDER BY position LIMIT ?`).raw(true);
    const rowsOfStream = this.db.prepare(`${SELECT_EVENT} WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`).raw(true);
    const hashAt = this.db.prepare('SELECT hash FROM events WHERE position = ?').pluck();
    const hashBefore = this.db.prepare('SELECT hash FROM events WHERE position < ? ORDER BY position DESC LIMIT 1').pluck();
    return verifyRowChain(
      {
        hashAt: async (position) => hashAt.get(position) as Buffer | undefined,
        headPosition: () => this.headPosition(),
        rowsAfter: async (position, limit) => rowsAfter.all(position, limit) as EventRow[],
        streamRowsFrom: async (streamId, revision, limit) => (rowsOfStream.all(streamId, revision, limit) as EventRow[]).map((row) => ({ row, before: hashBefore.get(row[0]) as Buffer | undefined })),
      },
      options,
    );
  }

  async close(): Promise<void> {
    this.appended.complete();
    if (this.db.open) this.db.close();
  }
}

/** Turns a page of rows into events in place: no second array per page. */
function toRecordedEvents(rows: EventRow[]): RecordedEvent[] {
  const events = rows as unknown as RecordedEvent[];
  for (let i = 0; i < rows.length; i++) events[i] = new StoredRecordedEvent(rows[i]);
  return events;
}
