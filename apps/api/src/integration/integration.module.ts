import { BeforeApplicationShutdown, Global, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { EventStore } from '@wijkzorg/event-store';
import { Pseudonymizer, SharedState, SsrfGuard, WebhookDispatcher, WebhookStore, WijkzorgConfig } from '@wijkzorg/application';
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
      useFactory: (events: EventStore, webhooks: WebhookStore, pseudonyms: Pseudonymizer, guard: SsrfGuard, config: WijkzorgConfig) =>
        new WebhookDispatcher(events, webhooks, pseudonyms, guard, {
          retryDelaysMs: config.webhookRetryDelaysMs,
          timeoutMs: config.webhookTimeoutMs,
          log: (m) => Logger.warn(m, 'Webhooks'),
        }),
      inject: [EVENT_STORE, WEBHOOK_STORE, Pseudonymizer, SsrfGuard, WIJKZORG_CONFIG],
    },
  ],
})
export class IntegrationModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly dispatcher: WebhookDispatcher,
    @InjectConfig() private readonly config: WijkzorgConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.webhooks) this.dispatcher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
  }
}
