export interface Webhook {
  id: string;
  owner: string;
  url: string;
  /** Domain event types delivered (resolved from the requested types and categories). */
  eventTypes: string[];
  secret: string;
  createdAt: string;
  active: boolean;
  /** Global position of the last event delivered or dead-lettered. */
  cursor: number;
}

/** How deliveries to a webhook are going, for its owner to see. Reasons are coarse (see DeliveryFailure). */
export interface DeliveryState {
  lastDeliveredAt: string | null;
  lastFailureAt: string | null;
  lastFailureReason: string | null;
  consecutiveFailures: number;
  deadLetters: number;
  /** When the next attempt is due while backing off after a failure, else null. */
  backingOffUntil: string | null;
}

/** Coarse failure reasons only: a raw socket error would tell refused from filtered ports (a port scanner). */
export type DeliveryFailure = 'refused_by_policy' | 'unreachable' | 'timeout' | `http_${number}`;

/** Maps failure texts stored before reasons were coarse ('HTTP 500', socket errors) to a coarse reason. */
export function coarseReason(text: string): string {
  if (text === 'refused_by_policy' || text === 'unreachable' || text === 'timeout' || /^http_\d{3}$/.test(text)) return text;
  const status = /^HTTP (\d{3})$/.exec(text);
  return status ? `http_${status[1]}` : 'unreachable';
}

/** At most this many active webhooks per integrator. */
export const MAX_WEBHOOKS_PER_INTEGRATOR = 10;

export interface DeadLetter {
  webhookId: string;
  eventId: string;
  position: number;
  attempts: number;
  lastError: string;
  failedAt: string;
  payload: string;
}

/**
 * Webhook subscriptions, their cursors, delivery state and dead letters, shared by every api instance.
 * Cursor moves are fenced: `fence` is the token of the dispatching instance's lease on `webhook:<id>`;
 * the store keeps the highest token it saw per webhook and refuses (FencedOutError) a lower one.
 */
export interface WebhookStore {
  /** Adds the webhook unless its owner already has `limit` active ones (atomically). */
  addWithinLimit(webhook: Webhook, limit?: number): Promise<boolean>;
  deliveryState(id: string): Promise<DeliveryState>;
  recordDelivered(id: string, at: string): Promise<void>;
  /** A failed attempt; `retryAt` is when the next one is due (null: no retry follows). */
  recordFailure(id: string, reason: DeliveryFailure, at: string, retryAt: string | null): Promise<void>;
  /** The owner's webhooks (active or not), or every active webhook without an owner. */
  list(owner?: string): Promise<Webhook[]>;
  get(id: string): Promise<Webhook | null>;
  deactivate(id: string): Promise<void>;
  /** Moves the cursor forward only (never back). */
  moveCursor(id: string, position: number, fence?: number): Promise<void>;
  /** Dead-letters an event and moves the cursor past it, atomically. */
  deadLetter(letter: DeadLetter, fence?: number): Promise<void>;
  deadLetters(webhookId: string): Promise<DeadLetter[]>;
  removeDeadLetter(webhookId: string, eventId: string): Promise<void>;
  close(): Promise<void>;
}
