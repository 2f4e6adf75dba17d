import { join } from 'node:path';
import { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { KurrentEventStore } from './kurrentdb/kurrent-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';

export interface EventStoreConfig {
  /** 'sqlite' (embedded default), 'kurrentdb' (KurrentDB / EventStoreDB; 'esdb' is read as an alias) or 'postgres'. */
  kind: 'sqlite' | 'kurrentdb' | 'postgres';
  sqlitePath: string;
  esdbUrl?: string;
  postgresUrl?: string;
}

/** The settings that choose the event store; the caller passes them from its validated configuration. */
export interface EventStoreSettings {
  WIJKZORG_DATA_DIR?: string;
  WIJKZORG_SQLITE_PATH?: string;
  WIJKZORG_EVENT_STORE?: string;
  ESDB_URL?: string;
  POSTGRES_URL?: string;
}

/** Where every embedded file lives: WIJKZORG_DATA_DIR, default ./data. */
export function dataDirFromEnv(env: Pick<EventStoreSettings, 'WIJKZORG_DATA_DIR'>): string {
  return env.WIJKZORG_DATA_DIR ?? join(process.cwd(), 'data');
}

export function eventStoreConfigFromEnv(env: EventStoreSettings): EventStoreConfig {
  const dataDir = dataDirFromEnv(env);
  return {
    kind: eventStoreKindOf(env.WIJKZORG_EVENT_STORE),
    sqlitePath: env.WIJKZORG_SQLITE_PATH ?? join(dataDir, 'wijkzorg.db'),
    esdbUrl: env.ESDB_URL,
    postgresUrl: env.POSTGRES_URL,
  };
}

/** An unknown kind refuses to start rather than silently using the embedded store. */
function eventStoreKindOf(value: string | undefined): EventStoreConfig['kind'] {
  if (value === undefined || value === '' || value === 'sqlite') return 'sqlite';
  if (value === 'kurrentdb' || value === 'esdb') return 'kurrentdb';
  if (value === 'postgres') return 'postgres';
  throw new Error(`WIJKZORG_EVENT_STORE must be sqlite, kurrentdb (esdb) or postgres, got ${JSON.stringify(value)}`);
}

export function openEventStore(config: EventStoreConfig): EventStore {
  if (config.kind === 'kurrentdb') {
    if (!config.esdbUrl) throw new Error('WIJKZORG_EVENT_STORE=kurrentdb needs ESDB_URL, e.g. kurrentdb://localhost:2113?tls=false');
    return new KurrentEventStore(config.esdbUrl);
  }
  if (config.kind === 'postgres') {
    if (!config.postgresUrl) throw new Error('WIJKZORG_EVENT_STORE=postgres needs POSTGRES_URL, e.g. postgres://wijkzorg@localhost:5432/wijkzorg');
    return new PostgresEventStore(config.postgresUrl);
  }
  return new SqliteEventStore(config.sqlitePath);
}
