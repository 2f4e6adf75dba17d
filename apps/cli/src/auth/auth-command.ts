import { join } from 'node:path';
import { ACTOR_ROLES, ActorRole } from '@wijkzorg/domain';
import { ApiKeys, TokenService, loadTokenSecret } from '@wijkzorg/application';
import { EventStore, dataDirFromEnv } from '@wijkzorg/event-store';
import { ParsedArgs, UsageError, intOption } from '../args';

function actorOf(options: ParsedArgs['options']) {
  const role = options.role;
  const sub = options.sub;
  if (typeof role !== 'string' || !ACTOR_ROLES.includes(role as ActorRole) || role === 'system') throw new UsageError(`--role must be one of ${ACTOR_ROLES.filter((r) => r !== 'system').join(', ')}`);
  if (typeof sub !== 'string' || !/^[\w.:@-]{1,100}$/.test(sub)) throw new UsageError('--sub <id> names the person or system');
  const wooncirkels = typeof options.wooncirkels === 'string' ? options.wooncirkels.split(',').filter(Boolean) : undefined;
  if (role === 'zorgprofessional' && !wooncirkels) throw new UsageError('a zorgprofessional needs --wooncirkels wc-1,wc-2 (or *)');
  return { role: role as ActorRole, id: sub, ...(wooncirkels ? { wooncirkels } : {}) };
}

/** token: a bearer JWT; api-key create|revoke: keys for machine clients. */
export async function authCommand(events: EventStore, command: string, words: string[], options: ParsedArgs['options']): Promise<number> {
  if (command === 'token') {
    const tokens = new TokenService(loadTokenSecret(process.env, join(dataDirFromEnv(), 'token-secret')).secret);
    console.log(tokens.issue(actorOf(options), intOption(options, 'ttl-hours', 8) * 3600));
    return 0;
  }
  const keys = new ApiKeys(events);
  const admin = { role: 'admin' as const, id: typeof options.by === 'string' ? options.by : 'cli' };
  if (words[0] === 'create') {
    console.log(await keys.issue(actorOf(options), admin));
    return 0;
  }
  if (words[0] === 'revoke' && words[1]) {
    await keys.revoke(words[1], admin);
    console.log('revoked');
    return 0;
  }
  throw new UsageError('api-key create --role integrator --sub <id> | api-key revoke <keyHash>');
}
