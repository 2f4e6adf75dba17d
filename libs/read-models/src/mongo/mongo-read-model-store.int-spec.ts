import { describeWithServer } from '../../../../test/support/container-runtime';
import { readModelStoreConformance } from '../conformance/read-model-store-conformance';
import { MongoReadModelStore } from './mongo-read-model-store';

/** Runs against MONGO_URL when set, otherwise against a throw-away MongoDB container. */
describeWithServer('MongoReadModelStore conformance', 'MONGO_URL', () => {
  let stopContainer: (() => Promise<unknown>) | undefined;
  afterAll(async () => {
    await stopContainer?.();
  });

  readModelStoreConformance(async () => {
    let url = process.env.MONGO_URL;
    if (!url) {
      const { GenericContainer, Wait } = await import('testcontainers');
      const container = await new GenericContainer('mongo:7')
        .withExposedPorts(27017)
        .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
        .start();
      stopContainer = () => container.stop();
      url = `mongodb://${container.getHost()}:${container.getMappedPort(27017)}`;
    }
    return MongoReadModelStore.connect(url, `wijkzorg_test_${Date.now()}`);
  });
});
