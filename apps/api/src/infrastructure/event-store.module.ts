import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AggregateStore, CareCommands, PersonalDataCipher, SqliteClientKeyStore, WijkzorgConfig } from '@wijkzorg/application';
import { EventStore, eventStoreConfigFromEnv, openEventStore } from '@wijkzorg/event-store';
import { EVENT_STORE } from './tokens';
import { AppendCounter } from './append-counter';
import { WIJKZORG_CONFIG } from '../platform/config';

@Global()
@Module({
  providers: [
    AppendCounter,
    { provide: EVENT_STORE, useFactory: (config: WijkzorgConfig, appends: AppendCounter) => appends.counting(openEventStore(eventStoreConfigFromEnv(config.env))), inject: [WIJKZORG_CONFIG, AppendCounter] },
    { provide: SqliteClientKeyStore, useFactory: (config: WijkzorgConfig) => SqliteClientKeyStore.inDataDir(config.dataDir), inject: [WIJKZORG_CONFIG] },
    { provide: AggregateStore, useFactory: (events: EventStore, keys: SqliteClientKeyStore) => new AggregateStore(events, undefined, new PersonalDataCipher(keys)), inject: [EVENT_STORE, SqliteClientKeyStore] },
    { provide: CareCommands, useFactory: (store: AggregateStore, keys: SqliteClientKeyStore) => new CareCommands(store, keys), inject: [AggregateStore, SqliteClientKeyStore] },
  ],
  exports: [AppendCounter, EVENT_STORE, AggregateStore, CareCommands, SqliteClientKeyStore],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly keys: SqliteClientKeyStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.events.close();
    this.keys.close();
  }
}
