import { describeWithServer } from '../../../../test/support/container-runtime';
import { mongoReplicaSet } from '../../../../test/support/mongo-replica-set';
import { readModelStoreConformance } from '../conformance/read-model-store-conformance';
import { MongoReadModelStore } from './mongo-read-model-store';

describeWithServer('MongoReadModelStore conformance', 'MONGO_URL', () => {
  const database = `wijkzorg_test_${Date.now()}`;
  let stopContainer: (() => Promise<unknown>) | undefined;
  let server: Promise<string> | undefined;
  const start = async () => {
    const replicaSet = await mongoReplicaSet();
    stopContainer = replicaSet.stop;
    return replicaSet.url;
  };
  afterAll(async () => {
    await stopContainer?.();
  });

  readModelStoreConformance(async () => MongoReadModelStore.connect(await (server ??= start()), database), { fencing: true });
});
