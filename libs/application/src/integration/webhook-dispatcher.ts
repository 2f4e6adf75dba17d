import { createHmac } from 'node:crypto';
import { EventStore } from '@wijkzorg/event-store';
import { upcast } from '../upcasters';
import { Poller } from '../poller';
import { Pseudonymizer } from './pseudonymizer';
import { toIntegrationEvent } from './cloud-events';
import { SqliteWebhookStore, Webhook } from './webhook-store';

export interface DispatcherOptions {
  /** Delays before each retry; after the last one the event is dead-lettered. */
  retryDelaysMs?: number[];
  timeoutMs?: number;
  pollMs?: number;
  log?: (message: string) => void;
}

/** Signature over timestamp and body, so a receiver can check origin and reject replays. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Delivers integration events to webhooks, in order per webhook, at least once: the cursor moves
 * only after a 2xx or after the event was dead-lettered, so a crash means a redelivery (receivers
 * de-duplicate by the CloudEvent id), never a loss.
 */
export class WebhookDispatcher {
  private readonly retryDelays: number[];
  private readonly poller: Poller;

  constructor(
    private readonly events: EventStore,
    private readonly webhooks: SqliteWebhookStore,
    private readonly pseudonyms: Pseudonymizer,
    private readonly options: DispatcherOptions = {},
  ) {
    this.retryDelays = options.retryDelaysMs ?? [1000, 5000, 30_000, 120_000];
    this.poller = new Poller(() => this.deliverAll(), options.pollMs ?? 200, (error) => options.log?.(`webhook delivery failed: ${error.message}`));
  }

  start(): void {
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  private get stopped(): boolean {
    return this.poller.stopped;
  }

  /** One pass: every active webhook gets what happened since its cursor. Webhooks proceed in parallel. */
  async deliverAll(): Promise<void> {
    await Promise.all(this.webhooks.list().map((w) => this.deliver(w)));
  }

  private async deliver(webhook: Webhook): Promise<void> {
    const wanted = new Set(webhook.eventTypes);
    for (let cursor = webhook.cursor; !this.stopped; ) {
      const batch = await this.events.readAll({ afterPosition: cursor, maxCount: 200 });
      if (batch.length === 0) return;
      for (const raw of batch) {
        if (this.stopped) return;
        cursor = raw.globalPosition;
        if (!wanted.has(raw.type)) continue;
        const event = toIntegrationEvent(upcast(raw), this.pseudonyms);
        if (!event) continue;
        // Looked up per delivery, not per event read: a webhook removed meanwhile gets nothing more.
        if (!this.webhooks.get(webhook.id)?.active) return;
        await this.deliverOne(webhook, event.id, event.position, JSON.stringify(event));
      }
      this.webhooks.moveCursor(webhook.id, cursor);
    }
  }

  private async deliverOne(webhook: Webhook, eventId: string, position: number, body: string): Promise<void> {
    let lastError = '';
    for (let attempt = 0; attempt <= this.retryDelays.length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, this.retryDelays[attempt - 1]));
      if (this.stopped) return;
      const outcome = await this.post(webhook, body);
      if (outcome === 'ok') {
        this.webhooks.moveCursor(webhook.id, position);
        return;
      }
      lastError = outcome;
    }
    this.webhooks.deadLetter({ webhookId: webhook.id, eventId, position, attempts: this.retryDelays.length + 1, lastError, failedAt: new Date().toISOString(), payload: body });
    this.options.log?.(`webhook ${webhook.id}: event ${eventId} dead-lettered after ${this.retryDelays.length + 1} attempts (${lastError})`);
  }

  /** 'ok' or what went wrong. */
  async post(webhook: Webhook, body: string): Promise<string> {
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/cloudevents+json', 'X-Wijkzorg-Signature': signature(webhook.secret, timestamp, body), 'X-Wijkzorg-Webhook': webhook.id },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        redirect: 'manual',
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? 'ok' : `HTTP ${response.status}`;
    } catch (error) {
      return (error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message;
    }
  }

  /** Sends one dead letter again; on success it leaves the dead-letter list. */
  async redeliver(webhookId: string, eventId: string): Promise<'delivered' | 'failed' | 'unknown'> {
    const webhook = this.webhooks.get(webhookId);
    const letter = this.webhooks.deadLetters(webhookId).find((l) => l.eventId === eventId);
    if (!webhook || !letter) return 'unknown';
    if ((await this.post(webhook, letter.payload)) !== 'ok') return 'failed';
    this.webhooks.removeDeadLetter(webhookId, eventId);
    return 'delivered';
  }
}
