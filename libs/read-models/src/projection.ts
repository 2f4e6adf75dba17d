import { RecordedEvent } from '@wijkzorg/event-store';
import { BudgetPotEvent, ClientEvent, PersonalDataAccessed, WijkEvent, WooncirkelEvent } from '@wijkzorg/domain';
import { Doc, DocKey } from './read-model-store.port';

/** What a projection handler may do with the documents of the current batch. */
export interface ProjectionContext {
  get<T extends Doc>(collection: string, id: string): T | undefined;
  /**
   * Changes one document. Skipped when the document already reflects this event (its `_position`
   * is at or past the event's), so a replayed batch changes nothing twice. Return null to delete.
   */
  update<T extends Doc>(collection: string, id: string, change: (doc: T | undefined) => T | null): void;
}

/** Every event of the domain, in its current schema version (the runner upcasts before projecting). */
export type DomainEvent = ClientEvent | WooncirkelEvent | WijkEvent | BudgetPotEvent | PersonalDataAccessed;

/** A stored event whose type and data are one member of the domain's event union: `switch (e.type)` narrows `e.data`. */
export type ProjectedEvent = Recorded<DomainEvent>;
type Recorded<E extends DomainEvent> = E extends unknown ? Omit<RecordedEvent, 'type' | 'data'> & Pick<E, 'type' | 'data'> : never;

/**
 * The one place a stored event becomes a typed one: upcasting has brought it to the current schema
 * version, and the event catalog test keeps the catalog and the union in step.
 */
export const asProjected = (event: RecordedEvent): ProjectedEvent => event as ProjectedEvent;

/**
 * A projection: which events it handles, which documents each touches (loaded before the batch is
 * applied, so handlers stay synchronous and stores can fetch in bulk), and how each changes them.
 * Raising `version` makes the projection rebuild itself from zero on the next start.
 */
export interface Projection {
  name: string;
  version: number;
  handles: readonly string[];
  /** Fields queries filter or sort on, per collection. */
  indexes?: Record<string, string[]>;
  keys(event: ProjectedEvent): DocKey[];
  apply(event: ProjectedEvent, context: ProjectionContext): void;
}

export const monthOf = (iso: string) => iso.slice(0, 7);

/** A set beside each id list this code has added to, so adding to a list of thousands does not scan it (the stored shape stays a list). */
const members = new WeakMap<string[], Set<string>>();
/** Appends `id` to a stored id list unless it is there; the list must change only through this while its document is in use. */
export function addOnce(ids: string[], id: string): void {
  let set = members.get(ids);
  if (!set) members.set(ids, (set = new Set(ids)));
  if (set.has(id)) return;
  set.add(id);
  ids.push(id);
}
export { gemeenteCodeOfWijk as gemeenteOf } from '@wijkzorg/domain';
