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

/**
 * Id lists this code keeps in sorted order. A list stored before (in the order its ids came) is sorted once, when it is
 * first added to; what a list means is a set of people, so its order is free.
 */
const sortedLists = new WeakSet<string[]>();
/**
 * Adds `id` to a stored id list unless it is there: a binary search in the sorted list, so adding to a list of
 * thousands does not scan it, and no set beside it (at 1M events the sets of the budget and money-flow lists held
 * about as much memory as the lists). The list must change only through this while its document is in use.
 */
export function addOnce(ids: string[], id: string): void {
  if (!sortedLists.has(ids)) {
    ids.sort();
    sortedLists.add(ids);
  }
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ids[middle] < id) low = middle + 1;
    else high = middle;
  }
  if (ids[low] !== id) ids.splice(low, 0, oneCopyOf(id));
}

/**
 * Each id as one string shared by every list that holds it: an id comes with each event as a string of its own, and
 * a person is in many lists (400,000 entries for 44,000 people in the budget's lists at 1M events). Emptied when it
 * reaches its bound, so it does not grow with the log (an id added after that is shared from then on), and when a
 * catch-up or rebuild has reached the head (releaseSharedIds), so a running api does not keep ids it no longer adds.
 */
const sharedIds = new Map<string, string>();
const SHARED_IDS_LIMIT = 200_000;
export function releaseSharedIds(): void {
  sharedIds.clear();
}
function oneCopyOf(id: string): string {
  const shared = sharedIds.get(id);
  if (shared !== undefined) return shared;
  if (sharedIds.size >= SHARED_IDS_LIMIT) sharedIds.clear();
  sharedIds.set(id, id);
  return id;
}
export { gemeenteCodeOfWijk as gemeenteOf } from '@wijkzorg/domain';
