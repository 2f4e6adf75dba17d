import { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { SqliteSnapshotStore } from './sqlite/sqlite-snapshot-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { PostgresSnapshotStore } from './postgres/postgres-snapshot-store';

/** The snapshot store beside an event store: in its SQLite file or PostgreSQL database; none for KurrentDB (loads replay). */
export function openSnapshotStore(events: EventStore): SqliteSnapshotStore | PostgresSnapshotStore | undefined {
  if (events instanceof SqliteEventStore) return new SqliteSnapshotStore(events.db);
  if (events instanceof PostgresEventStore) return new PostgresSnapshotStore(events.pool);
  return undefined;
}
