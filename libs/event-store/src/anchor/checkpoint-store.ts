import Database from 'better-sqlite3';
import { openSqlite } from '../sqlite/open-sqlite';
import { HeadCheckpoint, NO_PREVIOUS_CHECKPOINT, checkpointDigest } from './checkpoint';

// Append-only by construction: the triggers refuse changes and removals through SQLite. Someone
// editing the file directly gets past them, which is what the signatures and the chain of
// `previous` digests (and outsiders' copies) are for.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS checkpoints (
  sequence    INTEGER PRIMARY KEY,
  position    INTEGER NOT NULL,
  hash        TEXT    NOT NULL,
  event_count INTEGER NOT NULL,
  recorded_at TEXT    NOT NULL,
  previous    TEXT    NOT NULL,
  key_id      TEXT    NOT NULL,
  signature   TEXT    NOT NULL
);
CREATE TRIGGER IF NOT EXISTS checkpoints_no_update BEFORE UPDATE ON checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_no_delete BEFORE DELETE ON checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;`;

const COLUMNS = 'sequence, position, hash, event_count AS eventCount, recorded_at AS recordedAt, previous, key_id AS keyId, signature';

export class CheckpointConflictError extends Error {
  constructor(
    readonly expectedPrevious: number,
    readonly actualLatest: number,
  ) {
    super(`another checkpoint was taken meanwhile (latest is ${actualLatest}, expected ${expectedPrevious})`);
    this.name = 'CheckpointConflictError';
  }
}

/**
 * Where signed head checkpoints are kept: append-only, in sequence. An append that does not follow
 * the latest (another process was first) is refused with CheckpointConflictError.
 */
export interface CheckpointStore {
  latest(): Promise<HeadCheckpoint | undefined>;
  /** Checkpoints after a sequence number, oldest first. */
  list(options?: { afterSequence?: number; limit?: number }): Promise<HeadCheckpoint[]>;
  /** Every checkpoint, oldest first, read in pages. */
  all(): AsyncIterable<HeadCheckpoint>;
  count(): Promise<number>;
  append(checkpoint: HeadCheckpoint): Promise<void>;
  close(): Promise<void>;
}

/** Checkpoints read per page by `all()`. */
export const CHECKPOINT_PAGE = 1000;

/** Every checkpoint, oldest first, one page of a store's list() at a time. */
export async function* pagedCheckpoints(list: CheckpointStore['list']): AsyncIterable<HeadCheckpoint> {
  for (let after = 0; ;) {
    const page = await list({ afterSequence: after, limit: CHECKPOINT_PAGE });
    yield* page;
    if (page.length < CHECKPOINT_PAGE) return;
    after = page[page.length - 1].sequence;
  }
}

/** Signed head checkpoints in their own SQLite file, apart from the event log. */
export class SqliteCheckpointStore implements CheckpointStore {
  readonly db: Database.Database;
  private readonly latestStatement: Database.Statement;
  private readonly insert: Database.Statement;

  constructor(readonly path: string) {
    this.db = openSqlite(path, { synchronous: 'FULL' });
    this.db.exec(SCHEMA);
    this.latestStatement = this.db.prepare(`SELECT ${COLUMNS} FROM checkpoints ORDER BY sequence DESC LIMIT 1`);
    this.insert = this.db.prepare('INSERT INTO checkpoints (sequence, position, hash, event_count, recorded_at, previous, key_id, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  }

  async latest(): Promise<HeadCheckpoint | undefined> {
    return this.latestStatement.get() as HeadCheckpoint | undefined;
  }

  async list(options: { afterSequence?: number; limit?: number } = {}): Promise<HeadCheckpoint[]> {
    return this.db.prepare(`SELECT ${COLUMNS} FROM checkpoints WHERE sequence > ? ORDER BY sequence LIMIT ?`).all(options.afterSequence ?? 0, options.limit ?? -1) as HeadCheckpoint[];
  }

  // In pages, not one open statement: the connection stays free for other calls between them.
  all(): AsyncIterable<HeadCheckpoint> {
    return pagedCheckpoints((options) => this.list(options));
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) FROM checkpoints').pluck().get() as number) ?? 0;
  }

  /** Appends the next checkpoint; refuses one that does not follow the latest (another process was first). */
  async append(checkpoint: HeadCheckpoint): Promise<void> {
    this.db
      .transaction(() => {
        const latest = this.latestStatement.get() as HeadCheckpoint | undefined;
        const expectedSequence = (latest?.sequence ?? 0) + 1;
        const expectedPrevious = latest ? checkpointDigest(latest) : NO_PREVIOUS_CHECKPOINT;
        if (checkpoint.sequence !== expectedSequence || checkpoint.previous !== expectedPrevious) throw new CheckpointConflictError(checkpoint.sequence - 1, latest?.sequence ?? 0);
        const c = checkpoint;
        this.insert.run(c.sequence, c.position, c.hash, c.eventCount, c.recordedAt, c.previous, c.keyId, c.signature);
      })
      .immediate();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
