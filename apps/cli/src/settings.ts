import { join } from 'node:path';
import { EventStoreConfig, eventStoreConfigFromEnv } from '@wijkzorg/event-store';
import { SettingsEnv, WijkzorgConfig } from '@wijkzorg/application';

/**
 * What the CLI's commands need, derived from the one validated configuration the api uses too
 * (`loadConfig`), so an invalid setting is refused the same way by both.
 */
export interface CliSettings {
  dataDir: string;
  eventStore: EventStoreConfig;
  /** WIJKZORG_JWT_SECRET, else a secret file in the data dir (the api's rule). */
  tokenSecretFile: string;
  /** The validated settings, handed to the libs' loaders that read more (read-model store, checkpoint key, token keys). */
  env: SettingsEnv;
  /** One `progress <projection> <position> <head>` line per batch on stdout, for scripts and tests. */
  progressLines: boolean;
}

export function cliSettings(config: WijkzorgConfig): CliSettings {
  return {
    dataDir: config.dataDir,
    eventStore: eventStoreConfigFromEnv(config.env),
    tokenSecretFile: join(config.dataDir, 'token-secret'),
    env: config.env,
    progressLines: config.progressLines,
  };
}
