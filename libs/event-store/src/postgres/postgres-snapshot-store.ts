import type { Pool } from 'pg';
import type { SnapshotRow } from '../sqlite/sqlite-snapshot-store';
import { inPostgresTransaction } from './postgres-transaction';

/**
 * Snapshots of long-lived streams in a `wz_snapshots` table beside the PostgreSQL event store's events, one row
 * per stream: a newer snapshot of the same shape replaces it, an older one never does.
 */
export class PostgresSnapshotStore {
  private table: Promise<unknown> | undefined;

  constructor(private readonly pool: Pool) {}

  private ready(): Promise<unknown> {
    this.table ??= this.createTable().catch((error: unknown) => {
      this.table = undefined;
      throw error;
    });
    return this.table;
  }

  private createTable(): Promise<void> {
    return inPostgresTransaction(this.pool, async (client) => {
      // Two processes starting at once must not race on CREATE TABLE IF NOT EXISTS.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('wijkzorg:wz_snapshots:schema'))");
      await client.query(`CREATE TABLE IF NOT EXISTS wz_snapshots (
        stream_id   TEXT    PRIMARY KEY,
        shape       TEXT    NOT NULL,
        revision    INTEGER NOT NULL,
        anchor      TEXT    NOT NULL,
        state       TEXT    NOT NULL,
        command_ids TEXT    NOT NULL
      )`);
    });
  }

  async latest(streamId: string): Promise<SnapshotRow | null> {
    await this.ready();
    const { rows } = await this.pool.query<SnapshotRow>('SELECT stream_id AS "streamId", shape, revision, anchor, state, command_ids AS "commandIds" FROM wz_snapshots WHERE stream_id = $1', [streamId]);
    return rows[0] ?? null;
  }

  async save(s: SnapshotRow): Promise<void> {
    await this.ready();
    await this.pool.query(
      `INSERT INTO wz_snapshots (stream_id, shape, revision, anchor, state, command_ids) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (stream_id) DO UPDATE SET shape = excluded.shape, revision = excluded.revision, anchor = excluded.anchor, state = excluded.state, command_ids = excluded.command_ids
       WHERE excluded.shape <> wz_snapshots.shape OR excluded.revision > wz_snapshots.revision`,
      [s.streamId, s.shape, s.revision, s.anchor, s.state, s.commandIds],
    );
  }

  async delete(streamId: string): Promise<void> {
    await this.ready();
    await this.pool.query('DELETE FROM wz_snapshots WHERE stream_id = $1', [streamId]);
  }
}
