import type { Client, Pool, PoolClient } from 'pg';
import { postgresDriver } from './postgres-driver';
import { EMPTY, Observable, Subject, merge } from 'rxjs';
import { ChainVerification, GENESIS_HASH, VerifyChainOptions, chainHash } from '../chain';
import { AppendResult, EventStore, EventToAppend, ExpectedRevision, ReadAllOptions, RecordedEvent, SubscribeOptions, WrongExpectedRevisionError } from '../event-store.port';
import { inPostgresTransaction } from './postgres-transaction';
import { StoredRecordedEvent } from '../stored-recorded-event';
import { verifyRowChain } from '../row-chain-verification';

/** Columns in the order of SELECT_EVENT; rows are read in array mode for speed. position is a BIGINT (a string from pg). */
type EventRow = [position: string, streamId: string, revision: number, eventId: string, type: string, schemaVersion: number, occurredAt: string, recordedAt: string, metadata: string, data: string, hash?: Buffer];
const COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data';
const SELECT_EVENT = `SELECT ${COLUMNS}, hash FROM wz_events`;
/** The global feed (catch-up, projections, subscriptions) leaves the hash out: it is the hot path. */
const SELECT_EVENT_WITHOUT_HASH = `SELECT ${COLUMNS} FROM wz_events`;

/** The channel every append notifies with the new head position. */
export const EVENTS_CHANNEL = 'wz_events';

// Metadata and data are kept as the exact text that was hashed (not jsonb, which would reformat it).
// wz_head is one row: appends lock it, so positions are assigned and committed in order, without gaps.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS wz_events (
  position       BIGINT  PRIMARY KEY,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  event_id       TEXT    NOT NULL,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  occurred_at    TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  data           TEXT    NOT NULL,
  hash           BYTEA   NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS wz_head (
  id       SMALLINT PRIMARY KEY CHECK (id = 1),
  position BIGINT   NOT NULL,
  hash     BYTEA    NOT NULL
);
INSERT INTO wz_head (id, position, hash) VALUES (1, 0, '\\x${GENESIS_HASH.toString('hex')}') ON CONFLICT (id) DO NOTHING;`;

const SUBSCRIPTION_BATCH = 1000;
/** Transient failures of a subscription's reads before it gives up and reports the error. */
const SUBSCRIPTION_RETRIES = 20;
const MAX_BACKOFF_MS = 5000;

export interface PostgresEventStoreOptions {
  /** Connections in the pool. */
  poolSize?: number;
  /** A live subscription reads again after this long without a notification, in case one was lost. */
  fallbackPollMs?: number;
}

/**
 * The production event store on PostgreSQL: unique (stream, revision), one global hash chain over the
 * whole log as in the embedded store (so `verifyChain` and `audit verify` work the same), appends of
 * several processes serialised by a row lock on wz_head, live subscriptions through LISTEN/NOTIFY.
 */
export class PostgresEventStore implements EventStore {
  readonly pool: Pool;
  private readonly ready: Promise<void>;
  private readonly fallbackPollMs: number;
  private readonly appended = new Subject<void>();
  private listener?: NotificationListener;
  /** Ends each live subscription: closing the store completes them. */
  private readonly live = new Set<() => void>();
  private closed = false;

  constructor(
    readonly url: string,
    options: PostgresEventStoreOptions = {},
  ) {
    this.pool = new (postgresDriver().Pool)({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle connection that the server ends must not bring the process down; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.fallbackPollMs = options.fallbackPollMs ?? 5000;
    this.ready = this.createSchema();
    this.ready.catch(() => undefined); // reported by the first operation that waits for it
  }

  private createSchema(): Promise<void> {
    return inPostgresTransaction(this.pool, async (client) => {
      // Two processes starting at once must not race on CREATE TABLE IF NOT EXISTS.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('wijkzorg:wz_events:schema'))");
      await client.query(SCHEMA);
    });
  }

  private async query<Row extends unknown[]>(text: string, values: unknown[]): Promise<Row[]> {
    await this.ready;
    return (await this.pool.query<Row>({ text, values, rowMode: 'array' })).rows;
  }

  async append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const [result] = await this.appendBatch([{ streamId, events, expectedRevision }]);
    return result;
  }

  /** Appends to many streams in one transaction (all or nothing): used by seeding and benchmarks. */
  async appendBatch(batch: { streamId: string; events: EventToAppend[]; expectedRevision: ExpectedRevision }[]): Promise<AppendResult[]> {
    await this.ready;
    const results = await inPostgresTransaction(this.pool, (client) => this.appendWithinTransaction(client, batch));
    if (batch.some((b) => b.events.length > 0)) this.appended.next();
    return results;
  }

  private async appendWithinTransaction(client: PoolClient, batch: { streamId: string; events: EventToAppend[]; expectedRevision: ExpectedRevision }[]): Promise<AppendResult[]> {
    // The lock every appender takes first: positions and the chain continue from the committed head.
    const head = (await client.query<[string, Buffer]>({ text: 'SELECT position, hash FROM wz_head WHERE id = 1 FOR UPDATE', rowMode: 'array' })).rows[0];
    let position = Number(head[0]);
    let hash = head[1];
    const recordedAt = new Date().toISOString();
    const streamIds = [...new Set(batch.map((b) => b.streamId))];
    const revisions = new Map<string, number>(streamIds.map((s) => [s, -1]));
    const current = await client.query<[string, number]>({ text: 'SELECT stream_id, MAX(revision) FROM wz_events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id', values: [streamIds], rowMode: 'array' });
    for (const [s, revision] of current.rows) revisions.set(s, revision);
    const rows: unknown[][] = Array.from({ length: 11 }, () => []);
    const results: AppendResult[] = [];
    for (const { streamId, events, expectedRevision: expected } of batch) {
      const revisionBefore = revisions.get(streamId)!;
      if ((expected === 'any' || expected !== revisionBefore) && events.length > 0) {
        // Were these very events appended before (a retried command)? Then answer as the first time did.
        const found = await client.query<[string, string, number]>({ text: 'SELECT event_id, position, revision FROM wz_events WHERE stream_id = $1 AND event_id = ANY($2::text[])', values: [streamId, [events[0].eventId, events[events.length - 1].eventId]], rowMode: 'array' });
        const last = found.rows.find((r) => r[0] === events[events.length - 1].eventId);
        if (last && found.rows.some((r) => r[0] === events[0].eventId)) {
          results.push({ streamId, nextRevision: last[2], lastPosition: Number(last[1]) });
          continue;
        }
      }
      if (expected !== 'any' && expected !== revisionBefore) throw new WrongExpectedRevisionError(streamId, expected, revisionBefore);
      let revision = revisionBefore;
      for (const e of events) {
        revision += 1;
        position += 1;
        const metadata = JSON.stringify(e.metadata);
        const data = JSON.stringify(e.data);
        hash = chainHash(hash, streamId, revision, e.eventId, e.type, e.schemaVersion, e.occurredAt, recordedAt, metadata, data);
        const row = [position, streamId, revision, e.eventId, e.type, e.schemaVersion, e.occurredAt, recordedAt, metadata, data, hash];
        row.forEach((value, i) => rows[i].push(value));
      }
      revisions.set(streamId, revision);
      results.push({ streamId, nextRevision: revision, lastPosition: position });
    }
    if (rows[0].length === 0) return results;
    await client.query(
      `INSERT INTO wz_events (position, stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data, hash)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bytea[])`,
      rows,
    );
    await client.query('UPDATE wz_head SET position = $1, hash = $2 WHERE id = 1', [position, hash]);
    // Delivered on commit, to every listening process.
    await client.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, String(position)]);
    return results;
  }

  async readStream(streamId: string, options: { fromRevision?: number; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>(`${SELECT_EVENT} WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`, [streamId, options.fromRevision ?? 0, options.maxCount ?? null]);
    return rows.map(toRecorded);
  }

  async streamRevision(streamId: string): Promise<number> {
    const [[revision]] = await this.query<[number | null]>('SELECT MAX(revision) FROM wz_events WHERE stream_id = $1', [streamId]);
    return revision ?? -1;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>(`${SELECT_EVENT_WITHOUT_HASH} WHERE position > $1 ORDER BY position LIMIT $2`, [options.afterPosition ?? 0, options.maxCount ?? null]);
    return rows.map(toRecorded);
  }

  async headPosition(): Promise<number> {
    const [[position]] = await this.query<[string | null]>('SELECT MAX(position) FROM wz_events', []);
    return Number(position ?? 0);
  }

  /**
   * Catches up from the checkpoint, then wakes on every NOTIFY of an append (any process), on this
   * store's own appends, and after `fallbackPollMs` without either. Reads page by position up to the
   * committed head: positions commit in order, so nothing is skipped or delivered twice.
   */
  subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    const types = options.eventTypes ? [...options.eventTypes] : null;
    return new Observable<RecordedEvent>((subscriber) => {
      let position = options.afterPosition ?? 0;
      let closed = false;
      let running = false;
      let again = false;
      let failures = 0;
      let timer: NodeJS.Timeout | undefined;
      const drainOnce = async () => {
        for (;;) {
          const [[head]] = await this.query<[string]>('SELECT position FROM wz_head WHERE id = 1', []);
          const upTo = Number(head);
          if (upTo <= position) return;
          const rows = types
            ? await this.query<EventRow>(`${SELECT_EVENT_WITHOUT_HASH} WHERE position > $1 AND position <= $2 AND type = ANY($3::text[]) ORDER BY position LIMIT $4`, [position, upTo, types, SUBSCRIPTION_BATCH])
            : await this.query<EventRow>(`${SELECT_EVENT_WITHOUT_HASH} WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3`, [position, upTo, SUBSCRIPTION_BATCH]);
          for (const row of rows) {
            if (closed) return;
            const e = toRecorded(row);
            position = e.globalPosition;
            subscriber.next(e);
          }
          // A short page read everything up to the head, matching or not.
          if (rows.length < SUBSCRIPTION_BATCH) position = Math.max(position, upTo);
        }
      };
      const drain = async () => {
        clearTimeout(timer);
        try {
          do {
            again = false;
            await drainOnce();
          } while (again && !closed);
          failures = 0;
          if (!closed) timer = setTimeout(wake, this.fallbackPollMs);
        } catch (error) {
          if (closed) return;
          if (this.closed) subscriber.complete();
          else if (++failures > SUBSCRIPTION_RETRIES) subscriber.error(error);
          else timer = setTimeout(wake, Math.min(MAX_BACKOFF_MS, 50 * 2 ** failures));
        } finally {
          running = false;
        }
      };
      const wake = () => {
        if (closed) return;
        if (running) {
          again = true;
          return;
        }
        running = true;
        void drain();
      };
      const end = () => {
        closed = true;
        clearTimeout(timer);
        subscriber.complete();
      };
      this.live.add(end);
      const onAppend = this.appended.subscribe(() => setImmediate(wake));
      const listener = this.notifications();
      const onNotify = listener.wakes.subscribe(wake);
      // Listen first, then catch up: an append committed in between is seen by one or the other.
      void listener.started.then(wake);
      timer = setTimeout(wake, this.fallbackPollMs); // should the listener not connect at all
      return () => {
        closed = true;
        clearTimeout(timer);
        this.live.delete(end);
        onAppend.unsubscribe();
        onNotify.unsubscribe();
      };
    });
  }

  /** This store's appends and every NOTIFY of an append (any process); the listener reconnects by itself. */
  wakeUps(): Observable<void> {
    if (this.closed) return EMPTY;
    return merge(this.appended, this.notifications().wakes);
  }

  private notifications(): NotificationListener {
    this.listener ??= new NotificationListener(this.url, EVENTS_CHANNEL);
    return this.listener;
  }

  /** Recomputes the hash chain over the whole log (through the given anchors) or one stream, in keyset pages. */
  verifyChain(options: VerifyChainOptions = {}): Promise<ChainVerification> {
    return verifyRowChain(
      {
        hashAt: async (position) => (await this.query<[Buffer]>('SELECT hash FROM wz_events WHERE position = $1', [position]))[0]?.[0],
        headPosition: () => this.headPosition(),
        rowsAfter: (position, limit) => this.query<EventRow>(`${SELECT_EVENT} WHERE position > $1 ORDER BY position LIMIT $2`, [position, limit]),
        streamRowsFrom: async (streamId, revision, limit) =>
          (await this.query<[...EventRow, Buffer | null]>(`SELECT ${COLUMNS}, hash, (SELECT p.hash FROM wz_events p WHERE p.position < e.position ORDER BY p.position DESC LIMIT 1) FROM wz_events e WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`, [streamId, revision, limit])).map(
            (r) => ({ row: r.slice(0, 11) as EventRow, before: r[11] ?? undefined }),
          ),
      },
      options,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const end of [...this.live]) end();
    this.appended.complete();
    await this.listener?.close();
    await this.ready.catch(() => undefined);
    await this.pool.end();
  }
}

/**
 * One dedicated connection per store that LISTENs on the channel. When the connection drops it
 * reconnects with back-off and then wakes every subscription, which catches up on what it missed.
 */
class NotificationListener {
  readonly wakes = new Subject<void>();
  readonly started: Promise<void>;
  private client?: Client;
  private closed = false;
  private retry?: NodeJS.Timeout;
  private attempt = 0;
  private resolveStarted!: () => void;

  constructor(
    private readonly url: string,
    private readonly channel: string,
  ) {
    this.started = new Promise((resolve) => (this.resolveStarted = resolve));
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new (postgresDriver().Client)({ connectionString: this.url, application_name: 'wijkzorg-event-listener' });
    this.client = client;
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.retry = setTimeout(() => void this.connect(), Math.min(MAX_BACKOFF_MS, 100 * 2 ** this.attempt++));
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', () => this.wakes.next());
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.attempt = 0;
      this.resolveStarted();
      this.wakes.next(); // notifications sent while it was down are lost: catch up
    } catch {
      onLost();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.resolveStarted();
    this.wakes.complete();
    await this.client?.end().catch(() => undefined);
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  return new StoredRecordedEvent(row);
}
