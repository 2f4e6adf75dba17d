import type { Collection, Db } from 'mongodb';
import { SessionStore, StoredSession } from '@wijkzorg/application';

interface SessionDoc {
  _id: string;
  keyHash: string;
  createdAt: string;
  expiresAt: string;
}

/** Browser sessions in MongoDB: a session made through one instance is found (and ended) through every other. */
export class MongoSessionStore implements SessionStore {
  private readonly sessions: Collection<SessionDoc>;

  constructor(db: Db) {
    this.sessions = db.collection<SessionDoc>('wz_sessions');
  }

  static async ensureIndexes(db: Db): Promise<void> {
    await db.collection('wz_sessions').createIndex({ keyHash: 1, createdAt: -1 });
  }

  async add(session: StoredSession, maxPerKey: number): Promise<void> {
    await this.sessions.insertOne({ _id: session.sessionHash, keyHash: session.keyHash, createdAt: session.createdAt, expiresAt: session.expiresAt });
    // Then the key's oldest other sessions make room; instances adding at once each trim, so the limit holds once both are done.
    const surplus = await this.sessions
      .find({ keyHash: session.keyHash, _id: { $ne: session.sessionHash } }, { projection: { _id: 1 } })
      .sort({ createdAt: -1, _id: -1 })
      .skip(Math.max(0, maxPerKey - 1))
      .toArray();
    if (surplus.length) await this.sessions.deleteMany({ _id: { $in: surplus.map((s) => s._id) } });
  }

  async find(sessionHash: string): Promise<StoredSession | undefined> {
    const doc = await this.sessions.findOne({ _id: sessionHash });
    return doc ? { sessionHash: doc._id, keyHash: doc.keyHash, createdAt: doc.createdAt, expiresAt: doc.expiresAt } : undefined;
  }

  async remove(sessionHash: string): Promise<void> {
    await this.sessions.deleteOne({ _id: sessionHash });
  }

  async removeExpired(now: string): Promise<void> {
    await this.sessions.deleteMany({ expiresAt: { $lte: now } });
  }

  /** The client belongs to the shared-state bundle, which closes it. */
  close(): void {}
}
