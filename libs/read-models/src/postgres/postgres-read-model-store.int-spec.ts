import { PostgresCluster, startPostgresCluster } from '../../../../test/support/postgres-cluster';
import { readModelStoreConformance } from '../conformance/read-model-store-conformance';
import { openReadModelStore } from '../open-read-model-store';
import { PostgresReadModelStore } from './postgres-read-model-store';

/** Against a real PostgreSQL server of its own (never skipped: scripts/ensure-postgres.sh installs it). */
describe('PostgresReadModelStore conformance', () => {
  let cluster: PostgresCluster | undefined;
  let url: Promise<string> | undefined;
  const database = () =>
    (url ??= (async () => {
      cluster = await startPostgresCluster();
      return cluster.createDatabase();
    })());
  afterAll(async () => {
    await cluster?.stop();
  });

  readModelStoreConformance(async () => PostgresReadModelStore.connect(await database()), { fencing: true });

  it('is chosen with WIJKZORG_READ_MODELS=postgres and POSTGRES_URL', async () => {
    const store = await openReadModelStore({ WIJKZORG_READ_MODELS: 'postgres', POSTGRES_URL: await database() });
    try {
      expect(store.kind).toBe('postgres');
    } finally {
      await store.close();
    }
    await expect(openReadModelStore({ WIJKZORG_READ_MODELS: 'postgres' })).rejects.toThrow('needs POSTGRES_URL');
    await expect(openReadModelStore({ WIJKZORG_READ_MODELS: 'postgresql', POSTGRES_URL: await database() })).rejects.toThrow('WIJKZORG_READ_MODELS must be sqlite, mongodb or postgres');
  });

  it('refuses to start on an unreachable server, naming POSTGRES_URL', async () => {
    const unreachable = (await database()).replace(/:\d+\//, ':1/');
    await expect(PostgresReadModelStore.connect(unreachable)).rejects.toThrow('POSTGRES_URL');
  });
});
