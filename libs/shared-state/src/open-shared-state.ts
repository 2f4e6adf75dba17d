import { join } from 'node:path';
import { KeyWrapper, SharedState, WijkzorgConfig, loadKeyWrapper } from '@wijkzorg/application';
import { SqliteSharedState } from './sqlite/sqlite-shared-state';
import { openPostgresSharedState } from './postgres';
import { openMongoSharedState } from './mongo';

/**
 * The key-encryption key of the configuration; outside production without one, the embedded store's
 * key generated into the data directory (the configuration refuses that for a non-embedded store).
 */
export const keyWrapperFor = (config: Pick<WijkzorgConfig, 'env' | 'dataDir'>): KeyWrapper => loadKeyWrapper(config.env, join(config.dataDir, 'key-encryption-key'));

/** The shared state the configuration chooses (WIJKZORG_SHARED_STATE). */
export async function openSharedState(config: Pick<WijkzorgConfig, 'env' | 'dataDir' | 'sharedState' | 'postgresUrl'>, options: { keyWrapper?: KeyWrapper } = {}): Promise<SharedState> {
  const keyWrapper = options.keyWrapper ?? keyWrapperFor(config);
  switch (config.sharedState) {
    case 'sqlite':
      return SqliteSharedState.inDataDir(config.dataDir, keyWrapper);
    case 'postgres':
      return openPostgresSharedState(config.postgresUrl!, keyWrapper);
    case 'mongodb':
      return openMongoSharedState(config.env.MONGO_URL!, config.env.MONGO_DATABASE ?? 'wijkzorg', keyWrapper);
  }
}
