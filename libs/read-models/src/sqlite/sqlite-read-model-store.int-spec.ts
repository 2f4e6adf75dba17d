import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelStoreConformance } from '../conformance/read-model-store-conformance';
import { SqliteReadModelStore } from './sqlite-read-model-store';

describe('SqliteReadModelStore conformance', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'wijkzorg-rm-')), 'read-models.db');
  readModelStoreConformance(async () => new SqliteReadModelStore(path));
});
