import { createHmac } from 'node:crypto';
import { Subscription } from 'rxjs';
import { EventStore, Poller } from '@wijkzorg/event-store';
import { upcast } from '../upcasters';
import { Pseudonymizer } from './pseudonymizer';
import { toIntegrationEvent } from './cloud-events';
import { DeliveryFailure, Webhook, WebhookStore } from './webhook-store';
import { FencedOutError } from '../shared-state/leases';
import { LeaseKeeper } from '../shared-state/lease-keeper';
import { SsrfGuard } from './ssrf-guard';
import { postPinned } from './webhook-http';

export interface DispatcherOptions {
  /** Delays before each retry; after the last one the event is dead-lettered. */
  retryDelaysMs?: number[];
  /** For one request, connect to status line. */
  timeoutMs?: number;
  pollMs?: number;
  log?: (message: string) => void;
  /**
   * Several instances on one webhook store: a webhook's queue runs only on the instance holding
   * `webhook:<id>`, and its cursor moves and dead letters carry the lease token as fence.
   */
  leases?: LeaseKeeper;
}

export type DeliveryOutcome = 'ok' | DeliveryFailure;

/** Signature over timestamp and body, so a receiver can check origin and reject replays. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Delivers integration events to webhooks, in order per webhook, at least once: the cursor moves
 * only after a 2xx or after the event was dead-lettered, so a crash means a redelivery (receivers
 * de-duplicate by the CloudEvent id), never a loss.
 *
 * One queue per webhook: each webhook has its own worker, so a slow or dead receiver (timeouts,
 * backoff) only delays its own deliveries. Every attempt goes through the SSRF guard again
 * (DNS can change) and connects to the address the guard checked.
 *
 * Under leases, an instance that lost a webhook's lease stops before its next delivery, and a cursor
 * move it still makes is refused (fenced): the new holder redelivers from the stored cursor, so an
 * event may arrive twice across a takeover, always with the same CloudEvent id.
 */
export class WebhookDispatcher {
  private readonly retryDelays: number[];
  private readonly poller: Poller;
  private readonly workers = new Map<string, Promise<void>>();
  private shutdown = new AbortController();

  constructor(
    private readonly events: EventStore,
    private readonly webhooks: WebhookStore,
    private readonly pseudonyms: Pseudonymizer,
    private readonly guard: SsrfGuard,
    private readonly options: DispatcherOptions = {},
  ) {
    this.retryDelays = options.retryDelaysMs ?? [1000, 5000, 30_000, 120_000];
    this.poller = new Poller(
      async () => this.startWorkers(),
      options.pollMs ?? 200,
      (error) => options.log?.(`webhook delivery failed: ${error.message}`),
    );
  }

  private liveWakeUps?: Subscription;
  /** Delivers on every wake-up of the event store (new events), and polls for new webhooks and leases. */
  start(): void {
    if (this.shutdown.signal.aborted) this.shutdown = new AbortController();
    this.liveWakeUps ??= this.events.wakeUps?.().subscribe(() => this.poller.wake());
    this.poller.start();
  }

  /** Stops polling, cuts short backoff waits and requests in flight, and waits for the workers to end. */
  async stop(): Promise<void> {
    this.shutdown.abort();
    this.liveWakeUps?.unsubscribe();
    this.liveWakeUps = undefined;
    await this.poller.stop();
    await Promise.all(this.workers.values());
  }

  private get stopped(): boolean {
    return this.shutdown.signal.aborted;
  }

  /** Starts a worker for every active webhook that has none running (under leases: whose lease is held); a worker ends when its webhook has caught up. */
  async startWorkers(): Promise<void> {
    for (const webhook of await this.webhooks.list()) {
      if (this.workers.has(webhook.id) || this.stopped) continue;
      const fence = this.fenceFor(webhook.id);
      if (!fence) continue;
      const worker = this.deliver(webhook, fence)
        .catch((error: Error) => this.options.log?.(error instanceof FencedOutError ? `webhook ${webhook.id}: left to the instance that took over (${error.message})` : `webhook ${webhook.id}: delivery failed: ${error.message}`))
        .finally(() => this.workers.delete(webhook.id));
      this.workers.set(webhook.id, worker);
    }
  }

  /** One pass: starts the workers and waits until every active webhook has caught up (or given up on an event). */
  async deliverAll(): Promise<void> {
    await this.startWorkers();
    await Promise.all(this.workers.values());
  }

  /** Without leases: always, unfenced. With leases: while `webhook:<id>` is held, under its token. */
  private fenceFor(id: string): { fence?: number } | undefined {
    if (!this.options.leases) return {};
    const lease = this.options.leases.holds(`webhook:${id}`);
    return lease && { fence: lease.token };
  }

  /** Whether the worker may deliver the next event: stopped, lost or renewed-into-a-new-term all say no. */
  private stillHolds(id: string, { fence }: { fence?: number }): boolean {
    return !this.stopped && this.fenceFor(id)?.fence === fence;
  }

  private async deliver(webhook: Webhook, lease: { fence?: number }): Promise<void> {
    const wanted = new Set(webhook.eventTypes);
    for (let cursor = webhook.cursor; !this.stopped;) {
      const batch = await this.events.readAll({ afterPosition: cursor, maxCount: 200 });
      if (batch.length === 0) return;
      for (const raw of batch) {
        if (this.stopped) return;
        cursor = raw.globalPosition;
        if (!wanted.has(raw.type)) continue;
        const event = toIntegrationEvent(upcast(raw), this.pseudonyms);
        if (!event) continue;
        // Looked up per delivery, not per event read: a webhook removed meanwhile gets nothing more.
        if (!(await this.webhooks.get(webhook.id))?.active) return;
        if (!(await this.deliverOne(webhook, lease, event.id, event.position, JSON.stringify(event)))) return;
      }
      if (!this.stillHolds(webhook.id, lease)) return;
      await this.webhooks.moveCursor(webhook.id, cursor, lease.fence);
    }
  }

  /** False when stopped (or the lease was lost) before the event was delivered or dead-lettered. */
  private async deliverOne(webhook: Webhook, lease: { fence?: number }, eventId: string, position: number, body: string): Promise<boolean> {
    let lastFailure: DeliveryFailure = 'unreachable';
    for (let attempt = 0; attempt <= this.retryDelays.length; attempt++) {
      if (attempt > 0) await this.sleep(this.retryDelays[attempt - 1]);
      if (!this.stillHolds(webhook.id, lease)) return false;
      const outcome = await this.post(webhook, body, this.retryDelays[attempt] ?? null);
      if (outcome === 'aborted') return false;
      if (outcome === 'ok') {
        await this.webhooks.moveCursor(webhook.id, position, lease.fence);
        return true;
      }
      lastFailure = outcome;
    }
    await this.webhooks.deadLetter({ webhookId: webhook.id, eventId, position, attempts: this.retryDelays.length + 1, lastError: lastFailure, failedAt: new Date().toISOString(), payload: body }, lease.fence);
    this.options.log?.(`webhook ${webhook.id}: event ${eventId} dead-lettered after ${this.retryDelays.length + 1} attempts (${lastFailure})`);
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.shutdown.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.shutdown.signal.addEventListener('abort', done);
    });
  }

  /**
   * One attempt, recorded in the webhook's delivery state with when the next one is due
   * (`retryInMs`, null when none follows). Failures are coarse on purpose: refused_by_policy,
   * unreachable, timeout or http_<status>, never the socket error.
   */
  async post(webhook: Webhook, body: string, retryInMs: number | null = null): Promise<DeliveryOutcome | 'aborted'> {
    const outcome = await this.attempt(webhook, body);
    if (outcome === 'aborted') return outcome;
    const now = new Date();
    if (outcome === 'ok') await this.webhooks.recordDelivered(webhook.id, now.toISOString());
    else await this.webhooks.recordFailure(webhook.id, outcome, now.toISOString(), retryInMs === null ? null : new Date(now.getTime() + retryInMs).toISOString());
    return outcome;
  }

  private async attempt(webhook: Webhook, body: string): Promise<DeliveryOutcome | 'aborted'> {
    const target = await this.guard.checkConnect(webhook.url);
    if (!target.ok) return target.reason === 'unreachable' ? 'unreachable' : 'refused_by_policy';
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'Content-Type': 'application/cloudevents+json', 'X-Wijkzorg-Signature': signature(webhook.secret, timestamp, body), 'X-Wijkzorg-Webhook': webhook.id };
    const result = await postPinned(target, headers, body, this.options.timeoutMs ?? 5000, this.shutdown.signal);
    if ('failure' in result) return result.failure;
    return result.status >= 200 && result.status < 300 ? 'ok' : `http_${result.status}`;
  }

  /** Sends one dead letter again; on success it leaves the dead-letter list. */
  async redeliver(webhookId: string, eventId: string): Promise<'delivered' | 'failed' | 'unknown'> {
    const webhook = await this.webhooks.get(webhookId);
    const letter = (await this.webhooks.deadLetters(webhookId)).find((l) => l.eventId === eventId);
    if (!webhook || !letter) return 'unknown';
    if ((await this.post(webhook, letter.payload)) !== 'ok') return 'failed';
    await this.webhooks.removeDeadLetter(webhookId, eventId);
    return 'delivered';
  }
}
