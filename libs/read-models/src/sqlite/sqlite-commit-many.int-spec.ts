import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FencedOutError } from '@wijkzorg/application';
import { CheckpointMovedError } from '../read-model-store.port';
import { SqliteReadModelStore } from './sqlite-read-model-store';

describe('SqliteReadModelStore.commitMany (several projections in one transaction)', () => {
  let dir: string;
  let store: SqliteReadModelStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wijkzorg-commit-many-'));
    store = new SqliteReadModelStore(join(dir, 'rm.db'));
    for (const p of ['a', 'b', 'c']) await store.reset(p, 1);
    await store.commit('b', [], { position: 5, version: 1, after: 0, fence: 7 });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the batches the store accepts and answers each refusal in its place, writing nothing of that batch', async () => {
    const outcomes = await store.commitMany([
      { projection: 'a', changes: [{ collection: 'doc', id: '1', doc: { n: 1 } }], checkpoint: { position: 10, version: 1, after: 0 } },
      { projection: 'b', changes: [{ collection: 'doc', id: '1', doc: { n: 2 } }], checkpoint: { position: 10, version: 1, after: 5, fence: 6 } },
      { projection: 'c', changes: [{ collection: 'doc', id: '1', doc: { n: 3 } }], checkpoint: { position: 10, version: 1, after: 3 } },
    ]);
    expect(outcomes[0]).toBeUndefined();
    expect(outcomes[1]).toBeInstanceOf(FencedOutError);
    expect(outcomes[2]).toBeInstanceOf(CheckpointMovedError);
    expect(await store.get('a', 'doc', '1')).toMatchObject({ n: 1 });
    expect(await store.checkpoint('a')).toMatchObject({ position: 10 });
    expect(await store.get('b', 'doc', '1')).toBeNull();
    expect(await store.checkpoint('b')).toMatchObject({ position: 5 });
    expect(await store.get('c', 'doc', '1')).toBeNull();
    expect(await store.checkpoint('c')).toMatchObject({ position: 0 });
  });

  it('writes nothing at all when a batch fails for another reason than a refusal', async () => {
    const unserialisable: Record<string, unknown> = {};
    unserialisable.self = unserialisable;
    await expect(
      store.commitMany([
        { projection: 'a', changes: [{ collection: 'doc', id: '1', doc: { n: 1 } }], checkpoint: { position: 10, version: 1, after: 0 } },
        { projection: 'c', changes: [{ collection: 'doc', id: '1', doc: unserialisable }], checkpoint: { position: 10, version: 1, after: 0 } },
      ]),
    ).rejects.toThrow(/circular/i);
    expect(await store.get('a', 'doc', '1')).toBeNull();
    expect(await store.checkpoint('a')).toMatchObject({ position: 0 });
  });
});
