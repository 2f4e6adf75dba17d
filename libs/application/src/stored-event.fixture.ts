import { RecordedEvent } from '@wijkzorg/event-store';

/** An event as the store hands it back (position 42 of client c1), for upcaster specs. */
export const storedEvent = (type: string, schemaVersion: number, data: object): RecordedEvent => ({
  eventId: 'e1',
  streamId: 'client-c1',
  revision: 3,
  globalPosition: 42,
  type,
  schemaVersion,
  data,
  occurredAt: '2026-02-01T00:00:00Z',
  recordedAt: '2026-02-01T00:00:00Z',
  metadata: { actor: { role: 'system', id: 's' }, correlationId: 'c', causationId: null, commandId: null },
});
