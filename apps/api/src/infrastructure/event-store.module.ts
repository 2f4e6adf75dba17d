import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AggregateStore, CareCommands, ClientKeyStore, SharedState, WijkzorgConfig, commandStoreOf, ensureReachable, settingOfStore, snapshotNotWritten } from '@wijkzorg/application';
import { EventStore, eventStoreConfigFromEnv, openEventStore } from '@wijkzorg/event-store';
import { openSharedState } from '@wijkzorg/shared-state';
import { CLIENT_KEY_STORE, EVENT_STORE, SHARED_STATE, WEBHOOK_STORE } from './tokens';
import { AppendCounter } from './append-counter';
import { WIJKZORG_CONFIG } from '../platform/config';

/** An unreachable store refuses start-up, naming its setting (ConfigError), before anything is served. */
async function openEvents(config: WijkzorgConfig, appends: AppendCounter): Promise<EventStore> {
  // The embedded file is no remote store: its errors (a file that is no database) keep their own message.
  if (config.eventStore === 'sqlite') return appends.counting(openEventStore(eventStoreConfigFromEnv(config.env)));
  let events: EventStore | undefined;
  await ensureReachable(settingOfStore(config.eventStore), async () => {
    events = openEventStore(eventStoreConfigFromEnv(config.env));
    await events.headPosition();
  });
  return appends.counting(events!);
}

async function openShared(config: WijkzorgConfig): Promise<SharedState> {
  const setting = settingOfStore(config.sharedState);
  let shared: SharedState | undefined;
  await ensureReachable(setting, async () => {
    shared = await openSharedState(config);
    await shared.ping();
  });
  return shared!;
}

/** Commands load long-lived streams from a snapshot where the store keeps them (embedded, PostgreSQL). */
function aggregateStoreOf(events: EventStore, shared: SharedState): Promise<AggregateStore> {
  const logger = new Logger('Snapshots');
  return commandStoreOf(events, shared, (error, streamId) => logger.warn(snapshotNotWritten(error, streamId)));
}

@Global()
@Module({
  providers: [
    AppendCounter,
    { provide: EVENT_STORE, useFactory: openEvents, inject: [WIJKZORG_CONFIG, AppendCounter] },
    { provide: SHARED_STATE, useFactory: openShared, inject: [WIJKZORG_CONFIG] },
    { provide: CLIENT_KEY_STORE, useFactory: (shared: SharedState) => shared.keys, inject: [SHARED_STATE] },
    { provide: WEBHOOK_STORE, useFactory: (shared: SharedState) => shared.webhooks, inject: [SHARED_STATE] },
    { provide: AggregateStore, useFactory: aggregateStoreOf, inject: [EVENT_STORE, SHARED_STATE] },
    { provide: CareCommands, useFactory: (store: AggregateStore, keys: ClientKeyStore) => new CareCommands(store, keys), inject: [AggregateStore, CLIENT_KEY_STORE] },
  ],
  exports: [AppendCounter, EVENT_STORE, SHARED_STATE, CLIENT_KEY_STORE, WEBHOOK_STORE, AggregateStore, CareCommands],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
    private readonly commands: AggregateStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.commands.snapshotsSettled(); // snapshots still being taken are written before the stores close
    await this.events.close();
    await this.shared.close();
  }
}
