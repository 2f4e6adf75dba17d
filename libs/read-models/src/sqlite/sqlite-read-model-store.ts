import Database from 'better-sqlite3';
import { openSqlite } from '@wijkzorg/event-store';
import { FencedOutError } from '@wijkzorg/application';
import { Checkpoint, CheckpointMovedError, Condition, Doc, DocChange, DocKey, FindQuery, FindResult, ReadModelStore, assertSafeField, docKey } from '../read-model-store.port';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rm_documents (
  projection TEXT NOT NULL,
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  doc        TEXT NOT NULL,
  UNIQUE (projection, collection, id)
);
CREATE TABLE IF NOT EXISTS rm_checkpoints (
  projection TEXT PRIMARY KEY,
  position   INTEGER NOT NULL,
  version    INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);`;

/**
 * Read models in the same SQLite file as the events. A batch's documents and its checkpoint are
 * written in one transaction, so after a crash nothing is counted twice or lost.
 */
export class SqliteReadModelStore implements ReadModelStore {
  readonly kind = 'sqlite';
  readonly db: Database.Database;
  private readonly getDoc: Database.Statement;
  private readonly putDoc: Database.Statement;
  private readonly deleteDoc: Database.Statement;
  private readonly putCheckpoint: Database.Statement;

  constructor(path: string) {
    // NORMAL is enough here: in WAL mode a lost commit loses documents and checkpoint together,
    // and the projection simply applies those events again. (The event store connection stays FULL.)
    this.db = openSqlite(path, { synchronous: 'NORMAL' });
    this.db.pragma('cache_size = -65536');
    this.db.exec(SCHEMA);
    // The highest lease token a writer of the projection presented (files from before lack the column).
    if (!(this.db.prepare('PRAGMA table_info(rm_checkpoints)').all() as { name: string }[]).some((c) => c.name === 'fence')) this.db.exec('ALTER TABLE rm_checkpoints ADD COLUMN fence INTEGER');
    this.getDoc = this.db.prepare('SELECT doc FROM rm_documents WHERE projection = ? AND collection = ? AND id = ?').pluck();
    this.putDoc = this.db.prepare('INSERT OR REPLACE INTO rm_documents (projection, collection, id, doc) VALUES (?, ?, ?, ?)');
    this.deleteDoc = this.db.prepare('DELETE FROM rm_documents WHERE projection = ? AND collection = ? AND id = ?');
    this.putCheckpoint = this.db.prepare('INSERT INTO rm_checkpoints (projection, position, version, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version, updated_at = excluded.updated_at');
  }

  async checkpoint(projection: string): Promise<Checkpoint | null> {
    const row = this.db.prepare('SELECT position, version, updated_at FROM rm_checkpoints WHERE projection = ?').get(projection) as { position: number; version: number; updated_at: string } | undefined;
    return row ? { position: row.position, version: row.version, updatedAt: row.updated_at } : null;
  }

  async load(projection: string, keys: DocKey[]): Promise<Map<string, Doc>> {
    const found = new Map<string, Doc>();
    for (const { collection, id } of keys) {
      const json = this.getDoc.get(projection, collection, id) as string | undefined;
      if (json !== undefined) found.set(docKey(collection, id), JSON.parse(json));
    }
    return found;
  }

  async commit(projection: string, changes: DocChange[], checkpoint: { position: number; version: number; after?: number; fence?: number }): Promise<void> {
    this.db
      .transaction(() => {
        if (checkpoint.fence !== undefined) {
          const newest = (this.db.prepare('SELECT fence FROM rm_checkpoints WHERE projection = ?').pluck().get(projection) as number | null | undefined) ?? 0;
          if (checkpoint.fence < newest) throw new FencedOutError(`projection:${projection}`, checkpoint.fence, newest);
        }
        if (checkpoint.after !== undefined) {
          const stored = (this.db.prepare('SELECT position FROM rm_checkpoints WHERE projection = ?').pluck().get(projection) as number | undefined) ?? 0;
          if (stored !== checkpoint.after) throw new CheckpointMovedError(projection, checkpoint.after, stored);
        }
        for (const change of changes) {
          if (change.doc === null) this.deleteDoc.run(projection, change.collection, change.id);
          else this.putDoc.run(projection, change.collection, change.id, JSON.stringify(change.doc));
        }
        this.putCheckpoint.run(projection, checkpoint.position, checkpoint.version, new Date().toISOString());
        if (checkpoint.fence !== undefined) this.db.prepare('UPDATE rm_checkpoints SET fence = ? WHERE projection = ?').run(checkpoint.fence, projection);
      })
      .immediate();
  }

  async reset(projection: string, version: number): Promise<void> {
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM rm_documents WHERE projection = ?').run(projection);
        this.putCheckpoint.run(projection, 0, version, new Date().toISOString());
      })
      .immediate();
  }

  async ensureIndexes(projection: string, collection: string, fields: string[]): Promise<void> {
    const scope = scopeOf(projection, collection);
    for (const field of fields) {
      assertSafeField(field);
      const name = `rm_${projection}_${collection}_${field}`.replace(/[^A-Za-z0-9_]/g, '_');
      // A partial expression index: it costs writes only for this collection, and serves queries
      // that repeat both the json_extract expression and the literal scope (see find).
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON rm_documents (json_extract(doc, '$.${field}')) WHERE ${scope}`);
    }
  }

  /** Refresh the query planner's statistics (after large rebuilds). */
  async optimize(): Promise<void> {
    this.db.exec('ANALYZE rm_documents');
  }

  async get(projection: string, collection: string, id: string): Promise<Doc | null> {
    const json = this.getDoc.get(projection, collection, id) as string | undefined;
    return json === undefined ? null : JSON.parse(json);
  }

  async find(projection: string, collection: string, query: FindQuery = {}): Promise<FindResult> {
    const clauses = [scopeOf(projection, collection)];
    const params: unknown[] = [];
    for (const [field, condition] of Object.entries(query.where ?? {})) {
      assertSafeField(field);
      const path = `json_extract(doc, '$.${field}')`;
      addCondition(clauses, params, path, condition);
    }
    const where = clauses.join(' AND ');
    const total =
      (this.db
        .prepare(`SELECT COUNT(*) FROM rm_documents WHERE ${where}`)
        .pluck()
        .get(...params) as number) ?? 0;
    const order = (query.sort ?? []).map((s) => {
      assertSafeField(s.field);
      return `json_extract(doc, '$.${s.field}') ${s.direction === 'desc' ? 'DESC' : 'ASC'}`;
    });
    order.push('id ASC');
    const rows = this.db
      .prepare(`SELECT doc FROM rm_documents WHERE ${where} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...params, query.limit ?? -1, query.offset ?? 0) as string[];
    return { items: rows.map((r) => JSON.parse(r)), total };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Projection and collection names come from code; they are inlined so partial indexes apply. */
function scopeOf(projection: string, collection: string): string {
  if (!NAME.test(projection) || !NAME.test(collection)) throw new Error(`invalid read-model name ${projection}.${collection}`);
  return `projection = '${projection}' AND collection = '${collection}'`;
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
