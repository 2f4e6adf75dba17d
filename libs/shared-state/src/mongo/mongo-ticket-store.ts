import type { Collection, Db } from 'mongodb';
import { Actor } from '@wijkzorg/domain';
import { StoredTicket, TicketStore } from '@wijkzorg/application';

interface TicketDoc {
  _id: string;
  actorKey: string;
  actor: Actor;
  purpose: string;
  expiresAt: number;
}

const actorKey = (actor: Actor) => `${actor.role}:${actor.id}`;

/** Pending stream tickets in MongoDB: issued through one instance, redeemed once through any (findOneAndDelete). */
export class MongoTicketStore implements TicketStore {
  private readonly tickets: Collection<TicketDoc>;

  constructor(db: Db) {
    this.tickets = db.collection<TicketDoc>('wz_stream_tickets');
  }

  static async ensureIndexes(db: Db): Promise<void> {
    await db.collection('wz_stream_tickets').createIndex({ actorKey: 1, expiresAt: -1 });
  }

  async put(ticket: StoredTicket, maxPerActor: number, now: number): Promise<void> {
    await this.tickets.deleteMany({ expiresAt: { $lte: now } });
    await this.tickets.insertOne({ _id: ticket.ticketHash, actorKey: actorKey(ticket.actor), actor: ticket.actor, purpose: ticket.purpose, expiresAt: ticket.expiresAt });
    // The actor's oldest other tickets make room for the new one.
    const surplus = await this.tickets
      .find({ actorKey: actorKey(ticket.actor), _id: { $ne: ticket.ticketHash } }, { projection: { _id: 1 } })
      .sort({ expiresAt: -1, _id: -1 })
      .skip(Math.max(0, maxPerActor - 1))
      .toArray();
    if (surplus.length) await this.tickets.deleteMany({ _id: { $in: surplus.map((t) => t._id) } });
  }

  async take(ticketHash: string): Promise<StoredTicket | undefined> {
    const doc = await this.tickets.findOneAndDelete({ _id: ticketHash });
    return doc ? { ticketHash: doc._id, actor: doc.actor, purpose: doc.purpose, expiresAt: doc.expiresAt } : undefined;
  }
}
