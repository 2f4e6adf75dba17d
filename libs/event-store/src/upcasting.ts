import { RecordedEvent, eventWith } from './event-store.port';

/** Turns the data of one schema version of an event into the next version's. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** Upcasters keyed by `${type}@${fromVersion}`, each naming the version it produces. */
export type UpcasterRegistry = Record<string, { to: number; upcast: Upcaster }>;

/**
 * The upcasting mechanism: an older schema version of an event is turned into the current one when it
 * is read, step by step, so deciders and projections only ever see current shapes. The registry (which
 * needs domain knowledge) lives with the event catalog's users; this only applies it.
 */
export function upcasterOf(registry: UpcasterRegistry): (event: RecordedEvent) => RecordedEvent {
  const upcastTypes = new Set(Object.keys(registry).map((key) => key.slice(0, key.indexOf('@'))));
  return (event) => {
    if (!upcastTypes.has(event.type)) return event;
    let current = event;
    for (let step = registry[`${current.type}@${current.schemaVersion}`]; step; step = registry[`${current.type}@${current.schemaVersion}`]) {
      current = eventWith(current, { schemaVersion: step.to, data: step.upcast(current.data as Record<string, unknown>) });
    }
    return current;
  };
}
