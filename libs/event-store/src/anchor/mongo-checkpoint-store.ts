import type { Collection, MongoClient } from 'mongodb';
import { mongoDriver } from './mongo-driver';
import { HeadCheckpoint, NO_PREVIOUS_CHECKPOINT, checkpointDigest } from './checkpoint';
import { CheckpointConflictError, CheckpointStore, pagedCheckpoints } from './checkpoint-store';

type CheckpointDocument = Omit<HeadCheckpoint, 'sequence'> & { _id: number };

/**
 * Signed head checkpoints in MongoDB (collection wz_checkpoints of the shared-state database), for a
 * log kept elsewhere (KurrentDB) beside MongoDB shared state: every instance appends to one chain. The
 * sequence is the _id, so of two instances appending the same sequence at once only one insert succeeds.
 * Nothing here refuses changes by someone with write rights; the signatures and the chain of `previous`
 * digests (and outsiders' copies) are what show them.
 */
export class MongoCheckpointStore implements CheckpointStore {
  private readonly client: MongoClient;
  private readonly collection: Collection<CheckpointDocument>;

  constructor(url: string, database = 'wijkzorg') {
    this.client = new (mongoDriver().MongoClient)(url);
    this.collection = this.client.db(database).collection<CheckpointDocument>('wz_checkpoints');
  }

  async latest(): Promise<HeadCheckpoint | undefined> {
    const [doc] = await this.collection.find().sort({ _id: -1 }).limit(1).toArray();
    return doc && toCheckpoint(doc);
  }

  async list(options: { afterSequence?: number; limit?: number } = {}): Promise<HeadCheckpoint[]> {
    const cursor = this.collection.find({ _id: { $gt: options.afterSequence ?? 0 } }).sort({ _id: 1 });
    if (options.limit !== undefined) cursor.limit(options.limit);
    return (await cursor.toArray()).map(toCheckpoint);
  }

  all(): AsyncIterable<HeadCheckpoint> {
    return pagedCheckpoints((options) => this.list(options));
  }

  async count(): Promise<number> {
    return this.collection.countDocuments();
  }

  /** Appends the next checkpoint; refuses one that does not follow the latest (another instance was first). */
  async append(checkpoint: HeadCheckpoint): Promise<void> {
    const latest = await this.latest();
    const expectedSequence = (latest?.sequence ?? 0) + 1;
    const expectedPrevious = latest ? checkpointDigest(latest) : NO_PREVIOUS_CHECKPOINT;
    if (checkpoint.sequence !== expectedSequence || checkpoint.previous !== expectedPrevious) throw new CheckpointConflictError(checkpoint.sequence - 1, latest?.sequence ?? 0);
    const { sequence, ...rest } = checkpoint;
    try {
      await this.collection.insertOne({ _id: sequence, ...rest }, { writeConcern: { w: 'majority' } });
    } catch (error) {
      if (error instanceof mongoDriver().MongoServerError && error.code === 11000) throw new CheckpointConflictError(sequence - 1, sequence);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

function toCheckpoint({ _id, position, hash, eventCount, recordedAt, previous, keyId, signature }: CheckpointDocument): HeadCheckpoint {
  return { sequence: _id, position, hash, eventCount, recordedAt, previous, keyId, signature };
}
