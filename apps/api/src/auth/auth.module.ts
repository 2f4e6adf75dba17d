import { Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTOR_ROLES, ActorRole } from '@wijkzorg/domain';
import { ApiKeys, StreamTickets, TokenService, loadTokenSecret } from '@wijkzorg/application';
import { EventStore, dataDirFromEnv } from '@wijkzorg/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';
import { AUTHENTICATION, AuthGuard, Authentication } from './auth.guard';
import { PersonalDataInterceptor } from '../audit/personal-data.interceptor';
import { StreamTicketsController } from './stream-tickets.controller';

@Global()
@Module({
  controllers: [StreamTicketsController],
  providers: [
    {
      provide: AUTHENTICATION,
      useFactory: (events: EventStore): Authentication & { generated: boolean } => {
        const { secret, generated } = loadTokenSecret(process.env, join(dataDirFromEnv(), 'token-secret'));
        return { tokens: new TokenService(secret), apiKeys: new ApiKeys(events), tickets: new StreamTickets(), generated };
      },
      inject: [EVENT_STORE],
    },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: PersonalDataInterceptor },
  ],
  exports: [AUTHENTICATION],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(@Inject(AUTHENTICATION) private readonly auth: Authentication & { generated: boolean }) {}

  /**
   * Without a configured secret this is a demo: write a token per role to a file only the owner can read,
   * so the demo can be used at once (credentials are never written to the log).
   */
  onApplicationBootstrap(): void {
    if (!this.auth.generated || process.env.WIJKZORG_DEMO_TOKENS === 'off') return;
    const lines = ACTOR_ROLES.filter((r) => r !== 'system').map((role: ActorRole) => {
      const token = this.auth.tokens.issue({ role, id: `demo-${role}`, ...(role === 'zorgprofessional' ? { wooncirkels: ['*'] } : {}) }, 7 * 24 * 3600);
      return `${role.padEnd(17)} ${token}`;
    });
    const dashboard = this.auth.tokens.issue({ role: 'beleidsmaker', id: 'demo-beleidsmaker' }, 7 * 24 * 3600);
    const host = `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? 3000}`;
    const file = join(dataDirFromEnv(), 'demo-tokens.txt');
    writeFileSync(file, `# demo bearer tokens (no WIJKZORG_JWT_SECRET configured; valid 7 days)\n${lines.join('\n')}\ndashboard         ${host}/dashboard#token=${dashboard}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    Logger.log(`no WIJKZORG_JWT_SECRET configured: demo bearer tokens (valid 7 days) are in ${file}`, 'Auth');
  }
}
