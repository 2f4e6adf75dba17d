import type { ClientSession, Collection, Db, MongoClient } from 'mongodb';
import { DeadLetter, DeliveryFailure, DeliveryState, FencedOutError, MAX_WEBHOOKS_PER_INTEGRATOR, Webhook, WebhookStore, coarseReason } from '@wijkzorg/application';
import { isDuplicateKey } from './mongo-support';

interface WebhookDoc {
  _id: string;
  owner: string;
  url: string;
  eventTypes: string[];
  secret: string;
  createdAt: string;
  active: boolean;
  cursor: number;
  /** The highest lease token a cursor move carried. */
  fence: number;
  lastDeliveredAt: string | null;
  lastFailureAt: string | null;
  lastFailureReason: string | null;
  consecutiveFailures: number;
  backingOffUntil: string | null;
}

interface DeadLetterDoc extends DeadLetter {
  _id: string;
}

/** Written by every add of an owner inside its transaction: two adds at once conflict, one retries and counts again. */
interface OwnerDoc {
  _id: string;
  adds: number;
}

/**
 * Webhooks, their cursors, delivery state and dead letters in MongoDB. Adding within the per-owner limit
 * and dead-lettering (letter + cursor) are transactions (a replica set); cursor moves are single atomic
 * updates, fenced: the webhook keeps the highest lease token it saw and a lower one is refused.
 */
export class MongoWebhookStore implements WebhookStore {
  private readonly webhooks: Collection<WebhookDoc>;
  private readonly letters: Collection<DeadLetterDoc>;
  private readonly owners: Collection<OwnerDoc>;

  constructor(
    private readonly client: MongoClient,
    db: Db,
  ) {
    this.webhooks = db.collection<WebhookDoc>('wz_webhooks');
    this.letters = db.collection<DeadLetterDoc>('wz_webhook_dead_letters');
    this.owners = db.collection<OwnerDoc>('wz_webhook_owners');
  }

  static async ensureIndexes(db: Db): Promise<void> {
    await db.collection('wz_webhooks').createIndex({ owner: 1, createdAt: 1 });
    await db.collection('wz_webhook_dead_letters').createIndex({ webhookId: 1, position: 1 });
  }

  async addWithinLimit(webhook: Webhook, limit = MAX_WEBHOOKS_PER_INTEGRATOR): Promise<boolean> {
    // The owner's document exists before the transaction, so concurrent adds meet as write conflicts (retried), never as duplicate keys.
    await this.owners.updateOne({ _id: webhook.owner }, { $setOnInsert: { adds: 0 } }, { upsert: true }).catch((error) => {
      if (!isDuplicateKey(error)) throw error;
    });
    return this.inTransaction(async (session) => {
      await this.owners.updateOne({ _id: webhook.owner }, { $inc: { adds: 1 } }, { session });
      if ((await this.webhooks.countDocuments({ owner: webhook.owner, active: true }, { session })) >= limit) return false;
      await this.webhooks.insertOne(
        {
          _id: webhook.id,
          owner: webhook.owner,
          url: webhook.url,
          eventTypes: webhook.eventTypes,
          secret: webhook.secret,
          createdAt: webhook.createdAt,
          active: webhook.active,
          cursor: webhook.cursor,
          fence: 0,
          lastDeliveredAt: null,
          lastFailureAt: null,
          lastFailureReason: null,
          consecutiveFailures: 0,
          backingOffUntil: null,
        },
        { session },
      );
      return true;
    });
  }

  async deliveryState(id: string): Promise<DeliveryState> {
    const doc = await this.webhooks.findOne({ _id: id });
    return {
      lastDeliveredAt: doc?.lastDeliveredAt ?? null,
      lastFailureAt: doc?.lastFailureAt ?? null,
      lastFailureReason: doc?.lastFailureReason ?? null,
      consecutiveFailures: doc?.consecutiveFailures ?? 0,
      deadLetters: doc ? await this.letters.countDocuments({ webhookId: id }) : 0,
      backingOffUntil: doc?.backingOffUntil ?? null,
    };
  }

  async recordDelivered(id: string, at: string): Promise<void> {
    await this.webhooks.updateOne({ _id: id }, { $set: { lastDeliveredAt: at, consecutiveFailures: 0, backingOffUntil: null } });
  }

  async recordFailure(id: string, reason: DeliveryFailure, at: string, retryAt: string | null): Promise<void> {
    await this.webhooks.updateOne({ _id: id }, { $set: { lastFailureAt: at, lastFailureReason: reason, backingOffUntil: retryAt }, $inc: { consecutiveFailures: 1 } });
  }

  async list(owner?: string): Promise<Webhook[]> {
    return (
      await this.webhooks
        .find(owner ? { owner } : { active: true })
        .sort({ createdAt: 1, _id: 1 })
        .toArray()
    ).map(toWebhook);
  }

  async get(id: string): Promise<Webhook | null> {
    const doc = await this.webhooks.findOne({ _id: id });
    return doc ? toWebhook(doc) : null;
  }

  async deactivate(id: string): Promise<void> {
    await this.webhooks.updateOne({ _id: id }, { $set: { active: false } });
  }

  async moveCursor(id: string, position: number, fence?: number): Promise<void> {
    await this.moveCursorFenced(id, position, fence);
  }

  async deadLetter(letter: DeadLetter, fence?: number): Promise<void> {
    await this.inTransaction(async (session) => {
      // The fence is checked first: a fenced-out dispatcher writes no dead letter either.
      await this.moveCursorFenced(letter.webhookId, letter.position, fence, session);
      await this.letters.replaceOne({ _id: deadLetterId(letter.webhookId, letter.eventId) }, { ...letter }, { upsert: true, session });
    });
  }

  async deadLetters(webhookId: string): Promise<DeadLetter[]> {
    return (await this.letters.find({ webhookId }).sort({ position: 1 }).toArray()).map((d) => ({
      webhookId: d.webhookId,
      eventId: d.eventId,
      position: d.position,
      attempts: d.attempts,
      lastError: coarseReason(d.lastError),
      failedAt: d.failedAt,
      payload: d.payload,
    }));
  }

  async removeDeadLetter(webhookId: string, eventId: string): Promise<void> {
    await this.letters.deleteOne({ _id: deadLetterId(webhookId, eventId) });
  }

  /** The client belongs to the shared-state bundle, which closes it. */
  async close(): Promise<void> {}

  /** Forward only, fence raised to `fence`, in one atomic update; when the stored fence is higher, nothing is written and it throws. */
  private async moveCursorFenced(id: string, position: number, fence: number | undefined, session?: ClientSession): Promise<void> {
    const filter = fence === undefined ? { _id: id } : { _id: id, fence: { $lte: fence } };
    const moved = await this.webhooks.updateOne(filter, { $max: fence === undefined ? { cursor: position } : { cursor: position, fence } }, { session });
    if (moved.matchedCount === 1 || fence === undefined) return;
    const stored = await this.webhooks.findOne({ _id: id }, { session, projection: { fence: 1 } });
    if (stored && stored.fence > fence) throw new FencedOutError(`webhook:${id}`, fence, stored.fence);
  }

  private async inTransaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    const session = this.client.startSession();
    try {
      return await session.withTransaction(() => work(session));
    } finally {
      await session.endSession();
    }
  }
}

const deadLetterId = (webhookId: string, eventId: string) => `${webhookId}/${eventId}`;

function toWebhook(doc: WebhookDoc): Webhook {
  return { id: doc._id, owner: doc.owner, url: doc.url, eventTypes: doc.eventTypes, secret: doc.secret, createdAt: doc.createdAt, active: doc.active, cursor: doc.cursor };
}
