import { join } from 'node:path';
import { KeyWrapper, SECRET_NAMES, SharedState } from '@wijkzorg/application';
import { SqliteClientKeyStore } from './sqlite-client-key-store';
import { SqliteWebhookStore } from './sqlite-webhook-store';
import { SqliteSessionStore } from './sqlite-session-store';
import { SqliteTicketStore } from './sqlite-ticket-store';
import { SqliteSecretStore } from './sqlite-secret-store';
import { SqliteLeaseStore } from './sqlite-lease-store';

/**
 * The shared state of one machine, in the data directory: keys.db, webhooks.db and sessions.db as
 * before, and shared-state.db for stream tickets, generated secrets and leases. Processes on the same
 * data directory (the api and the CLI, or several api processes) share it through SQLite's locks.
 */
export class SqliteSharedState implements SharedState {
  readonly kind = 'sqlite' as const;

  private constructor(
    readonly keys: SqliteClientKeyStore,
    readonly webhooks: SqliteWebhookStore,
    readonly sessions: SqliteSessionStore,
    readonly tickets: SqliteTicketStore,
    readonly secrets: SqliteSecretStore,
    readonly leases: SqliteLeaseStore,
  ) {}

  static async inDataDir(dataDir: string, keyWrapper: KeyWrapper): Promise<SqliteSharedState> {
    const file = join(dataDir, 'shared-state.db');
    const legacyFiles = { [SECRET_NAMES.tokenSecret]: join(dataDir, 'token-secret'), [SECRET_NAMES.pseudonymKey]: join(dataDir, 'pseudonym-key'), [SECRET_NAMES.anchorSigningKey]: join(dataDir, 'anchor-signing-key.pem') };
    return new SqliteSharedState(await SqliteClientKeyStore.inDataDir(dataDir, keyWrapper), new SqliteWebhookStore(join(dataDir, 'webhooks.db')), new SqliteSessionStore(join(dataDir, 'sessions.db')), new SqliteTicketStore(file), new SqliteSecretStore(file, legacyFiles), new SqliteLeaseStore(file));
  }

  /** Local files: reachable when they opened. */
  async ping(): Promise<void> {
    await this.leases.list();
  }

  async close(): Promise<void> {
    await this.keys.close();
    await this.webhooks.close();
    this.sessions.close();
    this.tickets.close();
    this.secrets.close();
    this.leases.close();
  }
}
