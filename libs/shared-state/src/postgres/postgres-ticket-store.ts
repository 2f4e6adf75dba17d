import { inPostgresTransaction } from '@wijkzorg/event-store';
import type { Pool } from 'pg';
import { Actor } from '@wijkzorg/domain';
import { StoredTicket, TicketStore } from '@wijkzorg/application';
import { lockFor, toNumber } from './postgres-support';

export const POSTGRES_TICKETS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS wz_stream_tickets (ticket_hash TEXT PRIMARY KEY, actor_key TEXT NOT NULL, actor JSONB NOT NULL, purpose TEXT NOT NULL, expires_at BIGINT NOT NULL);
  CREATE INDEX IF NOT EXISTS wz_stream_tickets_by_actor ON wz_stream_tickets (actor_key, expires_at);`;

interface Row {
  ticket_hash: string;
  actor: Actor;
  purpose: string;
  expires_at: string;
}

const actorKey = (actor: Actor) => `${actor.role}:${actor.id}`;

/** Pending stream tickets in PostgreSQL: issued through one instance, redeemed once through any. */
export class PostgresTicketStore implements TicketStore {
  constructor(private readonly pool: Pool) {}

  async put(ticket: StoredTicket, maxPerActor: number, now: number): Promise<void> {
    await inPostgresTransaction(this.pool, async (client) => {
      await lockFor(client, `wz_stream_tickets:${actorKey(ticket.actor)}`);
      await client.query('DELETE FROM wz_stream_tickets WHERE expires_at <= $1', [now]);
      // The actor's oldest open tickets make room for the new one.
      await client.query('DELETE FROM wz_stream_tickets WHERE ticket_hash IN (SELECT ticket_hash FROM wz_stream_tickets WHERE actor_key = $1 ORDER BY expires_at DESC OFFSET $2)', [actorKey(ticket.actor), Math.max(0, maxPerActor - 1)]);
      await client.query('INSERT INTO wz_stream_tickets (ticket_hash, actor_key, actor, purpose, expires_at) VALUES ($1, $2, $3, $4, $5)', [ticket.ticketHash, actorKey(ticket.actor), JSON.stringify(ticket.actor), ticket.purpose, ticket.expiresAt]);
    });
  }

  async take(ticketHash: string): Promise<StoredTicket | undefined> {
    // One statement: of two instances redeeming at once, only one gets the deleted row back.
    const { rows } = await this.pool.query<Row>('DELETE FROM wz_stream_tickets WHERE ticket_hash = $1 RETURNING ticket_hash, actor, purpose, expires_at', [ticketHash]);
    const row = rows[0];
    return row ? { ticketHash: row.ticket_hash, actor: row.actor, purpose: row.purpose, expiresAt: toNumber(row.expires_at) } : undefined;
  }
}
