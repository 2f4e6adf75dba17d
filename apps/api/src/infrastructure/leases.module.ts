import { randomBytes } from 'node:crypto';
import { Global, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LeaseKeeper, LeaseStore, SharedState, WijkzorgConfig } from '@wijkzorg/application';
import { WIJKZORG_CONFIG } from '../platform/config';
import { SHARED_STATE } from './tokens';

/** The lease store of this deployment: the shared state's, so every instance on it competes for the same leases. */
export const LEASES = Symbol('LeaseStore');

/**
 * One LeaseKeeper per process: the projection runner, the webhook dispatcher, the checkpoint signer
 * and the planned-steps timer each register the leases they want (and only when this instance runs
 * them at all: WIJKZORG_PROJECTIONS=off / WIJKZORG_WEBHOOKS=off never take those) and work while
 * holding them. A clean shutdown releases every lease, so another instance takes over at once.
 */
@Global()
@Module({
  providers: [
    { provide: LEASES, useFactory: (shared: SharedState) => shared.leases, inject: [SHARED_STATE] },
    {
      provide: LeaseKeeper,
      useFactory: (store: LeaseStore, config: WijkzorgConfig) =>
        new LeaseKeeper({
          store,
          // A per-process suffix: two processes configured with the same instance id (a duplicated container) never share a lease term.
          owner: `${config.instanceId}/${randomBytes(4).toString('hex')}`,
          ttlMs: config.leaseTtlMs,
          log: (m) => Logger.warn(m, 'Leases'),
        }),
      inject: [LEASES, WIJKZORG_CONFIG],
    },
  ],
  exports: [LEASES, LeaseKeeper],
})
export class LeasesModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly keeper: LeaseKeeper) {}

  onApplicationBootstrap(): void {
    this.keeper.start();
  }

  // After every worker stopped (they stop in beforeApplicationShutdown): hand their leases over.
  async onApplicationShutdown(): Promise<void> {
    await this.keeper.stop(); // the shared state (and its lease store) closes after this
  }
}
