import { randomBytes } from 'node:crypto';
import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AggregateStore, CareCommands, ClientKeyStore, PersonalDataCipher, SharedState, SNAPSHOT_KEY_SECRET, Snapshots, snapshotNotWritten, WijkzorgConfig, ensureReachable, settingOfStore } from '@wijkzorg/application';
import { EventStore, eventStoreConfigFromEnv, openEventStore, openSnapshotStore } from '@wijkzorg/event-store';
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
async function aggregateStoreOf(events: EventStore, keys: ClientKeyStore, shared: SharedState): Promise<AggregateStore> {
  const cipher = new PersonalDataCipher(keys);
  const store = openSnapshotStore(events);
  const logger = new Logger('Snapshots');
  // Every instance keys the snapshots' checksums alike: the key is one of the shared generated secrets.
  const snapshots = store && new Snapshots(store, cipher, undefined, Buffer.from(await shared.secrets.getOrCreate(SNAPSHOT_KEY_SECRET, () => randomBytes(32).toString('base64')), 'base64'));
  return new AggregateStore(events, undefined, cipher, snapshots, (error, streamId) => logger.warn(snapshotNotWritten(error, streamId)));
}

@Global()
@Module({
  providers: [
    AppendCounter,
    { provide: EVENT_STORE, useFactory: openEvents, inject: [WIJKZORG_CONFIG, AppendCounter] },
    { provide: SHARED_STATE, useFactory: openShared, inject: [WIJKZORG_CONFIG] },
    { provide: CLIENT_KEY_STORE, useFactory: (shared: SharedState) => shared.keys, inject: [SHARED_STATE] },
    { provide: WEBHOOK_STORE, useFactory: (shared: SharedState) => shared.webhooks, inject: [SHARED_STATE] },
    { provide: AggregateStore, useFactory: aggregateStoreOf, inject: [EVENT_STORE, CLIENT_KEY_STORE, SHARED_STATE] },
    { provide: CareCommands, useFactory: (store: AggregateStore, keys: ClientKeyStore) => new CareCommands(store, keys), inject: [AggregateStore, CLIENT_KEY_STORE] },
  ],
  exports: [AppendCounter, EVENT_STORE, SHARED_STATE, CLIENT_KEY_STORE, WEBHOOK_STORE, AggregateStore, CareCommands],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.events.close();
    await this.shared.close();
  }
}
