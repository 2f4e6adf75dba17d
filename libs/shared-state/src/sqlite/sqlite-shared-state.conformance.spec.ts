import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKeyWrapper } from '@wijkzorg/application';
import { dataDirFixture, sharedStateConformance } from '../conformance/shared-state-conformance';
import { SqliteSharedState } from './sqlite-shared-state';

// Two SqliteSharedState instances on one data directory stand for two processes on one machine.
describe('SqliteSharedState conformance, two instances on one data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-shared-state-'));
  const wrapper = new LocalKeyWrapper({ id: 'kek-test-1', key: randomBytes(32) });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  sharedStateConformance(dataDirFixture(dir, (d) => SqliteSharedState.inDataDir(d, wrapper)));
});
