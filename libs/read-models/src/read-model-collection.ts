import { Doc, FindQuery, KeysetCursor, ReadModelStore } from './read-model-store.port';

/**
 * A collection of one projection with the document type it holds: the one place a stored document is
 * given its type, so callers (the api) name neither projections nor collections and cast nothing.
 */
export interface ReadModelCollection<T extends Doc> {
  readonly projection: string;
  readonly collection: string;
  get(store: ReadModelStore, id: string): Promise<T | null>;
  find(store: ReadModelStore, query?: FindQuery): Promise<{ items: T[]; total: number; nextCursor?: KeysetCursor }>;
}

export function readModelCollection<T extends Doc>(projection: string, collection: string): ReadModelCollection<T> {
  return {
    projection,
    collection,
    get: async (store, id) => (await store.get(projection, collection, id)) as T | null,
    find: async (store, query) => {
      const { items, total, nextCursor } = await store.find(projection, collection, query);
      return { items: items as T[], total, ...(nextCursor ? { nextCursor } : {}) };
    },
  };
}
