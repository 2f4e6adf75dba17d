import { randomBytes, randomUUID } from 'node:crypto';
import type { Binary, Collection, Db } from 'mongodb';
import { ClientKeyStore, KeyWrapper } from '@wijkzorg/application';
import { isDuplicateKey, present } from './mongo-support';
import { mongoDriver } from '@wijkzorg/event-store';

interface ClientKeyDoc {
  _id: string;
  wrappedKey?: Binary;
  keyId?: string;
  accessRef?: string;
  erasedAt?: Date;
}

/**
 * Client keys in MongoDB: one document per client holds its wrapped key (with the key-encryption key's id),
 * its access reference and its erasure, so creating and erasing are single-document atomic updates that
 * cannot interleave; two instances creating at once end with the first one's key. Nothing is cached.
 */
export class MongoClientKeyStore implements ClientKeyStore {
  private readonly clients: Collection<ClientKeyDoc>;

  constructor(
    db: Db,
    private readonly wrapper: KeyWrapper,
  ) {
    this.clients = db.collection<ClientKeyDoc>('wz_client_keys');
  }

  static async ensureIndexes(db: Db): Promise<void> {
    await db.collection('wz_client_keys').createIndex({ accessRef: 1 }, { unique: true, partialFilterExpression: { accessRef: { $exists: true } } });
  }

  async keyFor(clientId: string, create: boolean): Promise<Buffer | null> {
    const stored = await this.clients.findOne({ _id: clientId });
    if (stored?.wrappedKey || !create || stored?.erasedAt) return this.unwrapped(stored);
    const wrapped = new (mongoDriver().Binary)(await this.wrapper.wrap(clientId, randomBytes(32)));
    const erased = present('erasedAt');
    const held = present('wrappedKey');
    // Sets the key only where the client has none and was not erased, in one atomic update.
    const update = [
      {
        $set: {
          wrappedKey: { $cond: [erased, '$$REMOVE', { $cond: [held, '$wrappedKey', { $literal: wrapped }] }] },
          keyId: { $cond: [erased, '$$REMOVE', { $cond: [held, '$keyId', { $literal: this.wrapper.keyId }] }] },
        },
      },
    ];
    return this.unwrapped(await this.upsertRetrying(clientId, update));
  }

  async erase(clientId: string): Promise<void> {
    await this.clients.updateOne({ _id: clientId }, { $unset: { wrappedKey: '', keyId: '', accessRef: '' }, $min: { erasedAt: new Date() } }, { upsert: true });
  }

  async isErased(clientId: string): Promise<boolean> {
    return (await this.clients.countDocuments({ _id: clientId, erasedAt: { $exists: true } }, { limit: 1 })) === 1;
  }

  async accessRef(clientId: string, create: boolean): Promise<string | null> {
    const stored = await this.clients.findOne({ _id: clientId });
    if (stored?.accessRef || !create || stored?.erasedAt) return stored?.accessRef ?? null;
    const update = [{ $set: { accessRef: { $cond: [present('erasedAt'), '$$REMOVE', { $ifNull: ['$accessRef', { $literal: `ar-${randomUUID()}` }] }] } } }];
    return (await this.upsertRetrying(clientId, update))?.accessRef ?? null;
  }

  async clientOfAccessRef(ref: string): Promise<string | null> {
    return (await this.clients.findOne({ accessRef: ref }, { projection: { _id: 1 } }))?._id ?? null;
  }

  /** The client belongs to the shared-state bundle, which closes it. */
  async close(): Promise<void> {}

  /** Two first upserts of one _id at once: the loser's duplicate key means the document now exists; once more updates it. */
  private async upsertRetrying(clientId: string, update: object[]): Promise<ClientKeyDoc | null> {
    try {
      return await this.clients.findOneAndUpdate({ _id: clientId }, update, { upsert: true, returnDocument: 'after' });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return this.clients.findOneAndUpdate({ _id: clientId }, update, { upsert: true, returnDocument: 'after' });
    }
  }

  private async unwrapped(doc: ClientKeyDoc | null): Promise<Buffer | null> {
    if (!doc?.wrappedKey || !doc.keyId || doc.erasedAt) return null;
    return this.wrapper.unwrap(doc._id, Buffer.from(doc.wrappedKey.buffer), doc.keyId);
  }
}
