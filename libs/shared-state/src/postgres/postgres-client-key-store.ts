import { inPostgresTransaction } from '@wijkzorg/event-store';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ClientKeyStore, KeyWrapper } from '@wijkzorg/application';
import { lockFor } from './postgres-support';

export const POSTGRES_KEYS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS wz_client_keys (client_id TEXT PRIMARY KEY, wrapped_key BYTEA NOT NULL, key_id TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS wz_erased_clients (client_id TEXT PRIMARY KEY, erased_at TIMESTAMPTZ NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS wz_access_refs (client_id TEXT PRIMARY KEY, ref TEXT NOT NULL UNIQUE);`;

/**
 * Client keys in PostgreSQL, stored only wrapped by the key-encryption key (with its id). Creation and
 * erasure of one client take the same advisory lock, so a key can never be created beside an erasure;
 * two instances creating at once both read back the one row that was inserted. Nothing is cached.
 */
export class PostgresClientKeyStore implements ClientKeyStore {
  constructor(
    private readonly pool: Pool,
    private readonly wrapper: KeyWrapper,
  ) {}

  async keyFor(clientId: string, create: boolean): Promise<Buffer | null> {
    const stored = await this.readKey(this.pool, clientId);
    if (stored || !create) return stored;
    // Wrapped before the transaction: a KMS call must not hold the client's lock.
    const wrapped = await this.wrapper.wrap(clientId, randomBytes(32));
    await inPostgresTransaction(this.pool, async (client) => {
      await lockFor(client, `wz_client:${clientId}`);
      await client.query('INSERT INTO wz_client_keys (client_id, wrapped_key, key_id) SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM wz_erased_clients WHERE client_id = $1) ON CONFLICT (client_id) DO NOTHING', [clientId, wrapped, this.wrapper.keyId]);
    });
    return this.readKey(this.pool, clientId);
  }

  async erase(clientId: string): Promise<void> {
    await inPostgresTransaction(this.pool, async (client) => {
      await lockFor(client, `wz_client:${clientId}`);
      await client.query('DELETE FROM wz_client_keys WHERE client_id = $1', [clientId]);
      await client.query('DELETE FROM wz_access_refs WHERE client_id = $1', [clientId]);
      await client.query('INSERT INTO wz_erased_clients (client_id) VALUES ($1) ON CONFLICT (client_id) DO NOTHING', [clientId]);
    });
  }

  async isErased(clientId: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM wz_erased_clients WHERE client_id = $1', [clientId])).rowCount === 1;
  }

  async accessRef(clientId: string, create: boolean): Promise<string | null> {
    const existing = await this.readRef(clientId);
    if (existing || !create) return existing;
    await inPostgresTransaction(this.pool, async (client) => {
      await lockFor(client, `wz_client:${clientId}`);
      await client.query('INSERT INTO wz_access_refs (client_id, ref) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM wz_erased_clients WHERE client_id = $1) ON CONFLICT (client_id) DO NOTHING', [clientId, `ar-${randomUUID()}`]);
    });
    return this.readRef(clientId);
  }

  async clientOfAccessRef(ref: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ client_id: string }>('SELECT client_id FROM wz_access_refs WHERE ref = $1', [ref]);
    return rows[0]?.client_id ?? null;
  }

  /** The pool belongs to the shared-state bundle, which closes it. */
  async close(): Promise<void> {}

  private async readKey(db: Pool, clientId: string): Promise<Buffer | null> {
    const { rows } = await db.query<{ wrapped_key: Buffer; key_id: string }>('SELECT wrapped_key, key_id FROM wz_client_keys WHERE client_id = $1', [clientId]);
    return rows[0] ? this.wrapper.unwrap(clientId, rows[0].wrapped_key, rows[0].key_id) : null;
  }

  private async readRef(clientId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ ref: string }>('SELECT ref FROM wz_access_refs WHERE client_id = $1', [clientId]);
    return rows[0]?.ref ?? null;
  }
}
