import Database from 'better-sqlite3';
import { openSqlite } from '@wijkzorg/event-store';
import { FencedOutError } from '@wijkzorg/application';
import {
  Checkpoint,
  CheckpointMovedError,
  ProjectionCommit,
  isRefusal,
  Condition,
  GenerationDroppedError,
  ProjectionVersionError,
  Doc,
  DocChange,
  DocKey,
  FindQuery,
  FindResult,
  ReadModelStore,
  Scalar,
  assertSafeField,
  docKey,
  generationName,
  isGenerationOf,
  projectionOfGeneration,
} from '../read-model-store.port';
import { assertCursorFits, checkedSort, keysetCondition, nextCursorOf } from '../keyset';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rm_checkpoints (
  projection TEXT PRIMARY KEY,
  position   INTEGER NOT NULL,
  version    INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rm_live (
  projection TEXT PRIMARY KEY,
  generation TEXT NOT NULL
);
-- The highest lease token a writer of the projection presented (fencing; see commit).
CREATE TABLE IF NOT EXISTS rm_fences (
  projection TEXT PRIMARY KEY,
  fence      INTEGER NOT NULL
);`;

/**
 * The table of one scope's documents (a scope is the projection itself until its first blue-green rebuild, then the
 * generation `rm_live` names). A table per scope, not one shared table: SQLite evaluates the condition of every
 * partial index of a table on every write, so with the 88 indexes of all projections in one table a write cost about
 * 60 µs where about 5 suffice; an index build scans only its own projection's rows; dropping a generation is a DROP TABLE.
 */
export function documentTableOf(scope: string): string {
  if (!NAME.test(scope)) throw new Error(`invalid read-model scope ${scope}`);
  return `"rm_docs_${scope}"`;
}

/** The statements of one scope's table, prepared once per connection. */
interface ScopeStatements {
  create: Database.Statement;
  get?: Database.Statement;
  put?: Database.Statement;
  remove?: Database.Statement;
}

/** SQLite's answer for a scope whose table was never created (nothing committed yet) or was dropped meanwhile. */
// Not `instanceof Error`: the driver's errors may come from another realm (jest's module sandbox).
const isMissingTable = (error: unknown) => typeof (error as { message?: unknown })?.message === 'string' && (error as Error).message.startsWith('no such table');

/**
 * Read models in the same SQLite file as the events, one table per scope (see documentTableOf). A batch's documents
 * and its checkpoint are written in one transaction, so after a crash nothing is counted twice or lost.
 */
export class SqliteReadModelStore implements ReadModelStore {
  readonly kind = 'sqlite';
  readonly db: Database.Database;
  private readonly scopeStatements = new Map<string, ScopeStatements>();
  private readonly putCheckpoint: Database.Statement;
  private readonly liveGeneration: Database.Statement;
  private readonly checkpointWithTime: Database.Statement;
  private readonly checkpointRow: Database.Statement;
  private readonly fenceOf: Database.Statement;
  private readonly putFence: Database.Statement;

  constructor(path: string) {
    // NORMAL is enough here: in WAL mode a lost commit loses documents and checkpoint together,
    // and the projection simply applies those events again. (The event store connection stays FULL.)
    this.db = openSqlite(path, { synchronous: 'NORMAL' });
    this.db.pragma('cache_size = -65536');
    this.db.exec(SCHEMA);
    this.moveOutOfSharedTable();
    this.putCheckpoint = this.db.prepare('INSERT INTO rm_checkpoints (projection, position, version, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version, updated_at = excluded.updated_at');
    this.liveGeneration = this.db.prepare('SELECT generation FROM rm_live WHERE projection = ?').pluck();
    this.checkpointWithTime = this.db.prepare('SELECT position, version, updated_at FROM rm_checkpoints WHERE projection = ?');
    this.checkpointRow = this.db.prepare('SELECT position, version FROM rm_checkpoints WHERE projection = ?');
    this.fenceOf = this.db.prepare('SELECT fence FROM rm_fences WHERE projection = ?').pluck();
    this.putFence = this.db.prepare('INSERT INTO rm_fences (projection, fence) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET fence = excluded.fence');
  }

  /**
   * Files written before the table per scope kept every document in `rm_documents`: each scope's rows and partial
   * indexes move to its own table once, in one transaction (another process opening the file meanwhile waits, then
   * finds nothing left to move). Every process on the file is to be stopped first (docs/read-model-stores.md). Where a
   * scope's table already has a document (a former version ran on the file again after a move), the row from
   * `rm_documents` is the later one and wins; scope names no projection has any more are left behind.
   */
  private moveOutOfSharedTable(): void {
    const shared = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rm_documents'").pluck();
    if (shared.get() === undefined) return;
    this.db
      .transaction(() => {
        if (shared.get() === undefined) return;
        const indexes = this.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rm_documents' AND sql IS NOT NULL").pluck().all() as string[];
        for (const scope of this.db.prepare('SELECT DISTINCT projection FROM rm_documents').pluck().all() as string[]) {
          if (!NAME.test(scope)) continue;
          this.statementsOf(scope).create.run();
          this.db.prepare(`INSERT INTO ${documentTableOf(scope)} (collection, id, doc) SELECT collection, id, doc FROM rm_documents WHERE projection = ? ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc`).run(scope);
        }
        for (const sql of indexes) {
          const index = /json_extract\(doc, '\$\.([A-Za-z0-9_.]+)'\)\) WHERE projection = '(\w+)' AND collection = '(\w+)'/.exec(sql);
          if (!index) continue;
          this.statementsOf(index[2]).create.run(); // a scope may have indexes and no documents yet
          this.createIndex(index[2], index[3], index[1]);
        }
        this.db.exec('DROP TABLE rm_documents');
      })
      .immediate();
  }

  /** A scope's statements; `create` makes its table where it does not exist yet. */
  private statementsOf(scope: string): ScopeStatements {
    let statements = this.scopeStatements.get(scope);
    if (!statements) {
      statements = { create: this.db.prepare(`CREATE TABLE IF NOT EXISTS ${documentTableOf(scope)} (collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, UNIQUE (collection, id))`) };
      this.scopeStatements.set(scope, statements);
    }
    return statements;
  }

  /** One document of a scope, null where its table does not exist (nothing committed to the scope yet). */
  private docOf(scope: string, collection: string, id: string): string | undefined {
    const statements = this.statementsOf(scope);
    try {
      statements.get ??= this.db.prepare(`SELECT doc FROM ${documentTableOf(scope)} WHERE collection = ? AND id = ?`).pluck();
      return statements.get.get(collection, id) as string | undefined;
    } catch (error) {
      if (!isMissingTable(error)) throw error;
      statements.get = undefined;
      return undefined;
    }
  }

  private createIndex(scope: string, collection: string, field: string): void {
    assertSafeField(field);
    const name = `rmi_${scope}_${collection}_${field}`.replace(/[^A-Za-z0-9_]/g, '_');
    // A partial expression index: it serves queries that repeat both the json_extract expression and the literal
    // collection (see find).
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON ${documentTableOf(scope)} (json_extract(doc, '$.${field}')) WHERE ${collectionIs(collection)}`);
  }

  /** The scope holding the live generation of a projection name (a generation name is its own scope). */
  private scope(projection: string): string {
    if (projectionOfGeneration(projection) !== undefined) return projection;
    return (this.liveGeneration.get(projection) as string | undefined) ?? projection;
  }

  async checkpoint(projection: string): Promise<Checkpoint | null> {
    const row = this.checkpointWithTime.get(this.scope(projection)) as { position: number; version: number; updated_at: string } | undefined;
    return row ? { position: row.position, version: row.version, updatedAt: row.updated_at } : null;
  }

  async load(projection: string, keys: DocKey[]): Promise<Map<string, Doc>> {
    const found = new Map<string, Doc>();
    // One read transaction: the live scope and its documents from the same snapshot (a switch-over drops the old table).
    this.db.transaction(() => {
      const scope = this.scope(projection);
      for (const { collection, id } of keys) {
        const json = this.docOf(scope, collection, id);
        if (json !== undefined) found.set(docKey(collection, id), JSON.parse(json));
      }
    })();
    return found;
  }

  async commit(projection: string, changes: DocChange[], checkpoint: { position: number; version: number; after?: number; fence?: number }): Promise<void> {
    this.db.transaction(() => this.commitWithin(projection, changes, checkpoint)).immediate();
  }

  /**
   * Several projections' batches in one transaction (one WAL commit, one wake-up of other processes), each in a
   * savepoint of its own: a batch the store refuses is rolled back alone and its error answered in its place.
   */
  async commitMany(commits: ProjectionCommit[]): Promise<(Error | undefined)[]> {
    const one = this.db.transaction((c: ProjectionCommit) => this.commitWithin(c.projection, c.changes, c.checkpoint));
    return this.db
      .transaction(() =>
        commits.map((c) => {
          try {
            one(c);
            return undefined;
          } catch (error) {
            if (isRefusal(error)) return error;
            throw error;
          }
        }),
      )
      .immediate();
  }

  private commitWithin(projection: string, changes: DocChange[], checkpoint: { position: number; version: number; after?: number; fence?: number }): void {
    const scope = this.scope(projection);
    const row = this.checkpointRow.get(scope) as { position: number; version: number } | undefined;
    const position = row?.position;
    if (position === undefined && projectionOfGeneration(projection) !== undefined) throw new GenerationDroppedError(projection);
    if (checkpoint.fence !== undefined) {
      // Fences belong to the projection (its lease), not to one generation of its documents.
      const fenced = projectionOfGeneration(projection) ?? projection;
      const newest = (this.fenceOf.get(fenced) as number | undefined) ?? 0;
      if (checkpoint.fence < newest) throw new FencedOutError(`projection:${fenced}`, checkpoint.fence, newest);
      if (checkpoint.fence > newest) this.putFence.run(fenced, checkpoint.fence);
    }
    if (row && row.version !== checkpoint.version) throw new ProjectionVersionError(projection, checkpoint.version, row.version);
    if (checkpoint.after !== undefined) {
      const stored = position ?? 0;
      if (stored !== checkpoint.after) throw new CheckpointMovedError(projection, checkpoint.after, stored);
    }
    if (changes.length > 0) {
      const statements = this.statementsOf(scope);
      // Every time, not once per connection: another process may have dropped a scope this one saw.
      statements.create.run();
      const table = documentTableOf(scope);
      const put = (statements.put ??= this.db.prepare(`INSERT INTO ${table} (collection, id, doc) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc`));
      const remove = (statements.remove ??= this.db.prepare(`DELETE FROM ${table} WHERE collection = ? AND id = ?`));
      for (const change of changes) {
        if (change.doc === null) remove.run(change.collection, change.id);
        else put.run(change.collection, change.id, JSON.stringify(change.doc));
      }
    }
    this.putCheckpoint.run(scope, checkpoint.position, checkpoint.version, new Date().toISOString());
  }

  async reset(projection: string, version: number): Promise<void> {
    this.db
      .transaction(() => {
        const scope = this.scope(projection);
        this.statementsOf(scope).create.run();
        this.db.prepare(`DELETE FROM ${documentTableOf(scope)}`).run();
        this.putCheckpoint.run(scope, 0, version, new Date().toISOString());
      })
      .immediate();
  }

  async beginRebuild(projection: string, version: number): Promise<string> {
    if (projectionOfGeneration(projection) !== undefined) throw new Error(`${projection} is a generation, not a projection`);
    documentTableOf(projection);
    const generation = generationName(projection, version);
    this.db
      .transaction(() => {
        const live = this.scope(projection);
        // Unfinished earlier rebuilds (a crash, a stopped CLI) are dropped: this one starts from zero.
        const stale = (this.db.prepare("SELECT projection FROM rm_checkpoints WHERE (projection GLOB ? || '__v*' OR projection = ?) AND projection <> ?").pluck().all(projection, projection, live) as string[]).filter((s) => s === projection || isGenerationOf(projection, s));
        for (const scope of stale) this.drop(scope);
        this.putCheckpoint.run(generation, 0, version, new Date().toISOString());
      })
      .immediate();
    return generation;
  }

  async switchOver(projection: string, generation: string, options: { fence?: number; force?: boolean } = {}): Promise<void> {
    if (!isGenerationOf(projection, generation)) throw new Error(`${generation} is not a generation of ${projection}`);
    const positionOf = (scope: string) => this.db.prepare('SELECT position FROM rm_checkpoints WHERE projection = ?').pluck().get(scope) as number | undefined;
    const retired = this.db
      .transaction(() => {
        const live = this.scope(projection);
        if (live === generation) return undefined;
        const next = positionOf(generation);
        if (next === undefined) throw new GenerationDroppedError(generation);
        const current = positionOf(live);
        if (!options.force && current !== undefined && next < current) throw new CheckpointMovedError(projection, next, current);
        this.db.prepare('INSERT OR REPLACE INTO rm_live (projection, generation) VALUES (?, ?)').run(projection, generation);
        return live;
      })
      .immediate();
    // Readers resolve the live scope in the same read transaction as their query: none reads the retired one now.
    if (retired !== undefined) this.db.transaction(() => this.drop(retired)).immediate();
  }

  /** Removes a scope's documents (its table, with its partial indexes) and checkpoint. */
  private drop(scope: string): void {
    this.scopeStatements.delete(scope);
    this.db.exec(`DROP TABLE IF EXISTS ${documentTableOf(scope)}`);
    this.db.prepare('DELETE FROM rm_checkpoints WHERE projection = ?').run(scope);
  }

  async ensureIndexes(projection: string, collection: string, fields: string[]): Promise<void> {
    const live = this.scope(projection);
    this.statementsOf(live).create.run();
    for (const field of fields) this.createIndex(live, collection, field);
  }

  /** Refresh the query planner's statistics (after large rebuilds). */
  async optimize(): Promise<void> {
    // Statistics from a sample of each index: a full ANALYZE of a large table holds the connection (and the api) for seconds.
    this.db.pragma('analysis_limit = 1000');
    // The documents' tables only: the events' statistics are the event store's business.
    for (const table of this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'rm_docs_*'").pluck().all() as string[]) {
      try {
        this.db.exec(`ANALYZE "${table}"`);
      } catch (error) {
        // Dropped since it was listed, by a switch-over on another connection (the api's, another rebuild thread's).
        if (!isMissingTable(error)) throw error;
      }
    }
  }

  async get(projection: string, collection: string, id: string): Promise<Doc | null> {
    const json = this.db.transaction(() => this.docOf(this.scope(projection), collection, id))();
    return json === undefined ? null : JSON.parse(json);
  }

  async find(projection: string, collection: string, query: FindQuery = {}): Promise<FindResult> {
    assertCursorFits(query);
    // One read transaction: the live scope and the documents come from the same snapshot.
    return this.db.transaction(() => this.findIn(this.scope(projection), collection, query))();
  }

  private findIn(scope: string, collection: string, query: FindQuery): FindResult {
    try {
      return this.findInTable(documentTableOf(scope), collection, query);
    } catch (error) {
      if (isMissingTable(error)) return { items: [], total: 0 };
      throw error;
    }
  }

  private findInTable(table: string, collection: string, query: FindQuery): FindResult {
    const clauses = [collectionIs(collection)];
    const params: unknown[] = [];
    for (const [field, condition] of Object.entries(query.where ?? {})) {
      assertSafeField(field);
      const path = `json_extract(doc, '$.${field}')`;
      addCondition(clauses, params, path, condition);
    }
    const where = clauses.join(' AND ');
    const total =
      (this.db
        .prepare(`SELECT COUNT(*) FROM ${table} WHERE ${where}`)
        .pluck()
        .get(...params) as number) ?? 0;
    const sort = checkedSort(query).map((s) => ({ expression: `json_extract(doc, '$.${s.field}')`, direction: s.direction }));
    const order = sort.map((s) => `${s.expression} ${s.direction === 'desc' ? 'DESC' : 'ASC'}`);
    order.push('id ASC');
    const pageParams = [...params];
    const keyset = query.after ? ` AND ${keysetCondition(sort, 'id', query.after, (v: Scalar) => (pageParams.push(typeof v === 'boolean' ? Number(v) : v), '?'))}` : '';
    const rows = (this.db.prepare(`SELECT id, doc FROM ${table} WHERE ${where}${keyset} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`).all(...pageParams, query.limit === undefined ? -1 : query.limit + 1, query.offset ?? 0) as { id: string; doc: string }[]).map((r) => ({
      id: r.id,
      doc: JSON.parse(r.doc) as Doc,
    }));
    const nextCursor = nextCursorOf(rows, query);
    return { items: rows.slice(0, query.limit ?? rows.length).map((r) => r.doc), total, ...(nextCursor ? { nextCursor } : {}) };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Collection names come from code; they are inlined so partial indexes apply. */
function collectionIs(collection: string): string {
  if (!NAME.test(collection)) throw new Error(`invalid read-model collection ${collection}`);
  return `collection = '${collection}'`;
}

function addCondition(clauses: string[], params: unknown[], path: string, condition: Condition): void {
  const sqlValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
  if (condition === null) clauses.push(`${path} IS NULL`);
  else if (typeof condition !== 'object') {
    clauses.push(`${path} = ?`);
    params.push(sqlValue(condition));
  } else if ('in' in condition) {
    if (condition.in.length === 0) clauses.push('0');
    else {
      clauses.push(`${path} IN (${condition.in.map(() => '?').join(', ')})`);
      params.push(...condition.in.map(sqlValue));
    }
  } else {
    if (condition.gte !== undefined) {
      clauses.push(`${path} >= ?`);
      params.push(sqlValue(condition.gte));
    }
    if (condition.lte !== undefined) {
      clauses.push(`${path} <= ?`);
      params.push(sqlValue(condition.lte));
    }
  }
}
