import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { CheckpointSigner, EventStore, HeadCheckpointer, SqliteCheckpointStore, checkpointScheduleFromEnv, openSharedCheckpointing } from '@wijkzorg/event-store';
import { SharedState, WijkzorgConfig } from '@wijkzorg/application';
import { EVENT_STORE, SHARED_STATE } from '../infrastructure/tokens';
import { WIJKZORG_CONFIG } from '../platform/config';

/** Checkpointing as one provider: the store, the signing key and the schedule belong together. */
export class Checkpointing {
  constructor(
    readonly store: SqliteCheckpointStore,
    readonly signer: CheckpointSigner,
    readonly checkpointer: HeadCheckpointer,
    readonly enabled: boolean,
  ) {}
}

/** Signed head checkpoints: taken while the api runs (every N events or T seconds) and on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: Checkpointing,
      useFactory: async (events: EventStore, config: WijkzorgConfig, shared: SharedState) => {
        const { store, signer } = await openSharedCheckpointing(config.dataDir, config.env, shared.secrets);
        const { enabled, ...schedule } = checkpointScheduleFromEnv(config.env);
        return new Checkpointing(store, signer, new HeadCheckpointer(events, store, signer, schedule, (m) => Logger.error(m, 'Checkpoints')), enabled);
      },
      inject: [EVENT_STORE, WIJKZORG_CONFIG, SHARED_STATE],
    },
  ],
  exports: [Checkpointing],
})
export class AnchorModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(Checkpointing) private readonly checkpointing: Checkpointing) {}

  onApplicationBootstrap(): void {
    if (this.checkpointing.enabled) this.checkpointing.checkpointer.start();
  }

  // Before the event store closes (it closes in onApplicationShutdown).
  async beforeApplicationShutdown(): Promise<void> {
    await this.checkpointing.checkpointer.stop({ finalCheckpoint: this.checkpointing.enabled });
    this.checkpointing.store.close();
  }
}
