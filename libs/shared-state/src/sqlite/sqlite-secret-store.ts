import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { openSqlite } from '@wijkzorg/event-store';
import { SecretStore } from '@wijkzorg/application';

/**
 * Generated secrets in a SQLite file of the data directory. A secret that an earlier version kept in a
 * file of its own (`legacyFiles`: token-secret, pseudonym-key, anchor-signing-key.pem) is taken from
 * that file the first time, so existing data directories keep their tokens, pseudonyms and checkpoint key.
 */
export class SqliteSecretStore implements SecretStore {
  private readonly db: Database.Database;

  constructor(
    path: string,
    private readonly legacyFiles: Readonly<Record<string, string>> = {},
  ) {
    this.db = openSqlite(path, { synchronous: 'FULL' });
    this.db.exec('CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TEXT NOT NULL)');
  }

  async getOrCreate(name: string, create: () => string): Promise<string> {
    const stored = this.read(name);
    if (stored !== undefined) return stored;
    const legacy = this.legacyFiles[name];
    const value = legacy && existsSync(legacy) ? readFileSync(legacy, 'utf8').trim() : create();
    // Another process may have stored one meanwhile: the first insert wins and everyone reads it.
    this.db.prepare('INSERT OR IGNORE INTO secrets (name, value, created_at) VALUES (?, ?, ?)').run(name, value, new Date().toISOString());
    return this.read(name)!;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private read(name: string): string | undefined {
    return this.db.prepare('SELECT value FROM secrets WHERE name = ?').pluck().get(name) as string | undefined;
  }
}
