/**
 * A MongoDB replica set for the Mongo suites (the stores need transactions, which a standalone server does
 * not have): MONGO_URL when set, otherwise a throw-away single-node replica set in a container.
 */
export async function mongoReplicaSet(): Promise<{ url: string; stop?: () => Promise<unknown> }> {
  if (process.env.MONGO_URL) return { url: process.env.MONGO_URL };
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('mongo:7')
    .withCommand(['--replSet', 'rs0', '--bind_ip_all'])
    .withExposedPorts(27017)
    .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
    .start();
  const initiated = await container.exec(['mongosh', '--quiet', '--eval', "rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: '127.0.0.1:27017' }] })"]);
  if (initiated.exitCode !== 0) throw new Error(`rs.initiate failed: ${initiated.output}`);
  for (let attempt = 0; attempt < 60; attempt++) {
    const hello = await container.exec(['mongosh', '--quiet', '--eval', 'db.hello().isWritablePrimary']);
    if (hello.stdout.trim() === 'true') return { url: `mongodb://${container.getHost()}:${container.getMappedPort(27017)}/?directConnection=true`, stop: () => container.stop() };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await container.stop();
  throw new Error('the single-node replica set elected no primary within 30 s');
}
