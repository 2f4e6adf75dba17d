import type { Pool, PoolClient } from 'pg';
import { inPostgresTransaction } from '@wijkzorg/event-store';

/**
 * Creates the tables under a transaction-scoped advisory lock: two instances starting at once would
 * otherwise race inside CREATE TABLE IF NOT EXISTS (a duplicate key on the catalog).
 */
export async function ensureSchema(pool: Pool, ddl: string): Promise<void> {
  await inPostgresTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('wz_shared_state_schema'))");
    await client.query(ddl);
  });
}

/** Holds a transaction-scoped lock on `key` (e.g. one client or one webhook owner) until commit or rollback. */
export async function lockFor(client: PoolClient, key: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
}

/** The connection URL as it may be shown: without the password. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/** bigint columns arrive as strings (pg keeps their full range); our positions and tokens fit a number. */
export const toNumber = (value: unknown): number => Number(value);
