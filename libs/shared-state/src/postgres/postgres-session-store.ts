import { inPostgresTransaction } from '@wijkzorg/event-store';
import type { Pool } from 'pg';
import { SessionStore, StoredSession } from '@wijkzorg/application';
import { lockFor } from './postgres-support';

export const POSTGRES_SESSIONS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS wz_sessions (session_hash TEXT PRIMARY KEY, key_hash TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS wz_sessions_by_key ON wz_sessions (key_hash, created_at);`;

interface Row {
  session_hash: string;
  key_hash: string;
  created_at: string;
  expires_at: string;
}

/** Browser sessions in PostgreSQL: a session made through one instance is found (and ended) through every other. */
export class PostgresSessionStore implements SessionStore {
  constructor(private readonly pool: Pool) {}

  async add(session: StoredSession, maxPerKey: number): Promise<void> {
    await inPostgresTransaction(this.pool, async (client) => {
      // One sign-in per key at a time, so two instances cannot both keep the key's limit.
      await lockFor(client, `wz_sessions:${session.keyHash}`);
      await client.query('DELETE FROM wz_sessions WHERE session_hash IN (SELECT session_hash FROM wz_sessions WHERE key_hash = $1 ORDER BY created_at DESC OFFSET $2)', [session.keyHash, Math.max(0, maxPerKey - 1)]);
      await client.query('INSERT INTO wz_sessions (session_hash, key_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)', [session.sessionHash, session.keyHash, session.createdAt, session.expiresAt]);
    });
  }

  async find(sessionHash: string): Promise<StoredSession | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT session_hash, key_hash, created_at, expires_at FROM wz_sessions WHERE session_hash = $1', [sessionHash]);
    const row = rows[0];
    return row ? { sessionHash: row.session_hash, keyHash: row.key_hash, createdAt: row.created_at, expiresAt: row.expires_at } : undefined;
  }

  async remove(sessionHash: string): Promise<void> {
    await this.pool.query('DELETE FROM wz_sessions WHERE session_hash = $1', [sessionHash]);
  }

  async removeExpired(now: string): Promise<void> {
    await this.pool.query('DELETE FROM wz_sessions WHERE expires_at <= $1', [now]);
  }

  /** The pool belongs to the shared-state bundle, which closes it. */
  close(): void {}
}
