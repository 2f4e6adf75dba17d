/** A read-model document. `_position` is the global position of the last event applied to it. */
export type Doc = Record<string, unknown> & { _position?: number };

export interface DocKey {
  collection: string;
  id: string;
}

export interface DocChange extends DocKey {
  /** The new document, or null to delete it. */
  doc: Doc | null;
}

export interface Checkpoint {
  /** Global position of the last event the projection has fully applied. */
  position: number;
  /** Version of the projection code that wrote the read model. */
  version: number;
  updatedAt: string;
}

export type Scalar = string | number | boolean | null;
export type Condition = Scalar | { in: Scalar[] } | { gte?: Scalar; lte?: Scalar };

export interface FindQuery {
  where?: Record<string, Condition>;
  sort?: { field: string; direction: 'asc' | 'desc' }[];
  limit?: number;
  offset?: number;
}

export interface FindResult {
  items: Doc[];
  total: number;
}

/**
 * Port for read-model storage: documents per projection and collection, and a checkpoint per
 * projection that is written together with the documents of a batch.
 */
export interface ReadModelStore {
  readonly kind: string;
  checkpoint(projection: string): Promise<Checkpoint | null>;
  /** Documents for the given keys (absent ones are missing from the map); key `${collection}/${id}`. */
  load(projection: string, keys: DocKey[]): Promise<Map<string, Doc>>;
  /**
   * Writes a batch of changes and moves the checkpoint. Atomic where the store allows; where it does
   * not, documents carry `_position` so a repeated batch changes nothing twice. With `after`, the batch
   * is refused (CheckpointMovedError, nothing written) unless the stored checkpoint is still there:
   * another process (a rebuild from the CLI, say) changed the projection meanwhile.
   * With `fence` (the writer's lease token on `projection:<name>`), the batch is refused (FencedOutError
   * from @wijkzorg/application, nothing written) when a higher token was committed before; the store keeps
   * the highest token with the checkpoint. Without it (the CLI) the batch is not fenced.
   */
  commit(projection: string, changes: DocChange[], checkpoint: { position: number; version: number; after?: number; fence?: number }): Promise<void>;
  /** Drops every document of the projection and sets its checkpoint to zero at `version`. */
  reset(projection: string, version: number): Promise<void>;
  /** Makes filtering and sorting on these fields fast (idempotent). */
  ensureIndexes(projection: string, collection: string, fields: string[]): Promise<void>;
  /** Optional upkeep after large rebuilds (planner statistics). */
  optimize?(): Promise<void>;
  get(projection: string, collection: string, id: string): Promise<Doc | null>;
  find(projection: string, collection: string, query?: FindQuery): Promise<FindResult>;
  close(): Promise<void>;
}

export class CheckpointMovedError extends Error {
  constructor(
    readonly projection: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`checkpoint of ${projection} is at ${actual}, not ${expected}: another writer moved it`);
    this.name = 'CheckpointMovedError';
  }
}

export const docKey = (collection: string, id: string) => `${collection}/${id}`;

/** Field names in queries become JSON paths or Mongo keys: only plain dotted names are allowed. */
export const SAFE_FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;
export function assertSafeField(field: string): void {
  if (!SAFE_FIELD.test(field)) throw new Error(`unsafe field name in read-model query: ${field}`);
}
