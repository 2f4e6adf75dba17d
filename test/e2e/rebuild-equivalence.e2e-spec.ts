import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { ALL_PROJECTIONS, ProjectionRunner, SqliteReadModelStore, documentTableOf } from '@wijkzorg/read-models';
import { seededDataDir } from '../support/seeded-data';

/** Every document of every projection's live generation, keyed `projection/collection/id`. */
function allDocuments(store: SqliteReadModelStore): Map<string, unknown> {
  const documents = new Map<string, unknown>();
  for (const p of ALL_PROJECTIONS) {
    const scope = (store.db.prepare('SELECT generation FROM rm_live WHERE projection = ?').pluck().get(p.name) as string | undefined) ?? p.name;
    const rows = store.db.prepare(`SELECT collection, id, doc FROM ${documentTableOf(scope)} ORDER BY collection, id`).all() as { collection: string; id: string; doc: string }[];
    for (const row of rows) documents.set(`${p.name}/${row.collection}/${row.id}`, JSON.parse(row.doc));
  }
  return documents;
}

/**
 * A rebuild (streamed in pages, one commit per generation and batch, a document cache far smaller than the
 * models) gives exactly the documents the live path gives when it applies the same log a small batch at a time.
 */
describe('rebuild equivalence: a full rebuild and the live path give the same read models', () => {
  let dataDir: string;
  let events: SqliteEventStore;

  beforeAll(async () => {
    const seeded = await seededDataDir(300);
    dataDir = seeded.dataDir;
    events = new SqliteEventStore(seeded.path);
  }, 300_000); // seeding, or waiting for another worker's seed of the same region

  afterAll(async () => {
    await events?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every projection, every collection, every document', async () => {
    const head = await events.headPosition();
    const live = new SqliteReadModelStore(join(dataDir, 'live-read-models.db'));
    const liveRunner = new ProjectionRunner(events, live, ALL_PROJECTIONS, { batchSize: 250 });
    await liveRunner.prepare();
    await liveRunner.catchUp();

    const rebuilt = new SqliteReadModelStore(join(dataDir, 'rebuilt-read-models.db'));
    const rebuildRunner = new ProjectionRunner(events, rebuilt, ALL_PROJECTIONS, { batchSize: 4000, pageSize: 700, cachedDocs: 150 });
    await rebuildRunner.prepare();
    await rebuildRunner.rebuildAll(ALL_PROJECTIONS.map((p) => p.name));

    for (const runner of [liveRunner, rebuildRunner]) for (const status of await runner.status()) expect(status).toMatchObject({ position: head, lag: 0 });
    const expected = allDocuments(live);
    const actual = allDocuments(rebuilt);
    // The region is large enough that every projection has documents (the seed reads no personal data, so no access
    // log) and that the rebuild's cache had to drop documents and load them again.
    expect(ALL_PROJECTIONS.filter((p) => ![...expected.keys()].some((key) => key.startsWith(`${p.name}/`))).map((p) => p.name)).toEqual(['accesslog']);
    expect(expected.size).toBeGreaterThan(150 * 10);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    const differing = [...expected].filter(([key, doc]) => !isDeepStrictEqual(actual.get(key), doc)).map(([key]) => key);
    expect(differing).toStrictEqual([]);
    await live.close();
    await rebuilt.close();
  });
});
