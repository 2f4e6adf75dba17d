import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decider, NewEvent, clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { EventStore, PostgresEventStore, SqliteEventStore, openSnapshotStore } from '@wijkzorg/event-store';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { PostgresCluster, startPostgresCluster } from '../../../../test/support/postgres-cluster';
import { AggregateStore } from './aggregate-store';
import { SnapshotStore, StoredSnapshot, Snapshots } from './snapshots';
import { CareCommands, ClientCommandInput } from '../care-commands';
import { PersonalDataCipher } from '../privacy/personal-data-cipher';
import { intakeInput } from '../command-input.fixture';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 120_000); // initdb, then a start that may take pg_ctl's 30 s, on a loaded machine
afterAll(async () => {
  await cluster?.stop();
});

const adapters: [string, () => Promise<EventStore>][] = [
  ['embedded (SQLite)', async () => new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-snapshot-store-')), 'wijkzorg.db'))],
  ['PostgreSQL', async () => new PostgresEventStore(await cluster.createDatabase())],
];

const row = (revision: number, shape = 'client@1'): StoredSnapshot => ({ streamId: 'client-c-1', shape, revision, anchor: `h-${revision}`, state: `plain:v1:x:{"r":${revision}}`, commandIds: '{"count":0,"blocks":[]}' });
const admin = { actor: { role: 'admin' as const, id: 'a' } };
const zp = { actor: { role: 'zorgprofessional' as const, id: 'zp', wooncirkels: ['wc-a'] } };

describe.each(adapters)('snapshot store beside the %s event store', (_name, openEvents) => {
  it('keeps one snapshot per stream: a newer one or one of another shape replaces it, an older one does not', async () => {
    const events = await openEvents();
    const store: SnapshotStore = openSnapshotStore(events)!;
    expect(await store.latest('client-c-1')).toBeNull();
    await store.save(row(10));
    expect(await store.latest('client-c-1')).toEqual(row(10));
    await store.save(row(5));
    expect(await store.latest('client-c-1')).toEqual(row(10));
    await store.save(row(20));
    expect(await store.latest('client-c-1')).toEqual(row(20));
    await store.save(row(3, 'client@2'));
    expect(await store.latest('client-c-1')).toEqual(row(3, 'client@2'));
    expect(await store.latest('client-c-2')).toBeNull();
    await store.delete('client-c-1');
    expect(await store.latest('client-c-1')).toBeNull();
    await events.close();
  });

  it('commands load from snapshots taken along the way, with the state of the full replay', async () => {
    const events = await openEvents();
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-snapshot-keys-'));
    const keys = await SqliteClientKeyStore.inDataDir(dir);
    const cipher = new PersonalDataCipher(keys);
    const store = new AggregateStore(events, undefined, cipher, new Snapshots(openSnapshotStore(events)!, cipher, 10));
    const care = new CareCommands(store, keys);
    await care.registerWijk({ type: 'RegisterWijk', wijkCode: 'WK035501', wijkName: 'Vollenhove', gemeenteCode: 'GM0355', gemeenteName: 'Zeist' }, admin);
    await care.registerWooncirkel({ type: 'RegisterWooncirkel', wooncirkelId: 'wc-a', wijkCode: 'WK035501', name: 'a', form: 'kern_met_cirkel', kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: 't-a', name: 't', providerId: 'p', caseloadCapacity: 50 }, homes: [] }, admin);
    for (let c = 1; c <= 12; c++) {
      const clientId = `c-${c}`;
      await care.handleClient(clientId, intakeInput(clientId, 'wc-a'), zp);
    }
    for (let n = 1; n <= 25; n++) await care.handleClient('c-1', { type: 'ScaleCare', toIntensity: n % 2 ? 'licht_ambulant' : 'geen', reason: `stap ${n}`, decidedBy: 'team', effectiveAt: '2026-02-01T00:00:00Z' } as ClientCommandInput, { ...zp, commandId: `cmd-${n}` });
    await store.snapshotsSettled();
    // Anchored on the event's chain hash (both stores keep one), not merely its id.
    expect((await store.snapshots!.store.latest(clientStream('c-1')))!.anchor).toMatch(/^[0-9a-f]{64}$/);
    const streams: [Decider<unknown, unknown, NewEvent>, string][] = [
      [clientDecider as Decider<unknown, unknown, NewEvent>, clientStream('c-1')],
      [wooncirkelDecider as Decider<unknown, unknown, NewEvent>, wooncirkelStream('wc-a')],
    ];
    for (const [decider, streamId] of streams) {
      const latest = await store.loadLatest(decider, streamId);
      expect(latest.snapshot).toBeDefined();
      expect(latest.state).toEqual((await store.load(decider, streamId)).state);
    }
    expect(await care.handleClient('c-1', { type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'stap 1', decidedBy: 'team', effectiveAt: '2026-02-01T00:00:00Z' } as ClientCommandInput, { ...zp, commandId: 'cmd-1' })).toMatchObject({ replayed: true, revision: 1 });
    await events.close();
    await keys.close();
  });
});
