import Database from 'better-sqlite3';
import { openSqlite } from '@wijkzorg/event-store';
import { StoredTicket, TicketStore } from '@wijkzorg/application';

interface Row {
  ticket_hash: string;
  actor: string;
  purpose: string;
  expires_at: number;
}

/** Pending stream tickets in a SQLite file of the data directory, so every process on the machine redeems them. */
export class SqliteTicketStore implements TicketStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = openSqlite(path, { synchronous: 'NORMAL' });
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS stream_tickets (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, ticket_hash TEXT NOT NULL UNIQUE, actor_key TEXT NOT NULL,
        actor TEXT NOT NULL, purpose TEXT NOT NULL, expires_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS stream_tickets_by_actor ON stream_tickets (actor_key, seq);`);
  }

  async put(ticket: StoredTicket, maxPerActor: number, now: number): Promise<void> {
    const actorKey = JSON.stringify([ticket.actor.role, ticket.actor.id]);
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM stream_tickets WHERE expires_at <= ?').run(now);
        // The actor's oldest open tickets make room for the new one.
        this.db.prepare('DELETE FROM stream_tickets WHERE seq IN (SELECT seq FROM stream_tickets WHERE actor_key = ? ORDER BY seq DESC LIMIT -1 OFFSET ?)').run(actorKey, Math.max(0, maxPerActor - 1));
        this.db.prepare('INSERT INTO stream_tickets (ticket_hash, actor_key, actor, purpose, expires_at) VALUES (?, ?, ?, ?, ?)').run(ticket.ticketHash, actorKey, JSON.stringify(ticket.actor), ticket.purpose, ticket.expiresAt);
      })
      .immediate();
  }

  async take(ticketHash: string): Promise<StoredTicket | undefined> {
    // One statement: of two processes redeeming the same ticket, one deletes (and gets) the row.
    const row = this.db.prepare('DELETE FROM stream_tickets WHERE ticket_hash = ? RETURNING ticket_hash, actor, purpose, expires_at').get(ticketHash) as Row | undefined;
    return row ? { ticketHash: row.ticket_hash, actor: JSON.parse(row.actor), purpose: row.purpose, expiresAt: row.expires_at } : undefined;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
