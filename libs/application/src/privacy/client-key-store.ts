import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { openSqlite } from '@wijkzorg/event-store';

/**
 * Per-client encryption keys, shared by every api instance. Erasing a client's key makes its personal data
 * unreadable forever, on every instance at once: implementations keep no cache that outlives one call.
 * Stored keys are wrapped by a KeyWrapper (key-encryption key); only the wrapped form is ever written.
 */
export interface ClientKeyStore {
  /** The client's key; created on first use (when `create`) unless the client was erased (then null). */
  keyFor(clientId: string, create: boolean): Promise<Buffer | null>;
  erase(clientId: string): Promise<void>;
  isErased(clientId: string): Promise<boolean>;
  /**
   * The client's access-log reference: an opaque id that stands for the client in the access log,
   * created on first use (when `create`) unless the client was erased (then null). Erasure unlinks it for good.
   */
  accessRef(clientId: string, create: boolean): Promise<string | null>;
  /** Whose access-log reference this is, while that client is not erased. */
  clientOfAccessRef(ref: string): Promise<string | null>;
  close(): Promise<void>;
}

/**
 * Wraps client keys with a key-encryption key before they are stored (envelope encryption). The local
 * implementation uses WIJKZORG_KEY_ENCRYPTION_KEY; a KMS or Vault transit engine fits the same interface.
 * `clientId` is bound to the wrapped key (associated data), so a wrapped key moved to another client fails.
 */
export interface KeyWrapper {
  /** Names the key-encryption key, stored with each wrapped key so keys can be rotated. */
  readonly keyId: string;
  wrap(clientId: string, key: Buffer): Promise<Buffer>;
  unwrap(clientId: string, wrapped: Buffer, keyId: string): Promise<Buffer>;
}

/** The synchronous embedded store of before; replaced by the async ClientKeyStore adapters. */
export interface EmbeddedClientKeyStore {
  keyFor(clientId: string, create: boolean): Buffer | null;
  erase(clientId: string): void;
  isErased(clientId: string): boolean;
  accessRef(clientId: string, create: boolean): string | null;
  clientOfAccessRef(ref: string): string | null;
  close(): void;
}

/**
 * Keys in their own SQLite file (not in the event log, which is never changed). secure_delete
 * overwrites a deleted key's bytes, and the WAL is truncated after an erasure so no copy lingers.
 */
export class SqliteClientKeyStore implements EmbeddedClientKeyStore {
  /** The key store of a data directory. */
  static inDataDir(dataDir: string): SqliteClientKeyStore {
    return new SqliteClientKeyStore(`${dataDir}/keys.db`);
  }

  private readonly db: Database.Database;
  private readonly cache = new Map<string, Buffer | null>();

  constructor(path: string) {
    this.db = openSqlite(path, { synchronous: 'FULL' });
    this.db.pragma('secure_delete = ON');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS client_keys (client_id TEXT PRIMARY KEY, key BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS erased_clients (client_id TEXT PRIMARY KEY, erased_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS access_refs (client_id TEXT PRIMARY KEY, ref TEXT NOT NULL UNIQUE);`);
  }

  keyFor(clientId: string, create: boolean): Buffer | null {
    const cached = this.cache.get(clientId);
    if (cached) return cached;
    const row = this.db.prepare('SELECT key FROM client_keys WHERE client_id = ?').pluck().get(clientId) as Buffer | undefined;
    if (row) {
      this.cache.set(clientId, row);
      return row;
    }
    if (!create || this.isErased(clientId)) return null;
    const key = randomBytes(32);
    this.db.prepare('INSERT OR IGNORE INTO client_keys (client_id, key) VALUES (?, ?)').run(clientId, key);
    return this.keyFor(clientId, false);
  }

  erase(clientId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM client_keys WHERE client_id = ?').run(clientId);
      this.db.prepare('DELETE FROM access_refs WHERE client_id = ?').run(clientId);
      this.db.prepare('INSERT OR IGNORE INTO erased_clients (client_id, erased_at) VALUES (?, ?)').run(clientId, new Date().toISOString());
    })();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.cache.delete(clientId);
  }

  isErased(clientId: string): boolean {
    return this.db.prepare('SELECT 1 FROM erased_clients WHERE client_id = ?').pluck().get(clientId) !== undefined;
  }

  accessRef(clientId: string, create: boolean): string | null {
    const existing = this.db.prepare('SELECT ref FROM access_refs WHERE client_id = ?').pluck().get(clientId) as string | undefined;
    if (existing) return existing;
    if (!create || this.isErased(clientId)) return null;
    this.db.prepare('INSERT OR IGNORE INTO access_refs (client_id, ref) VALUES (?, ?)').run(clientId, `ar-${randomUUID()}`);
    return this.db.prepare('SELECT ref FROM access_refs WHERE client_id = ?').pluck().get(clientId) as string;
  }

  clientOfAccessRef(ref: string): string | null {
    return (this.db.prepare('SELECT client_id FROM access_refs WHERE ref = ?').pluck().get(ref) as string | undefined) ?? null;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
