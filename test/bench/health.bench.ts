import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { PersonalDataCipher, TokenService } from '@wijkzorg/application';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { seedDemo } from '../../apps/cli/src/seed/seed-demo';
import { DEMO_REGION } from '../../apps/cli/src/seed/demo-region';
import { startApiProcess, stopApiProcess } from '../support/api-process';
import { appendClientCopies } from './bench-data';
import { report, section } from './report';

const SECRET = 'benchmark-secret-of-at-least-32-bytes!!';
const LOAD_SECONDS = 12;
const CONCURRENCY = 16;
const HEALTH_TIMEOUT_MS = 30_000;
/** Closures planned for one moment: about as many as fell due at once in the 1M-event queries log (435). */
const DUE_STEPS = 400;

/**
 * Whether the api stays responsive (issue 8): /health latency while 16 clients run the heaviest
 * queries a policymaker may send, each one different so no cache answers it.
 */
export async function benchHealthUnderLoad(): Promise<void> {
  section(`health: /health while the api catches up after start, under ${CONCURRENCY} clients running the heaviest aggregate queries (${LOAD_SECONDS} s), while it catches up with a burst, and while it decides ${DUE_STEPS} planned steps due at once`);
  const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-bench-health-'));
  const store = new SqliteEventStore(join(dataDir, 'wijkzorg.db'), { synchronous: 'NORMAL' });
  const keys = await SqliteClientKeyStore.inDataDir(dataDir);
  console.log('  seeding 1,500 client trajectories through the command flows…');
  const seeded = await seedDemo(store, { clients: 1500, seed: 11, from: '2025-01-01T00:00:00Z', until: '2026-11-01T00:00:00Z', cipher: new PersonalDataCipher(keys) });
  const head = await store.headPosition();
  // Seeded clients whose trajectory is still open: each gets a closure planned for one and the same moment.
  const open = store.db.prepare(`SELECT substr(stream_id, 8) AS clientId FROM events WHERE type = 'IntakeRegistered' AND stream_id NOT IN (SELECT stream_id FROM events WHERE type = 'TrajectoryClosed') ORDER BY position`).pluck().all() as string[];
  await keys.close();
  await store.close();
  console.log(`  region: ${seeded.wijken} wijken, ${seeded.clients} clients, ${head.toLocaleString('en-US')} events`);

  const port = 3990 + Math.floor(Math.random() * 9);
  const env = { WIJKZORG_JWT_SECRET: SECRET, WIJKZORG_DEMO_TOKENS: 'off', WIJKZORG_WEBHOOKS: 'off' };
  let server = await startApiProcess(dataDir, port, env);
  const base = `http://127.0.0.1:${port}`;
  const tokens = new TokenService(Buffer.from(SECRET));
  const headers = { Authorization: `Bearer ${tokens.issue({ role: 'beleidsmaker', id: 'bench-health' })}` };
  const adminHeaders = { Authorization: `Bearer ${tokens.issue({ role: 'admin', id: 'bench-health' })}` };
  const professionalHeaders = { Authorization: `Bearer ${tokens.issue({ role: 'zorgprofessional', id: 'bench-health', wooncirkels: ['*'] })}`, 'Content-Type': 'application/json' };
  try {
    // The api listens while it projects the whole log: /health is asked one request after another meanwhile.
    await whileCatchingUp('first catch-up after start', base, adminHeaders, { count: head, unit: 'events' }, async () => !((await (await fetch(`${base}/health`)).json()) as { readModels: { catchingUp: boolean } }).readModels.catchingUp);

    // Another process (a bulk import, say) appends a burst while the api serves current read models (before the load:
    // its answers, cached and invalidated by the burst, would be computed again meanwhile; that is the queries' figure).
    const behind = async () => ((await (await fetch(`${base}/projections/status`, { headers: adminHeaders })).json()) as { lag: number }[]).some((p) => p.lag > 0);
    while (await behind()) await new Promise((r) => setTimeout(r, 100));
    const writer = new SqliteEventStore(join(dataDir, 'wijkzorg.db'), { synchronous: 'NORMAL' });
    const burst = appendClientCopies(writer, 30_000, 'burst');
    await writer.close();
    await whileCatchingUp('catching up with a burst', base, adminHeaders, { count: burst, unit: 'events' }, async () => !(await behind()));

    const gemeenten = DEMO_REGION.map((g) => g.gemeenteCode);
    const wijken = DEMO_REGION.flatMap((g) => g.wijken.map((w) => w.wijkCode));
    let n = 0;
    // Each query differs (area, year or asOf second), so the position caches cannot answer it.
    const heavy = () => {
      const i = n++;
      const second = String(i % 60).padStart(2, '0');
      return [
        `/beleid/tijdlijn${i % 3 === 0 ? '' : `?${i % 3 === 1 ? `gemeenteCode=${gemeenten[i % gemeenten.length]}` : `wijkCode=${wijken[i % wijken.length]}`}`}`,
        `/wachtlijst/statistics?asOf=9999-12-31T00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${second}Z`,
        `/beleid/gemeenten?format=csv&year=${2000 + (i % 101)}`,
        `/beleid/wijken?format=csv&year=${2000 + (i % 101)}`,
        `/wachtlijst/statistics?gemeenteCode=${gemeenten[i % gemeenten.length]}&asOf=2026-${String(1 + (i % 12)).padStart(2, '0')}-15T12:00:${second}Z`,
      ][i % 5];
    };

    const stop = new AbortController();
    setMaxListeners(0, stop.signal); // every in-flight request listens for the end of the load
    const queryLatencies: number[] = [];
    const statuses = new Map<number, number>();
    const loadEnds = Date.now() + LOAD_SECONDS * 1000;
    const load = Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < loadEnds) {
        const t0 = performance.now();
        try {
          const res = await fetch(base + heavy(), { headers, signal: stop.signal });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          queryLatencies.push(performance.now() - t0);
        } catch {
          statuses.set(0, (statuses.get(0) ?? 0) + 1);
        }
      }
    });

    const healthLatencies: number[] = [];
    let healthFailures = 0;
    await new Promise((r) => setTimeout(r, 300)); // load first, then measure
    while (Date.now() < loadEnds) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
        await res.arrayBuffer();
        if (!res.ok) healthFailures++;
        healthLatencies.push(performance.now() - t0);
      } catch {
        healthFailures++;
        healthLatencies.push(HEALTH_TIMEOUT_MS);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    stop.abort();
    await Promise.all(load);

    healthLatencies.sort((a, b) => a - b);
    const at = (list: number[], p: number) => (list.length ? list[Math.max(0, Math.ceil((p / 100) * list.length) - 1)] : NaN);
    queryLatencies.sort((a, b) => a - b);
    report({ name: `/health p50 under load (${healthLatencies.length} polls)`, value: at(healthLatencies, 50), unit: 'ms' });
    report({ name: '/health p99 under load', value: at(healthLatencies, 99), unit: 'ms', atMost: 250 });
    report({ name: '/health max under load', value: healthLatencies[healthLatencies.length - 1] ?? NaN, unit: 'ms' });
    report({ name: '/health polls answered 200 within 30 s', value: healthLatencies.length ? (100 * (healthLatencies.length - healthFailures)) / healthLatencies.length : 0, unit: '%', atLeast: 100 });
    report({ name: `heavy queries answered (${CONCURRENCY} concurrent clients)`, value: queryLatencies.length, unit: 'queries' });
    report({ name: 'heavy query latency p50', value: at(queryLatencies, 50), unit: 'ms' });
    report({ name: 'heavy query latency p99', value: at(queryLatencies, 99), unit: 'ms' });
    console.log(
      `  heavy query statuses: ${[...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, c]) => `${s === 0 ? 'aborted/failed' : s}×${c}`)
        .join(', ')}`,
    );

    // Many planned steps fall due at once (a date many plans share, or an api back after an outage): the runner decides
    // them one after another, each a command of its own. An api of its own looks for due steps every second, so that the
    // run starts within a second of their moment (the one above looked every minute, the default, as before this phase).
    await stopApiProcess(server);
    server = await startApiProcess(dataDir, port, { ...env, WIJKZORG_PLANNED_STEPS_EVERY_SECONDS: '1' });
    while (await behind()) await new Promise((r) => setTimeout(r, 100));
    const dueAt = Date.now() + 45_000;
    const planned = await planClosures(base, professionalHeaders, open, new Date(dueAt));
    if (planned < DUE_STEPS) throw new Error(`only ${planned} of ${DUE_STEPS} closures could be planned (${open.length} open trajectories)`);
    if (Date.now() > dueAt - 2_000) throw new Error('planning the closures took until their moment: the run would start unmeasured');
    // Measured from a second before the moment: a run that held the loop from its first step is measured whole.
    await new Promise((r) => setTimeout(r, dueAt - 1_000 - Date.now()));
    const reader = new SqliteEventStore(join(dataDir, 'wijkzorg.db'), { synchronous: 'NORMAL' });
    // The bench's own steps only: steps of the seeded trajectories (and of their copies in the burst) fall due too.
    const decided = reader.db.prepare(`SELECT count(*) FROM events WHERE type IN ('PlannedStepTookEffect', 'PlannedStepFailed') AND json_extract(data, '$.planId') LIKE 'bench-%'`).pluck();
    try {
      await whileCatchingUp(`run of ${planned} due planned steps, from 1 s before their moment`, base, adminHeaders, { count: planned, unit: 'steps' }, async () => (decided.get() as number) >= planned);
    } finally {
      await reader.close();
    }
  } finally {
    await stopApiProcess(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * /health asked one request after another until `caughtUp` (checked every 20 requests) while the api catches up with
 * `events` events: its p50, p99 and max, and the longest and p99 event-loop delay the api itself measured meanwhile
 * (monitorEventLoopDelay through /metrics, whose histogram restarts at every scrape).
 */
async function whileCatchingUp(what: string, base: string, adminHeaders: Record<string, string>, work: { count: number; unit: string }, caughtUp: () => Promise<boolean>): Promise<void> {
  const loopDelay = async () => {
    const text = await (await fetch(`${base}/metrics`, { headers: adminHeaders })).text();
    const seconds = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
    return { max: 1000 * seconds('nodejs_eventloop_lag_max_seconds'), p99: 1000 * seconds('nodejs_eventloop_lag_p99_seconds') };
  };
  await loopDelay(); // restarts the api's histogram
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; ; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/health`);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`/health answered ${res.status} during the ${what}`);
    latencies.push(performance.now() - t0);
    if (i % 20 === 0 && (await caughtUp())) break;
    if (performance.now() - started > 600_000) throw new Error(`the api did not finish the ${what} within 10 minutes`);
  }
  const seconds = (performance.now() - started) / 1000;
  const delay = await loopDelay();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.max(0, Math.ceil((p / 100) * latencies.length) - 1)];
  console.log(`  ${what}: ${work.count.toLocaleString('en-US')} ${work.unit} in ${seconds.toFixed(1)} s (${Math.round(work.count / seconds).toLocaleString('en-US')} ${work.unit}/s), ${latencies.length} /health requests meanwhile`);
  report({ name: `/health p50 during the ${what}`, value: at(50), unit: 'ms' });
  report({ name: `/health p99 during the ${what}`, value: at(99), unit: 'ms', atMost: 50 });
  report({ name: `/health max during the ${what}`, value: latencies[latencies.length - 1], unit: 'ms' });
  report({ name: `longest event-loop stall during the ${what}`, value: delay.max, unit: 'ms', atMost: 50 });
  report({ name: `event-loop delay p99 during the ${what}`, value: delay.p99, unit: 'ms' });
}

/** Plans a closure at `dueAt` for DUE_STEPS of the open trajectories (four requests at a time); answers how many were planned. */
async function planClosures(base: string, headers: Record<string, string>, clientIds: string[], dueAt: Date): Promise<number> {
  const candidates = [...clientIds];
  let planned = 0;
  let asked = 0;
  const failures = new Map<number, number>();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      // A trajectory may refuse (a closure of its own already planned, say): the next one is asked instead.
      for (let clientId = candidates.shift(); clientId !== undefined && planned + asked < DUE_STEPS; clientId = candidates.shift()) {
        asked++;
        const res = await fetch(`${base}/clients/${clientId}/planned-steps/closure`, { method: 'POST', headers, body: JSON.stringify({ planId: `bench-${clientId}`, reason: 'hersteld', effectiveAt: dueAt.toISOString() }) });
        await res.arrayBuffer();
        asked--;
        if (res.status === 201) planned++;
        else failures.set(res.status, (failures.get(res.status) ?? 0) + 1);
      }
    }),
  );
  if (failures.size) console.log(`  planning closures: ${[...failures].map(([s, n]) => `${s}×${n}`).join(', ')} refused`);
  return planned;
}
