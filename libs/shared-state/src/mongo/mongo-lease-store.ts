import type { Collection, Db } from 'mongodb';
import { Lease, LeaseStore } from '@wijkzorg/application';
import { isDuplicateKey } from './mongo-support';

interface LeaseDoc {
  _id: string;
  owner: string;
  token: number;
  expiresAt: Date;
}

const toLease = (doc: LeaseDoc): Lease => ({ name: doc._id, owner: doc.owner, token: doc.token, expiresAt: doc.expiresAt.toISOString() });

/**
 * Leases in MongoDB, timed by the server clock ($$NOW). Semantics as SqliteLeaseStore: a new term (after
 * expiry or release) increments the token, the holder renewing keeps it. Each step is one atomic update.
 */
export class MongoLeaseStore implements LeaseStore {
  private readonly leases: Collection<LeaseDoc>;

  constructor(db: Db) {
    this.leases = db.collection<LeaseDoc>('wz_leases');
  }

  async tryAcquire(name: string, owner: string, ttlMs: number): Promise<Lease | null> {
    const expiresAt = { $add: ['$$NOW', ttlMs] };
    const stillHeldBySameOwner = { $and: [{ $eq: ['$owner', owner] }, { $gt: ['$expiresAt', '$$NOW'] }] };
    const taken = await this.leases.findOneAndUpdate({ _id: name, $expr: { $or: [{ $lte: ['$expiresAt', '$$NOW'] }, { $eq: ['$owner', owner] }] } }, [{ $set: { token: { $cond: [stillHeldBySameOwner, '$token', { $add: ['$token', 1] }] }, owner: { $literal: owner }, expiresAt } }], {
      returnDocument: 'after',
    });
    if (taken) return toLease(taken);
    try {
      // Never held before: the first insert wins; a duplicate key means another instance holds it.
      const created = await this.leases.findOneAndUpdate({ _id: name, owner: { $exists: false } }, [{ $set: { owner: { $literal: owner }, token: 1, expiresAt } }], { upsert: true, returnDocument: 'after' });
      return created ? toLease(created) : null;
    } catch (error) {
      if (isDuplicateKey(error)) return null;
      throw error;
    }
  }

  async renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
    const renewed = await this.leases.findOneAndUpdate({ _id: lease.name, owner: lease.owner, token: lease.token, $expr: { $gt: ['$expiresAt', '$$NOW'] } }, [{ $set: { expiresAt: { $add: ['$$NOW', ttlMs] } } }], { returnDocument: 'after' });
    return renewed ? toLease(renewed) : null;
  }

  async release(lease: Lease): Promise<void> {
    await this.leases.updateOne({ _id: lease.name, owner: lease.owner, token: lease.token }, { $set: { expiresAt: new Date(0) } });
  }

  async list(): Promise<Lease[]> {
    return (await this.leases.find().sort({ _id: 1 }).toArray()).map(toLease);
  }
}
