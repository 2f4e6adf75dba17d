import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AggregateStore, CareCommands, PersonalDataCipher, SqliteClientKeyStore } from '@wijkzorg/application';
import { EventStore, dataDirFromEnv, eventStoreConfigFromEnv, openEventStore } from '@wijkzorg/event-store';
import { EVENT_STORE } from './tokens';

@Global()
@Module({
  providers: [
    { provide: EVENT_STORE, useFactory: () => openEventStore(eventStoreConfigFromEnv()) },
    { provide: SqliteClientKeyStore, useFactory: () => SqliteClientKeyStore.inDataDir(dataDirFromEnv()) },
    { provide: AggregateStore, useFactory: (events: EventStore, keys: SqliteClientKeyStore) => new AggregateStore(events, undefined, new PersonalDataCipher(keys)), inject: [EVENT_STORE, SqliteClientKeyStore] },
    { provide: CareCommands, useFactory: (store: AggregateStore, keys: SqliteClientKeyStore) => new CareCommands(store, keys), inject: [AggregateStore, SqliteClientKeyStore] },
  ],
  exports: [EVENT_STORE, AggregateStore, CareCommands, SqliteClientKeyStore],
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
