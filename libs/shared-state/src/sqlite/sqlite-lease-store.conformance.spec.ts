import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leaseStoreConformance } from '../conformance/shared-state-conformance';
import { SqliteLeaseStore } from './sqlite-lease-store';

// The whole bundle runs the shared-state conformance in sqlite-shared-state.conformance.spec.ts.
describe('SqliteLeaseStore conformance, two stores on one file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-leases-'));
  const stores = [new SqliteLeaseStore(join(dir, 'leases.db')), new SqliteLeaseStore(join(dir, 'leases.db'))];
  afterAll(() => {
    for (const store of stores) store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  leaseStoreConformance(async () => [stores[0], stores[1]]);
});
