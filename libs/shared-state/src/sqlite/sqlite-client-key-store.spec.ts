import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LocalKeyWrapper, PersonalDataCipher, loadKeyWrapper } from '@wijkzorg/application';
import { SqliteClientKeyStore } from './sqlite-client-key-store';

const wrapperOf = (id: string) => new LocalKeyWrapper({ id, key: randomBytes(32) });
const filesOf = (dir: string) => readdirSync(dir).map((f) => readFileSync(join(dir, f)));

describe('SqliteClientKeyStore: wrapped keys, shared by every process on the file', () => {
  it('stores only wrapped keys, under the id of the key-encryption key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-keys-'));
    const store = await SqliteClientKeyStore.inDataDir(dir, wrapperOf('kek-1'));
    const key = (await store.keyFor('c-1', true))!;
    expect(key).toHaveLength(32);
    expect(await store.keyFor('c-1', false)).toEqual(key);
    const rows = new Database(join(dir, 'keys.db'), { readonly: true }).prepare('SELECT key, key_id FROM client_keys').all() as { key: Buffer; key_id: string }[];
    expect(rows.map((r) => r.key_id)).toEqual(['kek-1']);
    expect(rows[0].key.equals(key)).toBe(false);
    for (const file of filesOf(dir)) expect(file.includes(key)).toBe(false);
    await store.close();
  });

  it('needs the key-encryption key: another one cannot unwrap, an earlier one kept beside the new one can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-keys-'));
    const old = { id: 'kek-old', key: randomBytes(32) };
    const first = await SqliteClientKeyStore.inDataDir(dir, new LocalKeyWrapper(old));
    const key = await first.keyFor('c-1', true);
    await first.close();
    const stranger = await SqliteClientKeyStore.inDataDir(dir, wrapperOf('kek-old'));
    await expect(stranger.keyFor('c-1', false)).rejects.toThrow();
    await stranger.close();
    const rotated = await SqliteClientKeyStore.inDataDir(dir, new LocalKeyWrapper({ id: 'kek-new', key: randomBytes(32) }, [old]));
    expect(await rotated.keyFor('c-1', false)).toEqual(key);
    await rotated.close();
  });

  it('rewraps the raw keys of a keys.db written before keys were wrapped, and reads them as before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-keys-'));
    const raw = randomBytes(32);
    const old = new Database(join(dir, 'keys.db'));
    old.exec(`CREATE TABLE client_keys (client_id TEXT PRIMARY KEY, key BLOB NOT NULL);
      CREATE TABLE erased_clients (client_id TEXT PRIMARY KEY, erased_at TEXT NOT NULL);
      CREATE TABLE access_refs (client_id TEXT PRIMARY KEY, ref TEXT NOT NULL UNIQUE);
      INSERT INTO access_refs VALUES ('c-old', 'ar-old');`);
    old.prepare('INSERT INTO client_keys VALUES (?, ?)').run('c-old', raw);
    old.close();
    // Data sealed with the raw key before the upgrade.
    const sealedBefore = await new PersonalDataCipher({ keyFor: async () => raw } as never).seal('client-c-old', 'IntakeRegistered', { clientId: 'c-old', personal: { name: 'Els' } });

    const store = await SqliteClientKeyStore.inDataDir(dir, wrapperOf('kek-1'));
    const rows = new Database(join(dir, 'keys.db'), { readonly: true }).prepare('SELECT key, key_id FROM client_keys').all() as { key: Buffer; key_id: string }[];
    expect(rows.map((r) => r.key_id)).toEqual(['kek-1']);
    for (const file of filesOf(dir)) expect(file.includes(raw)).toBe(false);
    expect(await store.keyFor('c-old', false)).toEqual(raw);
    expect(await new PersonalDataCipher(store).reveal('client-c-old', sealedBefore)).toEqual({ clientId: 'c-old', personal: { name: 'Els' } });
    expect(await store.clientOfAccessRef('ar-old')).toBe('c-old');
    await store.close();
  });

  it('an erasure through one process holds at once for another on the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-keys-'));
    const wrapper = wrapperOf('kek-1');
    const one = await SqliteClientKeyStore.inDataDir(dir, wrapper);
    const other = await SqliteClientKeyStore.inDataDir(dir, wrapper);
    const key = await one.keyFor('c-1', true);
    const ref = await one.accessRef('c-1', true);
    expect(await other.keyFor('c-1', true)).toEqual(key);
    expect(await other.accessRef('c-1', true)).toBe(ref);
    await one.erase('c-1');
    expect(await other.keyFor('c-1', false)).toBeNull();
    expect(await other.keyFor('c-1', true)).toBeNull();
    expect([await other.isErased('c-1'), await other.accessRef('c-1', true), await other.clientOfAccessRef(ref!)]).toEqual([true, null, null]);
    await one.close();
    await other.close();
  });

  it('without a configured key-encryption key, one is generated once into the data dir, readable by the owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-keys-'));
    const file = join(dir, 'key-encryption-key');
    const first = loadKeyWrapper({}, file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadKeyWrapper({}, file).keyId).toBe(first.keyId);
    const configured = randomBytes(32).toString('base64');
    expect(loadKeyWrapper({ WIJKZORG_KEY_ENCRYPTION_KEY: configured, WIJKZORG_KEY_ENCRYPTION_KEY_ID: 'k2' }, join(dir, 'unused')).keyId).toBe('k2');
  });
});
