import { PostgresCluster, startPostgresCluster } from '../../../../test/support/postgres-cluster';
import { readModelStoreConformance } from '../conformance/read-model-store-conformance';
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

  it('refuses to start on an unreachable server, naming POSTGRES_URL', async () => {
    const unreachable = (await database()).replace(/:\d+\//, ':1/');
    await expect(PostgresReadModelStore.connect(unreachable)).rejects.toThrow('POSTGRES_URL');
  });
});
