import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { LocalKeyWrapper, SharedState } from '@wijkzorg/application';
import { PostgresCluster, startPostgresCluster } from '../../../../test/support/postgres-cluster';
import { sharedStateConformance } from '../conformance/shared-state-conformance';
import { openPostgresSharedState } from './index';

const wrapper = new LocalKeyWrapper({ id: 'kek-test-1', key: randomBytes(32) });

/** Every row of every shared-state table, values raw (bytea as bytes), for the check that no raw key is stored. */
async function dumpTables(url: string): Promise<Buffer> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'wz\\_%'")).rows.map((r) => r.tablename);
    const parts: Buffer[] = [];
    for (const table of tables) for (const row of (await client.query(`SELECT * FROM ${table}`)).rows) for (const value of Object.values(row)) parts.push(Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value) ?? ''));
    return Buffer.concat(parts);
  } finally {
    await client.end();
  }
}

const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('PostgreSQL shared state', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 120_000); // initdb, then a start that may take pg_ctl's 30 s, on a loaded machine
  afterAll(async () => {
    await cluster?.stop();
  });

  describe('conformance, two instances on one database', () => {
    sharedStateConformance(async () => {
      const url = await cluster.createDatabase();
      return { openInstance: () => openPostgresSharedState(url, wrapper), dump: () => dumpTables(url) };
    });
  });

  describe('the PostgreSQL side', () => {
    let url: string;
    let state: SharedState;
    beforeAll(async () => {
      url = await cluster.createDatabase();
      state = await openPostgresSharedState(url, wrapper);
    });
    afterAll(async () => {
      await state?.close();
    });

    it('stores a client key wrapped, with the id of the key-encryption key; another key-encryption key cannot read it', async () => {
      const key = (await state.keys.keyFor('client-kek', true))!;
      const client = new Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ wrapped_key: Buffer; key_id: string }>("SELECT wrapped_key, key_id FROM wz_client_keys WHERE client_id = 'client-kek'").finally(() => client.end());
      expect(rows).toHaveLength(1);
      expect(rows[0].key_id).toBe('kek-test-1');
      expect(rows[0].wrapped_key.includes(key)).toBe(false);
      expect((await wrapper.unwrap('client-kek', rows[0].wrapped_key, 'kek-test-1')).equals(key)).toBe(true);
      const other = await openPostgresSharedState(url, new LocalKeyWrapper({ id: 'kek-test-1', key: randomBytes(32) }));
      await expect(other.keys.keyFor('client-kek', false)).rejects.toThrow();
      await other.close();
    });

    it('answers ping while the database is there', async () => {
      await expect(state.ping()).resolves.toBeUndefined();
    });

    it('refuses to open an unreachable database, naming POSTGRES_URL without the password', async () => {
      const port = await closedPort();
      const opening = openPostgresSharedState(`postgres://wijkzorg:hunter2-secret@127.0.0.1:${port}/wijkzorg`, wrapper);
      await expect(opening).rejects.toThrow(`POSTGRES_URL postgres://wijkzorg:***@127.0.0.1:${port}/wijkzorg: shared state unusable`);
      await expect(opening).rejects.not.toThrow('hunter2-secret');
    });

    it('fails ping, naming POSTGRES_URL, once the database is gone', async () => {
      const doomedUrl = await cluster.createDatabase();
      const doomed = await openPostgresSharedState(doomedUrl, wrapper);
      const admin = new Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query(`DROP DATABASE ${new URL(doomedUrl).pathname.slice(1)} WITH (FORCE)`).finally(() => admin.end());
      await expect(doomed.ping()).rejects.toThrow(/^POSTGRES_URL postgres:\/\/wijkzorg@127\.0\.0\.1:\d+\/\w+: shared state unreachable/);
      await doomed.close();
    });
  });
});
