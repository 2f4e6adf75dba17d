import { randomUUID } from 'node:crypto';
import { AccessPurpose, Actor, PERSONAL_DATA_ACCESSED_VERSION, PersonalDataAccessed, accessLogStream } from '@wijkzorg/domain';
import { EventStore } from '@wijkzorg/event-store';
import { ClientKeyStore } from './privacy/client-key-store';
import { ERASED } from './privacy/personal-data-cipher';

export interface Access {
  clientIds: string[];
  resource: string;
  purpose: AccessPurpose;
  query: string | null;
}

/** How a v1 access-log entry's plain client id reads after upcasting: a reference that names the id. */
export const LEGACY_ACCESS_REF_PREFIX = 'legacy:';

/**
 * Appends one access-log event (NEN 7513) before person-level data leaves the service. Clients are
 * written as their access references, so the client's erasure unlinks the log from the person.
 */
export async function recordAccess(events: EventStore, actor: Actor, access: Access, refs: Pick<ClientKeyStore, 'accessRef'>, now = new Date().toISOString()): Promise<void> {
  const data: PersonalDataAccessed['data'] = {
    // An erased client has no reference any more: the entry still counts the read, numbered to stay apart.
    clientRefs: await Promise.all(access.clientIds.map(async (id, i) => (await refs.accessRef(id, true)) ?? `${ERASED}#${i + 1}`)),
    resource: access.resource,
    purpose: access.purpose,
    query: access.query,
  };
  const correlationId = randomUUID();
  // One stream per day and partition (by this read's own id): concurrent reads do not race for one stream.
  await events.append(accessLogStream(now, correlationId), [{ eventId: randomUUID(), type: 'PersonalDataAccessed', schemaVersion: PERSONAL_DATA_ACCESSED_VERSION, data, occurredAt: now, metadata: { actor, correlationId, causationId: null, commandId: null } }], 'any');
}

/**
 * Whom an access reference stands for, as an auditor sees it: the client while it is not erased,
 * otherwise ERASED. v1 references (`legacy:<clientId>`) name the id, which reads as ERASED after erasure too.
 */
export async function clientOfAccessRef(ref: string, keys: Pick<ClientKeyStore, 'clientOfAccessRef' | 'isErased'>): Promise<string> {
  if (ref.startsWith(LEGACY_ACCESS_REF_PREFIX)) {
    const clientId = ref.slice(LEGACY_ACCESS_REF_PREFIX.length);
    return (await keys.isErased(clientId)) ? ERASED : clientId;
  }
  return (await keys.clientOfAccessRef(ref)) ?? ERASED;
}
