import { describeWithServer } from '../../../../test/support/container-runtime';
import { eventStoreConformance } from '../conformance/event-store-conformance';
import { KurrentEventStore } from './kurrent-event-store';

/** Runs against ESDB_URL when set, otherwise against a throw-away KurrentDB container (insecure, in memory). */
describeWithServer('KurrentEventStore conformance', 'ESDB_URL', () => {
  let stopContainer: (() => Promise<unknown>) | undefined;
  afterAll(async () => {
    await stopContainer?.();
  });

  eventStoreConformance(async () => {
    let url = process.env.ESDB_URL;
    if (!url) {
      const { GenericContainer, Wait } = await import('testcontainers');
      const container = await new GenericContainer('docker.kurrent.io/kurrent-latest/kurrentdb:latest')
        .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_MEM_DB: 'true', KURRENTDB_RUN_PROJECTIONS: 'None' })
        .withExposedPorts(2113)
        .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
        .start();
      stopContainer = () => container.stop();
      url = `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
    }
    return new KurrentEventStore(url);
  });
});
