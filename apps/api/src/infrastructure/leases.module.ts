import { Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LeaseKeeper, LeaseStore, WijkzorgConfig } from '@wijkzorg/application';
import { SqliteLeaseStore } from '@wijkzorg/shared-state';
import { WIJKZORG_CONFIG } from '../platform/config';

/** The lease store of this deployment. Here the data directory's; with shared state, SharedState.leases. */
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
    { provide: LEASES, useFactory: (config: WijkzorgConfig) => new SqliteLeaseStore(join(config.dataDir, 'leases.db')), inject: [WIJKZORG_CONFIG] },
    {
      provide: LeaseKeeper,
      useFactory: (store: LeaseStore, config: WijkzorgConfig) =>
        new LeaseKeeper({
          store,
          owner: config.env.WIJKZORG_INSTANCE_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
          ttlMs: Number(config.env.WIJKZORG_LEASE_TTL_MS ?? 3000),
          log: (m) => Logger.warn(m, 'Leases'),
        }),
      inject: [LEASES, WIJKZORG_CONFIG],
    },
  ],
  exports: [LEASES, LeaseKeeper],
})
export class LeasesModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly keeper: LeaseKeeper,
    @Inject(LEASES) private readonly store: LeaseStore,
  ) {}

  onApplicationBootstrap(): void {
    this.keeper.start();
  }

  // After every worker stopped (they stop in beforeApplicationShutdown): hand their leases over.
  async onApplicationShutdown(): Promise<void> {
    await this.keeper.stop();
    (this.store as { close?: () => void }).close?.();
  }
}
