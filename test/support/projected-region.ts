import { rmSync } from 'node:fs';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { ALL_PROJECTIONS, ProjectionRunner, SqliteReadModelStore } from '@wijkzorg/read-models';
import { seededDataDir } from './seeded-data';

export interface ProjectedRegion {
  events: SqliteEventStore;
  store: SqliteReadModelStore;
  runner: ProjectionRunner;
  close(): Promise<void>;
}

/** A seeded demo region (seededDataDir) with every projection caught up, in batches of 997 so batch edges fall inside trajectories. */
export async function projectedRegion(clients: number): Promise<ProjectedRegion> {
  const seeded = await seededDataDir(clients);
  const events = new SqliteEventStore(seeded.path, { synchronous: 'NORMAL' });
  const store = new SqliteReadModelStore(seeded.path);
  const runner = new ProjectionRunner(events, store, ALL_PROJECTIONS, { batchSize: 997 });
  await runner.prepare();
  await runner.catchUp();
  return {
    events,
    store,
    runner,
    close: async () => {
      await store.close();
      await events.close();
      rmSync(seeded.dataDir, { recursive: true, force: true });
    },
  };
}
