import { Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTOR_ROLES, ActorRole } from '@wijkzorg/domain';

/** Demo actors that speak for an organisation of the demo region (Zaanstad: its corporation, zorgkantoor and welfare organisation). */
const DEMO_ORGANISATIONS: Partial<Record<ActorRole, string>> = { woningcorporatie: 'parteon', gemeente: 'GM0479', zorgkantoor: 'zk-zilveren-kruis', welzijn: 'welzijn-zaanstad', wijkteam: 'GM0479' };
import { ApiKeys, Sessions, SqliteSessionStore, StreamTickets, TokenService, WOONCIRKEL_SCOPED_ROLES, WijkzorgConfig, loadTokenKeys } from '@wijkzorg/application';
import { EventStore } from '@wijkzorg/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';
import { InjectConfig, WIJKZORG_CONFIG } from '../platform/config';
import { AUTHENTICATION, AuthGuard, Authentication } from './auth.guard';
import { PersonalDataInterceptor } from '../audit/personal-data.interceptor';
import { StreamTicketsController } from './stream-tickets.controller';
import { SessieController } from './sessie.controller';

@Global()
@Module({
  controllers: [StreamTicketsController, SessieController],
  providers: [
    {
      provide: AUTHENTICATION,
      useFactory: (events: EventStore, config: WijkzorgConfig): Authentication & { generated: boolean } => {
        const { keys, generated } = loadTokenKeys(config.env, join(config.dataDir, 'token-secret'));
        const apiKeys = new ApiKeys(events);
        const sessions = new Sessions(new SqliteSessionStore(join(config.dataDir, 'sessions.db')), apiKeys, config.sessionTtlSeconds);
        return { tokens: new TokenService(keys), apiKeys, tickets: new StreamTickets(), sessions, generated };
      },
      inject: [EVENT_STORE, WIJKZORG_CONFIG],
    },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: PersonalDataInterceptor },
  ],
  exports: [AUTHENTICATION],
})
export class AuthModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(AUTHENTICATION) private readonly auth: Authentication & { generated: boolean },
    @InjectConfig() private readonly config: WijkzorgConfig,
  ) {}

  onApplicationShutdown(): void {
    this.auth.sessions.close();
  }

  /**
   * Without a configured secret this is a demo: write a token per role to a file only the owner can read,
   * so the demo can be used at once (credentials are never written to the log).
   */
  onApplicationBootstrap(): void {
    if (!this.auth.generated || !this.config.demoTokens) return;
    const lines = ACTOR_ROLES.filter((r) => r !== 'system').map((role: ActorRole) => {
      const organisation = DEMO_ORGANISATIONS[role];
      const token = this.auth.tokens.issue({ role, id: `demo-${role}`, ...(WOONCIRKEL_SCOPED_ROLES.includes(role) ? { wooncirkels: ['*'] } : {}), ...(organisation ? { organisation } : {}) }, 7 * 24 * 3600);
      return `${`${role}${organisation ? ` (${organisation})` : ''}`.padEnd(36)} ${token}`;
    });
    const host = `http://${this.config.host}:${this.config.port}`;
    const file = join(this.config.dataDir, 'demo-tokens.txt');
    writeFileSync(file, `# demo bearer tokens (no WIJKZORG_JWT_SECRET configured; valid 7 days)\n${lines.join('\n')}\ndashboard         ${host}/dashboard (sign in with an API key: wijkzorg api-key create --role beleidsmaker --sub <id>)\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    Logger.log(`no WIJKZORG_JWT_SECRET configured: demo bearer tokens (valid 7 days) are in ${file}`, 'Auth');
  }
}
