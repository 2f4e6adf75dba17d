import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { CheckpointSigner, CheckpointStore, EventStore, HeadCheckpointer, checkpointScheduleFromEnv, openSharedCheckpointing } from '@wijkzorg/event-store';
import { LeaseKeeper, SharedState, WijkzorgConfig } from '@wijkzorg/application';
import { EVENT_STORE, SHARED_STATE } from '../infrastructure/tokens';
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

/** Signed head checkpoints: taken (every N events or T seconds, and on shutdown) by the one instance holding the lease `checkpoints`. */
@Global()
@Module({
  providers: [
    {
      provide: Checkpointing,
      useFactory: async (events: EventStore, config: WijkzorgConfig, shared: SharedState) => {
        const { store, signer } = await openSharedCheckpointing(config.dataDir, { ...config.env, WIJKZORG_SHARED_STATE: config.sharedState }, shared.secrets);
        const { enabled, ...schedule } = checkpointScheduleFromEnv(config.env);
        return new Checkpointing(store, signer, new HeadCheckpointer(events, store, signer, schedule, (m) => Logger.error(m, 'Checkpoints')), enabled);
      },
      inject: [EVENT_STORE, WIJKZORG_CONFIG, SHARED_STATE],
    },
  ],
  exports: [Checkpointing],
})
export class AnchorModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private signing = false;

  constructor(
    @Inject(Checkpointing) private readonly checkpointing: Checkpointing,
    private readonly keeper: LeaseKeeper,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.checkpointing.enabled) return;
    this.keeper.subscribe({
      acquired: (lease) => {
        if (lease.name !== 'checkpoints' || this.signing) return;
        this.signing = true;
        this.checkpointing.checkpointer.start();
      },
      lost: (name) => {
        if (name !== 'checkpoints' || !this.signing) return;
        this.signing = false;
        void this.checkpointing.checkpointer.stop();
      },
    });
    await this.keeper.want(['checkpoints']);
  }

  // Before the event store closes (it closes in onApplicationShutdown), and while the lease is still held.
  async beforeApplicationShutdown(): Promise<void> {
    await this.checkpointing.checkpointer.stop({ finalCheckpoint: this.checkpointing.enabled && this.keeper.holds('checkpoints') !== undefined });
    await this.checkpointing.store.close();
  }
}
