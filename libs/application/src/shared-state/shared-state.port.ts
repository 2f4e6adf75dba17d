import type { ClientKeyStore } from '../privacy/client-key-store';
import type { WebhookStore } from '../integration/webhook-store';
import type { SessionStore } from '../auth/sessions';
import type { TicketStore } from '../auth/stream-tickets';
import type { LeaseStore } from './leases';
import type { SecretStore } from './secrets';

/**
 * Everything api instances must share besides the event log and the read models: client keys
 * (crypto-shredding), webhooks with their cursors and dead letters, browser sessions, stream tickets,
 * generated secrets and leases. One adapter per store kind: `sqlite` (the embedded data directory, one
 * machine), `postgres`, `mongodb`. The signed head checkpoints (event-store lib) are opened beside it.
 */
export interface SharedState {
  readonly kind: 'sqlite' | 'postgres' | 'mongodb';
  readonly keys: ClientKeyStore;
  readonly webhooks: WebhookStore;
  readonly sessions: SessionStore;
  readonly tickets: TicketStore;
  readonly secrets: SecretStore;
  readonly leases: LeaseStore;
  /** Throws (naming the setting) when the store cannot be reached: start-up refuses then. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
