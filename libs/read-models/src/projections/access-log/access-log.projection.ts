import { ProjectedEvent, Projection } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/**
 * One client's data read by one actor: what auditors query (who looked at whom, when, why). The client
 * is kept as its access reference; the auditor endpoint resolves it while the client is not erased.
 */
export interface AccessLogEntry extends Doc {
  at: string;
  clientRef: string;
  actorRole: string;
  actorId: string;
  resource: string;
  purpose: string;
  query: string | null;
  position: number;
}

const entryKey = (e: ProjectedEvent, clientRef: string): DocKey => ({ collection: 'entry', id: `${e.globalPosition}:${clientRef}` });

export const accessLogProjection: Projection = {
  name: 'accesslog',
  version: 2,
  handles: ['PersonalDataAccessed'],
  indexes: { entry: ['clientRef', 'actorId', 'at'] },
  keys: (e) => (e.type === 'PersonalDataAccessed' ? e.data.clientRefs.map((clientRef) => entryKey(e, clientRef)) : []),
  apply(e, ctx) {
    if (e.type !== 'PersonalDataAccessed') return;
    const d = e.data;
    for (const clientRef of d.clientRefs) {
      ctx.update<AccessLogEntry>('entry', `${e.globalPosition}:${clientRef}`, () => ({
        at: e.occurredAt,
        clientRef,
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
