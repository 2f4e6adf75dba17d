import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_SUITES, detectContainerRuntime, skipReason } from './container-runtime';

export default async function globalSetup(): Promise<void> {
  // One seeded demo per (clients, seed) for the whole run (test/support/seeded-data.ts); global-teardown.ts removes it.
  process.env.WIJKZORG_SEED_CACHE = mkdtempSync(join(tmpdir(), 'wijkzorg-seed-cache-'));
  process.env.WIJKZORG_CONTAINER_RUNTIME = await detectContainerRuntime();
  const runtime = process.env.WIJKZORG_CONTAINER_RUNTIME;
  console.log(`\ncontainer runtime for testcontainers suites: ${runtime}`);
  // Printed here too: jest shows no console output of a suite whose tests were all skipped.
  for (const suite of SERVER_SUITES) if (!process.env[suite.urlVariable] && runtime !== 'available') console.log(skipReason(suite.name, suite.urlVariable, runtime!));
}
