import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { EventStore } from '@wijkzorg/event-store';
import { LeaseKeeper, Pseudonymizer, SharedState, SsrfGuard, WebhookDispatcher, WebhookStore, WijkzorgConfig } from '@wijkzorg/application';
import { InjectConfig, WIJKZORG_CONFIG } from '../platform/config';
import { EVENT_STORE, SHARED_STATE, WEBHOOK_STORE } from '../infrastructure/tokens';
import { IntegrationController } from './integration.controller';

@Global()
@Module({
  controllers: [IntegrationController],
  providers: [
    { provide: Pseudonymizer, useFactory: (config: WijkzorgConfig, shared: SharedState) => Pseudonymizer.fromSecrets(config.env, shared.secrets), inject: [WIJKZORG_CONFIG, SHARED_STATE] },
    // WIJKZORG_WEBHOOK_ALLOWED_HOSTS lets local development and tests deliver to loopback receivers.
    { provide: SsrfGuard, useFactory: (config: WijkzorgConfig) => SsrfGuard.fromEnv(config.env), inject: [WIJKZORG_CONFIG] },
    {
      provide: WebhookDispatcher,
      useFactory: (events: EventStore, webhooks: WebhookStore, pseudonyms: Pseudonymizer, guard: SsrfGuard, config: WijkzorgConfig, keeper: LeaseKeeper) =>
        new WebhookDispatcher(events, webhooks, pseudonyms, guard, {
          retryDelaysMs: config.webhookRetryDelaysMs,
          timeoutMs: config.webhookTimeoutMs,
          log: (m) => Logger.warn(m, 'Webhooks'),
          leases: keeper,
        }),
      inject: [EVENT_STORE, WEBHOOK_STORE, Pseudonymizer, SsrfGuard, WIJKZORG_CONFIG, LeaseKeeper],
    },
  ],
})
export class IntegrationModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private delivering = false;

  constructor(
    private readonly dispatcher: WebhookDispatcher,
    @InjectConfig() private readonly config: WijkzorgConfig,
    private readonly keeper: LeaseKeeper,
    @Inject(WEBHOOK_STORE) private readonly webhooks: WebhookStore,
  ) {}

  /** Each webhook's queue runs on the one instance holding `webhook:<id>` (asked again every lease round: webhooks come and go). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.webhooks) return;
    this.delivering = true;
    // Once the dispatcher stopped, no webhook lease is wanted any more: the next round hands them over.
    await this.keeper.want(async () => (this.delivering ? (await this.webhooks.list()).map((w) => `webhook:${w.id}`) : []));
    this.dispatcher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.delivering = false;
    await this.dispatcher.stop();
  }
}
