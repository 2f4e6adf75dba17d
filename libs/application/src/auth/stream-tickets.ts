import { createHash, randomBytes } from 'node:crypto';
import { Actor } from '@wijkzorg/domain';

/** How long a ticket may wait before it opens its stream. */
export const STREAM_TICKET_TTL_MS = 60_000;
/** Unredeemed tickets one actor may hold at once, so issuing cannot grow memory without bound. */
const MAX_OPEN_TICKETS_PER_ACTOR = 20;

/** A pending ticket as a shared store keeps it: only the ticket's SHA-256 is known to the store. */
export interface StoredTicket {
  ticketHash: string;
  actor: Actor;
  purpose: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * Where pending stream tickets live, so a ticket issued by one api instance opens a stream on another.
 * `take` is atomic: of two instances redeeming one ticket at once, one gets it.
 */
export interface TicketStore {
  /** Stores the ticket; the actor's oldest open tickets make room beyond `maxPerActor`; expired ones are dropped. */
  put(ticket: StoredTicket, maxPerActor: number, now: number): Promise<void>;
  /** Removes and returns the ticket (expired or not); undefined when absent. */
  take(ticketHash: string): Promise<StoredTicket | undefined>;
}

/**
 * Short-lived, single-use tickets for the one place a bearer credential cannot travel in a header:
 * an EventSource connection. A ticket is opaque, valid for one purpose for STREAM_TICKET_TTL_MS,
 * and gone once redeemed; only its SHA-256 is kept, in the TicketStore (shared by the api instances).
 */
export class StreamTickets {
  constructor(private readonly store: TicketStore = new InMemoryTicketStore()) {}

  async issue(actor: Actor, purpose: string, now = Date.now()): Promise<{ ticket: string; expiresAt: string }> {
    const ticket = `wzt_${randomBytes(24).toString('base64url')}`;
    const expiresAt = now + STREAM_TICKET_TTL_MS;
    await this.store.put({ ticketHash: hashOf(ticket), actor, purpose, expiresAt }, MAX_OPEN_TICKETS_PER_ACTOR, now);
    return { ticket, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The actor the ticket was issued to, once: a second redemption, another purpose or a late one find nothing. */
  async redeem(ticket: string, purpose: string, now = Date.now()): Promise<Actor | undefined> {
    const found = await this.store.take(hashOf(ticket));
    return found && found.purpose === purpose && found.expiresAt > now ? found.actor : undefined;
  }
}

/** Tickets in memory: for one process and for tests of the ticket rules (a restart voids open tickets). */
export class InMemoryTicketStore implements TicketStore {
  private readonly pending = new Map<string, StoredTicket>();

  async put(ticket: StoredTicket, maxPerActor: number, now: number): Promise<void> {
    for (const [hash, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(hash);
    const open = [...this.pending.values()].filter((p) => p.actor.role === ticket.actor.role && p.actor.id === ticket.actor.id);
    // The actor's oldest open tickets make room.
    for (const old of open.slice(0, Math.max(0, open.length - maxPerActor + 1))) this.pending.delete(old.ticketHash);
    this.pending.set(ticket.ticketHash, ticket);
  }

  async take(ticketHash: string): Promise<StoredTicket | undefined> {
    const found = this.pending.get(ticketHash);
    this.pending.delete(ticketHash);
    return found;
  }
}

const hashOf = (ticket: string) => createHash('sha256').update(ticket).digest('hex');
