import { randomUUID } from 'node:crypto';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { describeWithServer } from '../../../../test/support/container-runtime';
import { eventStoreConformance } from '../conformance/event-store-conformance';
import { KurrentEventStore, kurrentConnectionString } from './kurrent-event-store';

/** Runs against ESDB_URL when set, otherwise against a throw-away KurrentDB container (insecure, in memory). */
describeWithServer('KurrentEventStore conformance', 'ESDB_URL', () => {
  let stopContainer: (() => Promise<unknown>) | undefined;
  let url: Promise<string> | undefined;
  const serverUrl = () =>
    (url ??= (async () => {
      if (process.env.ESDB_URL) return process.env.ESDB_URL;
      const { GenericContainer, Wait } = await import('testcontainers');
      const container = await new GenericContainer('docker.kurrent.io/kurrent-latest/kurrentdb:latest')
        .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_MEM_DB: 'true', KURRENTDB_RUN_PROJECTIONS: 'None' })
        .withExposedPorts(2113)
        .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
        .start();
      stopContainer = () => container.stop();
      return `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
    })());
  afterAll(async () => {
    await stopContainer?.();
  });

  eventStoreConformance(async () => new KurrentEventStore(await serverUrl()));

  describe('system records in $all', () => {
    let store: KurrentEventStore;
    let client: KurrentDBClient;
    beforeAll(async () => {
      store = new KurrentEventStore(await serverUrl());
      client = KurrentDBClient.connectionString(kurrentConnectionString(await serverUrl()));
    });
    afterAll(async () => {
      await store?.close();
      await client?.dispose();
    });
    /** Stream metadata writes: `$metadata` events in `$$<stream>`, which the adapter leaves out. */
    const systemRecords = async (n: number) => {
      const s = `noise-${randomUUID()}`;
      for (let i = 0; i < n; i++) await client.setStreamMetadata(s, { maxAge: 1000 + i });
    };
    const event = () => ({ eventId: randomUUID(), type: 'Thing', schemaVersion: 1, data: {}, occurredAt: '2026-01-01T00:00:00.000Z', metadata: { actor: { role: 'zorgprofessional' as const, id: 'zp' }, correlationId: 'c', causationId: null, commandId: null } });

    it('reads past more system records than a page holds: an empty page only at the head', async () => {
      const before = await store.headPosition();
      await systemRecords(40);
      const { lastPosition } = await store.append(`after-noise-${randomUUID()}`, [event()], -1);
      const page = await store.readAll({ afterPosition: before, maxCount: 5 });
      expect(page.map((e) => e.globalPosition)).toContain(lastPosition);
      expect(page.every((e) => !e.type.startsWith('$') && !e.streamId.startsWith('$'))).toBe(true);
    });

    it('puts the head at the newest user event, however many system records follow it', async () => {
      const { lastPosition } = await store.append(`head-${randomUUID()}`, [event()], -1);
      await systemRecords(60);
      expect(await store.headPosition()).toBe(lastPosition);
      expect(await store.readAll({ afterPosition: lastPosition, maxCount: 10 })).toStrictEqual([]);
    });
  });
});
