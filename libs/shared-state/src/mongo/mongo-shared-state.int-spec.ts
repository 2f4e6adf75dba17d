import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { BSON, MongoClient } from 'mongodb';
import { LocalKeyWrapper } from '@wijkzorg/application';
import { describeWithServer } from '../../../../test/support/container-runtime';
import { mongoReplicaSet } from '../../../../test/support/mongo-replica-set';
import { sharedStateConformance } from '../conformance/shared-state-conformance';
import { openMongoSharedState } from './index';

const wrapper = new LocalKeyWrapper({ id: 'kek-test-1', key: randomBytes(32) });

/** Every document of every shared-state collection as raw BSON, for the check that no raw key is stored. */
async function dumpCollections(url: string, database: string): Promise<Buffer> {
  const client = await MongoClient.connect(url);
  try {
    const db = client.db(database);
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((name) => name.startsWith('wz_'));
    const parts: Buffer[] = [];
    for (const name of names) for (const doc of await db.collection(name).find().toArray()) parts.push(Buffer.from(BSON.serialize(doc)));
    return Buffer.concat(parts);
  } finally {
    await client.close();
  }
}

describeWithServer('MongoDB shared state conformance', 'MONGO_URL', () => {
  let stop: (() => Promise<unknown>) | undefined;
  afterAll(async () => {
    await stop?.();
  });

  sharedStateConformance(async () => {
    const server = await mongoReplicaSet();
    stop = server.stop;
    const database = `wijkzorg_shared_${Date.now()}`;
    return {
      openInstance: () => openMongoSharedState(server.url, database, wrapper),
      dump: () => dumpCollections(server.url, database),
      dispose: async () => {
        const client = await MongoClient.connect(server.url);
        await client
          .db(database)
          .dropDatabase()
          .finally(() => client.close());
      },
    };
  });
});

describe('MongoDB shared state without a server', () => {
  it('refuses to open, naming MONGO_URL without the password', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const opening = openMongoSharedState(`mongodb://wijkzorg:hunter2-secret@127.0.0.1:${port}/?directConnection=true`, 'wijkzorg', wrapper);
    await expect(opening).rejects.toThrow(`MONGO_URL mongodb://wijkzorg:***@127.0.0.1:${port}/?directConnection=true: shared state unusable`);
    await expect(opening).rejects.not.toThrow('hunter2-secret');
  });
});
