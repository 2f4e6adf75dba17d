import Database from 'better-sqlite3';
import { openSqlite } from '@wijkzorg/event-store';
import { DeadLetter, DeliveryFailure, DeliveryState, FencedOutError, MAX_WEBHOOKS_PER_INTEGRATOR, Webhook, WebhookStore, coarseReason } from '@wijkzorg/application';

/** Webhook subscriptions, their cursors and dead letters, in the embedded SQLite file (webhooks.db). */
export class SqliteWebhookStore implements WebhookStore {
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
    // Delivery state and fencing came later: files from before get the columns added.
    const columns = new Set((this.db.prepare('PRAGMA table_info(webhooks)').all() as { name: string }[]).map((c) => c.name));
    for (const [name, type] of [
      ['last_delivered_at', 'TEXT'],
      ['last_failure_at', 'TEXT'],
      ['last_failure_reason', 'TEXT'],
      ['consecutive_failures', 'INTEGER NOT NULL DEFAULT 0'],
      ['backing_off_until', 'TEXT'],
      ['fence', 'INTEGER NOT NULL DEFAULT 0'],
    ])
      if (!columns.has(name)) this.db.exec(`ALTER TABLE webhooks ADD COLUMN ${name} ${type}`);
  }

  async add(webhook: Webhook): Promise<void> {
    this.insert(webhook);
  }

  /** Adds the webhook unless its owner already has `limit` active ones; count and insert in one transaction. */
  async addWithinLimit(webhook: Webhook, limit = MAX_WEBHOOKS_PER_INTEGRATOR): Promise<boolean> {
    return this.db
      .transaction(() => {
        const { active } = this.db.prepare('SELECT COUNT(*) AS active FROM webhooks WHERE owner = ? AND active = 1').get(webhook.owner) as { active: number };
        if (active >= limit) return false;
        this.insert(webhook);
        return true;
      })
      .immediate();
  }

  async deliveryState(id: string): Promise<DeliveryState> {
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

  async recordDelivered(id: string, at: string): Promise<void> {
    this.db.prepare('UPDATE webhooks SET last_delivered_at = ?, consecutive_failures = 0, backing_off_until = NULL WHERE id = ?').run(at, id);
  }

  async recordFailure(id: string, reason: DeliveryFailure, at: string, retryAt: string | null): Promise<void> {
    this.db.prepare('UPDATE webhooks SET last_failure_at = ?, last_failure_reason = ?, consecutive_failures = consecutive_failures + 1, backing_off_until = ? WHERE id = ?').run(at, reason, retryAt, id);
  }

  async list(owner?: string): Promise<Webhook[]> {
    const rows = (owner ? this.db.prepare('SELECT * FROM webhooks WHERE owner = ? ORDER BY created_at').all(owner) : this.db.prepare('SELECT * FROM webhooks WHERE active = 1 ORDER BY created_at').all()) as Record<string, unknown>[];
    return rows.map(toWebhook);
  }

  async get(id: string): Promise<Webhook | null> {
    const row = this.db.prepare('SELECT * FROM webhooks WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return row ? toWebhook(row) : null;
  }

  async deactivate(id: string): Promise<void> {
    this.db.prepare('UPDATE webhooks SET active = 0 WHERE id = ?').run(id);
  }

  async moveCursor(id: string, position: number, fence?: number): Promise<void> {
    this.db.transaction(() => this.moveFenced(id, position, fence)).immediate();
  }

  /** Dead-letters an event and moves the cursor past it, in one transaction. */
  async deadLetter(letter: DeadLetter, fence?: number): Promise<void> {
    this.db
      .transaction(() => {
        // A fenced-out writer throws in moveFenced, which rolls the dead letter back too.
        this.db.prepare('INSERT OR REPLACE INTO webhook_dead_letters VALUES (?, ?, ?, ?, ?, ?, ?)').run(letter.webhookId, letter.eventId, letter.position, letter.attempts, letter.lastError, letter.failedAt, letter.payload);
        this.moveFenced(letter.webhookId, letter.position, fence);
      })
      .immediate();
  }

  async deadLetters(webhookId: string): Promise<DeadLetter[]> {
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

  async removeDeadLetter(webhookId: string, eventId: string): Promise<void> {
    this.db.prepare('DELETE FROM webhook_dead_letters WHERE webhook_id = ? AND event_id = ?').run(webhookId, eventId);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private insert(webhook: Webhook): void {
    this.db.prepare('INSERT INTO webhooks (id, owner, url, event_types, secret, created_at, active, cursor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(webhook.id, webhook.owner, webhook.url, JSON.stringify(webhook.eventTypes), webhook.secret, webhook.createdAt, webhook.active ? 1 : 0, webhook.cursor);
  }

  /** Inside a transaction: refuses a token older than the newest seen for the webhook, and remembers a newer one. */
  private checkFence(id: string, fence: number | undefined): void {
    if (fence === undefined) return;
    const newest = (this.db.prepare('SELECT fence FROM webhooks WHERE id = ?').pluck().get(id) as number | undefined) ?? 0;
    if (fence < newest) throw new FencedOutError(`webhook:${id}`, fence, newest);
    if (fence > newest) this.db.prepare('UPDATE webhooks SET fence = ? WHERE id = ?').run(fence, id);
  }

  private moveFenced(id: string, position: number, fence: number | undefined): void {
    this.checkFence(id, fence);
    this.db.prepare('UPDATE webhooks SET cursor = ? WHERE id = ? AND cursor < ?').run(position, id, position);
  }
}

function toWebhook(r: Record<string, unknown>): Webhook {
  return { id: r.id as string, owner: r.owner as string, url: r.url as string, eventTypes: JSON.parse(r.event_types as string), secret: r.secret as string, createdAt: r.created_at as string, active: r.active === 1, cursor: r.cursor as number };
}
