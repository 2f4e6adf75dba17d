import { KeyWrapper, SharedState } from '@wijkzorg/application';
import { MongoClientKeyStore } from './mongo-client-key-store';
import { MongoLeaseStore } from './mongo-lease-store';
import { MongoSecretStore } from './mongo-secret-store';
import { MongoSessionStore } from './mongo-session-store';
import { redactedMongoUrl } from './mongo-support';
import { MongoTicketStore } from './mongo-ticket-store';
import { MongoWebhookStore } from './mongo-webhook-store';
import { mongoDriver } from '@wijkzorg/event-store';

export * from './mongo-client-key-store';
export * from './mongo-lease-store';
export * from './mongo-secret-store';
export * from './mongo-session-store';
export * from './mongo-ticket-store';
export * from './mongo-webhook-store';

/** How long ping() and finding a server may take before the store counts as unreachable. */
const PING_TIMEOUT_MS = 3000;

/**
 * Every shared-state port on one MongoDB database (collections `wz_*`, indexes created when missing).
 * Needs a replica set or a sharded cluster: adding a webhook within its owner's limit and dead-lettering
 * are transactions. Throws, naming MONGO_URL without its password, when the server is unreachable or standalone.
 */
export async function openMongoSharedState(url: string, database: string, wrapper: KeyWrapper): Promise<SharedState> {
  const client = new (mongoDriver().MongoClient)(url, { serverSelectionTimeoutMS: PING_TIMEOUT_MS });
  const named = `MONGO_URL ${redactedMongoUrl(url)}`;
  try {
    await client.connect();
    const hello = await client.db('admin').command({ hello: 1 });
    if (!hello.setName && hello.msg !== 'isdbgrid') throw new Error('the server is standalone; shared state needs a replica set (transactions): start mongod with --replSet and run rs.initiate()');
    const db = client.db(database);
    await MongoClientKeyStore.ensureIndexes(db);
    await MongoWebhookStore.ensureIndexes(db);
    await MongoSessionStore.ensureIndexes(db);
    await MongoTicketStore.ensureIndexes(db);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new Error(`${named}: shared state unusable: ${(error as Error).message}`);
  }
  const db = client.db(database);
  let closed = false;
  return {
    kind: 'mongodb',
    keys: new MongoClientKeyStore(db, wrapper),
    webhooks: new MongoWebhookStore(client, db),
    sessions: new MongoSessionStore(db),
    tickets: new MongoTicketStore(db),
    secrets: new MongoSecretStore(db),
    leases: new MongoLeaseStore(db),
    async ping() {
      try {
        await db.command({ ping: 1 }, { timeoutMS: PING_TIMEOUT_MS });
      } catch (error) {
        throw new Error(`${named}: shared state unreachable: ${(error as Error).message}`);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}
