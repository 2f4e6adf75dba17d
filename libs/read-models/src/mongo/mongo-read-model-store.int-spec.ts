import { describeWithServer } from '../../../../test/support/container-runtime';
import { readModelStoreConformance } from '../conformance/read-model-store-conformance';
import { MongoReadModelStore } from './mongo-read-model-store';

/**
 * Runs against MONGO_URL (a replica set) when set, otherwise against a throw-away single-node replica
 * set in a container: the store needs transactions, which a standalone server does not have.
 */
describeWithServer('MongoReadModelStore conformance', 'MONGO_URL', () => {
  const database = `wijkzorg_test_${Date.now()}`;
  let stopContainer: (() => Promise<unknown>) | undefined;
  let server: Promise<string> | undefined;
  afterAll(async () => {
    await stopContainer?.();
  });

  async function startReplicaSet(): Promise<string> {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer('mongo:7')
      .withCommand(['--replSet', 'rs0', '--bind_ip_all'])
      .withExposedPorts(27017)
      .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
      .start();
    stopContainer = () => container.stop();
    const initiated = await container.exec(['mongosh', '--quiet', '--eval', "rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: '127.0.0.1:27017' }] })"]);
    if (initiated.exitCode !== 0) throw new Error(`rs.initiate failed: ${initiated.output}`);
    for (let attempt = 0; attempt < 60; attempt++) {
      const hello = await container.exec(['mongosh', '--quiet', '--eval', 'db.hello().isWritablePrimary']);
      if (hello.stdout.trim() === 'true') return `mongodb://${container.getHost()}:${container.getMappedPort(27017)}/?directConnection=true`;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error('the single-node replica set elected no primary within 30 s');
  }

  readModelStoreConformance(async () => MongoReadModelStore.connect(await (server ??= process.env.MONGO_URL ? Promise.resolve(process.env.MONGO_URL) : startReplicaSet()), database), { fencing: true });
});
