import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AggregateStore, CareCommands } from '@wijkzorg/application';
import { EventStore, eventStoreConfigFromEnv, openEventStore } from '@wijkzorg/event-store';
import { EVENT_STORE } from './tokens';

@Global()
@Module({
  providers: [
    { provide: EVENT_STORE, useFactory: () => openEventStore(eventStoreConfigFromEnv()) },
    { provide: AggregateStore, useFactory: (events: EventStore) => new AggregateStore(events), inject: [EVENT_STORE] },
    { provide: CareCommands, useFactory: (store: AggregateStore) => new CareCommands(store), inject: [AggregateStore] },
  ],
  exports: [EVENT_STORE, AggregateStore, CareCommands],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.events.close();
  }
}
