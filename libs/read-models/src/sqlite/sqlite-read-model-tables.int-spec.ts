import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadModelStore, documentTableOf } from './sqlite-read-model-store';

const tempPath = () => join(mkdtempSync(join(tmpdir(), 'wijkzorg-rm-tables-')), 'wijkzorg.db');
const tablesIn = (db: Database.Database) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'rm_docs_*' ORDER BY name").pluck().all();
const indexesOn = (db: Database.Database, table: string) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name").pluck().all(table);

describe('SqliteReadModelStore: one table per scope', () => {
  it('keeps each projection in a table of its own, with only its own partial indexes, and a rebuild drops the retired table', async () => {
    const store = new SqliteReadModelStore(tempPath());
    await store.ensureIndexes('caseload', 'wijk', ['gemeenteCode']);
    await store.ensureIndexes('budget', 'month', ['month', 'wijkCode']);
    await store.commit('caseload', [{ collection: 'wijk', id: 'WK047901', doc: { gemeenteCode: 'GM0479' } }], { position: 1, version: 1 });
    await store.commit('budget', [{ collection: 'month', id: '2026-01', doc: { month: '2026-01', wijkCode: 'WK047901' } }], { position: 1, version: 1 });
    expect(tablesIn(store.db)).toEqual(['rm_docs_budget', 'rm_docs_caseload']);
    expect(indexesOn(store.db, 'rm_docs_caseload')).toEqual(['rmi_caseload_wijk_gemeenteCode']);
    expect(indexesOn(store.db, 'rm_docs_budget')).toEqual(['rmi_budget_month_month', 'rmi_budget_month_wijkCode']);
    // The query planner uses the projection's own partial index.
    const plan = store.db.prepare(`EXPLAIN QUERY PLAN SELECT doc FROM ${documentTableOf('caseload')} WHERE collection = 'wijk' AND json_extract(doc, '$.gemeenteCode') = ?`).all('GM0479') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('rmi_caseload_wijk_gemeenteCode');

    const generation = await store.beginRebuild('caseload', 2);
    await store.ensureIndexes(generation, 'wijk', ['gemeenteCode']);
    await store.commit(generation, [{ collection: 'wijk', id: 'WK047902', doc: { gemeenteCode: 'GM0479' } }], { position: 1, version: 2, after: 0 });
    await store.switchOver('caseload', generation);
    expect(tablesIn(store.db)).toEqual(['rm_docs_budget', `rm_docs_${generation}`]);
    expect((await store.find('caseload', 'wijk', { where: { gemeenteCode: 'GM0479' } })).items).toEqual([{ gemeenteCode: 'GM0479' }]);
    expect(await store.get('caseload', 'wijk', 'WK047901')).toBeNull();
    // A scope nothing was committed to yet reads as empty.
    expect(await store.get('network', 'wijk', 'WK047901')).toBeNull();
    expect(await store.find('network', 'wijk')).toStrictEqual({ items: [], total: 0 });
    await store.close();
  });

  it('moves the documents and partial indexes of a file written with the one shared table into tables per scope, once', async () => {
    const path = tempPath();
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.exec(`CREATE TABLE rm_documents (projection TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, UNIQUE (projection, collection, id));
      CREATE TABLE rm_checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE rm_live (projection TEXT PRIMARY KEY, generation TEXT NOT NULL);
      CREATE INDEX rm_caseload_wijk_gemeenteCode ON rm_documents (json_extract(doc, '$.gemeenteCode')) WHERE projection = 'caseload' AND collection = 'wijk';
      CREATE INDEX rm_network_wijk_gemeenteCode ON rm_documents (json_extract(doc, '$.gemeenteCode')) WHERE projection = 'network' AND collection = 'wijk';
      CREATE INDEX rm_budget__v3_gabc12_month_wijkCode ON rm_documents (json_extract(doc, '$.wijkCode')) WHERE projection = 'budget__v3_gabc12' AND collection = 'month';`);
    const put = old.prepare('INSERT INTO rm_documents (projection, collection, id, doc) VALUES (?, ?, ?, ?)');
    put.run('caseload', 'wijk', 'WK047901', JSON.stringify({ gemeenteCode: 'GM0479', clients: 3 }));
    put.run('caseload', 'wijk', 'WK040501', JSON.stringify({ gemeenteCode: 'GM0405', clients: 1 }));
    put.run('budget__v3_gabc12', 'month', '2026-01', JSON.stringify({ wijkCode: 'WK047901', cents: 1200 }));
    // A former version ran on the file again after an earlier move: its later row wins over the moved one.
    old.exec(`CREATE TABLE "rm_docs_caseload" (collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, UNIQUE (collection, id))`);
    old.prepare(`INSERT INTO "rm_docs_caseload" VALUES ('wijk', 'WK047901', ?)`).run(JSON.stringify({ gemeenteCode: 'GM0479', clients: 2 }));
    // A scope name of a projection renamed long ago is left behind instead of stopping the start.
    put.run('budget-pots', 'pot', 'p1', JSON.stringify({ cents: 1 }));
    old.prepare('INSERT INTO rm_checkpoints VALUES (?, ?, ?, ?)').run('caseload', 7, 1, '2026-01-01T00:00:00Z');
    old.prepare('INSERT INTO rm_checkpoints VALUES (?, ?, ?, ?)').run('budget__v3_gabc12', 7, 3, '2026-01-01T00:00:00Z');
    old.prepare('INSERT INTO rm_live VALUES (?, ?)').run('budget', 'budget__v3_gabc12');
    old.close();

    const store = new SqliteReadModelStore(path);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'rm_documents'").get()).toBeUndefined();
    expect(tablesIn(store.db)).toEqual(['rm_docs_budget__v3_gabc12', 'rm_docs_caseload', 'rm_docs_network']);
    expect(indexesOn(store.db, 'rm_docs_caseload')).toEqual(['rmi_caseload_wijk_gemeenteCode']);
    // A projection with indexes and no documents yet keeps its indexes.
    expect(indexesOn(store.db, 'rm_docs_network')).toEqual(['rmi_network_wijk_gemeenteCode']);
    expect(indexesOn(store.db, 'rm_docs_budget__v3_gabc12')).toEqual(['rmi_budget__v3_gabc12_month_wijkCode']);
    expect(await store.get('budget', 'month', '2026-01')).toEqual({ wijkCode: 'WK047901', cents: 1200 });
    expect(await store.find('caseload', 'wijk', { where: { gemeenteCode: 'GM0479' } })).toEqual({ items: [{ gemeenteCode: 'GM0479', clients: 3 }], total: 1 });
    expect(await store.checkpoint('caseload')).toMatchObject({ position: 7, version: 1 });
    // A second connection (another process starting at the same time) finds nothing left to move.
    const second = new SqliteReadModelStore(path);
    expect(await second.get('caseload', 'wijk', 'WK040501')).toEqual({ gemeenteCode: 'GM0405', clients: 1 });
    await second.close();
    await store.close();
  });

  it('optimize passes over a table another connection dropped after it was listed (a switch-over in another thread)', async () => {
    const path = tempPath();
    const store = new SqliteReadModelStore(path);
    const other = new SqliteReadModelStore(path);
    await store.commit('caseload', [{ collection: 'wijk', id: 'WK047901', doc: { gemeenteCode: 'GM0479' } }], { position: 1, version: 1 });
    await store.ensureIndexes('caseload', 'wijk', ['gemeenteCode']);
    await store.commit('budget', [{ collection: 'month', id: '2026-01', doc: { month: '2026-01' } }], { position: 1, version: 1 });
    // The listing as it was a moment before the other connection's switch-over dropped the retired caseload table.
    const generation = await other.beginRebuild('caseload', 2);
    await other.commit(generation, [{ collection: 'wijk', id: 'WK047902', doc: { gemeenteCode: 'GM0479' } }], { position: 1, version: 2, after: 0 });
    const listedBefore = tablesIn(store.db);
    await other.switchOver('caseload', generation);
    expect(tablesIn(store.db)).not.toContain('rm_docs_caseload');
    const prepare = store.db.prepare.bind(store.db);
    jest.spyOn(store.db, 'prepare').mockImplementation(((sql: string) => (sql.includes("GLOB 'rm_docs_*'") ? { pluck: () => ({ all: () => listedBefore }) } : prepare(sql))) as never);
    await expect(store.optimize()).resolves.toBeUndefined();
    // The tables that are there were analysed.
    expect(store.db.prepare('SELECT DISTINCT tbl FROM sqlite_stat1 ORDER BY tbl').pluck().all()).toEqual(expect.arrayContaining(['rm_docs_budget', `rm_docs_${generation}`]));
    await store.close();
    await other.close();
  });
});
