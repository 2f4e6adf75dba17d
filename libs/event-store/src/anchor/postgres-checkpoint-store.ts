import type { Pool } from 'pg';
import { postgresDriver } from '../postgres/postgres-driver';
import { HeadCheckpoint, NO_PREVIOUS_CHECKPOINT, checkpointDigest } from './checkpoint';
import { CheckpointConflictError, CheckpointStore, pagedCheckpoints } from './checkpoint-store';
import { inPostgresTransaction } from '../postgres/postgres-transaction';

// Append-only by construction, as in SQLite: a trigger refuses changes, removals and TRUNCATE.
// Someone with the rights to drop it gets past it, which is what the signatures, the chain of
// `previous` digests and outsiders' copies are for.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS wz_checkpoints (
  sequence    BIGINT PRIMARY KEY,
  position    BIGINT NOT NULL,
  hash        TEXT   NOT NULL,
  event_count BIGINT NOT NULL,
  recorded_at TEXT   NOT NULL,
  previous    TEXT   NOT NULL,
  key_id      TEXT   NOT NULL,
  signature   TEXT   NOT NULL
);
CREATE OR REPLACE FUNCTION wz_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'checkpoints are append-only';
END $$;
CREATE OR REPLACE TRIGGER wz_checkpoints_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON wz_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION wz_checkpoints_append_only();`;

const COLUMNS = 'sequence, position, hash, event_count, recorded_at, previous, key_id, signature';
type CheckpointRow = [sequence: string, position: string, hash: string, eventCount: string, recordedAt: string, previous: string, keyId: string, signature: string];

/** Signed head checkpoints in the PostgreSQL database of the event store (table wz_checkpoints). */
export class PostgresCheckpointStore implements CheckpointStore {
  readonly pool: Pool;
  private schema?: Promise<void>;

  constructor(readonly url: string) {
    this.pool = new (postgresDriver().Pool)({ connectionString: url, max: 2 });
    this.pool.on('error', () => undefined); // an idle connection ended by the server; the next query reconnects
    void this.ready().catch(() => undefined); // reported by the first call that waits for it
  }

  /** The table, created once; a failure (the server briefly away at start-up) is tried again by the next call. */
  private ready(): Promise<void> {
    this.schema ??= this.inTransaction(async (query) => {
      await query("SELECT pg_advisory_xact_lock(hashtext('wijkzorg:wz_checkpoints'))");
      await query(SCHEMA);
    }).catch((error) => {
      this.schema = undefined;
      throw error;
    });
    return this.schema;
  }

  private async inTransaction<T>(work: (query: (text: string, values?: unknown[]) => Promise<CheckpointRow[]>) => Promise<T>): Promise<T> {
    return inPostgresTransaction(this.pool, (client) => work(async (text, values) => (await client.query<CheckpointRow>({ text, values, rowMode: 'array' })).rows));
  }

  private async query(text: string, values: unknown[] = []): Promise<CheckpointRow[]> {
    await this.ready();
    return (await this.pool.query<CheckpointRow>({ text, values, rowMode: 'array' })).rows;
  }

  async latest(): Promise<HeadCheckpoint | undefined> {
    const [row] = await this.query(`SELECT ${COLUMNS} FROM wz_checkpoints ORDER BY sequence DESC LIMIT 1`);
    return row && toCheckpoint(row);
  }

  async list(options: { afterSequence?: number; limit?: number } = {}): Promise<HeadCheckpoint[]> {
    return (await this.query(`SELECT ${COLUMNS} FROM wz_checkpoints WHERE sequence > $1 ORDER BY sequence LIMIT $2`, [options.afterSequence ?? 0, options.limit ?? null])).map(toCheckpoint);
  }

  all(): AsyncIterable<HeadCheckpoint> {
    return pagedCheckpoints((options) => this.list(options));
  }

  async count(): Promise<number> {
    const [[count]] = await this.query('SELECT COUNT(*) FROM wz_checkpoints');
    return Number(count);
  }

  /** Appends the next checkpoint; refuses one that does not follow the latest (another process was first). */
  async append(checkpoint: HeadCheckpoint): Promise<void> {
    await this.ready();
    await this.inTransaction(async (query) => {
      // One appender at a time across processes: read the latest and insert after it atomically.
      await query("SELECT pg_advisory_xact_lock(hashtext('wijkzorg:wz_checkpoints:append'))");
      const [row] = await query(`SELECT ${COLUMNS} FROM wz_checkpoints ORDER BY sequence DESC LIMIT 1`);
      const latest = row && toCheckpoint(row);
      const expectedSequence = (latest?.sequence ?? 0) + 1;
      const expectedPrevious = latest ? checkpointDigest(latest) : NO_PREVIOUS_CHECKPOINT;
      if (checkpoint.sequence !== expectedSequence || checkpoint.previous !== expectedPrevious) throw new CheckpointConflictError(checkpoint.sequence - 1, latest?.sequence ?? 0);
      const c = checkpoint;
      await query(`INSERT INTO wz_checkpoints (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [c.sequence, c.position, c.hash, c.eventCount, c.recordedAt, c.previous, c.keyId, c.signature]);
    });
  }

  async close(): Promise<void> {
    await this.schema?.catch(() => undefined);
    await this.pool.end();
  }
}

function toCheckpoint([sequence, position, hash, eventCount, recordedAt, previous, keyId, signature]: CheckpointRow): HeadCheckpoint {
  return { sequence: Number(sequence), position: Number(position), hash, eventCount: Number(eventCount), recordedAt, previous, keyId, signature };
}
