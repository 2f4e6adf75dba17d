import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openSqlite } from '@wijkzorg/event-store';
import { ClientKeyStore, KeyWrapper, loadKeyWrapper } from '@wijkzorg/application';

interface KeyRow {
  key: Buffer;
  /** Null: a raw key written before keys were wrapped (rewrapped when the store opens). */
  key_id: string | null;
}

/**
 * Client keys in their own SQLite file (keys.db, not in the event log, which is never changed), each
 * wrapped by the key-encryption key. secure_delete overwrites a deleted key's bytes, and the WAL is
 * truncated after an erasure so no copy lingers. Nothing is cached: an erasure by another process on
 * the same file holds at once.
 */
export class SqliteClientKeyStore implements ClientKeyStore {
  /**
   * The key store of a data directory, its raw keys of before rewrapped; without a wrapper, keys are
   * wrapped by the key-encryption key generated into the data directory (embedded use, tests).
   */
  static inDataDir(dataDir: string, wrapper: KeyWrapper = loadKeyWrapper({}, join(dataDir, 'key-encryption-key'))): Promise<SqliteClientKeyStore> {
    return SqliteClientKeyStore.open(join(dataDir, 'keys.db'), wrapper);
  }

  static async open(path: string, wrapper: KeyWrapper): Promise<SqliteClientKeyStore> {
    const store = new SqliteClientKeyStore(path, wrapper);
    await store.rewrapRawKeys();
    return store;
  }

  private readonly db: Database.Database;
  /** Prepared once: every load of a client stream looks its key up. */
  private readonly selectKey: Database.Statement;
  private readonly selectErased: Database.Statement;

  private constructor(
    path: string,
    private readonly wrapper: KeyWrapper,
  ) {
    this.db = openSqlite(path, { synchronous: 'FULL' });
    this.db.pragma('secure_delete = ON');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS client_keys (client_id TEXT PRIMARY KEY, key BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS erased_clients (client_id TEXT PRIMARY KEY, erased_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS access_refs (client_id TEXT PRIMARY KEY, ref TEXT NOT NULL UNIQUE);`);
    const columns = (this.db.prepare('PRAGMA table_info(client_keys)').all() as { name: string }[]).map((c) => c.name);
    if (!columns.includes('key_id')) this.db.exec('ALTER TABLE client_keys ADD COLUMN key_id TEXT');
    this.selectKey = this.db.prepare('SELECT key, key_id FROM client_keys WHERE client_id = ?');
    this.selectErased = this.db.prepare('SELECT 1 FROM erased_clients WHERE client_id = ?').pluck();
  }

  async keyFor(clientId: string, create: boolean): Promise<Buffer | null> {
    const row = this.selectKey.get(clientId) as KeyRow | undefined;
    if (row) return row.key_id === null ? row.key : this.wrapper.unwrap(clientId, row.key, row.key_id);
    if (!create || (await this.isErased(clientId))) return null;
    const wrapped = await this.wrapper.wrap(clientId, randomBytes(32));
    // Of two processes creating the same client's key at once, the first insert wins; both read it back.
    this.db.prepare('INSERT OR IGNORE INTO client_keys (client_id, key, key_id) VALUES (?, ?, ?)').run(clientId, wrapped, this.wrapper.keyId);
    return this.keyFor(clientId, false);
  }

  async erase(clientId: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM client_keys WHERE client_id = ?').run(clientId);
      this.db.prepare('DELETE FROM access_refs WHERE client_id = ?').run(clientId);
      this.db.prepare('INSERT OR IGNORE INTO erased_clients (client_id, erased_at) VALUES (?, ?)').run(clientId, new Date().toISOString());
    })();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async isErased(clientId: string): Promise<boolean> {
    return this.selectErased.get(clientId) !== undefined;
  }

  async accessRef(clientId: string, create: boolean): Promise<string | null> {
    const existing = this.db.prepare('SELECT ref FROM access_refs WHERE client_id = ?').pluck().get(clientId) as string | undefined;
    if (existing) return existing;
    if (!create || (await this.isErased(clientId))) return null;
    this.db.prepare('INSERT OR IGNORE INTO access_refs (client_id, ref) VALUES (?, ?)').run(clientId, `ar-${randomUUID()}`);
    return this.db.prepare('SELECT ref FROM access_refs WHERE client_id = ?').pluck().get(clientId) as string;
  }

  async clientOfAccessRef(ref: string): Promise<string | null> {
    return (this.db.prepare('SELECT client_id FROM access_refs WHERE ref = ?').pluck().get(ref) as string | undefined) ?? null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Keys stored raw before they were wrapped get wrapped in place; the raw bytes are overwritten (secure_delete). */
  private async rewrapRawKeys(): Promise<void> {
    const raw = this.db.prepare('SELECT client_id, key FROM client_keys WHERE key_id IS NULL').all() as { client_id: string; key: Buffer }[];
    if (raw.length === 0) return;
    const rewrapped = await Promise.all(raw.map(async (row) => ({ clientId: row.client_id, wrapped: await this.wrapper.wrap(row.client_id, row.key) })));
    const update = this.db.prepare('UPDATE client_keys SET key = ?, key_id = ? WHERE client_id = ? AND key_id IS NULL');
    this.db.transaction(() => {
      for (const { clientId, wrapped } of rewrapped) update.run(wrapped, this.wrapper.keyId, clientId);
    })();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
