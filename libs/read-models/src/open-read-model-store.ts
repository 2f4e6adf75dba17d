import { EventStoreSettings, eventStoreConfigFromEnv } from '@wijkzorg/event-store';
import { ReadModelStore } from './read-model-store.port';
import { SqliteReadModelStore } from './sqlite/sqlite-read-model-store';
import { MongoReadModelStore } from './mongo/mongo-read-model-store';
import { PostgresReadModelStore } from './postgres/postgres-read-model-store';

/** The settings that choose the read-model store; the caller passes its validated configuration. */
export interface ReadModelStoreSettings extends EventStoreSettings {
  WIJKZORG_READ_MODELS?: string;
  MONGO_URL?: string;
  MONGO_DATABASE?: string;
  POSTGRES_URL?: string;
}

/**
 * Embedded default: the same SQLite file as the events. WIJKZORG_READ_MODELS=mongodb with MONGO_URL for
 * MongoDB (a replica set), =postgres with POSTGRES_URL for PostgreSQL.
 */
export async function openReadModelStore(env: ReadModelStoreSettings): Promise<ReadModelStore> {
  const kind = env.WIJKZORG_READ_MODELS;
  if (kind !== undefined && kind !== '' && kind !== 'sqlite' && kind !== 'mongodb' && kind !== 'postgres') throw new Error(`WIJKZORG_READ_MODELS must be sqlite, mongodb or postgres, got ${JSON.stringify(kind)}`);
  if (kind === 'postgres') {
    if (!env.POSTGRES_URL) throw new Error('WIJKZORG_READ_MODELS=postgres needs POSTGRES_URL, e.g. postgres://wijkzorg@localhost:5432/wijkzorg');
    return PostgresReadModelStore.connect(env.POSTGRES_URL);
  }
  if (kind === 'mongodb') {
    if (!env.MONGO_URL) throw new Error('WIJKZORG_READ_MODELS=mongodb needs MONGO_URL, e.g. mongodb://localhost:27017');
    return MongoReadModelStore.connect(env.MONGO_URL, env.MONGO_DATABASE ?? 'wijkzorg');
  }
  // The same file as the embedded event store.
  return new SqliteReadModelStore(eventStoreConfigFromEnv(env).sqlitePath);
}
