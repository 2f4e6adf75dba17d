import Database from 'better-sqlite3';

/** A stream's state at one revision, as the snapshot stores keep it (the SnapshotStore port of libs/application). */
export interface SnapshotRow {
  streamId: string;
  /** The decider's snapshot kind and version ("client@1"): a snapshot of another shape is ignored. */
  shape: string;
  revision: number;
  /** The hash of the event at `revision` (its event id where the store keeps no hash chain). */
  anchor: string;
  /** The state, checksummed ("plain:…") or, on client streams, sealed with the client's key ("sealed:…"). */
  state: string;
  /** The command ids of the events up to `revision` (a CommandIdFilter): idempotency without reading them. */
  commandIds: string;
}

/**
 * Snapshots of long-lived streams in a `snapshots` table of the event store's own SQLite file, one row per
 * stream: a newer snapshot of the same shape replaces it, an older one never does.
 */
export class SqliteSnapshotStore {
  private readonly select: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS snapshots (
      stream_id   TEXT    PRIMARY KEY,
      shape       TEXT    NOT NULL,
      revision    INTEGER NOT NULL,
      anchor      TEXT    NOT NULL,
      state       TEXT    NOT NULL,
      command_ids TEXT    NOT NULL
    )`);
    this.select = db.prepare('SELECT stream_id AS streamId, shape, revision, anchor, state, command_ids AS commandIds FROM snapshots WHERE stream_id = ?');
    this.upsert = db.prepare(`INSERT INTO snapshots (stream_id, shape, revision, anchor, state, command_ids) VALUES (@streamId, @shape, @revision, @anchor, @state, @commandIds)
      ON CONFLICT (stream_id) DO UPDATE SET shape = excluded.shape, revision = excluded.revision, anchor = excluded.anchor, state = excluded.state, command_ids = excluded.command_ids
      WHERE excluded.shape <> snapshots.shape OR excluded.revision > snapshots.revision`);
    this.remove = db.prepare('DELETE FROM snapshots WHERE stream_id = ?');
  }

  async latest(streamId: string): Promise<SnapshotRow | null> {
    return (this.select.get(streamId) as SnapshotRow | undefined) ?? null;
  }

  async save(snapshot: SnapshotRow): Promise<void> {
    this.upsert.run(snapshot);
  }

  async delete(streamId: string): Promise<void> {
    this.remove.run(streamId);
  }
}
