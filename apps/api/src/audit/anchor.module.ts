import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { CheckpointSigner, CheckpointStore, EventStore, HeadCheckpointer, checkpointScheduleFromEnv, openCheckpointing } from '@wijkzorg/event-store';
import { WijkzorgConfig } from '@wijkzorg/application';
import { EVENT_STORE } from '../infrastructure/tokens';
import { WIJKZORG_CONFIG } from '../platform/config';

/** Checkpointing as one provider: the store, the signing key and the schedule belong together. */
export class Checkpointing {
  constructor(
    readonly store: CheckpointStore,
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
      useFactory: (events: EventStore, config: WijkzorgConfig) => {
        const { store, signer } = openCheckpointing(config.dataDir, config.env);
        const { enabled, ...schedule } = checkpointScheduleFromEnv(config.env);
        return new Checkpointing(store, signer, new HeadCheckpointer(events, store, signer, schedule, (m) => Logger.error(m, 'Checkpoints')), enabled);
      },
      inject: [EVENT_STORE, WIJKZORG_CONFIG],
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
    await this.checkpointing.store.close();
  }
}
