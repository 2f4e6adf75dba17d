import { FencedOutError } from '../shared-state/leases';
import { DeadLetter, DeliveryFailure, MAX_WEBHOOKS_PER_INTEGRATOR, SqliteWebhookStore, Webhook, WebhookStore } from './webhook-store';

/**
 * TEMPORARY (branch s13-leases): the async WebhookStore port over the sync SqliteWebhookStore, until the
 * SQLite store implements the port itself and fences cursor moves in its file. Until then the fence is
 * kept in memory here: it protects dispatchers sharing this object, not processes sharing the file.
 */
export class AsyncSqliteWebhookStore implements WebhookStore {
  private readonly fences = new Map<string, number>();

  constructor(readonly sqlite: SqliteWebhookStore) {}

  async addWithinLimit(webhook: Webhook, limit = MAX_WEBHOOKS_PER_INTEGRATOR): Promise<boolean> {
    return this.sqlite.addWithinLimit(webhook, limit);
  }
  async deliveryState(id: string) {
    return this.sqlite.deliveryState(id);
  }
  async recordDelivered(id: string, at: string): Promise<void> {
    this.sqlite.recordDelivered(id, at);
  }
  async recordFailure(id: string, reason: DeliveryFailure, at: string, retryAt: string | null): Promise<void> {
    this.sqlite.recordFailure(id, reason, at, retryAt);
  }
  async list(owner?: string): Promise<Webhook[]> {
    return this.sqlite.list(owner);
  }
  async get(id: string): Promise<Webhook | null> {
    return this.sqlite.get(id);
  }
  async deactivate(id: string): Promise<void> {
    this.sqlite.deactivate(id);
  }
  async moveCursor(id: string, position: number, fence?: number): Promise<void> {
    this.checkFence(id, fence);
    this.sqlite.moveCursor(id, position);
  }
  async deadLetter(letter: DeadLetter, fence?: number): Promise<void> {
    this.checkFence(letter.webhookId, fence);
    this.sqlite.deadLetter(letter);
  }
  async deadLetters(webhookId: string): Promise<DeadLetter[]> {
    return this.sqlite.deadLetters(webhookId);
  }
  async removeDeadLetter(webhookId: string, eventId: string): Promise<void> {
    this.sqlite.removeDeadLetter(webhookId, eventId);
  }
  async close(): Promise<void> {
    this.sqlite.close();
  }

  private checkFence(id: string, fence: number | undefined): void {
    if (fence === undefined) return;
    const newest = this.fences.get(id) ?? 0;
    if (fence < newest) throw new FencedOutError(`webhook:${id}`, fence, newest);
    this.fences.set(id, fence);
  }
}
