import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ALL_PROJECTIONS } from '@wijkzorg/read-models';
import { rebuildGroups } from '../../apps/cli/src/projections/rebuild-groups';

// The built CLI as a process (npm run build first): its worker threads run the compiled rebuild-worker.js.
const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');

/** The table each projection's live read model is in (a rebuild switches in a new generation). */
function liveGenerationsOf(dataDir: string): Map<string, string> {
  const db = new Database(join(dataDir, 'wijkzorg.db'), { readonly: true });
  try {
    // A projection never rebuilt keeps its documents under its own name; a rebuilt one under the generation rm_live names.
    const live = new Map((db.prepare("SELECT projection FROM rm_checkpoints WHERE projection NOT LIKE '%\\_\\_%' ESCAPE '\\'").pluck().all() as string[]).map((name) => [name, name]));
    for (const r of db.prepare('SELECT projection, generation FROM rm_live').all() as { projection: string; generation: string }[]) live.set(r.projection, r.generation);
    return live;
  } finally {
    db.close();
  }
}

/** What a data directory's read models hold, per projection: its documents (hashed in key order), checkpoint and indexes. */
function readModelsOf(dataDir: string): Record<string, string> {
  const db = new Database(join(dataDir, 'wijkzorg.db'), { readonly: true });
  try {
    const live = liveGenerationsOf(dataDir);
    const held: Record<string, string> = {};
    for (const [projection, generation] of live) {
      const table = `rm_docs_${generation}`;
      const hash = createHash('sha256');
      let count = 0;
      for (const row of db.prepare(`SELECT collection, id, doc FROM "${table}" ORDER BY collection, id`).iterate() as Iterable<{ collection: string; id: string; doc: string }>) {
        hash.update(`${row.collection}\0${row.id}\0${row.doc}\n`);
        count++;
      }
      const checkpoint = db.prepare('SELECT position, version FROM rm_checkpoints WHERE projection = ?').get(generation) as { position: number; version: number };
      const indexes = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = ?").get(table) as { n: number }).n;
      held[projection] = `${count} documents ${hash.digest('hex')} at ${checkpoint.position} v${checkpoint.version}, ${indexes} indexes`;
    }
    return held;
  } finally {
    db.close();
  }
}

describe('projections rebuild --threads', () => {
  let seeded: string;
  const dirs: string[] = [];
  const copyOfSeeded = () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-rebuild-threads-'));
    cpSync(seeded, dir, { recursive: true });
    dirs.push(dir);
    return dir;
  };
  const cli = (dataDir: string, args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, WIJKZORG_DATA_DIR: dataDir }, encoding: 'utf8' });
  const summaryOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as { rebuilt: string[]; events: number; threads?: string[][] };

  beforeAll(() => {
    seeded = mkdtempSync(join(tmpdir(), 'wijkzorg-rebuild-seeded-'));
    dirs.push(seeded);
    const seed = cli(seeded, ['seed', '--clients', '120', '--seed', '7', '--from', '2025-03-01T00:00:00Z', '--until', '2026-10-01T00:00:00Z']);
    expect(seed.status).toBe(0);
    // Read models as a live catch-up leaves them: the rebuilds below replace them.
    expect(cli(seeded, ['projections', 'catch-up']).status).toBe(0);
  }, 120_000);
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('rebuilds every projection in groups of worker threads into exactly the read models one thread builds', () => {
    const one = copyOfSeeded();
    const two = copyOfSeeded();
    const three = copyOfSeeded();
    const single = cli(one, ['projections', 'rebuild']);
    expect(single.status).toBe(0);
    expect(summaryOf(single.stdout).threads).toBeUndefined();
    const expected = readModelsOf(one);
    expect(Object.keys(expected)).toHaveLength(summaryOf(single.stdout).rebuilt.length);
    // The live catch-up and the rebuild agree too: the comparison sees what it should.
    expect(readModelsOf(seeded)).toEqual(expected);

    for (const [dir, threads] of [
      [two, 2],
      [three, 3],
    ] as const) {
      const before = liveGenerationsOf(dir);
      const rebuilt = cli(dir, ['projections', 'rebuild', '--threads', String(threads)]);
      expect(rebuilt.stderr).toBe('');
      expect(rebuilt.status).toBe(0);
      const summary = summaryOf(rebuilt.stdout);
      // Each projection in exactly one group, every group non-empty, the whole log read.
      expect(summary.threads).toHaveLength(threads);
      expect(summary.threads!.flat().sort()).toEqual([...summary.rebuilt].sort());
      expect(summary.events).toBe(summaryOf(single.stdout).events);
      expect(readModelsOf(dir)).toEqual(expected);
      // Every projection, whichever thread had it, is read from a generation this rebuild switched in.
      const after = liveGenerationsOf(dir);
      for (const projection of summary.rebuilt) expect([projection, after.get(projection)]).not.toEqual([projection, before.get(projection)]);
      expect(after.size).toBe(summary.rebuilt.length);
    }
  }, 180_000);

  it('a group that fails in its worker thread keeps its live read models; the other groups are switched in; the failure is named (exit 1)', () => {
    const dir = copyOfSeeded();
    // The first group is the main thread's, the second a worker thread's.
    const [own, inWorker] = rebuildGroups(
      ALL_PROJECTIONS.map((p) => p.name),
      2,
    );
    const failing = inWorker[0];
    const before = readModelsOf(dir);
    const liveBefore = liveGenerationsOf(dir);
    // A real failure in the real store: the database refuses to move a new generation of `failing` past position 0
    // (its first checkpoint row is inserted; every later one is an update).
    const db = new Database(join(dir, 'wijkzorg.db'));
    db.exec(`CREATE TRIGGER refuse_rebuild BEFORE UPDATE ON rm_checkpoints WHEN NEW.projection GLOB '${failing}__v*' AND NEW.position > 0 BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    db.close();

    const rebuilt = cli(dir, ['projections', 'rebuild', '--threads', '2']);
    expect(rebuilt.status).toBe(1);
    const lines = rebuilt.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    // Exactly the worker's group is named, with the store's refusal.
    expect(lines[0].match(/the rebuild of (.+?) failed: /)?.[1].split(', ')).toEqual(inWorker);
    expect(lines[0]).toContain('refused by the test');
    expect(lines[0]).toMatch(/the other projections were switched in$/);

    const liveAfter = liveGenerationsOf(dir);
    for (const projection of [...own, ...inWorker]) expect([projection, liveBefore.has(projection)]).toEqual([projection, true]);
    for (const projection of own) expect([projection, liveAfter.get(projection)]).not.toEqual([projection, liveBefore.get(projection)]);
    for (const projection of inWorker) expect([projection, liveAfter.get(projection)]).toEqual([projection, liveBefore.get(projection)]);
    // The failed group's live models untouched, the switched-in ones rebuilt to what the catch-up had built.
    expect(readModelsOf(dir)).toEqual(before);

    // Once the store accepts the writes again, a rebuild replaces what the failed one left half-built.
    const fixed = new Database(join(dir, 'wijkzorg.db'));
    fixed.exec('DROP TRIGGER refuse_rebuild');
    fixed.close();
    const again = cli(dir, ['projections', 'rebuild', '--threads', '2']);
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(readModelsOf(dir)).toEqual(before);
    // Of each projection of the failed group, only the generation switched in now is left.
    const tables = new Database(join(dir, 'wijkzorg.db'), { readonly: true });
    const live = liveGenerationsOf(dir);
    for (const projection of inWorker) {
      const generations = tables.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ?").pluck().all(`rm_docs_${projection}__v*`);
      expect([projection, generations]).toEqual([projection, [`rm_docs_${live.get(projection)}`]]);
    }
    tables.close();
  }, 180_000);

  it('a rebuild thread and the CLI on the embedded stores load no driver of another store (KurrentDB, MongoDB, PostgreSQL)', () => {
    // What a worker thread runs, in a process of its own and through a whole rebuild of two projections: the drivers
    // are loaded when a store of theirs is first made.
    const dir = copyOfSeeded();
    const dist = join(__dirname, '../../dist');
    const probe = [
      `const { runRebuildJob } = require(${JSON.stringify(join(dist, 'apps/cli/src/projections/rebuild-thread.js'))});`,
      `const { eventStoreConfigFromEnv } = require(${JSON.stringify(join(dist, 'libs/event-store/src/index.js'))});`,
      `const env = { WIJKZORG_DATA_DIR: ${JSON.stringify(dir)} };`,
      `const progress = [];`,
      `runRebuildJob({ eventStore: eventStoreConfigFromEnv(env), readModels: env, names: ['caseload', 'wachtlijst'], batchSize: 50000, threads: 2 }, (m) => progress.push(m))`,
      `  .then(() => console.log(JSON.stringify({ progress, files: Object.keys(require.cache) })));`,
    ].join('\n');
    const loaded = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(loaded.stderr).toBe('');
    expect(loaded.status).toBe(0);
    const { progress, files } = JSON.parse(loaded.stdout) as { progress: { kind: string; progress?: { projection: string } }[]; files: string[] };
    expect(new Set(progress.map((m) => m.kind === 'progress' && m.progress!.projection.split('__')[0]))).toEqual(new Set(['caseload', 'wachtlijst']));
    expect(liveGenerationsOf(dir).get('wachtlijst')).toMatch(/^wachtlijst__/);
    const drivers = (loadedFiles: string[]) => loadedFiles.filter((f) => /node_modules\/(@kurrent|@grpc|mongodb|bson|pg|pg-[^/]+)\//.test(f));
    expect(drivers(files)).toStrictEqual([]);
    // Nor does the CLI itself (the main thread of a rebuild), with its shared state.
    const cli = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(CLI)}); console.log(JSON.stringify(Object.keys(require.cache)))`], { encoding: 'utf8' });
    expect(cli.status).toBe(0);
    const cliFiles = JSON.parse(cli.stdout) as string[];
    expect(cliFiles.some((f) => f.includes('/libs/shared-state/src/postgres/index.js'))).toBe(true);
    expect(drivers(cliFiles)).toStrictEqual([]);
  });

  it('one projection is one group whatever the threads; a thread count out of range is refused naming the option', () => {
    const dir = copyOfSeeded();
    const before = readModelsOf(dir);
    const one = cli(dir, ['projections', 'rebuild', 'wachtlijst', '--threads', '2']);
    expect(one.status).toBe(0);
    expect(summaryOf(one.stdout)).toMatchObject({ rebuilt: ['wachtlijst'] });
    expect(summaryOf(one.stdout).threads).toBeUndefined();
    expect(readModelsOf(dir)).toEqual(before);

    for (const wrong of ['0', '17', 'two']) {
      const refused = cli(dir, ['projections', 'rebuild', '--threads', wrong]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/--threads/);
    }
  }, 120_000);
});
