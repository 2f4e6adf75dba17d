import { existsSync } from 'node:fs';

/**
 * Is there a container runtime for testcontainers? Answers 'available' or 'none: <reason>'.
 * Decided once in jest's global setup and handed to the workers through the environment.
 */
export async function detectContainerRuntime(): Promise<string> {
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock') && !existsSync(`${process.env.HOME}/.docker/run/docker.sock`)) {
    return 'none: no Docker engine (DOCKER_HOST unset and no /var/run/docker.sock)';
  }
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([getContainerRuntimeClient(), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 15 s')), 15_000))]);
    return 'available';
  } catch (error) {
    return `none: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** The suites that need a server, and the variable that points at one instead of a container. */
export const SERVER_SUITES = [
  { name: 'KurrentEventStore conformance', urlVariable: 'ESDB_URL' },
  { name: 'MongoReadModelStore conformance', urlVariable: 'MONGO_URL' },
  { name: 'MongoDB shared state conformance', urlVariable: 'MONGO_URL' },
];

export const skipReason = (name: string, urlVariable: string, runtime: string) => `${name}: skipped, ${urlVariable} is not set and container runtime is ${runtime}`;

export const containerRuntime = () => process.env.WIJKZORG_CONTAINER_RUNTIME ?? 'none: global setup did not run';

/**
 * describe() that runs where the server is reachable (an env URL or a container runtime)
 * and otherwise skips, printing why.
 */
export function describeWithServer(name: string, urlVariable: string, body: () => void): void {
  const runtime = containerRuntime();
  if (process.env[urlVariable] || runtime === 'available') {
    describe(name, body);
    return;
  }
  const reason = skipReason(name, urlVariable, runtime);
  console.log(reason);
  describe.skip(`${name} (${reason})`, body);
}
