import type { Pool } from 'pg';
import { Lease, LeaseStore } from '@wijkzorg/application';
import { toNumber } from './postgres-support';

export const POSTGRES_LEASES_SCHEMA = 'CREATE TABLE IF NOT EXISTS wz_leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, token BIGINT NOT NULL, expires_at TIMESTAMPTZ NOT NULL);';

interface Row {
  name: string;
  owner: string;
  token: string;
  expires_at: Date;
}

const toLease = (row: Row): Lease => ({ name: row.name, owner: row.owner, token: toNumber(row.token), expiresAt: row.expires_at.toISOString() });

/**
 * Leases in PostgreSQL, timed by the database clock (now()), so the instances' own clocks need not agree.
 * Each operation is one statement: the row lock of the upsert decides between instances asking at once.
 * Semantics as SqliteLeaseStore: a new term (after expiry or release) increments the token, the holder renewing keeps it.
 */
export class PostgresLeaseStore implements LeaseStore {
  constructor(private readonly pool: Pool) {}

  async tryAcquire(name: string, owner: string, ttlMs: number): Promise<Lease | null> {
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO wz_leases AS held (name, owner, token, expires_at) VALUES ($1, $2, 1, now() + $3::float8 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET
         owner = EXCLUDED.owner,
         token = CASE WHEN held.owner = EXCLUDED.owner AND held.expires_at > now() THEN held.token ELSE held.token + 1 END,
         expires_at = EXCLUDED.expires_at
       WHERE held.expires_at <= now() OR held.owner = EXCLUDED.owner
       RETURNING name, owner, token, expires_at`,
      [name, owner, ttlMs],
    );
    return rows[0] ? toLease(rows[0]) : null;
  }

  async renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
    const { rows } = await this.pool.query<Row>(
      `UPDATE wz_leases SET expires_at = now() + $4::float8 * interval '1 millisecond'
       WHERE name = $1 AND owner = $2 AND token = $3 AND expires_at > now()
       RETURNING name, owner, token, expires_at`,
      [lease.name, lease.owner, lease.token, ttlMs],
    );
    return rows[0] ? toLease(rows[0]) : null;
  }

  async release(lease: Lease): Promise<void> {
    await this.pool.query("UPDATE wz_leases SET expires_at = 'epoch' WHERE name = $1 AND owner = $2 AND token = $3", [lease.name, lease.owner, lease.token]);
  }

  async list(): Promise<Lease[]> {
    return (await this.pool.query<Row>('SELECT name, owner, token, expires_at FROM wz_leases ORDER BY name')).rows.map(toLease);
  }
}
