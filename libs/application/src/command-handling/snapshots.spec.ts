import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decider, NewEvent, budgetPotDecider, clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { RecordedEvent, SqliteEventStore, SqliteSnapshotStore } from '@wijkzorg/event-store';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { seededDataDir } from '../../../../test/support/seeded-data';
import { AggregateStore, snapshotNotWritten } from './aggregate-store';
import { CommandIdFilter, SnapshotStore, Snapshots } from './snapshots';
import { CareCommands, ClientCommandInput } from '../care-commands';
import { CommandIdReused, CommandMeta } from './command-meta';
import { PersonalDataCipher } from '../privacy/personal-data-cipher';
import { ClientKeyStore } from '../privacy/client-key-store';
import { intakeInput } from '../command-input.fixture';

type AnyDecider = Decider<unknown, unknown, NewEvent>;
const SNAPSHOTTING: Record<string, AnyDecider> = { 'wooncirkel-': wooncirkelDecider as AnyDecider, 'client-': clientDecider as AnyDecider, 'budget-pot-': budgetPotDecider as AnyDecider };
const deciderOf = (streamId: string) => Object.entries(SNAPSHOTTING).find(([prefix]) => streamId.startsWith(prefix))?.[1];

async function open(dataDir: string, every = 100) {
  const events = new SqliteEventStore(join(dataDir, 'wijkzorg.db'), { synchronous: 'NORMAL' });
  const keys = await SqliteClientKeyStore.inDataDir(dataDir);
  const cipher = new PersonalDataCipher(keys);
  const snapshotRows = new SqliteSnapshotStore(events.db);
  const snapshots = new Snapshots(snapshotRows, cipher, every);
  const store = new AggregateStore(events, undefined, cipher, snapshots);
  const close = async () => {
    await store.snapshotsSettled();
    await events.close();
    await keys.close();
  };
  return { events, keys, cipher, snapshots, snapshotRows, store, care: new CareCommands(store, keys), close };
}

/** The state after the first `count` events of a full replay, and the filter of their command ids. */
function foldedUpTo(decider: AnyDecider, events: RecordedEvent[], count: number) {
  let state = decider.initialState;
  for (const e of events.slice(0, count)) state = decider.evolve(state, e as unknown as NewEvent);
  return { state, commandIds: CommandIdFilter.empty().addEvents(events.slice(0, count)) };
}

function withOneMore(commandIds: string): string {
  const filter = CommandIdFilter.parse(commandIds);
  filter.add('cmd-elsewhere');
  return filter.toString();
}

const admin = { actor: { role: 'admin' as const, id: 'a' } };
const zp = (commandId?: string): CommandMeta => ({ actor: { role: 'zorgprofessional', id: 'zp-1', wooncirkels: ['wc-a'] }, commandId });
const scale = (n: number): ClientCommandInput => ({ type: 'ScaleCare', toIntensity: n % 2 ? 'licht_ambulant' : 'geen', reason: `gesprek ${n} met Anna de Vries`, decidedBy: 'team', effectiveAt: '2026-02-01T00:00:00Z' }) as ClientCommandInput;

async function freshRegion(every: number) {
  const opened = await open(mkdtempSync(join(tmpdir(), 'wijkzorg-snapshots-')), every);
  await opened.care.registerWijk({ type: 'RegisterWijk', wijkCode: 'WK035501', wijkName: 'Vollenhove', gemeenteCode: 'GM0355', gemeenteName: 'Zeist' }, admin);
  await opened.care.registerWooncirkel(
    { type: 'RegisterWooncirkel', wooncirkelId: 'wc-a', wijkCode: 'WK035501', name: 'a', form: 'kern_met_cirkel', kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: 't-a', name: 't', providerId: 'p', caseloadCapacity: 50 }, homes: [] },
    admin,
  );
  return opened;
}

async function intake(care: CareCommands, clientId: string, commandId?: string) {
  return care.handleClient(clientId, intakeInput(clientId, 'wc-a', { personal: { bsn: '111222333', name: 'Anna de Vries' } }), zp(commandId));
}

describe('snapshots: the state from a snapshot and the tail is the state of the full replay', () => {
  it('over the seeded streams of every snapshotting decider, with a snapshot at every revision', async () => {
    const seeded = await seededDataDir(40);
    const { store, snapshots, close } = await open(seeded.dataDir);
    const streams = new Map<string, number>();
    for (const e of seeded.events) if (deciderOf(e.streamId)) streams.set(e.streamId, e.revision + 1);
    // Every wooncirkel and pot, and the ten longest client trajectories.
    const clients = [...streams]
      .filter(([id]) => id.startsWith('client-'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10);
    const chosen = [...streams].filter(([id]) => !id.startsWith('client-')).concat(clients);
    expect(new Set(chosen.map(([id]) => Object.keys(SNAPSHOTTING).find((p) => id.startsWith(p))))).toEqual(new Set(Object.keys(SNAPSHOTTING)));
    for (const [streamId] of chosen) {
      const decider = deciderOf(streamId)!;
      const full = await store.load(decider, streamId);
      for (let at = 0; at <= full.revision; at++) {
        const upTo = foldedUpTo(decider, full.events, at + 1);
        expect(await snapshots.take(decider, streamId, upTo.state, full.events[at], upTo.commandIds)).toBe(true);
        const latest = await store.loadLatest(decider, streamId);
        expect(latest.snapshot?.revision).toBe(at);
        expect(latest.revision).toBe(full.revision);
        expect(latest.state).toEqual(full.state);
        expect(latest.events.map((e) => e.eventId)).toEqual(full.events.slice(at + 1).map((e) => e.eventId));
      }
    }
    await close();
  });

  it('over a long client trajectory through the command flows: after every command, and with earlier command ids replayed or refused', async () => {
    const { store, care, snapshotRows, close } = await freshRegion(7);
    const intaken = await intake(care, 'c-1', 'cmd-intake');
    const outcomes = [];
    for (let n = 1; n <= 150; n++) {
      outcomes.push(await care.handleClient('c-1', scale(n), zp(`cmd-${n}`)));
      await store.snapshotsSettled();
      const full = await store.load(clientDecider, clientStream('c-1'));
      const latest = await store.loadLatest(clientDecider, clientStream('c-1'));
      expect(latest.revision).toBe(full.revision);
      expect(latest.state).toEqual(full.state);
      if (n >= 7) expect(latest.snapshot).toBeDefined();
    }
    expect((await snapshotRows.latest(clientStream('c-1')))!.revision).toBeGreaterThan(140);
    // Command ids from long before the snapshot: the same command answers its first outcome, another one is refused.
    expect(await care.handleClient('c-1', scale(3), zp('cmd-3'))).toEqual({ ...outcomes[2], replayed: true });
    await expect(care.handleClient('c-1', scale(4), zp('cmd-3'))).rejects.toBeInstanceOf(CommandIdReused);
    expect(await intake(care, 'c-1', 'cmd-intake')).toEqual({ ...intaken, replayed: true });
    // And one from the tail after it.
    expect(await care.handleClient('c-1', scale(150), zp('cmd-150'))).toEqual({ ...outcomes[149], replayed: true });
    expect((await store.load(clientDecider, clientStream('c-1'))).revision).toBe(outcomes[149].revision);
    await close();
  });
});

describe('a snapshot that cannot be written', () => {
  it('is reported, naming no client, and the commands succeed as without snapshots', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-snapshots-failing-'));
    const events = new SqliteEventStore(join(dir, 'wijkzorg.db'), { synchronous: 'NORMAL' });
    const keys = await SqliteClientKeyStore.inDataDir(dir);
    const cipher = new PersonalDataCipher(keys);
    const rows = new SqliteSnapshotStore(events.db);
    const failing: SnapshotStore = { latest: (id) => rows.latest(id), delete: (id) => rows.delete(id), save: async () => Promise.reject(new Error('disk full')) };
    const reported: string[] = [];
    const store = new AggregateStore(events, undefined, cipher, new Snapshots(failing, cipher, 5), (error, streamId) => reported.push(snapshotNotWritten(error, streamId)));
    const care = new CareCommands(store, keys);
    await care.registerWijk({ type: 'RegisterWijk', wijkCode: 'WK035501', wijkName: 'Vollenhove', gemeenteCode: 'GM0355', gemeenteName: 'Zeist' }, admin);
    await care.registerWooncirkel({ type: 'RegisterWooncirkel', wooncirkelId: 'wc-a', wijkCode: 'WK035501', name: 'a', form: 'kern_met_cirkel', kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: 't-a', name: 't', providerId: 'p', caseloadCapacity: 50 }, homes: [] }, admin);
    await intake(care, 'c-1');
    for (let n = 1; n <= 12; n++) expect(await care.handleClient('c-1', scale(n), zp(`cmd-${n}`))).toMatchObject({ revision: n, replayed: false });
    await store.snapshotsSettled();
    expect(reported.length).toBeGreaterThan(0);
    expect(new Set(reported)).toEqual(new Set(['snapshot of a client stream not written: disk full', 'snapshot of wooncirkel-wc-a not written: disk full']));
    expect(await rows.latest(clientStream('c-1'))).toBeNull();
    expect((await store.loadLatest(clientDecider, clientStream('c-1'))).state).toEqual((await store.load(clientDecider, clientStream('c-1'))).state);
    await events.close();
    await keys.close();
  });
});

describe('a snapshot is never trusted blindly', () => {
  async function withSnapshot() {
    const opened = await freshRegion(5);
    await intake(opened.care, 'c-1');
    for (let n = 1; n <= 12; n++) await opened.care.handleClient('c-1', scale(n), zp());
    await opened.store.snapshotsSettled();
    const full = await opened.store.load(clientDecider, clientStream('c-1'));
    const wooncirkel = await opened.store.load(wooncirkelDecider, wooncirkelStream('wc-a'));
    expect(await opened.store.takeSnapshot(wooncirkelDecider, wooncirkelStream('wc-a'))).toBe(true);
    expect((await opened.store.loadLatest(clientDecider, clientStream('c-1'))).snapshot).toBeDefined();
    expect((await opened.store.loadLatest(wooncirkelDecider, wooncirkelStream('wc-a'))).snapshot).toBeDefined();
    return { ...opened, full, wooncirkel };
  }

  it('a sealed client snapshot holds no personal data in plain text, and an edited one is ignored (full replay)', async () => {
    const { events, store, full, close } = await withSnapshot();
    const row = events.db.prepare('SELECT state FROM snapshots WHERE stream_id = ?').get(clientStream('c-1')) as { state: string };
    expect(row.state).toMatch(/^sealed:v1:/);
    expect(row.state).not.toContain('Anna');
    expect(row.state).not.toContain('111222333');
    const flipped = row.state.slice(0, -6) + (row.state.at(-6) === 'A' ? 'B' : 'A') + row.state.slice(-5);
    events.db.prepare('UPDATE snapshots SET state = ? WHERE stream_id = ?').run(flipped, clientStream('c-1'));
    const latest = await store.loadLatest(clientDecider, clientStream('c-1'));
    expect(latest.snapshot).toBeUndefined();
    expect(latest.state).toEqual(full.state);
    await close();
  });

  it('an edited plain snapshot, a moved one, or one whose command ids were edited is ignored', async () => {
    const { events, store, wooncirkel, close } = await withSnapshot();
    const stream = wooncirkelStream('wc-a');
    const original = events.db.prepare('SELECT * FROM snapshots WHERE stream_id = ?').get(stream) as { state: string; revision: number; command_ids: string };
    const edits: [string, unknown][] = [
      ['state', original.state.replace('"caseloadCapacity":50', '"caseloadCapacity":500')],
      ['revision', original.revision - 1],
      ['command_ids', withOneMore(original.command_ids)],
    ];
    for (const [column, value] of edits) {
      expect(value).not.toEqual(original[column as keyof typeof original]);
      events.db.prepare(`UPDATE snapshots SET ${column} = ? WHERE stream_id = ?`).run(value, stream);
      const latest = await store.loadLatest(wooncirkelDecider, stream);
      expect(latest.snapshot).toBeUndefined();
      expect(latest.state).toEqual(wooncirkel.state);
      events.db.prepare(`UPDATE snapshots SET ${column} = ? WHERE stream_id = ?`).run(original[column as keyof typeof original], stream);
      expect((await store.loadLatest(wooncirkelDecider, stream)).snapshot).toBeDefined();
    }
    await close();
  });

  it('with a deployment key, a plain snapshot checksummed without that key is ignored', async () => {
    const { events, cipher, snapshotRows, store: unkeyed, wooncirkel, close } = await withSnapshot();
    const stream = wooncirkelStream('wc-a');
    const keyed = new AggregateStore(events, undefined, cipher, new Snapshots(snapshotRows, cipher, 5, randomBytes(32)));
    const fromUnkeyed = await keyed.loadLatest(wooncirkelDecider, stream);
    expect(fromUnkeyed.snapshot).toBeUndefined();
    expect(fromUnkeyed.state).toEqual(wooncirkel.state);
    await snapshotRows.delete(stream);
    expect(await keyed.takeSnapshot(wooncirkelDecider, stream)).toBe(true);
    expect((await keyed.loadLatest(wooncirkelDecider, stream)).snapshot).toBeDefined();
    expect((await unkeyed.loadLatest(wooncirkelDecider, stream)).snapshot).toBeUndefined();
    await close();
  });

  it('a snapshot whose event no longer carries the hash it recorded is ignored', async () => {
    const { events, store, full, close } = await withSnapshot();
    const { revision } = events.db.prepare('SELECT revision FROM snapshots WHERE stream_id = ?').get(clientStream('c-1')) as { revision: number };
    events.db.prepare('UPDATE events SET hash = randomblob(32) WHERE stream_id = ? AND revision = ?').run(clientStream('c-1'), revision);
    const latest = await store.loadLatest(clientDecider, clientStream('c-1'));
    expect(latest.snapshot).toBeUndefined();
    expect(latest.state).toEqual(full.state);
    await close();
  });

  it('a snapshot of another state version is ignored, and the next one replaces it', async () => {
    const { store, snapshots, snapshotRows, full, close } = await withSnapshot();
    const older = { ...clientDecider, snapshot: { kind: 'client', version: 0 } } as AnyDecider;
    const upTo = foldedUpTo(clientDecider as AnyDecider, full.events, full.events.length);
    expect(await snapshots.take(older, clientStream('c-1'), { ...(upTo.state as object), shapeOfLongAgo: true }, full.events.at(-1)!, upTo.commandIds)).toBe(true);
    expect((await snapshotRows.latest(clientStream('c-1')))!.shape).toBe('client@0');
    const latest = await store.loadLatest(clientDecider, clientStream('c-1'));
    expect(latest.snapshot).toBeUndefined();
    expect(latest.state).toEqual(full.state);
    expect(await store.takeSnapshot(clientDecider, clientStream('c-1'))).toBe(true);
    expect((await snapshotRows.latest(clientStream('c-1')))!.shape).toBe('client@1');
    await close();
  });

  it('a load looks the client key up once, for the snapshot and the sealed events after it alike', async () => {
    const { events, keys, snapshotRows, cipher, close } = await withSnapshot();
    await new CareCommands(new AggregateStore(events, undefined, cipher), keys).handleClient('c-1', scale(13), zp());
    let lookups = 0;
    const counting: ClientKeyStore = Object.assign(Object.create(keys) as ClientKeyStore, {
      keyFor: (clientId: string, create: boolean) => {
        lookups++;
        return keys.keyFor(clientId, create);
      },
    });
    const countingCipher = new PersonalDataCipher(counting);
    const store = new AggregateStore(events, undefined, countingCipher, new Snapshots(snapshotRows, countingCipher, 5));
    const latest = await store.loadLatest(clientDecider, clientStream('c-1'));
    expect(latest.snapshot).toBeDefined();
    expect(JSON.stringify(latest.events)).toContain('gesprek 13 met Anna de Vries');
    expect(lookups).toBe(1);
    expect(latest.state).toEqual((await store.load(clientDecider, clientStream('c-1'))).state);
    await close();
  });

  it('after erasure the snapshot is unreadable and deleted, and loads show what the full replay shows', async () => {
    const { keys, store, care, snapshotRows, close } = await withSnapshot();
    const sealed = await snapshotRows.latest(clientStream('c-1'));
    expect(sealed).not.toBeNull();
    await keys.erase('c-1');
    const afterKeyLoss = await store.loadLatest(clientDecider, clientStream('c-1'));
    expect(afterKeyLoss.snapshot).toBeUndefined();
    expect(await snapshotRows.latest(clientStream('c-1'))).toBeNull();
    // Put the unreadable row back: the erasure command goes through the same check.
    await snapshotRows.save(sealed!);
    await care.eraseClient('c-1', 'avg_art_17', admin);
    await store.snapshotsSettled();
    const full = await store.load(clientDecider, clientStream('c-1'));
    const latest = await store.loadLatest(clientDecider, clientStream('c-1'));
    expect(latest.state).toEqual(full.state);
    expect(full.state.erased).toBe(true);
    expect(JSON.stringify(full.events)).not.toContain('Anna');
    expect(await store.takeSnapshot(clientDecider, clientStream('c-1'))).toBe(false);
    expect(await snapshotRows.latest(clientStream('c-1'))).toBeNull();
    await close();
  });
});
