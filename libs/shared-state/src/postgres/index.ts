import { KeyWrapper, SharedState } from '@wijkzorg/application';
import { POSTGRES_KEYS_SCHEMA, PostgresClientKeyStore } from './postgres-client-key-store';
import { POSTGRES_LEASES_SCHEMA, PostgresLeaseStore } from './postgres-lease-store';
import { POSTGRES_SECRETS_SCHEMA, PostgresSecretStore } from './postgres-secret-store';
import { POSTGRES_SESSIONS_SCHEMA, PostgresSessionStore } from './postgres-session-store';
import { ensureSchema, redactedUrl } from './postgres-support';
import { POSTGRES_TICKETS_SCHEMA, PostgresTicketStore } from './postgres-ticket-store';
import { POSTGRES_WEBHOOKS_SCHEMA, PostgresWebhookStore } from './postgres-webhook-store';
import { postgresDriver } from '@wijkzorg/event-store';

export * from './postgres-client-key-store';
export * from './postgres-lease-store';
export * from './postgres-secret-store';
export * from './postgres-session-store';
export * from './postgres-ticket-store';
export * from './postgres-webhook-store';

/** How long ping() may take before the store counts as unreachable. */
const PING_TIMEOUT_MS = 3000;
/** How long a query may wait for a connection (a new one, or a free one of the pool under load). */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Every shared-state port over one pool on the PostgreSQL database of POSTGRES_URL (tables `wz_*`, created
 * when missing). Throws, naming POSTGRES_URL without its password, when the database cannot be reached.
 */
export async function openPostgresSharedState(url: string, wrapper: KeyWrapper): Promise<SharedState> {
  const pool = new (postgresDriver().Pool)({ connectionString: url, max: 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle connection dropped by the server must not crash the process; the next query reports the failure.
  pool.on('error', () => undefined);
  const failure = (what: string, error: unknown) => new Error(`POSTGRES_URL ${redactedUrl(url)}: shared state ${what}: ${(error as Error).message}`);
  try {
    await ensureSchema(pool, [POSTGRES_KEYS_SCHEMA, POSTGRES_WEBHOOKS_SCHEMA, POSTGRES_SESSIONS_SCHEMA, POSTGRES_TICKETS_SCHEMA, POSTGRES_SECRETS_SCHEMA, POSTGRES_LEASES_SCHEMA].join('\n'));
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw failure('unusable', error);
  }
  let closed = false;
  return {
    kind: 'postgres',
    keys: new PostgresClientKeyStore(pool, wrapper),
    webhooks: new PostgresWebhookStore(pool),
    sessions: new PostgresSessionStore(pool),
    tickets: new PostgresTicketStore(pool),
    secrets: new PostgresSecretStore(pool),
    leases: new PostgresLeaseStore(pool),
    async ping() {
      try {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)));
        await Promise.race([pool.query('SELECT 1'), timeout]).finally(() => clearTimeout(timer));
      } catch (error) {
        throw failure('unreachable', error);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
