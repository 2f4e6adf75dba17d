import { RecordedEvent } from '@wijkzorg/event-store';
import { Projection } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/** One client's data read by one actor: what auditors query (who looked at whom, when, why). */
export interface AccessLogEntry extends Doc {
  at: string;
  clientId: string;
  actorRole: string;
  actorId: string;
  resource: string;
  purpose: string;
  query: string | null;
  position: number;
}

const entryKey = (e: RecordedEvent, clientId: string): DocKey => ({ collection: 'entry', id: `${e.globalPosition}:${clientId}` });

export const accessLogProjection: Projection = {
  name: 'accesslog',
  version: 1,
  handles: ['PersonalDataAccessed'],
  indexes: { entry: ['clientId', 'actorId', 'at'] },
  keys: (e) => (e.data as { clientIds: string[] }).clientIds.map((clientId) => entryKey(e, clientId)),
  apply(e, ctx) {
    const d = e.data as { clientIds: string[]; resource: string; purpose: string; query: string | null };
    for (const clientId of d.clientIds) {
      ctx.update<AccessLogEntry>('entry', `${e.globalPosition}:${clientId}`, () => ({
        at: e.occurredAt,
        clientId,
        actorRole: e.metadata.actor.role,
        actorId: e.metadata.actor.id,
        resource: d.resource,
        purpose: d.purpose,
        query: d.query,
        position: e.globalPosition,
      }));
    }
  },
};
