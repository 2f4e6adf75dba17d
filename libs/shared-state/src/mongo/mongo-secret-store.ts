import type { Collection, Db } from 'mongodb';
import { SecretStore } from '@wijkzorg/application';
import { isDuplicateKey } from './mongo-support';

interface SecretDoc {
  _id: string;
  value: string;
  createdAt: Date;
}

/** Deployment-wide generated secrets in MongoDB: the first instance's value is kept ($setOnInsert), every other reads it. */
export class MongoSecretStore implements SecretStore {
  private readonly secrets: Collection<SecretDoc>;

  constructor(db: Db) {
    this.secrets = db.collection<SecretDoc>('wz_secrets');
  }

  async getOrCreate(name: string, create: () => string): Promise<string> {
    const existing = await this.secrets.findOne({ _id: name });
    if (existing) return existing.value;
    try {
      const stored = await this.secrets.findOneAndUpdate({ _id: name }, { $setOnInsert: { value: create(), createdAt: new Date() } }, { upsert: true, returnDocument: 'after' });
      if (stored) return stored.value;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const winner = await this.secrets.findOne({ _id: name });
    if (!winner) throw new Error(`secret ${name} was stored but cannot be read back`);
    return winner.value;
  }
}
