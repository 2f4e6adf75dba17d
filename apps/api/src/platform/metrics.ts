import { Controller, Get, Header, Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { LeaseKeeper, WebhookStore } from '@wijkzorg/application';
import { EventStore } from '@wijkzorg/event-store';
import { ProjectionRunner } from '@wijkzorg/read-models';
import { AppendCounter } from '../infrastructure/append-counter';
import { Roles } from '../auth/roles.decorator';

/**
 * The metrics of one app (a registry per app, so tests can run several). Labels are bounded:
 * route templates (never raw URLs with ids), projection names, status codes.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'wijkzorg_http_request_duration_seconds',
    help: 'HTTP request duration by route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(events: EventStore, runner: ProjectionRunner, webhooks: WebhookStore, appends: AppendCounter, leases: LeaseKeeper) {
    collectDefaultMetrics({ register: this.registry });
    this.registry.registerMetric(appends.counter);
    new Gauge({
      name: 'wijkzorg_event_store_head_position',
      help: 'global position of the latest event',
      registers: [this.registry],
      async collect() {
        this.set(await events.headPosition());
      },
    });
    new Gauge({
      name: 'wijkzorg_projection_lag_events',
      help: 'events a projection trails the head of the log',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        for (const status of await runner.status()) this.set({ projection: status.name }, status.lag);
      },
    });
    new Gauge({
      name: 'wijkzorg_webhook_backlog_events',
      help: 'events in the log after the cursors of active webhooks (summed; includes events they do not subscribe to)',
      registers: [this.registry],
      async collect() {
        const head = await events.headPosition();
        this.set((await webhooks.list()).filter((w) => w.active).reduce((sum, w) => sum + Math.max(0, head - w.cursor), 0));
      },
    });
    new Gauge({
      name: 'wijkzorg_leases_held',
      help: 'background-work leases this instance holds, by kind (projection, webhook, checkpoints, planned-steps)',
      labelNames: ['kind'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const kind of ['projection', 'webhook', 'checkpoints', 'planned-steps']) this.set({ kind }, 0);
        for (const name of leases.heldNames()) this.inc({ kind: name.split(':')[0] });
      },
    });
    new Gauge({
      name: 'wijkzorg_webhook_failing',
      help: 'active webhooks whose latest delivery attempt failed',
      registers: [this.registry],
      async collect() {
        const states = await Promise.all((await webhooks.list()).filter((w) => w.active).map((w) => webhooks.deliveryState(w.id)));
        this.set(states.filter((s) => s.consecutiveFailures > 0).length);
      },
    });
    new Gauge({
      name: 'wijkzorg_webhook_dead_letters',
      help: 'events given up on after every retry, over all webhooks',
      registers: [this.registry],
      async collect() {
        const states = await Promise.all((await webhooks.list()).map((w) => webhooks.deliveryState(w.id)));
        this.set(states.reduce((sum, s) => sum + s.deadLetters, 0));
      },
    });
  }
}

/** Times every request; the label is the matched route template (e.g. /clients/:clientId), or "unmatched". */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  use(request: { method: string; route?: { path?: string }; baseUrl?: string }, response: { statusCode: number; on(event: 'finish', listener: () => void): void }, next: () => void): void {
    const end = this.metrics.httpDuration.startTimer();
    response.on('finish', () => {
      const route = request.route?.path ? `${request.baseUrl ?? ''}${request.route.path}` : 'unmatched';
      end({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  }
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  /**
   * Admins only: figures such as queue sizes and lags say something about the caseload. A Prometheus
   * scraper uses an admin API key (`wijkzorg api-key create --role admin --sub prometheus`) as its bearer token.
   */
  @Get()
  @Roles('admin')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
