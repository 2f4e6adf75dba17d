import { RecordedEvent } from '@wijkzorg/event-store';
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
  keys(event: RecordedEvent): DocKey[];
  apply(event: RecordedEvent, context: ProjectionContext): void;
}

export const monthOf = (iso: string) => iso.slice(0, 7);
export { gemeenteCodeOfWijk as gemeenteOf } from '@wijkzorg/domain';
