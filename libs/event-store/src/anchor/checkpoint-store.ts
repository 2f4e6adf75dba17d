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

/** Signed head checkpoints in their own SQLite file, apart from the event log. */
export class SqliteCheckpointStore {
  readonly db: Database.Database;
  private readonly latestStatement: Database.Statement;
  private readonly insert: Database.Statement;

  constructor(readonly path: string) {
    this.db = openSqlite(path, { synchronous: 'FULL' });
    this.db.exec(SCHEMA);
    this.latestStatement = this.db.prepare(`SELECT ${COLUMNS} FROM checkpoints ORDER BY sequence DESC LIMIT 1`);
    this.insert = this.db.prepare('INSERT INTO checkpoints (sequence, position, hash, event_count, recorded_at, previous, key_id, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  }

  latest(): HeadCheckpoint | undefined {
    return this.latestStatement.get() as HeadCheckpoint | undefined;
  }

  /** Checkpoints after a sequence number, oldest first. */
  list(options: { afterSequence?: number; limit?: number } = {}): HeadCheckpoint[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM checkpoints WHERE sequence > ? ORDER BY sequence LIMIT ?`).all(options.afterSequence ?? 0, options.limit ?? -1) as HeadCheckpoint[];
  }

  /** Every checkpoint, oldest first, one row at a time. */
  *all(): IterableIterator<HeadCheckpoint> {
    yield* this.db.prepare(`SELECT ${COLUMNS} FROM checkpoints ORDER BY sequence`).iterate() as IterableIterator<HeadCheckpoint>;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) FROM checkpoints').pluck().get() as number) ?? 0;
  }

  /** Appends the next checkpoint; refuses one that does not follow the latest (another process was first). */
  append(checkpoint: HeadCheckpoint): void {
    this.db
      .transaction(() => {
        const latest = this.latest();
        const expectedSequence = (latest?.sequence ?? 0) + 1;
        const expectedPrevious = latest ? checkpointDigest(latest) : NO_PREVIOUS_CHECKPOINT;
        if (checkpoint.sequence !== expectedSequence || checkpoint.previous !== expectedPrevious) throw new CheckpointConflictError(checkpoint.sequence - 1, latest?.sequence ?? 0);
        const c = checkpoint;
        this.insert.run(c.sequence, c.position, c.hash, c.eventCount, c.recordedAt, c.previous, c.keyId, c.signature);
      })
      .immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
