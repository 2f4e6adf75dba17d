import type { AnyBulkWriteOperation, ClientSession, Db, Document, Filter, MongoClient } from 'mongodb';
import { FencedOutError } from '@wijkzorg/application';
import { mongoDriver } from '@wijkzorg/event-store';
import { Checkpoint, CheckpointMovedError, Condition, GenerationDroppedError, ProjectionVersionError, Doc, DocChange, DocKey, FindQuery, FindResult, ReadModelStore, Scalar, assertSafeField, docKey, generationName, isGenerationOf, projectionOfGeneration } from '../read-model-store.port';
import { assertCursorFits, checkedSort, nextCursorOf } from '../keyset';

type StoredDoc = Document & { _id: string };
type CheckpointDoc = { _id: string; position: number; version: number; updatedAt: string; fence?: number; writingAt?: string; retiredAt?: string };
type LiveDoc = { _id: string; generation: string };

/**
 * A batch larger than this is written in several transactions (far below MongoDB's 16 MB per document
 * and its 60 s transaction lifetime): see commit.
 */
const CHUNK_DOCS = 1000;
const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Read models in MongoDB, on a replica set (transactions). One collection per scope and collection,
 * `<scope>.<collection>`; a scope is the projection itself until its first blue-green rebuild, then the
 * generation named in `generations`. A batch's documents, the checkpoint compare-and-set and the
 * fencing check are one transaction.
 */
export class MongoReadModelStore implements ReadModelStore {
  readonly kind = 'mongodb';
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  static async connect(url: string, database = 'wijkzorg'): Promise<MongoReadModelStore> {
    let client: MongoClient;
    try {
      client = await mongoDriver().MongoClient.connect(url);
    } catch (error) {
      throw new Error(`MongoDB read models at MONGO_URL unreachable: ${(error as Error).message}`);
    }
    try {
      const hello = await client.db('admin').command({ hello: 1 });
      if (!hello.setName) throw new Error(`MONGO_URL points at a standalone MongoDB server; the read models need a replica set for transactions (start mongod with --replSet and run rs.initiate(); one node is enough)`);
      if (!hello.isWritablePrimary && !hello.primary) throw new Error(`MONGO_URL: replica set ${hello.setName} has no primary to write to`);
    } catch (error) {
      await client.close();
      throw error;
    }
    return new MongoReadModelStore(client, client.db(database));
  }

  private collection(scope: string, collection: string) {
    return this.db.collection<StoredDoc>(`${scope}.${collection}`);
  }

  private get checkpoints() {
    return this.db.collection<CheckpointDoc>('checkpoints');
  }

  private get live() {
    return this.db.collection<LiveDoc>('generations');
  }

  /** The scope holding the live generation of a projection name (a generation name is its own scope). */
  private async scope(projection: string, session?: ClientSession): Promise<string> {
    if (projectionOfGeneration(projection) !== undefined) return projection;
    return (await this.live.findOne({ _id: projection }, { session }))?.generation ?? projection;
  }

  /**
   * Reads the live generation. A switch-over between resolving the scope and reading it (the retired
   * collections are dropped) shows as an empty answer or an error: then read the new live scope.
   */
  private async readLive<T>(projection: string, read: (scope: string) => Promise<T>, empty: (result: T) => boolean): Promise<T> {
    const scope = await this.scope(projection);
    let result: T;
    try {
      result = await read(scope);
    } catch (error) {
      const now = await this.scope(projection);
      if (now === scope) throw error;
      return read(now);
    }
    if (!empty(result)) return result;
    const now = await this.scope(projection);
    return now === scope ? result : read(now);
  }

  async checkpoint(projection: string): Promise<Checkpoint | null> {
    const row = await this.readLive(
      projection,
      (scope) => this.checkpoints.findOne({ _id: scope }),
      (r) => r === null,
    );
    return row ? { position: row.position, version: row.version, updatedAt: row.updatedAt } : null;
  }

  async load(projection: string, keys: DocKey[]): Promise<Map<string, Doc>> {
    const byCollection = new Map<string, string[]>();
    for (const k of keys) byCollection.set(k.collection, [...(byCollection.get(k.collection) ?? []), k.id]);
    return this.readLive(
      projection,
      async (scope) => {
        const found = new Map<string, Doc>();
        for (const [collection, ids] of byCollection) {
          for await (const row of this.collection(scope, collection).find({ _id: { $in: ids } })) {
            const { _id, ...doc } = row;
            found.set(docKey(collection, String(_id)), doc as Doc);
          }
        }
        return found;
      },
      (found) => found.size === 0,
    );
  }

  /**
   * One transaction per batch: no redo document, so no 16 MB limit on a batch. A batch beyond CHUNK_DOCS
   * or CHUNK_BYTES is split; every chunk checks the checkpoint and the fence (and touches the checkpoint
   * document, so a concurrent writer conflicts instead of slipping in), only the last one moves it. A
   * crash between chunks leaves documents ahead of the checkpoint: they carry `_position`, so the
   * batch's events, applied again, change them no further (see ProjectionContext.update).
   */
  async commit(projection: string, changes: DocChange[], checkpoint: { position: number; version: number; after?: number; fence?: number }): Promise<void> {
    const chunks = chunksOf(changes);
    for (let i = 0; i < chunks.length; i++) {
      const last = i === chunks.length - 1;
      await this.client.withSession((session) =>
        session.withTransaction(async () => {
          const scope = await this.scope(projection, session);
          const stored = await this.checkpoints.findOne({ _id: scope }, { session });
          if (!stored && projectionOfGeneration(projection) !== undefined) throw new GenerationDroppedError(projection);
          if (checkpoint.fence !== undefined && stored?.fence !== undefined && checkpoint.fence < stored.fence) throw new FencedOutError(`projection:${projectionOfGeneration(projection) ?? projection}`, checkpoint.fence, stored.fence);
          if (stored && stored.version !== checkpoint.version) throw new ProjectionVersionError(projection, checkpoint.version, stored.version);
          if (checkpoint.after !== undefined && (stored?.position ?? 0) !== checkpoint.after) throw new CheckpointMovedError(projection, checkpoint.after, stored?.position ?? 0);
          await this.write(scope, chunks[i], session);
          const now = new Date().toISOString();
          const fence = checkpoint.fence === undefined ? {} : { $max: { fence: checkpoint.fence } };
          const update = last ? { $set: { position: checkpoint.position, version: checkpoint.version, updatedAt: now, writingAt: now }, ...fence } : { $set: { writingAt: now }, $setOnInsert: { position: 0, version: checkpoint.version, updatedAt: now } };
          await this.checkpoints.updateOne({ _id: scope }, update, { upsert: true, session });
        }),
      );
    }
  }

  private async write(scope: string, changes: DocChange[], session?: ClientSession): Promise<void> {
    const byCollection = new Map<string, AnyBulkWriteOperation<StoredDoc>[]>();
    for (const change of changes) {
      const ops = byCollection.get(change.collection) ?? [];
      ops.push(change.doc === null ? { deleteOne: { filter: { _id: change.id } } } : { replaceOne: { filter: { _id: change.id }, replacement: change.doc as StoredDoc, upsert: true } });
      byCollection.set(change.collection, ops);
    }
    for (const [collection, ops] of byCollection) await this.collection(scope, collection).bulkWrite(ops, { ordered: true, session });
  }

  private async collectionsOf(scope: string): Promise<string[]> {
    return (await this.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => n.startsWith(`${scope}.`));
  }

  async reset(projection: string, version: number): Promise<void> {
    const scope = await this.scope(projection);
    for (const name of await this.collectionsOf(scope)) await this.db.collection(name).deleteMany({});
    await this.checkpoints.updateOne({ _id: scope }, { $set: { position: 0, version, updatedAt: new Date().toISOString() } }, { upsert: true });
  }

  async beginRebuild(projection: string, version: number): Promise<string> {
    if (projectionOfGeneration(projection) !== undefined) throw new Error(`${projection} is a generation, not a projection`);
    const generation = generationName(projection, version);
    const live = await this.scope(projection);
    // Unfinished earlier rebuilds (a crash, a stopped CLI) are dropped: this one starts from zero.
    const names = (await this.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const stale = new Set(
      names
        .filter((n) => n.includes('.'))
        .map((n) => n.slice(0, n.indexOf('.')))
        .filter((scope) => scope !== live && (scope === projection || isGenerationOf(projection, scope))),
    );
    for (const row of await this.checkpoints.find({ _id: { $regex: `^${projection}__v` } }).toArray()) if (row._id !== live && isGenerationOf(projection, row._id)) stale.add(row._id);
    if (live !== projection) stale.add(projection);
    for (const scope of stale) await this.drop(scope);
    await this.checkpoints.insertOne({ _id: generation, position: 0, version, updatedAt: new Date().toISOString() });
    return generation;
  }

  async switchOver(projection: string, generation: string, options: { fence?: number; force?: boolean } = {}): Promise<void> {
    if (!isGenerationOf(projection, generation)) throw new Error(`${generation} is not a generation of ${projection}`);
    const retired = await this.client.withSession((session) =>
      session.withTransaction(async () => {
        const live = await this.scope(projection, session);
        if (live === generation) return undefined;
        const next = await this.checkpoints.findOne({ _id: generation }, { session });
        if (!next) throw new GenerationDroppedError(generation);
        const current = await this.checkpoints.findOne({ _id: live }, { session });
        const fences = [next.fence, current?.fence].filter((f): f is number => f !== undefined);
        const highest = fences.length ? Math.max(...fences) : undefined;
        if (options.fence !== undefined && highest !== undefined && options.fence < highest) throw new FencedOutError(`projection:${projection}`, options.fence, highest);
        if (!options.force && current && next.position < current.position) throw new CheckpointMovedError(projection, next.position, current.position);
        const fence = Math.max(highest ?? -Infinity, options.fence ?? -Infinity);
        if (Number.isFinite(fence)) await this.checkpoints.updateOne({ _id: generation }, { $set: { fence } }, { session });
        // Writing the retired checkpoint makes a commit still aimed at it conflict (and retry onto the new scope).
        await this.checkpoints.updateOne({ _id: live }, { $set: { retiredAt: new Date().toISOString() } }, { session });
        await this.live.updateOne({ _id: projection }, { $set: { generation } }, { upsert: true, session });
        return live;
      }),
    );
    if (retired !== undefined) await this.drop(retired);
  }

  /**
   * Checkpoint first: a commit in flight to this scope conflicts with the delete and retries, and
   * commits after it are refused (GenerationDroppedError), so none recreates a dropped collection.
   */
  private async drop(scope: string): Promise<void> {
    await this.checkpoints.deleteOne({ _id: scope });
    for (const name of await this.collectionsOf(scope)) await this.db.collection(name).drop();
  }

  async ensureIndexes(projection: string, collection: string, fields: string[]): Promise<void> {
    const scope = await this.scope(projection);
    for (const field of fields) {
      assertSafeField(field);
      await this.collection(scope, collection).createIndex({ [field]: 1 });
    }
  }

  async get(projection: string, collection: string, id: string): Promise<Doc | null> {
    const row = await this.readLive(
      projection,
      (scope) => this.collection(scope, collection).findOne({ _id: id }),
      (r) => r === null,
    );
    if (!row) return null;
    const { _id, ...doc } = row;
    return doc as Doc;
  }

  /** Keyset paging (`after`) uses the sort index; `offset` still skips, bounded by the api. */
  async find(projection: string, collection: string, query: FindQuery = {}): Promise<FindResult> {
    assertCursorFits(query);
    const filter: Document = {};
    for (const [field, condition] of Object.entries(query.where ?? {})) {
      assertSafeField(field);
      filter[field] = toMongo(condition);
    }
    const sortFields = checkedSort(query);
    const sort: Record<string, 1 | -1> = {};
    for (const s of sortFields) sort[s.field] = s.direction === 'desc' ? -1 : 1;
    sort._id = 1;
    const paged: Filter<StoredDoc> = query.after ? { $and: [filter, keysetFilter(sortFields, query.after.values, query.after.id)] } : filter;
    return this.readLive(
      projection,
      async (scope) => {
        const target = this.collection(scope, collection);
        const [total, rows] = await Promise.all([
          target.countDocuments(filter),
          target
            .find(paged)
            .sort(sort)
            .skip(query.offset ?? 0)
            .limit(query.limit === undefined ? 0 : query.limit + 1)
            .toArray(),
        ]);
        const found = rows.map(({ _id, ...doc }) => ({ id: String(_id), doc: doc as Doc }));
        const nextCursor = nextCursorOf(found, query);
        return { items: found.slice(0, query.limit ?? found.length).map((r) => r.doc), total, ...(nextCursor ? { nextCursor } : {}) };
      },
      (r) => r.total === 0,
    );
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** Same order as the SQL stores: null and missing first ascending, last descending, then _id. */
function keysetFilter(sort: { field: string; direction: 'asc' | 'desc' }[], values: Scalar[], id: string): Document {
  const alternatives: Document[] = [];
  for (let k = 0; k <= sort.length; k++) {
    const prefix: Document[] = sort.slice(0, k).map((s, i) => ({ [s.field]: values[i] }));
    let beyond: Document | undefined;
    if (k === sort.length) beyond = { _id: { $gt: id } };
    else {
      const { field, direction } = sort[k];
      const value = values[k];
      if (direction === 'asc') beyond = value === null ? { [field]: { $ne: null } } : { [field]: { $gt: value } };
      else if (value !== null) beyond = { $or: [{ [field]: { $lt: value } }, { [field]: null }] };
    }
    if (beyond) alternatives.push({ $and: [...prefix, beyond] });
  }
  return { $or: alternatives };
}

function chunksOf(changes: DocChange[]): DocChange[][] {
  const chunks: DocChange[][] = [[]];
  let bytes = 0;
  for (const change of changes) {
    const size = change.doc === null ? 64 : JSON.stringify(change.doc).length;
    if (chunks[chunks.length - 1].length >= CHUNK_DOCS || (bytes + size > CHUNK_BYTES && chunks[chunks.length - 1].length > 0)) {
      chunks.push([]);
      bytes = 0;
    }
    chunks[chunks.length - 1].push(change);
    bytes += size;
  }
  return chunks;
}

function toMongo(condition: Condition): unknown {
  if (condition === null || typeof condition !== 'object') return condition;
  if ('in' in condition) return { $in: condition.in };
  const range: Document = {};
  if (condition.gte !== undefined) range.$gte = condition.gte;
  if (condition.lte !== undefined) range.$lte = condition.lte;
  return range;
}
