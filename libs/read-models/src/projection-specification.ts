import { DomainEvent, ProjectedEvent, Projection, ProjectionContext } from './projection';
import { Doc, docKey } from './read-model-store.port';
import { SpecificationFailed, sameData } from '@wijkzorg/domain';
import { EventMetadata } from '@wijkzorg/event-store';

/** Documents by collection and id, without store bookkeeping (`_position`). */
export type Documents = Record<string, Record<string, Record<string, unknown>>>;

const defaultMetadata: EventMetadata = { actor: { role: 'zorgprofessional', id: 'zp-1' }, correlationId: 'spec', causationId: null, commandId: null };

/**
 * A Given/When/Then specification of a projection: `spec.given(events).then(documents)`. The events are
 * applied in order as the runner applies them (documents declared by keys(), unhandled types skipped),
 * and every document the projection holds afterwards must be exactly the expected one.
 */
export function projectionSpecification(projection: Projection) {
  return {
    given: (events: (DomainEvent & { metadata?: EventMetadata })[]) => ({
      then(expected: Documents): Documents {
        const actual = project(projection, events);
        if (!sameData(actual, expected)) throw new SpecificationFailed(`projection ${projection.name} holds other documents`, expected, actual);
        return actual;
      },
    }),
  };
}

/** The documents a projection holds after the events, applied as the runner applies them (for property specs). */
export function project(projection: Projection, events: (DomainEvent & { metadata?: EventMetadata })[]): Documents {
  const docs = new Map<string, { collection: string; id: string; doc: Doc }>();
  events.forEach((given, index) => {
    if (!projection.handles.includes(given.type)) return;
    const e = { eventId: `e-${index + 1}`, streamId: 'spec', revision: index, globalPosition: index + 1, recordedAt: given.occurredAt, ...given, metadata: given.metadata ?? defaultMetadata } as ProjectedEvent;
    const declared = new Set(projection.keys(e).map((k) => docKey(k.collection, k.id)));
    const context: ProjectionContext = {
      get: <T extends Doc>(collection: string, id: string) => docs.get(docKey(collection, id))?.doc as T | undefined,
      update: <T extends Doc>(collection: string, id: string, change: (doc: T | undefined) => T | null) => {
        const key = docKey(collection, id);
        if (!declared.has(key)) throw new Error(`projection ${projection.name} updated ${key} without declaring it in keys() for ${e.type}`);
        const after = change(docs.get(key)?.doc as T | undefined);
        if (after === null) docs.delete(key);
        else docs.set(key, { collection, id, doc: { ...after, _position: e.globalPosition } });
      },
    };
    projection.apply(e, context);
  });
  const documents: Documents = {};
  for (const { collection, id, doc } of docs.values()) {
    const { _position, ...rest } = doc;
    // Defined, not assigned: an id such as "__proto__" stays a document of its own.
    Object.defineProperty((documents[collection] ??= {}), id, { value: JSON.parse(JSON.stringify(rest)), enumerable: true, writable: true, configurable: true });
  }
  return documents;
}
