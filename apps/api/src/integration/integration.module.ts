import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { join } from 'node:path';
import { EventStore } from '@wijkzorg/event-store';
import { AsyncSqliteWebhookStore, LeaseKeeper, Pseudonymizer, SqliteWebhookStore, SsrfGuard, WebhookDispatcher, WijkzorgConfig } from '@wijkzorg/application';
import { InjectConfig, WIJKZORG_CONFIG } from '../platform/config';
import { EVENT_STORE } from '../infrastructure/tokens';
import { IntegrationController } from './integration.controller';

@Global()
@Module({
  controllers: [IntegrationController],
  providers: [
    { provide: Pseudonymizer, useFactory: (config: WijkzorgConfig) => Pseudonymizer.fromEnv(config.env, join(config.dataDir, 'pseudonym-key')), inject: [WIJKZORG_CONFIG] },
    { provide: SqliteWebhookStore, useFactory: (config: WijkzorgConfig) => new SqliteWebhookStore(join(config.dataDir, 'webhooks.db')), inject: [WIJKZORG_CONFIG] },
    // WIJKZORG_WEBHOOK_ALLOWED_HOSTS lets local development and tests deliver to loopback receivers.
    { provide: SsrfGuard, useFactory: (config: WijkzorgConfig) => SsrfGuard.fromEnv(config.env), inject: [WIJKZORG_CONFIG] },
    {
      provide: WebhookDispatcher,
      // TEMPORARY adapter (s13-leases) until SqliteWebhookStore implements the async WebhookStore port.
      useFactory: (events: EventStore, webhooks: SqliteWebhookStore, pseudonyms: Pseudonymizer, guard: SsrfGuard, config: WijkzorgConfig, keeper: LeaseKeeper) =>
        new WebhookDispatcher(events, new AsyncSqliteWebhookStore(webhooks), pseudonyms, guard, {
          retryDelaysMs: config.webhookRetryDelaysMs,
          timeoutMs: config.webhookTimeoutMs,
          log: (m) => Logger.warn(m, 'Webhooks'),
          leases: keeper,
        }),
      inject: [EVENT_STORE, SqliteWebhookStore, Pseudonymizer, SsrfGuard, WIJKZORG_CONFIG, LeaseKeeper],
    },
  ],
  exports: [SqliteWebhookStore],
})
export class IntegrationModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private delivering = false;

  constructor(
    private readonly dispatcher: WebhookDispatcher,
    @Inject(SqliteWebhookStore) private readonly webhooks: SqliteWebhookStore,
    @InjectConfig() private readonly config: WijkzorgConfig,
    private readonly keeper: LeaseKeeper,
  ) {}

  /** Each webhook's queue runs on the one instance holding `webhook:<id>` (asked again every lease round: webhooks come and go). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.webhooks) return;
    this.delivering = true;
    // Once the dispatcher stopped, no webhook lease is wanted any more: the next round hands them over.
    await this.keeper.want(() => (this.delivering ? this.webhooks.list().map((w) => `webhook:${w.id}`) : []));
    this.dispatcher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.delivering = false;
    await this.dispatcher.stop();
    this.webhooks.close();
  }
}
