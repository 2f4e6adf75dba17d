import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent, SqliteEventStore, eventWith } from '@wijkzorg/event-store';
import { seedDemo, SeedReport } from '../../apps/cli/src/seed/seed-demo';
import { PersonalDataCipher } from '@wijkzorg/application';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';

const SEED_OPTIONS = { from: '2025-01-01T00:00:00Z', until: '2026-11-01T00:00:00Z' };

/**
 * A data directory with a seeded demo region (real command flows), and all its raw events. Many suites ask for
 * the same demo: within one jest run (global-setup.ts names a cache folder) it is seeded once and each suite
 * gets its own copy, which it may write to.
 */
export async function seededDataDir(clients: number, seed = 7): Promise<{ dataDir: string; path: string; report: SeedReport; events: RecordedEvent[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-seeded-'));
  const cacheRoot = process.env.WIJKZORG_SEED_CACHE;
  let report: SeedReport;
  if (cacheRoot) {
    const cached = await seededOnce(cacheRoot, clients, seed);
    cpSync(join(cached, 'data'), dataDir, { recursive: true });
    report = JSON.parse(readFileSync(join(cached, 'report.json'), 'utf8')) as SeedReport;
  } else report = await seedInto(dataDir, clients, seed);
  const path = join(dataDir, 'wijkzorg.db');
  // Tests see the events as an auditor would: personal data decrypted.
  const store = new SqliteEventStore(path, { synchronous: 'NORMAL' });
  const keys = await SqliteClientKeyStore.inDataDir(dataDir);
  const cipher = new PersonalDataCipher(keys);
  const events = await Promise.all((await store.readAll()).map(async (e) => eventWith(e, { data: await cipher.reveal(e.streamId, e.data) })));
  await keys.close();
  await store.close();
  return { dataDir, path, report, events };
}

async function seedInto(dataDir: string, clients: number, seed: number): Promise<SeedReport> {
  const store = new SqliteEventStore(join(dataDir, 'wijkzorg.db'), { synchronous: 'NORMAL' });
  const keys = await SqliteClientKeyStore.inDataDir(dataDir);
  const report = await seedDemo(store, { clients, seed, ...SEED_OPTIONS, cipher: new PersonalDataCipher(keys) });
  await keys.close();
  await store.close();
  return report;
}

/** The cached demo's folder: the first asker (of any jest worker) seeds it, under a lock; the others wait for it. */
async function seededOnce(cacheRoot: string, clients: number, seed: number): Promise<string> {
  const folder = join(cacheRoot, `${clients}-${seed}`);
  const done = join(folder, 'report.json');
  const failed = join(folder, 'failed');
  try {
    mkdirSync(folder);
  } catch {
    for (const started = Date.now(); !existsSync(done);) {
      if (existsSync(failed) || Date.now() - started > 600_000) throw new Error(`the demo seeded in ${folder} did not finish`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return folder;
  }
  mkdirSync(join(folder, 'data'));
  try {
    const report = await seedInto(join(folder, 'data'), clients, seed);
    // Written last and whole (rename), so a waiter never reads half a report.
    writeFileSync(`${done}.tmp`, JSON.stringify(report));
    renameSync(`${done}.tmp`, done);
  } catch (error) {
    writeFileSync(failed, String(error));
    throw error;
  }
  return folder;
}
