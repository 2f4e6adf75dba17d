import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { FencedOutError } from '@wijkzorg/application';
import { inPostgresTransaction, postgresDriver } from '@wijkzorg/event-store';
import { Checkpoint, CheckpointMovedError, Condition, GenerationDroppedError, ProjectionVersionError, Doc, DocChange, DocKey, FindQuery, FindResult, ReadModelStore, Scalar, assertSafeField, docKey, generationName, isGenerationOf, projectionOfGeneration } from '../read-model-store.port';
import { assertCursorFits, checkedSort, keysetCondition, nextCursorOf } from '../keyset';

/**
 * Every read model in three tables: documents as JSONB keyed by scope (a projection's generation),
 * collection and id; a checkpoint (position, code version, highest fencing token) per scope; and per
 * projection the scope that is live. A projection never rebuilt is its own scope.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS wz_rm_documents (
  scope      TEXT NOT NULL,
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  doc        JSONB NOT NULL,
  PRIMARY KEY (scope, collection, id)
);
CREATE TABLE IF NOT EXISTS wz_rm_checkpoints (
  scope      TEXT PRIMARY KEY,
  position   BIGINT NOT NULL,
  version    INTEGER NOT NULL,
  fence      BIGINT,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS wz_rm_live (
  projection TEXT PRIMARY KEY,
  generation TEXT NOT NULL
);`;

/** Several instances start at once; concurrent CREATE ... IF NOT EXISTS can still collide in the catalog. */
const SCHEMA_LOCK = 0x77_7a_72_6d; // 'wzrm'

/** The live scope of a projection name (a generation name is its own scope). */
const LIVE_SCOPE = (param: string) => `COALESCE((SELECT generation FROM wz_rm_live WHERE projection = ${param}), ${param})`;

/** Missing values and JSON null alike are SQL NULL, so filters, sorting and the keyset agree on them. */
function valueExpression(field: string): string {
  assertSafeField(field);
  return `NULLIF(doc #> '{${field.split('.').join(',')}}', 'null'::jsonb)`;
}

type Row = { id: string; doc: Doc };

/**
 * Read models in PostgreSQL. A batch's documents, the checkpoint compare-and-set and the fencing check
 * are one transaction (the checkpoint row locked FOR UPDATE), so concurrent writers of a projection
 * cannot interleave and a former lease holder cannot commit after a takeover.
 */
export class PostgresReadModelStore implements ReadModelStore {
  readonly kind = 'postgres';

  private constructor(private readonly pool: Pool) {}

  static async connect(url: string): Promise<PostgresReadModelStore> {
    const pool = new (postgresDriver().Pool)({ connectionString: url, max: 10 });
    // An idle connection that breaks must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    try {
      await inPostgresTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        await client.query(SCHEMA);
      });
    } catch (error) {
      await pool.end();
      throw new Error(`PostgreSQL read models at POSTGRES_URL unreachable or unusable: ${(error as Error).message}`);
    }
    return new PostgresReadModelStore(pool);
  }

  async checkpoint(projection: string): Promise<Checkpoint | null> {
    const { rows } = await this.pool.query<{ position: string; version: number; updated_at: Date }>(`SELECT position, version, updated_at FROM wz_rm_checkpoints WHERE scope = ${LIVE_SCOPE('$1')}`, [projection]);
    return rows[0] ? { position: Number(rows[0].position), version: rows[0].version, updatedAt: rows[0].updated_at.toISOString() } : null;
  }

  async load(projection: string, keys: DocKey[]): Promise<Map<string, Doc>> {
    const found = new Map<string, Doc>();
    if (keys.length === 0) return found;
    const { rows } = await this.pool.query<{ collection: string; id: string; doc: Doc }>(`SELECT collection, id, doc FROM wz_rm_documents WHERE scope = ${LIVE_SCOPE('$1')} AND (collection, id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`, [
      projection,
      keys.map((k) => k.collection),
      keys.map((k) => k.id),
    ]);
    for (const row of rows) found.set(docKey(row.collection, row.id), row.doc);
    return found;
  }

  async commit(projection: string, changes: DocChange[], checkpoint: { position: number; version: number; after?: number; fence?: number }): Promise<void> {
    await inPostgresTransaction(this.pool, async (client) => {
      const scope = await this.lockScope(client, projection);
      const { rows } = await client.query<{ position: string; version: number; fence: string | null }>('SELECT position, version, fence FROM wz_rm_checkpoints WHERE scope = $1 FOR UPDATE', [scope]);
      if (!rows[0] && projectionOfGeneration(projection) !== undefined) throw new GenerationDroppedError(projection);
      const stored = rows[0] ? Number(rows[0].position) : 0;
      const highestFence = rows[0]?.fence === null || rows[0]?.fence === undefined ? undefined : Number(rows[0].fence);
      if (checkpoint.fence !== undefined && highestFence !== undefined && checkpoint.fence < highestFence) throw new FencedOutError(`projection:${projectionOfGeneration(projection) ?? projection}`, checkpoint.fence, highestFence);
      if (rows[0] && rows[0].version !== checkpoint.version) throw new ProjectionVersionError(projection, checkpoint.version, rows[0].version);
      if (checkpoint.after !== undefined && stored !== checkpoint.after) throw new CheckpointMovedError(projection, checkpoint.after, stored);
      // The last change of a key wins (one statement may not touch a row twice).
      const latest = new Map<string, DocChange>();
      for (const change of changes) latest.set(docKey(change.collection, change.id), change);
      const puts = [...latest.values()].filter((c) => c.doc !== null);
      const deletes = [...latest.values()].filter((c) => c.doc === null);
      if (deletes.length) {
        await client.query('DELETE FROM wz_rm_documents WHERE scope = $1 AND (collection, id) IN (SELECT * FROM unnest($2::text[], $3::text[]))', [scope, deletes.map((c) => c.collection), deletes.map((c) => c.id)]);
      }
      if (puts.length) {
        await client.query(
          `INSERT INTO wz_rm_documents (scope, collection, id, doc) SELECT $1, c, i, d::jsonb FROM unnest($2::text[], $3::text[], $4::text[]) AS t(c, i, d)
           ON CONFLICT (scope, collection, id) DO UPDATE SET doc = EXCLUDED.doc`,
          [scope, puts.map((c) => c.collection), puts.map((c) => c.id), puts.map((c) => JSON.stringify(c.doc))],
        );
      }
      await client.query(
        `INSERT INTO wz_rm_checkpoints (scope, position, version, fence, updated_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (scope) DO UPDATE SET position = EXCLUDED.position, version = EXCLUDED.version, fence = GREATEST(wz_rm_checkpoints.fence, EXCLUDED.fence), updated_at = now()`,
        [scope, checkpoint.position, checkpoint.version, checkpoint.fence ?? null],
      );
    });
  }

  /**
   * The scope a write to this projection name goes to, with the projection's live pointer locked
   * (shared), so a switch-over waits for writes in flight and the writes after it see the new scope.
   */
  private async lockScope(client: PoolClient, projection: string, mode: 'SHARE' | 'UPDATE' = 'SHARE'): Promise<string> {
    if (projectionOfGeneration(projection) !== undefined) return projection;
    await client.query('INSERT INTO wz_rm_live (projection, generation) VALUES ($1, $1) ON CONFLICT (projection) DO NOTHING', [projection]);
    const { rows } = await client.query<{ generation: string }>(`SELECT generation FROM wz_rm_live WHERE projection = $1 FOR ${mode}`, [projection]);
    return rows[0].generation;
  }

  async reset(projection: string, version: number): Promise<void> {
    await inPostgresTransaction(this.pool, async (client) => {
      const scope = await this.lockScope(client, projection);
      await client.query('DELETE FROM wz_rm_documents WHERE scope = $1', [scope]);
      await client.query(
        `INSERT INTO wz_rm_checkpoints (scope, position, version, updated_at) VALUES ($1, 0, $2, now())
         ON CONFLICT (scope) DO UPDATE SET position = 0, version = EXCLUDED.version, updated_at = now()`,
        [scope, version],
      );
    });
  }

  async beginRebuild(projection: string, version: number): Promise<string> {
    if (projectionOfGeneration(projection) !== undefined) throw new Error(`${projection} is a generation, not a projection`);
    const generation = generationName(projection, version);
    await inPostgresTransaction(this.pool, async (client) => {
      const live = await this.lockScope(client, projection, 'UPDATE');
      // Unfinished earlier rebuilds (a crash, a stopped CLI) are dropped: this one starts from zero.
      const stale = `(starts_with(scope, $1 || '__v') OR scope = $1) AND scope <> $2`;
      // Checkpoints first: that waits for a commit in flight to a stale generation (it holds the row), and
      // commits after it find no checkpoint and are refused, so the documents deleted next are all of them.
      await client.query(`DELETE FROM wz_rm_checkpoints WHERE ${stale}`, [projection, live]);
      await client.query(`DELETE FROM wz_rm_documents WHERE ${stale}`, [projection, live]);
      await client.query('INSERT INTO wz_rm_checkpoints (scope, position, version, updated_at) VALUES ($1, 0, $2, now())', [generation, version]);
    });
    return generation;
  }

  async switchOver(projection: string, generation: string, options: { fence?: number; force?: boolean } = {}): Promise<void> {
    if (!isGenerationOf(projection, generation)) throw new Error(`${generation} is not a generation of ${projection}`);
    const retired = await inPostgresTransaction(this.pool, async (client) => {
      const live = await this.lockScope(client, projection, 'UPDATE');
      if (live === generation) return undefined;
      const { rows } = await client.query<{ scope: string; position: string; fence: string | null }>('SELECT scope, position, fence FROM wz_rm_checkpoints WHERE scope = ANY($1::text[]) FOR UPDATE', [[live, generation]]);
      const next = rows.find((r) => r.scope === generation);
      if (!next) throw new GenerationDroppedError(generation);
      const current = rows.find((r) => r.scope === live);
      const fences = rows.filter((r) => r.fence !== null).map((r) => Number(r.fence));
      const highest = fences.length ? Math.max(...fences) : undefined;
      if (options.fence !== undefined && highest !== undefined && options.fence < highest) throw new FencedOutError(`projection:${projection}`, options.fence, highest);
      if (!options.force && current && Number(next.position) < Number(current.position)) throw new CheckpointMovedError(projection, Number(next.position), Number(current.position));
      const fence = Math.max(highest ?? -Infinity, options.fence ?? -Infinity);
      await client.query('UPDATE wz_rm_checkpoints SET fence = $2 WHERE scope = $1', [generation, Number.isFinite(fence) ? fence : null]);
      await client.query('UPDATE wz_rm_live SET generation = $2 WHERE projection = $1', [projection, generation]);
      return live;
    });
    if (retired === undefined) return;
    // Readers resolve the live scope inside each statement, so none reads the retired one any more.
    await this.pool.query('DELETE FROM wz_rm_documents WHERE scope = $1', [retired]);
    await this.pool.query('DELETE FROM wz_rm_checkpoints WHERE scope = $1', [retired]);
  }

  /**
   * One partial expression index per collection name and field, shared by the projections and generations
   * that have such a collection (they differ in scope): a write updates only the indexes of its collection.
   */
  async ensureIndexes(_projection: string, collection: string, fields: string[]): Promise<void> {
    const only = collectionLiteral(collection);
    for (const field of fields) {
      const expression = valueExpression(field);
      const name = `wz_rm_i_${createHash('sha256').update(`${collection}/${field}`).digest('hex').slice(0, 16)}`;
      await inPostgresTransaction(this.pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        await client.query(`CREATE INDEX IF NOT EXISTS ${name} ON wz_rm_documents (scope, (${expression})) WHERE collection = ${only}`);
      });
    }
  }

  async optimize(): Promise<void> {
    await this.pool.query('ANALYZE wz_rm_documents');
  }

  async get(projection: string, collection: string, id: string): Promise<Doc | null> {
    const { rows } = await this.pool.query<{ doc: Doc }>(`SELECT doc FROM wz_rm_documents WHERE scope = ${LIVE_SCOPE('$1')} AND collection = $2 AND id = $3`, [projection, collection, id]);
    return rows[0]?.doc ?? null;
  }

  async find(projection: string, collection: string, query: FindQuery = {}): Promise<FindResult> {
    assertCursorFits(query);
    const params: unknown[] = [projection];
    const param = (value: unknown, type = 'jsonb') => {
      params.push(type === 'jsonb' ? JSON.stringify(value) : value);
      return `$${params.length}::${type}`;
    };
    // The collection inline, so the planner can use the partial indexes of ensureIndexes.
    const clauses = [`scope = ${LIVE_SCOPE('$1::text')}`, `collection = ${collectionLiteral(collection)}`];
    for (const [field, condition] of Object.entries(query.where ?? {})) clauses.push(conditionSql(valueExpression(field), condition, param));
    const where = clauses.join(' AND ');
    const countParams = [...params];
    const sort = checkedSort(query).map((s) => ({ expression: valueExpression(s.field), direction: s.direction }));
    const paged = query.after
      ? `${where} AND ${keysetCondition(
          sort,
          'id',
          query.after,
          (v: Scalar) => param(v),
          (id) => param(id, 'text'),
        )}`
      : where;
    const order = [...sort.map((s) => `${s.expression} ${s.direction === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`), 'id ASC'].join(', ');
    const limit = query.limit === undefined ? 'ALL' : param(query.limit + 1, 'int');
    const offset = param(query.offset ?? 0, 'int');
    const [count, page] = await Promise.all([this.pool.query<{ total: string }>(`SELECT count(*) AS total FROM wz_rm_documents WHERE ${where}`, countParams), this.pool.query<Row>(`SELECT id, doc FROM wz_rm_documents WHERE ${paged} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`, params)]);
    const rows = page.rows;
    const nextCursor = nextCursorOf(rows, query);
    return { items: rows.slice(0, query.limit ?? rows.length).map((r) => r.doc), total: Number(count.rows[0].total), ...(nextCursor ? { nextCursor } : {}) };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

const COLLECTION = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Collection names come from code; checked before they are inlined. */
function collectionLiteral(collection: string): string {
  if (!COLLECTION.test(collection)) throw new Error(`invalid read-model collection name ${collection}`);
  return `'${collection}'`;
}

function conditionSql(expression: string, condition: Condition, param: (value: unknown, type?: string) => string): string {
  if (condition === null) return `${expression} IS NULL`;
  if (typeof condition !== 'object') return `${expression} = ${param(condition)}`;
  if ('in' in condition) {
    const values = condition.in.filter((v) => v !== null);
    const inValues = values.length
      ? `${expression} = ANY(${param(
          values.map((v) => JSON.stringify(v)),
          'jsonb[]',
        )})`
      : 'FALSE';
    return condition.in.includes(null) ? `(${inValues} OR ${expression} IS NULL)` : inValues;
  }
  const parts: string[] = [];
  if (condition.gte !== undefined) parts.push(`${expression} >= ${param(condition.gte)}`);
  if (condition.lte !== undefined) parts.push(`${expression} <= ${param(condition.lte)}`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}
