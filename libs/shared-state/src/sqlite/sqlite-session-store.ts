import Database from 'better-sqlite3';
import { openSqlite } from '@wijkzorg/event-store';
import { SessionStore, StoredSession } from '@wijkzorg/application';

/** Sessions in a SQLite file of the data directory (sessions.db): they survive a restart of the api. */
export class SqliteSessionStore implements SessionStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = openSqlite(path, { synchronous: 'NORMAL' });
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS sessions (
        session_hash TEXT PRIMARY KEY, key_hash TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS sessions_by_key ON sessions (key_hash, created_at);`);
  }

  async add(session: StoredSession, maxPerKey: number): Promise<void> {
    this.db.transaction(() => {
      // The oldest sessions of the key make room for the new one.
      this.db.prepare('DELETE FROM sessions WHERE session_hash IN (SELECT session_hash FROM sessions WHERE key_hash = ? ORDER BY created_at DESC LIMIT -1 OFFSET ?)').run(session.keyHash, Math.max(0, maxPerKey - 1));
      this.db.prepare('INSERT INTO sessions (session_hash, key_hash, created_at, expires_at) VALUES (?, ?, ?, ?)').run(session.sessionHash, session.keyHash, session.createdAt, session.expiresAt);
    })();
  }

  async find(sessionHash: string): Promise<StoredSession | undefined> {
    const row = this.db.prepare('SELECT session_hash, key_hash, created_at, expires_at FROM sessions WHERE session_hash = ?').get(sessionHash) as { session_hash: string; key_hash: string; created_at: string; expires_at: string } | undefined;
    return row ? { sessionHash: row.session_hash, keyHash: row.key_hash, createdAt: row.created_at, expiresAt: row.expires_at } : undefined;
  }

  async remove(sessionHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE session_hash = ?').run(sessionHash);
  }

  async removeExpired(now: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
