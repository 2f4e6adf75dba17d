import { AnyBulkWriteOperation, Db, Document, MongoClient } from 'mongodb';

type StoredDoc = Document & { _id: string };
import { Checkpoint, CheckpointMovedError, Condition, Doc, DocChange, DocKey, FindQuery, FindResult, ReadModelStore, assertSafeField, docKey } from '../read-model-store.port';

/**
 * Read models in MongoDB: one collection per projection collection. A standalone server has no
 * multi-document transactions, so a batch is first written as one redo document (single-document
 * writes are atomic), then applied, then the checkpoint moves and the redo document goes. A crash in
 * between is repaired by re-applying the redo document before the checkpoint is next read; documents
 * also carry `_position`, so an event is never applied twice (see ProjectionRunner).
 */
export class MongoReadModelStore implements ReadModelStore {
  readonly kind = 'mongodb';
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  static async connect(url: string, database = 'wijkzorg'): Promise<MongoReadModelStore> {
    const client = await MongoClient.connect(url);
    return new MongoReadModelStore(client, client.db(database));
  }

  private collection(projection: string, collection: string) {
    return this.db.collection<StoredDoc>(`${projection}.${collection}`);
  }

  private get redoLog() {
    return this.db.collection<{ _id: string; changes: DocChange[]; checkpoint: { position: number; version: number } }>('redo');
  }

  async checkpoint(projection: string): Promise<Checkpoint | null> {
    const pending = await this.redoLog.findOne({ _id: projection });
    if (pending) await this.apply(projection, pending.changes, pending.checkpoint);
    const row = await this.db.collection<{ _id: string; position: number; version: number; updatedAt: string }>('checkpoints').findOne({ _id: projection });
    return row ? { position: row.position, version: row.version, updatedAt: row.updatedAt } : null;
  }

  async load(projection: string, keys: DocKey[]): Promise<Map<string, Doc>> {
    const byCollection = new Map<string, string[]>();
    for (const k of keys) byCollection.set(k.collection, [...(byCollection.get(k.collection) ?? []), k.id]);
    const found = new Map<string, Doc>();
    for (const [collection, ids] of byCollection) {
      for await (const row of this.collection(projection, collection).find({ _id: { $in: ids } })) {
        const { _id, ...doc } = row;
        found.set(docKey(collection, String(_id)), doc as Doc);
      }
    }
    return found;
  }

  async commit(projection: string, changes: DocChange[], checkpoint: { position: number; version: number; after?: number }): Promise<void> {
    if (checkpoint.after !== undefined) {
      // Checked before writing; without transactions a writer slipping in between is not excluded.
      const stored = (await this.checkpoint(projection))?.position ?? 0;
      if (stored !== checkpoint.after) throw new CheckpointMovedError(projection, checkpoint.after, stored);
    }
    const target = { position: checkpoint.position, version: checkpoint.version };
    await this.redoLog.replaceOne({ _id: projection }, { changes, checkpoint: target }, { upsert: true });
    await this.apply(projection, changes, target);
  }

  private async apply(projection: string, changes: DocChange[], checkpoint: { position: number; version: number }): Promise<void> {
    const byCollection = new Map<string, AnyBulkWriteOperation<StoredDoc>[]>();
    for (const change of changes) {
      const ops = byCollection.get(change.collection) ?? [];
      ops.push(change.doc === null ? { deleteOne: { filter: { _id: change.id } } } : { replaceOne: { filter: { _id: change.id }, replacement: change.doc as StoredDoc, upsert: true } });
      byCollection.set(change.collection, ops);
    }
    for (const [collection, ops] of byCollection) await this.collection(projection, collection).bulkWrite(ops, { ordered: true });
    await this.db.collection<{ _id: string }>('checkpoints').updateOne({ _id: projection }, { $set: { position: checkpoint.position, version: checkpoint.version, updatedAt: new Date().toISOString() } }, { upsert: true });
    await this.redoLog.deleteOne({ _id: projection });
  }

  async reset(projection: string, version: number): Promise<void> {
    const names = (await this.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => n.startsWith(`${projection}.`));
    await this.redoLog.deleteOne({ _id: projection });
    for (const name of names) await this.db.collection(name).deleteMany({});
    await this.db.collection<{ _id: string }>('checkpoints').updateOne({ _id: projection }, { $set: { position: 0, version, updatedAt: new Date().toISOString() } }, { upsert: true });
  }

  async ensureIndexes(projection: string, collection: string, fields: string[]): Promise<void> {
    for (const field of fields) {
      assertSafeField(field);
      await this.collection(projection, collection).createIndex({ [field]: 1 });
    }
  }

  async get(projection: string, collection: string, id: string): Promise<Doc | null> {
    const row = await this.collection(projection, collection).findOne({ _id: id });
    if (!row) return null;
    const { _id, ...doc } = row;
    return doc as Doc;
  }

  async find(projection: string, collection: string, query: FindQuery = {}): Promise<FindResult> {
    const filter: Document = {};
    for (const [field, condition] of Object.entries(query.where ?? {})) {
      assertSafeField(field);
      filter[field] = toMongo(condition);
    }
    const sort: Record<string, 1 | -1> = {};
    for (const s of query.sort ?? []) {
      assertSafeField(s.field);
      sort[s.field] = s.direction === 'desc' ? -1 : 1;
    }
    sort._id = 1;
    const target = this.collection(projection, collection);
    const [total, rows] = await Promise.all([
      target.countDocuments(filter),
      target
        .find(filter)
        .sort(sort)
        .skip(query.offset ?? 0)
        .limit(query.limit ?? 0)
        .toArray(),
    ]);
    return { items: rows.map(({ _id, ...doc }) => doc as Doc), total };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

function toMongo(condition: Condition): unknown {
  if (condition === null || typeof condition !== 'object') return condition;
  if ('in' in condition) return { $in: condition.in };
  const range: Document = {};
  if (condition.gte !== undefined) range.$gte = condition.gte;
  if (condition.lte !== undefined) range.$lte = condition.lte;
  return range;
}
