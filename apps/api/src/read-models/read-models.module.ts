import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { EventStore } from '@wijkzorg/event-store';
import { ALL_PROJECTIONS, ProjectionRunner, ReadModelStore, openReadModelStore } from '@wijkzorg/read-models';
import { LeaseKeeper, WijkzorgConfig, ensureReachable, settingOfStore } from '@wijkzorg/application';
import { EVENT_STORE } from '../infrastructure/tokens';
import { ProjectionsController } from './projections.controller';
import { InjectConfig, WIJKZORG_CONFIG } from '../platform/config';
import { ReadPositionInterceptor } from './read-position';

export const READ_MODEL_STORE = Symbol('ReadModelStore');

/** A remote read-model store that does not answer a cheap read refuses start-up, naming its setting. */
async function openReadModels(config: WijkzorgConfig): Promise<ReadModelStore> {
  if (config.readModels === 'sqlite') return openReadModelStore(config.env);
  let store: ReadModelStore | undefined;
  await ensureReachable(settingOfStore(config.readModels), async () => {
    store = await openReadModelStore(config.env);
    await store.checkpoint(ALL_PROJECTIONS[0].name);
  });
  return store!;
}

/** The longest the api's catch-ups hold its event loop at a time (aimed for): /health and requests answer in between. */
const MAX_STRETCH_MS = 20;

@Global()
@Module({
  controllers: [ProjectionsController],
  providers: [
    { provide: READ_MODEL_STORE, useFactory: openReadModels, inject: [WIJKZORG_CONFIG] },
    {
      provide: ProjectionRunner,
      useFactory: (events: EventStore, store: ReadModelStore, keeper: LeaseKeeper, config: WijkzorgConfig) =>
        new ProjectionRunner(events, store, ALL_PROJECTIONS, { log: (m) => Logger.log(m, 'Projections'), leases: { keeper }, firstCatchUpWaitMs: config.firstCatchUpWaitMs, maxStretchMs: MAX_STRETCH_MS }),
      inject: [EVENT_STORE, READ_MODEL_STORE, LeaseKeeper, WIJKZORG_CONFIG],
    },
    { provide: APP_INTERCEPTOR, useClass: ReadPositionInterceptor },
  ],
  exports: [READ_MODEL_STORE, ProjectionRunner],
})
export class ReadModelsModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    @InjectConfig() private readonly config: WijkzorgConfig,
    private readonly keeper: LeaseKeeper,
  ) {}

  /**
   * Projections resume from their checkpoints (or rebuild when their code version changed), then stay live:
   * each applied by the instance holding its lease; the runner follows the others' checkpoints (reads only),
   * also where WIJKZORG_PROJECTIONS=off (such an instance never takes a projection lease). The first catch-up runs in
   * the background, yielding like every later one: the api listens meanwhile, and reads without minPosition wait for it.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.runner.prepare();
    if (this.config.projections) await this.keeper.want(() => this.runner.leaseNames());
    this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
