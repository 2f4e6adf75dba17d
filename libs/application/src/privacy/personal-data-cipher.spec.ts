import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { ClientKeyStore } from './client-key-store';
import { ERASED, PersonalDataCipher, isSealed } from './personal-data-cipher';

/** The real key store, counting how often a client's key is looked up. */
async function countedKeys() {
  const keys = await SqliteClientKeyStore.inDataDir(mkdtempSync(join(tmpdir(), 'wijkzorg-cipher-')));
  const counted = { lookups: 0 };
  const store: ClientKeyStore = Object.assign(Object.create(keys) as ClientKeyStore, {
    keyFor: (clientId: string, create: boolean) => {
      if (!create) counted.lookups++;
      return keys.keyFor(clientId, create);
    },
  });
  return { keys, counted, cipher: new PersonalDataCipher(store) };
}

const stream = 'client-c-1';
const scaled = { clientId: 'c-1', reason: 'gesprek met Anna de Vries', decidedBy: 'Els (wijkteam)', toIntensity: 'geen', setting: 'eigen_woning_in_cirkel' };

describe('PersonalDataCipher: revealing sealed fields', () => {
  it('opens sealed values wherever they lie, shares what holds none, and leaves the stored data as it was', async () => {
    const { keys, cipher } = await countedKeys();
    const sealed = (await cipher.seal(stream, 'CareScaledUp', scaled)) as Record<string, unknown>;
    expect(isSealed(sealed.reason) && isSealed(sealed.decidedBy)).toBe(true);
    const nested = { plain: { codes: ['a', 'b'] }, list: [sealed.reason, 'open', { who: sealed.decidedBy }], top: sealed.decidedBy };
    const stored = JSON.stringify(nested);
    const [revealed] = (await cipher.revealAll(stream, [{ data: nested }])) as (typeof nested)[];
    expect(revealed).toEqual({ plain: { codes: ['a', 'b'] }, list: [scaled.reason, 'open', { who: scaled.decidedBy }], top: scaled.decidedBy });
    expect(revealed.plain).toBe(nested.plain);
    expect(JSON.stringify(nested)).toBe(stored);
    const [untouched] = await cipher.revealAll(stream, [{ data: nested.plain }]);
    expect(untouched).toBe(nested.plain);
    await keys.close();
  });

  it('looks the key up once for all events of a call, not for events without sealed or personal fields, and once for a load that shares its lookup', async () => {
    const { keys, counted, cipher } = await countedKeys();
    const sealed = await cipher.seal(stream, 'CareScaledUp', scaled);
    counted.lookups = 0;
    expect(await cipher.revealAll(stream, [{ data: { clientId: 'c-1' }, type: 'NoSuchEvent' }])).toEqual([{ clientId: 'c-1' }]);
    expect(counted.lookups).toBe(0);
    expect(await cipher.revealAll(stream, [{ data: sealed }, { data: sealed }, { data: sealed }])).toEqual([scaled, scaled, scaled]);
    expect(counted.lookups).toBe(1);
    const keyOfLoad = cipher.keyOfLoad('c-1');
    await keyOfLoad();
    await cipher.revealAll(stream, [{ data: sealed }], keyOfLoad);
    expect(counted.lookups).toBe(2);
    await keys.close();
  });

  it('after erasure, a new load reads sealed and plain personal fields as erased; the lookup of a load is never reused by the next', async () => {
    const { keys, cipher } = await countedKeys();
    const sealed = await cipher.seal(stream, 'CareScaledUp', scaled);
    const before = cipher.keyOfLoad('c-1');
    expect(await cipher.revealAll(stream, [{ data: sealed }], before)).toEqual([scaled]);
    await keys.erase('c-1');
    const [afterErasure] = (await cipher.revealAll(stream, [{ data: sealed }])) as Record<string, unknown>[];
    expect(afterErasure).toEqual({ ...scaled, reason: ERASED, decidedBy: ERASED });
    const [plainAfterErasure] = (await cipher.revealAll(stream, [{ data: scaled, type: 'CareScaledUp' }], cipher.keyOfLoad('c-1'))) as Record<string, unknown>[];
    expect(plainAfterErasure).toEqual({ ...scaled, reason: ERASED, decidedBy: ERASED });
    await keys.close();
  });
});
