import Database from 'better-sqlite3';
import { openSqlite } from '@wijkzorg/event-store';
import { Lease, LeaseStore } from '@wijkzorg/application';

interface Row {
  name: string;
  owner: string;
  token: number;
  expires_at: number;
}

const toLease = (row: Row): Lease => ({ name: row.name, owner: row.owner, token: row.token, expiresAt: new Date(row.expires_at).toISOString() });

/**
 * Leases in a SQLite file of the data directory: several processes on one machine (the api and a CLI
 * rebuild, or api processes sharing a data dir) agree through SQLite's write lock. The clock is this
 * machine's, which every process on it shares.
 */
export class SqliteLeaseStore implements LeaseStore {
  private readonly db: Database.Database;

  constructor(
    path: string,
    private readonly now: () => number = Date.now,
  ) {
    this.db = openSqlite(path, { synchronous: 'NORMAL' });
    this.db.exec('CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, token INTEGER NOT NULL, expires_at INTEGER NOT NULL)');
  }

  async tryAcquire(name: string, owner: string, ttlMs: number): Promise<Lease | null> {
    return this.db
      .transaction((): Lease | null => {
        const now = this.now();
        const row = this.db.prepare('SELECT * FROM leases WHERE name = ?').get(name) as Row | undefined;
        if (!row) {
          this.db.prepare('INSERT INTO leases (name, owner, token, expires_at) VALUES (?, ?, 1, ?)').run(name, owner, now + ttlMs);
          return toLease({ name, owner, token: 1, expires_at: now + ttlMs });
        }
        if (row.owner === owner && row.expires_at > now) {
          this.db.prepare('UPDATE leases SET expires_at = ? WHERE name = ?').run(now + ttlMs, name);
          return toLease({ ...row, expires_at: now + ttlMs });
        }
        if (row.expires_at > now) return null;
        // Expired (or released): a new term, even for the same owner, so work done under the old term is fenced off.
        this.db.prepare('UPDATE leases SET owner = ?, token = ?, expires_at = ? WHERE name = ?').run(owner, row.token + 1, now + ttlMs, name);
        return toLease({ name, owner, token: row.token + 1, expires_at: now + ttlMs });
      })
      .immediate();
  }

  async renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
    const expiresAt = this.now() + ttlMs;
    const changed = this.db.prepare('UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ? AND token = ? AND expires_at > ?').run(expiresAt, lease.name, lease.owner, lease.token, this.now()).changes;
    return changed === 1 ? { ...lease, expiresAt: new Date(expiresAt).toISOString() } : null;
  }

  async release(lease: Lease): Promise<void> {
    this.db.prepare('UPDATE leases SET expires_at = 0 WHERE name = ? AND owner = ? AND token = ?').run(lease.name, lease.owner, lease.token);
  }

  async list(): Promise<Lease[]> {
    return (this.db.prepare('SELECT * FROM leases ORDER BY name').all() as Row[]).map(toLease);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
