import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { WebhookStore, WijkzorgConfig } from '@wijkzorg/application';
import { EventStore } from '@wijkzorg/event-store';
import { ProjectionRunner } from '@wijkzorg/read-models';
import { EVENT_STORE, WEBHOOK_STORE } from '../infrastructure/tokens';
import { Public } from '../auth/roles.decorator';
import { ApiOperationOf, HEALTH_SCHEMA, TERMINUS_SCHEMA } from '../shared/openapi';
import { WIJKZORG_CONFIG } from '../platform/config';

/**
 * Liveness (the process answers) and readiness (it can do its work): load balancers and
 * orchestrators poll these without credentials, so they say nothing about persons.
 */
@ApiTags('health')
@Controller('health')
@SkipThrottle()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly runner: ProjectionRunner,
    @Inject(WEBHOOK_STORE) private readonly webhooks: WebhookStore,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(WIJKZORG_CONFIG) private readonly config: WijkzorgConfig,
  ) {}

  /**
   * As before issue 9 (scripts and tests poll it): up, with the head position of the event store; 200 also while the
   * read models catch up after start (`readModels.catchingUp` with its progress; readiness is /health/ready).
   */
  @ApiOperationOf('Whether the api and its event store answer, and whether its read models are still catching up after start', { schema: HEALTH_SCHEMA }, [])
  @Get()
  @Public()
  async summary() {
    const headPosition = await this.events.headPosition();
    const { caughtUp, position } = this.runner.catchUpProgress();
    return { status: 'ok', eventStore: { status: 'up', headPosition }, readModels: caughtUp ? { catchingUp: false } : { catchingUp: true, position, headPosition } };
  }

  // Terminus's own @HealthCheck() would document a 503 in its format; the error filter answers problem+json.
  @ApiOperationOf('Liveness: the process answers (for orchestrators)', { schema: TERMINUS_SCHEMA }, [])
  @Get('live')
  @Public()
  @Header('Cache-Control', 'no-cache, no-store, must-revalidate')
  live() {
    return this.health.check([() => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  /** 503 when the event store or read-model store cannot be reached, the read models are catching up after start or a projection trails too far, or the webhook store fails. */
  @ApiOperationOf('Readiness: stores reachable, projections within the allowed lag, webhook queue moving', { schema: TERMINUS_SCHEMA }, [503])
  @Get('ready')
  @Public()
  @Header('Cache-Control', 'no-cache, no-store, must-revalidate')
  ready() {
    return this.health.check([() => this.eventStore(), () => this.projections(), () => this.webhookQueue()]);
  }

  private async eventStore() {
    const indicator = this.indicators.check('eventStore');
    try {
      return indicator.up({ headPosition: await this.events.headPosition() });
    } catch {
      return indicator.down({ message: 'event store unreachable' });
    }
  }

  /** Reads every projection's checkpoint (so also: the read-model store answers) and compares with the head; not ready before the first catch-up after start reached it. */
  private async projections() {
    const indicator = this.indicators.check('readModels');
    const progress = this.runner.catchUpProgress();
    if (!progress.caughtUp) return indicator.down({ message: `read models catching up after start: position ${progress.position} of ${progress.headPosition}`, catchingUp: true, position: progress.position, headPosition: progress.headPosition });
    try {
      const statuses = await this.runner.status();
      const maxLag = this.config.readyMaxLag;
      const lagging = statuses.filter((s) => s.lag > maxLag).map((s) => s.name);
      const lag = Object.fromEntries(statuses.map((s) => [s.name, s.lag]));
      return lagging.length ? indicator.down({ message: `projections behind by more than ${maxLag} events: ${lagging.join(', ')}`, maxLag, lag }) : indicator.up({ maxLag, lag });
    } catch {
      return indicator.down({ message: 'read-model store unreachable' });
    }
  }

  /**
   * The delivery queue is stuck when webhooks have undelivered events and none was delivered or
   * attempted for longer than the configured age while delivery is on. A receiver that fails is
   * reported (failing) but does not make the api unready: that is the integrator's side.
   */
  private async webhookQueue() {
    const indicator = this.indicators.check('webhookQueue');
    try {
      const head = await this.events.headPosition();
      const active = (await this.webhooks.list()).filter((w) => w.active);
      const waiting = active.filter((w) => w.cursor < head);
      const states = await Promise.all(active.map((w) => this.webhooks.deliveryState(w.id)));
      const failing = states.filter((s) => s.consecutiveFailures > 0).length;
      const lastActivity = Math.max(
        0,
        ...states
          .flatMap((s) => [s.lastDeliveredAt, s.lastFailureAt])
          .filter((t): t is string => t !== null)
          .map((t) => Date.parse(t)),
      );
      const oldest = Math.min(...waiting.map((w) => Date.parse(w.createdAt)));
      const idleSince = Math.max(lastActivity, oldest);
      const stuck = this.config.webhooks && waiting.length > 0 && Date.now() - idleSince > this.config.readyMaxWebhookAgeMs;
      const data = { active: active.length, waiting: waiting.length, failing, delivery: this.config.webhooks ? 'on' : 'off' };
      return stuck ? indicator.down({ ...data, message: `no webhook delivery for ${Math.round((Date.now() - idleSince) / 1000)} s while events wait` }) : indicator.up(data);
    } catch {
      return indicator.down({ message: 'webhook store unreachable' });
    }
  }
}
