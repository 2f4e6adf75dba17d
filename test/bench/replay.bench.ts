import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { Decider, NewEvent, WooncirkelCommand, clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { SqliteEventStore, SqliteSnapshotStore } from '@wijkzorg/event-store';
import { AggregateStore, CareCommands, ClientCommandInput, CommandMeta, PersonalDataCipher, SNAPSHOT_EVERY, Snapshots, replayTrajectory } from '@wijkzorg/application';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { report, reportGrowth, section } from './report';

type AnyDecider = Decider<unknown, unknown, NewEvent>;
const LENGTHS = [10, 100, 1_000];
/** The longest tail the default snapshot policy leaves (a snapshot is taken once that many events passed): the worst case a load meets. */
const TAIL = SNAPSHOT_EVERY;
/** Loads per kind: the cheap ones (floor, snapshot + tail) often enough for a stable p99 (its 16th-worst of 1,600), the full replay less. */
const ROUNDS = { floor: 1_600, full: 400, snapshot: 1_600 };
const BLOCKS = 8;
/** The other interval the write cost is compared with (the one before issue 14's last round). */
const EARLIER_INTERVAL = 50;

const admin: CommandMeta = { actor: { role: 'admin', id: 'bench' } };
const zp: CommandMeta = { actor: { role: 'zorgprofessional', id: 'zp-bench', wooncirkels: ['*'] } };
const intake = (clientId: string) =>
  ({
    type: 'RegisterIntake',
    clientId,
    wooncirkelId: 'wc-a',
    preferredWijk: 'WK035501',
    lifeDomains: ['wonen', 'financien'],
    urgency: 'regulier',
    acuteConfusedBehaviour: false,
    goals: ['eigen plek', 'werk'],
    referralSource: 'huisarts',
    intakeAt: '2024-01-01T00:00:00Z',
    personal: { bsn: '111222333', name: 'Anna de Vries' },
  }) as ClientCommandInput;
const scale = (n: number) =>
  ({ type: 'ScaleCare', toIntensity: n % 2 ? 'licht_ambulant' : 'geen', reason: `Gesprek ${n} met Anna en haar dochter: het gaat ${n % 3 ? 'beter' : 'minder goed'}, afspraken gemaakt over de dagbesteding.`, decidedBy: 'team', effectiveAt: '2024-02-01T00:00:00Z' }) as ClientCommandInput;

const at = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * Loading a client stream of 1,000 events (intake and care-scaling steps with sealed personal text, written through the real
 * command flow): the raw SQLite floor of reading its rows, the full replay, and the load from a snapshot with the
 * longest tail the policy leaves; growth over 10, 100 and 1,000 events; the auditor's trajectory replay of 1,000 steps.
 */
export async function benchReplay(): Promise<void> {
  section(`replay: loading a client stream (snapshot every ${TAIL} events, measured with the worst-case tail of ${TAIL})`);
  const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-bench-replay-'));
  const path = join(dir, 'wijkzorg.db');
  const events = new SqliteEventStore(path);
  const keys = await SqliteClientKeyStore.inDataDir(dir);
  const cipher = new PersonalDataCipher(keys);
  const withSnapshots = new AggregateStore(events, undefined, cipher, new Snapshots(new SqliteSnapshotStore(events.db), cipher));
  const fullReplay = new AggregateStore(events, undefined, cipher);
  const raw = new Database(path, { readonly: true });
  try {
    const care = new CareCommands(withSnapshots, keys);
    await care.registerWijk({ type: 'RegisterWijk', wijkCode: 'WK035501', wijkName: 'Vollenhove', gemeenteCode: 'GM0355', gemeenteName: 'Zeist' }, admin);
    await care.registerWooncirkel({ type: 'RegisterWooncirkel', wooncirkelId: 'wc-a', wijkCode: 'WK035501', name: 'a', form: 'kern_met_cirkel', kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: 't-a', name: 't', providerId: 'p', caseloadCapacity: 50 }, homes: [] }, admin);
    const tailWriter = new CareCommands(fullReplay, keys);
    for (const length of LENGTHS) {
      // The head of the stream through the command flow with snapshots, then a snapshot, then the tail without one.
      const clientId = `c-${length}`;
      const tail = Math.min(TAIL, length - 1);
      await care.handleClient(clientId, intake(clientId), zp);
      for (let n = 1; n < length - tail; n++) await care.handleClient(clientId, scale(n), zp);
      await withSnapshots.snapshotsSettled();
      if (length > tail + 1) await withSnapshots.takeSnapshot(clientDecider, clientStream(clientId));
      for (let n = length - tail; n < length; n++) await tailWriter.handleClient(clientId, scale(n), zp);
    }
    // A wooncirkel's team claims and releases, as the client command flow writes them.
    await care.registerWooncirkel({ type: 'RegisterWooncirkel', wooncirkelId: 'wc-b', wijkCode: 'WK035501', name: 'b', form: 'kern_met_cirkel', kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: 't-b', name: 't', providerId: 'p', caseloadCapacity: 1_000 }, homes: [] }, admin);
    const teamStep = (n: number): WooncirkelCommand => ({ type: n % 2 ? 'ClaimTeamPlace' : 'ReleaseTeamPlace', clientId: `c-team-${Math.floor((n + 1) / 2) % 40}` });
    for (let n = 1; n < 1_000 - TAIL; n++) await withSnapshots.sideEffect(wooncirkelDecider, wooncirkelStream('wc-b'), teamStep(n), zp);
    await withSnapshots.snapshotsSettled();
    await withSnapshots.takeSnapshot(wooncirkelDecider, wooncirkelStream('wc-b'));
    for (let n = 1_000 - TAIL; n < 1_000; n++) await fullReplay.sideEffect(wooncirkelDecider, wooncirkelStream('wc-b'), teamStep(n), zp);

    const selectStream = raw.prepare('SELECT position, stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, metadata, data, hash FROM events WHERE stream_id = ? ORDER BY revision').raw();
    const floorRead = (streamId: string) => {
      const rows = selectStream.all(streamId) as unknown[][];
      let parsed = 0;
      for (const row of rows) {
        JSON.parse(row[8] as string);
        JSON.parse(row[9] as string);
        parsed++;
      }
      return parsed;
    };

    const growth = { floor: [] as { events: number; value: number }[], full: [] as { events: number; value: number }[], snapshot: [] as { events: number; value: number }[] };
    const measure = async (decider: AnyDecider, streamId: string, length: number) => {
      const full = await fullReplay.load(decider, streamId);
      const latest = await withSnapshots.loadLatest(decider, streamId);
      if (full.revision !== length - 1 || floorRead(streamId) !== length) throw new Error(`stream ${streamId} has ${full.revision + 1} events, expected ${length}`);
      if (JSON.stringify(latest.state) !== JSON.stringify(full.state) || latest.revision !== full.revision) throw new Error(`snapshot + tail of ${streamId} differs from the full replay`);
      if (length > TAIL + 1 && latest.events.length !== TAIL) throw new Error(`the tail of ${streamId} is ${latest.events.length} events, expected ${TAIL}`);
      const times = { floor: [] as number[], full: [] as number[], snapshot: [] as number[] };
      // In alternating blocks: the three share whatever else the machine does, but none pays for another's garbage.
      const block = async (list: number[], load: () => unknown, rounds: number, spans?: [number, number][]) => {
        global.gc?.();
        for (let round = 0; round < rounds / BLOCKS; round++) {
          const t = performance.now();
          await load();
          const end = performance.now();
          list.push(end - t);
          spans?.push([t, end]);
        }
      };
      // Which snapshot loads a collection landed in: whether the p99 is garbage collection or the machine.
      const snapshotSpans: [number, number][] = [];
      const collections: [number, number][] = [];
      const gcWatch = new PerformanceObserver((list) => collections.push(...list.getEntries().map((e): [number, number] => [e.startTime, e.startTime + e.duration])));
      gcWatch.observe({ entryTypes: ['gc'] });
      for (let b = 0; b < BLOCKS; b++) {
        await block(times.floor, () => floorRead(streamId), ROUNDS.floor);
        await block(times.full, () => fullReplay.load(decider, streamId), ROUNDS.full);
        await block(times.snapshot, () => withSnapshots.loadLatest(decider, streamId), ROUNDS.snapshot, snapshotSpans);
      }
      await new Promise((resolve) => setTimeout(resolve, 20)); // the observer is told after the fact
      gcWatch.disconnect();
      const withCollection = snapshotSpans.filter(([start, end]) => collections.some(([from, to]) => from < end && to > start)).length;
      for (const list of Object.values(times)) list.sort((a, b) => a - b);
      return { ...times, withCollection };
    };
    for (const length of LENGTHS) {
      const times = await measure(clientDecider as AnyDecider, clientStream(`c-${length}`), length);
      growth.floor.push({ events: length, value: at(times.floor, 99) });
      growth.full.push({ events: length, value: at(times.full, 99) });
      growth.snapshot.push({ events: length, value: at(times.snapshot, 99) });
      if (length !== 1_000) continue;
      const label = `${length.toLocaleString('en-US')}-event client stream`;
      report({ name: `replay ${label}: raw SQLite floor p50`, value: at(times.floor, 50), unit: 'ms' });
      report({ name: `replay ${label}: raw SQLite floor p99`, value: at(times.floor, 99), unit: 'ms' });
      report({ name: `replay ${label}: full replay (load) p50`, value: at(times.full, 50), unit: 'ms', floor: { value: at(times.floor, 50), lowerIsBetter: true } });
      report({ name: `replay ${label}: full replay (load) p99`, value: at(times.full, 99), unit: 'ms', floor: { value: at(times.floor, 99), lowerIsBetter: true } });
      report({ name: `replay ${label}: snapshot + ${TAIL}-event tail p50`, value: at(times.snapshot, 50), unit: 'ms', floor: { value: at(times.floor, 50), lowerIsBetter: true } });
      report({ name: `replay ${label}: snapshot + ${TAIL}-event tail p99`, value: at(times.snapshot, 99), unit: 'ms', atMost: 3, floor: { value: at(times.floor, 99), lowerIsBetter: true } });
      console.log(`  a garbage collection ran during ${times.withCollection} of ${times.snapshot.length} snapshot loads (the p99 is the ${Math.ceil(times.snapshot.length / 100)}th-worst)`);
    }
    // A wooncirkel's stream holds no sealed fields: the full replay is the read, and the snapshot skips most of it.
    const circle = await measure(wooncirkelDecider as AnyDecider, wooncirkelStream('wc-b'), 1_000);
    report({ name: 'replay 1,000-event wooncirkel stream: full replay (load) p99', value: at(circle.full, 99), unit: 'ms', floor: { value: at(circle.floor, 99), lowerIsBetter: true } });
    report({ name: `replay 1,000-event wooncirkel stream: snapshot + ${TAIL}-event tail p99`, value: at(circle.snapshot, 99), unit: 'ms', floor: { value: at(circle.floor, 99), lowerIsBetter: true } });
    reportGrowth('raw SQLite floor p99 by stream length', 'ms', growth.floor);
    reportGrowth('full replay p99 by stream length', 'ms', growth.full);
    reportGrowth(`snapshot + tail (<= ${TAIL}) p99 by stream length`, 'ms', growth.snapshot);

    await trajectoryReplay(fullReplay, clientStream('c-1000'), (streamId) => floorRead(streamId));
    await snapshotWriteCost(events, keys, cipher);
  } finally {
    raw.close();
    await events.close();
    await keys.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The auditor's trajectory of 1,000 steps (every event with the state after it): the read and reveal, then the replay. */
async function trajectoryReplay(store: AggregateStore, streamId: string, floorRead: (streamId: string) => number): Promise<void> {
  const times = { floor: [] as number[], load: [] as number[], replay: [] as number[] };
  for (let round = 0; round < ROUNDS.full / 2; round++) {
    let t = performance.now();
    floorRead(streamId);
    times.floor.push(performance.now() - t);
    t = performance.now();
    const { events } = await store.load(clientDecider, streamId);
    times.load.push(performance.now() - t);
    t = performance.now();
    const trajectory = replayTrajectory(streamId.slice('client-'.length), events);
    times.replay.push(performance.now() - t);
    if (trajectory.steps.length !== 1_000) throw new Error(`trajectory of ${trajectory.steps.length} steps`);
  }
  const total = times.load.map((v, i) => v + times.replay[i]).sort((a, b) => a - b);
  for (const list of Object.values(times)) list.sort((a, b) => a - b);
  report({ name: 'trajectory 1,000 steps: read and reveal p99', value: at(times.load, 99), unit: 'ms' });
  report({ name: 'trajectory 1,000 steps: replay with stateAfter p99', value: at(times.replay, 99), unit: 'ms' });
  report({ name: 'trajectory 1,000 steps: total p50', value: at(total, 50), unit: 'ms', floor: { value: at(times.floor, 50), lowerIsBetter: true } });
  report({ name: 'trajectory 1,000 steps: total p99', value: at(total, 99), unit: 'ms', floor: { value: at(times.floor, 99), lowerIsBetter: true } });
}

/**
 * What snapshots cost the writing side at the default interval and at the earlier one: the time spent taking them
 * (each loads the stream from its last snapshot, seals the state and writes it), per command of a client's trajectory.
 */
async function snapshotWriteCost(events: SqliteEventStore, keys: SqliteClientKeyStore, cipher: PersonalDataCipher): Promise<void> {
  const COMMANDS = 200;
  for (const every of [SNAPSHOT_EVERY, EARLIER_INTERVAL]) {
    const store = new AggregateStore(events, undefined, cipher, new Snapshots(new SqliteSnapshotStore(events.db), cipher, every));
    let taking = 0;
    let taken = 0;
    const take = store.takeSnapshot.bind(store);
    store.takeSnapshot = async (decider, streamId) => {
      const t = performance.now();
      try {
        return await take(decider, streamId);
      } finally {
        taking += performance.now() - t;
        taken++;
      }
    };
    const care = new CareCommands(store, keys);
    const clientId = `c-write-${every}`;
    let commanding = performance.now();
    await care.handleClient(clientId, intake(clientId), zp);
    for (let n = 1; n < COMMANDS; n++) {
      await care.handleClient(clientId, scale(n), zp);
      // A snapshot is taken after the command (setImmediate), as between two requests of the api.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await store.snapshotsSettled();
    commanding = performance.now() - commanding;
    report({ name: `snapshot writes, one every ${every} events: time per command`, value: taking / COMMANDS, unit: 'ms' });
    console.log(`  ${taken} snapshots of ${COMMANDS} commands, ${(taking / taken).toFixed(2)} ms each; the commands took ${(commanding / COMMANDS).toFixed(2)} ms each (durable commits)`);
  }
}
