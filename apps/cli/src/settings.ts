import { join } from 'node:path';
import { EventStoreConfig, dataDirFromEnv, eventStoreConfigFromEnv } from '@wijkzorg/event-store';

/**
 * Every setting the CLI reads from its environment, in one place, so the CLI and the api can be
 * pointed at one shared, validated configuration loader.
 */
export interface CliSettings {
  dataDir: string;
  eventStore: EventStoreConfig;
  /** WIJKZORG_JWT_SECRET, else a secret file in the data dir (the api's rule). */
  tokenSecretFile: string;
  /** The environment handed to the libs' loaders that read more (read-model store, checkpoint key, token secret). */
  env: NodeJS.ProcessEnv;
  /** One `progress <projection> <position> <head>` line per batch on stdout, for scripts and tests. */
  progressLines: boolean;
}

export function cliSettings(env: NodeJS.ProcessEnv = process.env): CliSettings {
  const dataDir = dataDirFromEnv(env);
  return {
    dataDir,
    eventStore: eventStoreConfigFromEnv(env),
    tokenSecretFile: join(dataDir, 'token-secret'),
    env,
    progressLines: Boolean(env.WIJKZORG_PROGRESS_LINES),
  };
}
