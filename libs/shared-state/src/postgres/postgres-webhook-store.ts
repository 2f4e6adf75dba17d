import { inPostgresTransaction } from '@wijkzorg/event-store';
import type { Pool, PoolClient } from 'pg';
import { DeadLetter, DeliveryFailure, DeliveryState, FencedOutError, MAX_WEBHOOKS_PER_INTEGRATOR, Webhook, WebhookStore, coarseReason } from '@wijkzorg/application';
import { lockFor, toNumber } from './postgres-support';

export const POSTGRES_WEBHOOKS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS wz_webhooks (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, url TEXT NOT NULL, event_types JSONB NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL,
    active BOOLEAN NOT NULL, cursor BIGINT NOT NULL, fence BIGINT NOT NULL DEFAULT 0,
    last_delivered_at TEXT, last_failure_at TEXT, last_failure_reason TEXT, consecutive_failures INTEGER NOT NULL DEFAULT 0, backing_off_until TEXT);
  CREATE INDEX IF NOT EXISTS wz_webhooks_by_owner ON wz_webhooks (owner, created_at);
  CREATE TABLE IF NOT EXISTS wz_webhook_dead_letters (
    webhook_id TEXT NOT NULL, event_id TEXT NOT NULL, position BIGINT NOT NULL, attempts INTEGER NOT NULL,
    last_error TEXT NOT NULL, failed_at TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (webhook_id, event_id));`;

/**
 * Webhooks, their cursors, delivery state and dead letters in PostgreSQL. The per-owner limit holds
 * across instances (an advisory lock on the owner around count and insert); cursor moves are fenced:
 * the row keeps the highest lease token it saw, and a write with a lower one is refused.
 */
export class PostgresWebhookStore implements WebhookStore {
  constructor(private readonly pool: Pool) {}

  async addWithinLimit(webhook: Webhook, limit = MAX_WEBHOOKS_PER_INTEGRATOR): Promise<boolean> {
    return inPostgresTransaction(this.pool, async (client) => {
      await lockFor(client, `wz_webhook_owner:${webhook.owner}`);
      const { rows } = await client.query<{ active: string }>('SELECT COUNT(*) AS active FROM wz_webhooks WHERE owner = $1 AND active', [webhook.owner]);
      if (toNumber(rows[0].active) >= limit) return false;
      await client.query('INSERT INTO wz_webhooks (id, owner, url, event_types, secret, created_at, active, cursor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        webhook.id,
        webhook.owner,
        webhook.url,
        JSON.stringify(webhook.eventTypes),
        webhook.secret,
        webhook.createdAt,
        webhook.active,
        webhook.cursor,
      ]);
      return true;
    });
  }

  async deliveryState(id: string): Promise<DeliveryState> {
    const { rows } = await this.pool.query<Record<string, unknown>>(
      'SELECT last_delivered_at, last_failure_at, last_failure_reason, consecutive_failures, backing_off_until, (SELECT COUNT(*) FROM wz_webhook_dead_letters WHERE webhook_id = wz_webhooks.id) AS dead_letters FROM wz_webhooks WHERE id = $1',
      [id],
    );
    const row = rows[0];
    return {
      lastDeliveredAt: (row?.last_delivered_at as string | null) ?? null,
      lastFailureAt: (row?.last_failure_at as string | null) ?? null,
      lastFailureReason: (row?.last_failure_reason as string | null) ?? null,
      consecutiveFailures: (row?.consecutive_failures as number | undefined) ?? 0,
      deadLetters: row ? toNumber(row.dead_letters) : 0,
      backingOffUntil: (row?.backing_off_until as string | null) ?? null,
    };
  }

  async recordDelivered(id: string, at: string): Promise<void> {
    await this.pool.query('UPDATE wz_webhooks SET last_delivered_at = $2, consecutive_failures = 0, backing_off_until = NULL WHERE id = $1', [id, at]);
  }

  async recordFailure(id: string, reason: DeliveryFailure, at: string, retryAt: string | null): Promise<void> {
    await this.pool.query('UPDATE wz_webhooks SET last_failure_at = $2, last_failure_reason = $3, consecutive_failures = consecutive_failures + 1, backing_off_until = $4 WHERE id = $1', [id, at, reason, retryAt]);
  }

  async list(owner?: string): Promise<Webhook[]> {
    const { rows } = owner ? await this.pool.query('SELECT * FROM wz_webhooks WHERE owner = $1 ORDER BY created_at, id', [owner]) : await this.pool.query('SELECT * FROM wz_webhooks WHERE active ORDER BY created_at, id');
    return rows.map(toWebhook);
  }

  async get(id: string): Promise<Webhook | null> {
    const { rows } = await this.pool.query('SELECT * FROM wz_webhooks WHERE id = $1', [id]);
    return rows[0] ? toWebhook(rows[0]) : null;
  }

  async deactivate(id: string): Promise<void> {
    await this.pool.query('UPDATE wz_webhooks SET active = false WHERE id = $1', [id]);
  }

  async moveCursor(id: string, position: number, fence?: number): Promise<void> {
    await moveCursorFenced(this.pool, id, position, fence);
  }

  async deadLetter(letter: DeadLetter, fence?: number): Promise<void> {
    await inPostgresTransaction(this.pool, async (client) => {
      // The fence is checked first: a fenced-out dispatcher writes no dead letter either.
      await moveCursorFenced(client, letter.webhookId, letter.position, fence);
      await client.query(
        `INSERT INTO wz_webhook_dead_letters (webhook_id, event_id, position, attempts, last_error, failed_at, payload) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (webhook_id, event_id) DO UPDATE SET position = EXCLUDED.position, attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error, failed_at = EXCLUDED.failed_at, payload = EXCLUDED.payload`,
        [letter.webhookId, letter.eventId, letter.position, letter.attempts, letter.lastError, letter.failedAt, letter.payload],
      );
    });
  }

  async deadLetters(webhookId: string): Promise<DeadLetter[]> {
    const { rows } = await this.pool.query<Record<string, unknown>>('SELECT * FROM wz_webhook_dead_letters WHERE webhook_id = $1 ORDER BY position', [webhookId]);
    return rows.map((r) => ({
      webhookId: r.webhook_id as string,
      eventId: r.event_id as string,
      position: toNumber(r.position),
      attempts: r.attempts as number,
      lastError: coarseReason(r.last_error as string),
      failedAt: r.failed_at as string,
      payload: r.payload as string,
    }));
  }

  async removeDeadLetter(webhookId: string, eventId: string): Promise<void> {
    await this.pool.query('DELETE FROM wz_webhook_dead_letters WHERE webhook_id = $1 AND event_id = $2', [webhookId, eventId]);
  }

  /** The pool belongs to the shared-state bundle, which closes it. */
  async close(): Promise<void> {}
}

/**
 * Moves the cursor forward only and raises the webhook's fence to `fence`, in one statement (the row lock
 * orders concurrent writers); when nothing changed because the fence is older than the stored one, throws.
 */
async function moveCursorFenced(db: Pool | PoolClient, id: string, position: number, fence: number | undefined): Promise<void> {
  const moved = await db.query('UPDATE wz_webhooks SET cursor = GREATEST(cursor, $2), fence = GREATEST(fence, COALESCE($3, fence)) WHERE id = $1 AND ($3::bigint IS NULL OR $3::bigint >= fence)', [id, position, fence ?? null]);
  if (moved.rowCount === 1 || fence === undefined) return;
  const { rows } = await db.query<{ fence: string }>('SELECT fence FROM wz_webhooks WHERE id = $1', [id]);
  if (rows[0] && toNumber(rows[0].fence) > fence) throw new FencedOutError(`webhook:${id}`, fence, toNumber(rows[0].fence));
}

function toWebhook(r: Record<string, unknown>): Webhook {
  return {
    id: r.id as string,
    owner: r.owner as string,
    url: r.url as string,
    eventTypes: r.event_types as string[],
    secret: r.secret as string,
    createdAt: r.created_at as string,
    active: r.active as boolean,
    cursor: toNumber(r.cursor),
  };
}
