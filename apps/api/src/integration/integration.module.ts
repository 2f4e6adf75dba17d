import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { join } from 'node:path';
import { EventStore, dataDirFromEnv } from '@wijkzorg/event-store';
import { Pseudonymizer, SqliteWebhookStore, SsrfGuard, WebhookDispatcher } from '@wijkzorg/application';
import { EVENT_STORE } from '../infrastructure/tokens';
import { IntegrationController } from './integration.controller';

@Global()
@Module({
  controllers: [IntegrationController],
  providers: [
    { provide: Pseudonymizer, useFactory: () => Pseudonymizer.fromEnv(process.env, join(dataDirFromEnv(), 'pseudonym-key')) },
    { provide: SqliteWebhookStore, useFactory: () => new SqliteWebhookStore(join(dataDirFromEnv(), 'webhooks.db')) },
    // WIJKZORG_WEBHOOK_ALLOWED_HOSTS lets local development and tests deliver to loopback receivers.
    { provide: SsrfGuard, useFactory: () => SsrfGuard.fromEnv(process.env) },
    {
      provide: WebhookDispatcher,
      useFactory: (events: EventStore, webhooks: SqliteWebhookStore, pseudonyms: Pseudonymizer, guard: SsrfGuard) =>
        new WebhookDispatcher(events, webhooks, pseudonyms, guard, {
          retryDelaysMs: process.env.WIJKZORG_WEBHOOK_RETRY_MS ? process.env.WIJKZORG_WEBHOOK_RETRY_MS.split(',').map(Number) : undefined,
          timeoutMs: process.env.WIJKZORG_WEBHOOK_TIMEOUT_MS ? Number(process.env.WIJKZORG_WEBHOOK_TIMEOUT_MS) : undefined,
          log: (m) => Logger.warn(m, 'Webhooks'),
        }),
      inject: [EVENT_STORE, SqliteWebhookStore, Pseudonymizer, SsrfGuard],
    },
  ],
})
export class IntegrationModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly dispatcher: WebhookDispatcher,
    @Inject(SqliteWebhookStore) private readonly webhooks: SqliteWebhookStore,
  ) {}

  onApplicationBootstrap(): void {
    if (process.env.WIJKZORG_WEBHOOKS !== 'off') this.dispatcher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
    this.webhooks.close();
  }
}
