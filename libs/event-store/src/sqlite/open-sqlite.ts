import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Opens (creating its folder) a SQLite file the way every embedded store here uses it: WAL, so
 * readers never block the writer; a busy timeout, so connections of several processes take turns.
 */
export function openSqlite(path: string, options: { synchronous: 'FULL' | 'NORMAL' | 'OFF'; busyTimeoutMs?: number }): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous}`);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  return db;
}
