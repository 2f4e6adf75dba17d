import { detectContainerRuntime } from './container-runtime';

export default async function globalSetup(): Promise<void> {
  process.env.WIJKZORG_CONTAINER_RUNTIME = await detectContainerRuntime();
  // eslint-disable-next-line no-console
  console.log(`\ncontainer runtime for testcontainers suites: ${process.env.WIJKZORG_CONTAINER_RUNTIME}`);
}
