import type { Pool } from 'pg';
import { SecretStore } from '@wijkzorg/application';

export const POSTGRES_SECRETS_SCHEMA = 'CREATE TABLE IF NOT EXISTS wz_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now());';

/** Deployment-wide generated secrets in PostgreSQL: the first instance to store one wins, the others read its value. */
export class PostgresSecretStore implements SecretStore {
  constructor(private readonly pool: Pool) {}

  async getOrCreate(name: string, create: () => string): Promise<string> {
    const existing = await this.read(name);
    if (existing !== undefined) return existing;
    await this.pool.query('INSERT INTO wz_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, create()]);
    const stored = await this.read(name);
    if (stored === undefined) throw new Error(`secret ${name} was stored but cannot be read back`);
    return stored;
  }

  private async read(name: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM wz_secrets WHERE name = $1', [name]);
    return rows[0]?.value;
  }
}
