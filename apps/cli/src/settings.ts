import { EventStore, EventStoreConfig, eventStoreConfigFromEnv, openEventStore } from '@wijkzorg/event-store';
import { SettingsEnv, SharedState, WijkzorgConfig, ensureReachable, settingOfStore } from '@wijkzorg/application';
import { openSharedState } from '@wijkzorg/shared-state';
import { ALL_PROJECTIONS, ReadModelStore, openReadModelStore } from '@wijkzorg/read-models';

/**
 * What the CLI's commands need, derived from the one validated configuration the api uses too
 * (`loadConfig`), so an invalid setting is refused the same way by both.
 */
export interface CliSettings {
  dataDir: string;
  eventStore: EventStoreConfig;
  /** The validated settings, handed to the libs' loaders that read more (read-model store, checkpoint key, token keys). */
  env: SettingsEnv;
  /** One `progress <projection> <position> <head>` line per batch on stdout, for scripts and tests. */
  progressLines: boolean;
  /** The typed configuration, for the shared state (WIJKZORG_SHARED_STATE) and the store kinds. */
  config: WijkzorgConfig;
}

export function cliSettings(config: WijkzorgConfig): CliSettings {
  return {
    dataDir: config.dataDir,
    eventStore: eventStoreConfigFromEnv(config.env),
    env: config.env,
    progressLines: config.progressLines,
    config,
  };
}

/** The configured event store; an unreachable one is refused naming its setting (exit 2). */
export async function openCliEventStore(settings: CliSettings): Promise<EventStore> {
  // The embedded file is no remote store: its errors (a file that is no database) keep their own message.
  if (settings.eventStore.kind === 'sqlite') return openEventStore(settings.eventStore);
  let events: EventStore | undefined;
  try {
    await ensureReachable(settingOfStore(settings.config.eventStore), async () => {
      events = openEventStore(settings.eventStore);
      await events.headPosition();
    });
  } catch (error) {
    await events?.close().catch(() => undefined);
    throw error;
  }
  return events!;
}

/** The configured read-model store; a remote one that does not answer a cheap read is refused naming its setting. */
export async function openCliReadModelStore(settings: CliSettings): Promise<ReadModelStore> {
  if (settings.config.readModels === 'sqlite') return openReadModelStore(settings.env);
  let store: ReadModelStore | undefined;
  try {
    await ensureReachable(settingOfStore(settings.config.readModels), async () => {
      store = await openReadModelStore(settings.env);
      await store.checkpoint(ALL_PROJECTIONS[0].name);
    });
  } catch (error) {
    await store?.close().catch(() => undefined);
    throw error;
  }
  return store!;
}

/** The shared state the api uses too (keys, secrets, leases); an unreachable one is refused naming its setting. */
export async function openCliSharedState(settings: CliSettings): Promise<SharedState> {
  let shared: SharedState | undefined;
  await ensureReachable(settingOfStore(settings.config.sharedState), async () => {
    shared = await openSharedState(settings.config);
    await shared.ping();
  });
  return shared!;
}
