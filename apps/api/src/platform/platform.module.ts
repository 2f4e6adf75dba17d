import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { LeaseKeeper, WebhookStore, WijkzorgConfig } from '@wijkzorg/application';
import { EventStore } from '@wijkzorg/event-store';
import { ProjectionRunner } from '@wijkzorg/read-models';
import { EVENT_STORE, WEBHOOK_STORE } from '../infrastructure/tokens';
import { AppendCounter } from '../infrastructure/append-counter';
import { HealthController } from '../health/health.controller';
import { HttpMetricsMiddleware, Metrics, MetricsController } from './metrics';
import { CredentialThrottlerGuard } from './throttling';
import { signInThrottler } from '../auth/sign-in-limit';
import { loggingParams } from './logging';
import { tracingMiddleware } from './tracing';

/** Health, metrics, structured logs, tracing and rate limits: the platform around the capabilities. */
@Module({})
export class PlatformModule implements NestModule {
  static forRoot(config: WijkzorgConfig, options: { silent: boolean }) {
    const limited = config.rateLimit !== undefined || config.signInLimit !== undefined;
    return {
      module: PlatformModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRoot(loggingParams(config, options.silent)),
        // Without limits (WIJKZORG_RATE_LIMIT=off and WIJKZORG_SIGN_IN_LIMIT=off) the guard is not installed at all.
        ...(limited ? [ThrottlerModule.forRoot({ throttlers: [...(config.rateLimit ? [{ name: 'default', limit: config.rateLimit.limit, ttl: config.rateLimit.windowMs }] : []), ...(config.signInLimit ? [signInThrottler(config.signInLimit)] : [])] })] : []),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        {
          provide: Metrics,
          useFactory: (events: EventStore, runner: ProjectionRunner, webhooks: WebhookStore, appends: AppendCounter, leases: LeaseKeeper) => new Metrics(events, runner, webhooks, appends, leases),
          inject: [EVENT_STORE, ProjectionRunner, WEBHOOK_STORE, AppendCounter, LeaseKeeper],
        },
        HttpMetricsMiddleware,
        ...(limited ? [{ provide: APP_GUARD, useClass: CredentialThrottlerGuard }] : []),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware, tracingMiddleware).forRoutes('*path');
  }
}
