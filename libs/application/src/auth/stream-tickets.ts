import { createHash, randomBytes } from 'node:crypto';
import { Actor } from '@wijkzorg/domain';

/** How long a ticket may wait before it opens its stream. */
export const STREAM_TICKET_TTL_MS = 60_000;
/** Unredeemed tickets one actor may hold at once, so issuing cannot grow memory without bound. */
const MAX_OPEN_TICKETS_PER_ACTOR = 20;

interface Pending {
  actor: Actor;
  purpose: string;
  expiresAt: number;
}

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
 * and gone once redeemed; only its SHA-256 is kept, in memory (a restart voids open tickets).
 */
export class StreamTickets {
  private readonly pending = new Map<string, Pending>();

  issue(actor: Actor, purpose: string, now = Date.now()): { ticket: string; expiresAt: string } {
    this.forgetExpired(now);
    const open = [...this.pending.values()].filter((p) => p.actor.role === actor.role && p.actor.id === actor.id);
    if (open.length >= MAX_OPEN_TICKETS_PER_ACTOR) {
      // The oldest open ticket of this actor makes room.
      const oldest = [...this.pending.entries()].find(([, p]) => p === open[0]);
      if (oldest) this.pending.delete(oldest[0]);
    }
    const ticket = `wzt_${randomBytes(24).toString('base64url')}`;
    const expiresAt = now + STREAM_TICKET_TTL_MS;
    this.pending.set(hashOf(ticket), { actor, purpose, expiresAt });
    return { ticket, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The actor the ticket was issued to, once: a second redemption, another purpose or a late one find nothing. */
  redeem(ticket: string, purpose: string, now = Date.now()): Actor | undefined {
    const key = hashOf(ticket);
    const found = this.pending.get(key);
    if (!found) return undefined;
    this.pending.delete(key);
    return found.purpose === purpose && found.expiresAt > now ? found.actor : undefined;
  }

  private forgetExpired(now: number): void {
    for (const [key, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(key);
  }
}

const hashOf = (ticket: string) => createHash('sha256').update(ticket).digest('hex');
