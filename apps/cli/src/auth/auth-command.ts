import { ACTOR_ORGANISATION_PATTERN, ActorRole } from '@wijkzorg/domain';
import { ApiKeys, TokenService, WOONCIRKEL_SCOPED_ROLES, loadSharedTokenKeys } from '@wijkzorg/application';
import { EventStore } from '@wijkzorg/event-store';
import { UsageError } from '../usage-error';
import { CliSettings, openCliSharedState } from '../settings';

export interface ActorOptions {
  role: ActorRole;
  sub: string;
  wooncirkels?: string[];
  org?: string;
}

function actorOf(options: ActorOptions) {
  if (!/^[\w.:@-]{1,100}$/.test(options.sub)) throw new UsageError('--sub <id> names the person or system (letters, digits, . : @ - _; at most 100)');
  if (WOONCIRKEL_SCOPED_ROLES.includes(options.role) && !options.wooncirkels) throw new UsageError(`a ${options.role} needs --wooncirkels wc-1,wc-2 (or *)`);
  if (options.org !== undefined && !ACTOR_ORGANISATION_PATTERN.test(options.org)) throw new UsageError('--org <code> is an organisation code (parteon) or a CBS gemeente code (GM0479)');
  return { role: options.role, id: options.sub, ...(options.wooncirkels ? { wooncirkels: options.wooncirkels } : {}), ...(options.org ? { organisation: options.org } : {}) };
}

/** A bearer JWT signed with the configured keys, as the api loads them (the asymmetric signing key when set, else the secret). */
export async function issueToken(settings: CliSettings, options: ActorOptions & { ttlHours: number }): Promise<number> {
  const shared = await openCliSharedState(settings);
  let tokens: TokenService;
  try {
    tokens = new TokenService((await loadSharedTokenKeys(settings.env, shared.secrets)).keys);
  } finally {
    await shared.close();
  }
  console.log(tokens.issue(actorOf(options), options.ttlHours * 3600));
  return 0;
}

/** An api key for a machine client; printed once. */
export async function createApiKey(events: EventStore, options: ActorOptions & { by: string }): Promise<number> {
  console.log(await new ApiKeys(events).issue(actorOf(options), { role: 'admin', id: options.by }));
  return 0;
}

export async function revokeApiKey(events: EventStore, keyHash: string, options: { by: string }): Promise<number> {
  await new ApiKeys(events).revoke(keyHash, { role: 'admin', id: options.by });
  console.log('revoked');
  return 0;
}
