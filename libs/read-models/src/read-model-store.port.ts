import { FencedOutError } from '@wijkzorg/application';
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

/**
 * A keyset position: the sort values and the id of the last document of a page. The next page starts
 * right after it, so documents inserted or removed meanwhile neither repeat nor skip the rest.
 */
export interface KeysetCursor {
  values: Scalar[];
  id: string;
}

export interface FindQuery {
  where?: Record<string, Condition>;
  /** Missing values and null sort first ascending, last descending; ties are broken by id ascending. */
  sort?: { field: string; direction: 'asc' | 'desc' }[];
  limit?: number;
  offset?: number;
  /** Start after this position (keyset paging; one value per sort field). */
  after?: KeysetCursor;
}

export interface FindResult {
  items: Doc[];
  /** Documents matching `where`, regardless of paging. */
  total: number;
  /** Where the next page starts, when there is one (only with a `limit`). */
  nextCursor?: KeysetCursor;
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
  /**
   * Several projections' batches at once, where the store can put them in one transaction (fewer commits, fewer
   * wake-ups of other processes). Each is checked and refused on its own exactly as by `commit` (its refusal
   * answered in its place, nothing of it written); any other failure rejects the whole call with nothing written.
   */
  commitMany?(commits: ProjectionCommit[]): Promise<(Error | undefined)[]>;
  /** Drops every document of the projection and sets its checkpoint to zero at `version`. */
  reset(projection: string, version: number): Promise<void>;
  /**
   * Blue-green rebuild: starts a new, empty generation of the projection at `version` (dropping any
   * unfinished earlier one) and answers its name. That name is a projection name of its own for
   * `commit`, `load`, `checkpoint`, `ensureIndexes`, `get` and `find`; readers of the projection keep
   * reading the live generation until `switchOver`. A commit to, or a switch to, a generation that a newer
   * rebuild has dropped meanwhile is refused with GenerationDroppedError.
   */
  beginRebuild(projection: string, version: number): Promise<string>;
  /**
   * Makes the generation live in one atomic step, then drops the one that was live. Refused with
   * CheckpointMovedError (nothing changed) while the generation is behind the live one, unless `force`;
   * with FencedOutError for a fence lower than the projection's highest.
   */
  switchOver(projection: string, generation: string, options?: { fence?: number; force?: boolean }): Promise<void>;
  /** Makes filtering and sorting on these fields fast (idempotent). */
  ensureIndexes(projection: string, collection: string, fields: string[]): Promise<void>;
  /** Optional upkeep after large rebuilds (planner statistics). */
  optimize?(): Promise<void>;
  get(projection: string, collection: string, id: string): Promise<Doc | null>;
  find(projection: string, collection: string, query?: FindQuery): Promise<FindResult>;
  close(): Promise<void>;
}

/** One projection's batch for `commitMany`: the arguments of `commit`. */
export interface ProjectionCommit {
  projection: string;
  changes: DocChange[];
  checkpoint: { position: number; version: number; after?: number; fence?: number };
}

/** Another rebuild of the projection started after this one and dropped its generation. */
export class GenerationDroppedError extends Error {
  constructor(readonly generation: string) {
    super(`generation ${generation} was dropped by a newer rebuild of its projection`);
    this.name = 'GenerationDroppedError';
  }
}

/**
 * A commit by projection code of another version than the stored model's: after a rebuild by newer
 * code was switched in, a runner of the former version (still running during a rolling deploy) would
 * otherwise write documents of its own shape into the new model and stamp it with its version.
 */
export class ProjectionVersionError extends Error {
  constructor(
    readonly projection: string,
    readonly version: number,
    readonly storedVersion: number,
  ) {
    super(`${projection} is stored at version ${storedVersion}; code of version ${version} may not write it`);
    this.name = 'ProjectionVersionError';
  }
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

/** Name of a generation of a projection (see beginRebuild): `<projection>__v<version>_g<n>`. */
export const generationName = (projection: string, version: number) =>
  `${projection}__v${version}_g${Date.now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
const GENERATION = /^([A-Za-z][A-Za-z0-9_]*?)__v\d+_g[a-z0-9]+$/;
/** The projection a generation name belongs to, or undefined for a plain projection name. */
export const projectionOfGeneration = (name: string): string | undefined => GENERATION.exec(name)?.[1];
export const isGenerationOf = (projection: string, name: string) => projectionOfGeneration(name) === projection;

export const docKey = (collection: string, id: string) => `${collection}/${id}`;

/** Field names in queries become JSON paths or Mongo keys: only plain dotted names are allowed. */
export const SAFE_FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;
export function assertSafeField(field: string): void {
  if (!SAFE_FIELD.test(field)) throw new Error(`unsafe field name in read-model query: ${field}`);
}

/** The refusals a store answers for one batch (the writer must step back or go on from elsewhere), as opposed to failures. */
export const isRefusal = (error: unknown): error is Error => error instanceof CheckpointMovedError || error instanceof ProjectionVersionError || error instanceof GenerationDroppedError || error instanceof FencedOutError;
