import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent, SqliteEventStore, eventWith } from '@wijkzorg/event-store';
import { seedDemo, SeedReport } from '../../apps/cli/src/seed/seed-demo';
import { PersonalDataCipher, SqliteClientKeyStore } from '@wijkzorg/application';

/** A data directory with a seeded demo region (real command flows), and all its raw events. */
export async function seededDataDir(clients: number, seed = 7): Promise<{ dataDir: string; path: string; report: SeedReport; events: RecordedEvent[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-seeded-'));
  const path = join(dataDir, 'wijkzorg.db');
  const store = new SqliteEventStore(path, { synchronous: 'NORMAL' });
  const keys = SqliteClientKeyStore.inDataDir(dataDir);
  const cipher = new PersonalDataCipher(keys);
  const report = await seedDemo(store, { clients, seed, from: '2025-01-01T00:00:00Z', until: '2026-11-01T00:00:00Z', cipher });
  // Tests see the events as an auditor would: personal data decrypted.
  const events = (await store.readAll()).map((e) => eventWith(e, { data: cipher.reveal(e.streamId, e.data) }));
  keys.close();
  await store.close();
  return { dataDir, path, report, events };
}
