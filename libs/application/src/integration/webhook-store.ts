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

export interface DeadLetter {
  webhookId: string;
  eventId: string;
  position: number;
  attempts: number;
  lastError: string;
  failedAt: string;
  payload: string;
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
  }

  add(webhook: Webhook): void {
    this.db.prepare('INSERT INTO webhooks VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(webhook.id, webhook.owner, webhook.url, JSON.stringify(webhook.eventTypes), webhook.secret, webhook.createdAt, webhook.active ? 1 : 0, webhook.cursor);
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
      lastError: r.last_error as string,
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
