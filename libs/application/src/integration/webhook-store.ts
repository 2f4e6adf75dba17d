import Database from 'better-sqlite3';
import { openSqlite } from '@wijkzorg/event-store';

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

/** Webhook subscriptions, their cursors and dead letters, in the embedded SQLite file. */
export class SqliteWebhookStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = openSqlite(path, { synchronous: 'FULL' });
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS webhooks (
        id TEXT PRIMARY KEY, owner TEXT NOT NULL, url TEXT NOT NULL, event_types TEXT NOT NULL,
        secret TEXT NOT NULL, created_at TEXT NOT NULL, active INTEGER NOT NULL, cursor INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS webhook_dead_letters (
        webhook_id TEXT NOT NULL, event_id TEXT NOT NULL, position INTEGER NOT NULL, attempts INTEGER NOT NULL,
        last_error TEXT NOT NULL, failed_at TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (webhook_id, event_id));`);
    // Delivery state came later: files from before get the columns added.
    const columns = new Set((this.db.prepare('PRAGMA table_info(webhooks)').all() as { name: string }[]).map((c) => c.name));
    for (const [name, type] of [
      ['last_delivered_at', 'TEXT'],
      ['last_failure_at', 'TEXT'],
      ['last_failure_reason', 'TEXT'],
      ['consecutive_failures', 'INTEGER NOT NULL DEFAULT 0'],
      ['backing_off_until', 'TEXT'],
    ])
      if (!columns.has(name)) this.db.exec(`ALTER TABLE webhooks ADD COLUMN ${name} ${type}`);
  }

  add(webhook: Webhook): void {
    this.db.prepare('INSERT INTO webhooks (id, owner, url, event_types, secret, created_at, active, cursor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(webhook.id, webhook.owner, webhook.url, JSON.stringify(webhook.eventTypes), webhook.secret, webhook.createdAt, webhook.active ? 1 : 0, webhook.cursor);
  }

  /** Adds the webhook unless its owner already has `limit` active ones; count and insert in one transaction. */
  addWithinLimit(webhook: Webhook, limit = MAX_WEBHOOKS_PER_INTEGRATOR): boolean {
    return this.db.transaction(() => {
      const { active } = this.db.prepare('SELECT COUNT(*) AS active FROM webhooks WHERE owner = ? AND active = 1').get(webhook.owner) as { active: number };
      if (active >= limit) return false;
      this.add(webhook);
      return true;
    })();
  }

  deliveryState(id: string): DeliveryState {
    const row = this.db.prepare('SELECT last_delivered_at, last_failure_at, last_failure_reason, consecutive_failures, backing_off_until, (SELECT COUNT(*) FROM webhook_dead_letters WHERE webhook_id = webhooks.id) AS dead_letters FROM webhooks WHERE id = ?').get(id) as
      Record<string, unknown> | undefined;
    return {
      lastDeliveredAt: (row?.last_delivered_at as string | null) ?? null,
      lastFailureAt: (row?.last_failure_at as string | null) ?? null,
      lastFailureReason: (row?.last_failure_reason as string | null) ?? null,
      consecutiveFailures: (row?.consecutive_failures as number | undefined) ?? 0,
      deadLetters: (row?.dead_letters as number | undefined) ?? 0,
      backingOffUntil: (row?.backing_off_until as string | null) ?? null,
    };
  }

  recordDelivered(id: string, at: string): void {
    this.db.prepare('UPDATE webhooks SET last_delivered_at = ?, consecutive_failures = 0, backing_off_until = NULL WHERE id = ?').run(at, id);
  }

  /** A failed attempt; `retryAt` is when the next one is due (null: no retry follows). */
  recordFailure(id: string, reason: DeliveryFailure, at: string, retryAt: string | null): void {
    this.db.prepare('UPDATE webhooks SET last_failure_at = ?, last_failure_reason = ?, consecutive_failures = consecutive_failures + 1, backing_off_until = ? WHERE id = ?').run(at, reason, retryAt, id);
  }

  list(owner?: string): Webhook[] {
    const rows = (owner ? this.db.prepare('SELECT * FROM webhooks WHERE owner = ? ORDER BY created_at').all(owner) : this.db.prepare('SELECT * FROM webhooks WHERE active = 1 ORDER BY created_at').all()) as Record<string, unknown>[];
    return rows.map(toWebhook);
  }

  get(id: string): Webhook | null {
    const row = this.db.prepare('SELECT * FROM webhooks WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return row ? toWebhook(row) : null;
  }

  deactivate(id: string): void {
    this.db.prepare('UPDATE webhooks SET active = 0 WHERE id = ?').run(id);
  }

  moveCursor(id: string, position: number): void {
    this.db.prepare('UPDATE webhooks SET cursor = ? WHERE id = ? AND cursor < ?').run(position, id, position);
  }

  /** Dead-letters an event and moves the cursor past it, in one transaction. */
  deadLetter(letter: DeadLetter): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT OR REPLACE INTO webhook_dead_letters VALUES (?, ?, ?, ?, ?, ?, ?)').run(letter.webhookId, letter.eventId, letter.position, letter.attempts, letter.lastError, letter.failedAt, letter.payload);
      this.moveCursor(letter.webhookId, letter.position);
    })();
  }

  deadLetters(webhookId: string): DeadLetter[] {
    return (this.db.prepare('SELECT * FROM webhook_dead_letters WHERE webhook_id = ? ORDER BY position').all(webhookId) as Record<string, unknown>[]).map((r) => ({
      webhookId: r.webhook_id as string,
      eventId: r.event_id as string,
      position: r.position as number,
      attempts: r.attempts as number,
      lastError: coarseReason(r.last_error as string),
      failedAt: r.failed_at as string,
      payload: r.payload as string,
    }));
  }

  removeDeadLetter(webhookId: string, eventId: string): void {
    this.db.prepare('DELETE FROM webhook_dead_letters WHERE webhook_id = ? AND event_id = ?').run(webhookId, eventId);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toWebhook(r: Record<string, unknown>): Webhook {
  return { id: r.id as string, owner: r.owner as string, url: r.url as string, eventTypes: JSON.parse(r.event_types as string), secret: r.secret as string, createdAt: r.created_at as string, active: r.active === 1, cursor: r.cursor as number };
}
