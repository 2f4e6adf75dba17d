import { Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTOR_ROLES, ActorRole } from '@wijkzorg/domain';

/** Demo actors that speak for an organisation of the demo region (Zaanstad: its corporation, zorgkantoor and welfare organisation). */
const DEMO_ORGANISATIONS: Partial<Record<ActorRole, string>> = { woningcorporatie: 'parteon', gemeente: 'GM0479', zorgkantoor: 'zk-zilveren-kruis', welzijn: 'welzijn-zaanstad', wijkteam: 'GM0479' };
import { ApiKeys, Sessions, SharedState, StreamTickets, TokenService, WOONCIRKEL_SCOPED_ROLES, WijkzorgConfig, loadSharedTokenKeys } from '@wijkzorg/application';
import { EventStore } from '@wijkzorg/event-store';
import { EVENT_STORE, SHARED_STATE } from '../infrastructure/tokens';
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
      useFactory: async (events: EventStore, config: WijkzorgConfig, shared: SharedState): Promise<Authentication & { generated: boolean }> => {
        const { keys, generated } = await loadSharedTokenKeys(config.env, shared.secrets);
        const apiKeys = new ApiKeys(events);
        const sessions = new Sessions(shared.sessions, apiKeys, config.sessionTtlSeconds);
        return { tokens: new TokenService(keys), apiKeys, tickets: new StreamTickets(shared.tickets), sessions, generated };
      },
      inject: [EVENT_STORE, WIJKZORG_CONFIG, SHARED_STATE],
    },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: PersonalDataInterceptor },
  ],
  exports: [AUTHENTICATION],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(
    @Inject(AUTHENTICATION) private readonly auth: Authentication & { generated: boolean },
    @InjectConfig() private readonly config: WijkzorgConfig,
  ) {}

  /**
   * Without a configured secret this is a demo: write a token and an API key per role to a file only the owner can read,
   * so the demo can be used at once, the dashboard too (it signs in with an API key, not a token). Credentials are never
   * written to the log. The keys of an earlier start are kept while they still work, so restarts do not pile up keys.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.auth.generated || !this.config.demoTokens) return;
    const file = join(this.config.dataDir, 'demo-tokens.txt');
    const earlierKeys = new Map<string, string>();
    if (existsSync(file)) for (const [, role, key] of readFileSync(file, 'utf8').matchAll(/^api-key (\w+)\b.*\s(wz_\S+)$/gm)) earlierKeys.set(role, key);
    const roles = ACTOR_ROLES.filter((r) => r !== 'system');
    const actorOf = (role: ActorRole) => {
      const organisation = DEMO_ORGANISATIONS[role];
      return { role, id: `demo-${role}`, ...(WOONCIRKEL_SCOPED_ROLES.includes(role) ? { wooncirkels: ['*'] } : {}), ...(organisation ? { organisation } : {}) };
    };
    const labelOf = (role: ActorRole) => `${role}${DEMO_ORGANISATIONS[role] ? ` (${DEMO_ORGANISATIONS[role]})` : ''}`;
    const tokens = roles.map((role) => `${labelOf(role).padEnd(36)} ${this.auth.tokens.issue(actorOf(role), 7 * 24 * 3600)}`);
    const keys: string[] = [];
    for (const role of roles) {
      const earlier = earlierKeys.get(role);
      const key = earlier && (await this.auth.apiKeys.resolve(earlier))?.role === role ? earlier : await this.auth.apiKeys.issue(actorOf(role), { role: 'system', id: 'demo' });
      keys.push(`api-key ${labelOf(role).padEnd(36)} ${key}`);
    }
    const host = `http://${this.config.host}:${this.config.port}`;
    writeFileSync(
      file,
      [
        '# demo bearer tokens (no WIJKZORG_JWT_SECRET configured; valid 7 days): Authorization: Bearer <token>',
        ...tokens,
        '# demo API keys, one per role (valid until revoked: wijkzorg api-key revoke <keyHash>); the dashboard signs in with one',
        ...keys,
        `dashboard ${host}/dashboard (sign in with the beleidsmaker API key above)`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    chmodSync(file, 0o600);
    Logger.log(`no WIJKZORG_JWT_SECRET configured: demo bearer tokens (valid 7 days) and API keys are in ${file}`, 'Auth');
  }
}
