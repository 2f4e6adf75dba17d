import { randomUUID } from 'node:crypto';
import { AccessPurpose, Actor, accessLogStream } from '@wijkzorg/domain';
import { EventStore } from '@wijkzorg/event-store';

export interface Access {
  clientIds: string[];
  resource: string;
  purpose: AccessPurpose;
  query: string | null;
}

/** Appends one access-log event (NEN 7513) before person-level data leaves the service. */
export async function recordAccess(events: EventStore, actor: Actor, access: Access, now = new Date().toISOString()): Promise<void> {
  await events.append(
    accessLogStream(now),
    [{ eventId: randomUUID(), type: 'PersonalDataAccessed', schemaVersion: 1, data: access, occurredAt: now, metadata: { actor, correlationId: randomUUID(), causationId: null, commandId: null } }],
    'any',
  );
}
