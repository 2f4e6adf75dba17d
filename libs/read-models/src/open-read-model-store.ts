import { join } from 'node:path';
import { ReadModelStore } from './read-model-store.port';
import { SqliteReadModelStore } from './sqlite/sqlite-read-model-store';
import { MongoReadModelStore } from './mongo/mongo-read-model-store';

/** Embedded default: the same SQLite file as the events. WIJKZORG_READ_MODELS=mongodb with MONGO_URL for MongoDB. */
export async function openReadModelStore(env: NodeJS.ProcessEnv = process.env): Promise<ReadModelStore> {
  if (env.WIJKZORG_READ_MODELS === 'mongodb') {
    if (!env.MONGO_URL) throw new Error('WIJKZORG_READ_MODELS=mongodb needs MONGO_URL, e.g. mongodb://localhost:27017');
    return MongoReadModelStore.connect(env.MONGO_URL, env.MONGO_DATABASE ?? 'wijkzorg');
  }
  const dataDir = env.WIJKZORG_DATA_DIR ?? join(process.cwd(), 'data');
  return new SqliteReadModelStore(env.WIJKZORG_SQLITE_PATH ?? join(dataDir, 'wijkzorg.db'));
}
