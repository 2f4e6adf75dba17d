import { rmSync } from 'node:fs';
import { TokenService } from '@wijkzorg/application';
import { benchStore } from './bench-data';
import { report, reportGrowth, section } from './report';
import { startApiProcess, stopApiProcess } from '../support/api-process';

const SECRET = 'benchmark-secret-of-at-least-32-bytes!!';
const CONCURRENCY = 16;
/** Each phase runs this long (every client asks the mix in turn); requests still in flight at the end are counted. */
const PHASE_SECONDS = Number(process.env.WIJKZORG_BENCH_QUERY_SECONDS ?? 15);
const WRITE_EVERY_MS = 100;
/** Log sizes of the growth line; the figures with targets are those of the largest. WIJKZORG_BENCH_QUERY_SIZES=10000,100000 picks others. */
const SIZES = (process.env.WIJKZORG_BENCH_QUERY_SIZES ?? '10000,100000,1000000').split(',').map(Number);

/** What a policymaker's dashboard asks: aggregates only, the /dashboard page's outcome groups among them. */
const URLS = [
  '/caseload/wijken?sort=utilisation&direction=desc',
  '/caseload/wijken/WK047901',
  '/wachtlijst/statistics?wijkCode=WK047901',
  '/wachtlijst/statistics?gemeenteCode=GM0479',
  '/budget/wijken?year=2026',
  '/beleid/wijken?gemeenteCode=GM0479',
  '/caseload/wooncirkels?gemeenteCode=GM0405',
  '/v1/beleid/uitkomsten/zorg?periode=2025&niveau=gemeente',
  '/v1/beleid/uitkomsten/wachtlijst?periode=2025&niveau=gemeente',
  '/v1/beleid/uitkomsten/geld?periode=2026-Q3&niveau=gemeente',
  '/v1/beleid/uitkomsten/dekking?periode=2025&niveau=gemeente',
];

interface Run {
  latencies: number[];
  byUrl: Map<string, number[]>;
  seconds: number;
  writes: number;
  /** Per write: ms from sending it until its acknowledgement. */
  writeLatencies: number[];
  /** Per probe: ms from a write's acknowledgement until a read without minPosition of FRESHNESS_URL said it held the write. */
  freshness: number[];
  /** How long the last probe had waited when the phase ended without the read holding its write (0: it did not wait). */
  unfinishedFreshness: number;
  /** /health asked one after another through the phase (not counted in the load): each latency is at least the event-loop stretch it waited behind. */
  health: number[];
}

/** The freshness probe reads figures from the area snapshot, the costliest answer to recompute. */
const FRESHNESS_URL = '/caseload/wijken/WK047901';
const READ_POSITION_HEADER = 'x-wijkzorg-read-position';

/** Pause between two /health probes: a probe is in flight within this of any moment, so the longest probe latency of a phase is at least its longest event-loop stretch less this. */
const HEALTH_PROBE_EVERY_MS = 20;

const at = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/**
 * Dashboard query latency (issue 14, P3): 16 concurrent policymakers over the dashboard mix, on logs of 10k, 100k and
 * 1M events, once on a quiet log and once with a write every ~100 ms (each write changes the caseload the area figures
 * are computed from). The target applies to the mix with writes. Reads without minPosition are served the latest answer
 * while it is recomputed: the freshness lag (a write's acknowledgement until such a read holds it) shows what that costs.
 */
export async function benchQueries(): Promise<void> {
  section(`queries: ${CONCURRENCY} concurrent policymakers over the dashboard mix, quiet and with a write every ~${WRITE_EVERY_MS} ms`);
  const growthQuiet: { events: number; value: number }[] = [];
  const growthWrites: { events: number; value: number }[] = [];
  for (const [i, target] of SIZES.entries()) {
    const largest = i === SIZES.length - 1;
    const { dir, events } = await benchStore(target, (m) => console.log(`  ${m}`));
    try {
      const { quiet, withWrites, alone } = await measure(dir, events);
      const freshness = sorted(withWrites.freshness);
      const writeLatency = sorted(withWrites.writeLatencies);
      growthQuiet.push({ events, value: at(sorted(quiet.latencies), 99) });
      growthWrites.push({ events, value: at(sorted(withWrites.latencies), 99) });
      console.log(
        `  ${events.toLocaleString('en-US')} events: p99 quiet ${at(sorted(quiet.latencies), 99).toFixed(1)} ms, with writes ${at(sorted(withWrites.latencies), 99).toFixed(1)} ms (${withWrites.writes} writes, write p99 ${at(writeLatency, 99)?.toFixed(1)} ms; freshness lag p50 ${at(freshness, 50)?.toFixed(0) ?? '-'} ms p99 ${at(freshness, 99)?.toFixed(0) ?? '-'} ms over ${freshness.length} writes; /health p99 quiet ${at(sorted(quiet.health), 99)?.toFixed(1)} ms max ${Math.max(...quiet.health).toFixed(1)} ms, with writes p99 ${at(sorted(withWrites.health), 99)?.toFixed(1)} ms max ${Math.max(...withWrites.health).toFixed(1)} ms)`,
      );
      if (!largest) continue;
      const size = `${events.toLocaleString('en-US')} events`;
      for (const url of URLS) report({ name: `  alone (warm, quiet log): ${url}`, value: alone.get(url)!, unit: 'ms' });
      for (const [label, run] of [
        ['quiet log', quiet],
        [`a write every ~${WRITE_EVERY_MS} ms`, withWrites],
      ] as const) {
        const all = sorted(run.latencies);
        report({ name: `query latency p50, ${label} (${size})`, value: at(all, 50), unit: 'ms' });
        report({ name: `query latency p99, ${label} (${size})`, value: at(all, 99), unit: 'ms', atMost: 50 });
        report({ name: `query throughput, ${label}`, value: run.latencies.length / run.seconds, unit: 'req/s' });
        // The api's event loop as a client sees it: /health does no work, so its latency is the loop time it waited behind.
        const health = sorted(run.health);
        report({ name: `/health latency p50 beside the load, ${label}`, value: at(health, 50), unit: 'ms' });
        report({ name: `/health latency p99 beside the load, ${label}`, value: at(health, 99), unit: 'ms', atMost: 250 });
        report({ name: `/health latency max (~ longest event-loop stretch), ${label}`, value: health[health.length - 1], unit: 'ms' });
        for (const url of URLS) {
          const byUrl = sorted(run.byUrl.get(url)!);
          report({ name: `  p50 ${url}`, value: at(byUrl, 50), unit: 'ms' });
          report({ name: `  p99 ${url}`, value: at(byUrl, 99), unit: 'ms' });
        }
      }
      // Serving is not computing: reads without minPosition are answered from the latest answer while it is recomputed.
      report({ name: `writes acknowledged, a write every ~${WRITE_EVERY_MS} ms`, value: withWrites.writes / withWrites.seconds, unit: 'writes/s' });
      report({ name: `write latency p50, with the query load`, value: at(writeLatency, 50), unit: 'ms' });
      report({ name: `write latency p99, with the query load`, value: at(writeLatency, 99), unit: 'ms' });
      if (freshness.length) {
        report({ name: `freshness lag p50 (write acknowledged -> read without minPosition holds it; ${freshness.length} writes probed)`, value: at(freshness, 50), unit: 'ms' });
        report({ name: `freshness lag p99 (write acknowledged -> read without minPosition holds it)`, value: at(freshness, 99), unit: 'ms' });
      }
      if (withWrites.unfinishedFreshness) report({ name: `freshness lag of the last write probed: not seen when the phase ended, after`, value: withWrites.unfinishedFreshness, unit: 'ms' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  reportGrowth('query latency p99, quiet log', 'ms', growthQuiet);
  reportGrowth(`query latency p99, a write every ~${WRITE_EVERY_MS} ms`, 'ms', growthWrites);
}

async function measure(dataDir: string, events: number): Promise<{ quiet: Run; withWrites: Run; alone: Map<string, number> }> {
  const port = 3900 + Math.floor(Math.random() * 90);
  // WIJKZORG_BENCH_CPU_PROF=<dir>: a CPU profile of the api process, written when it stops.
  // A flag of node's own: node 20 refuses --cpu-prof in NODE_OPTIONS.
  const profile = process.env.WIJKZORG_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.WIJKZORG_BENCH_CPU_PROF}`] : [];
  const server = await startApiProcess(dataDir, port, { WIJKZORG_JWT_SECRET: SECRET, WIJKZORG_DEMO_TOKENS: 'off', WIJKZORG_WEBHOOKS: 'off' }, profile);
  const base = `http://127.0.0.1:${port}`;
  const tokens = new TokenService(Buffer.from(SECRET));
  const reader = { Authorization: `Bearer ${tokens.issue({ role: 'beleidsmaker', id: 'bench' })}` };
  const writer = { Authorization: `Bearer ${tokens.issue({ role: 'zorgprofessional', id: 'bench-writer', wooncirkels: ['*'] })}`, 'Content-Type': 'application/json' };
  try {
    await caughtUp(base, reader, events);
    const get = async (url: string) => {
      // A kept-alive connection the server closed as it was reused: asked again on a new one (the time counts).
      const res = await fetch(base + url, { headers: reader }).catch(() => fetch(base + url, { headers: reader }));
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
    };
    for (const url of URLS) await get(url); // warm up
    const alone = new Map<string, number>();
    for (const url of URLS) {
      const started = performance.now();
      for (let i = 0; i < 5; i++) await get(url);
      alone.set(url, (performance.now() - started) / 5);
    }
    const quiet = await load(base, get);
    // The writer records an intake every ~100 ms through the api (it changes the caseload the queries read).
    let writes = 0;
    let writing = true;
    const writeLatencies: number[] = [];
    let lastWrite: { position: number; acknowledgedAt: number } | undefined;
    const writerLoop = (async () => {
      for (let n = 0; writing; n++) {
        const started = performance.now();
        const res = await fetch(`${base}/v1/intakes`, { method: 'POST', headers: writer, body: JSON.stringify(intake(`cl-bench-${process.pid}-${events}-${n}`)) }).catch((error: Error) => error);
        if (res instanceof Error) continue; // a kept-alive connection the server closed: the next write goes on a new one
        const body = await res.text();
        if (!res.ok) throw new Error(`intake: ${res.status} ${body}`);
        writes++;
        lastWrite = { position: (JSON.parse(body) as { position: number }).position, acknowledgedAt: performance.now() };
        writeLatencies.push(lastWrite.acknowledgedAt - started);
        await new Promise((r) => setTimeout(r, Math.max(0, WRITE_EVERY_MS - (performance.now() - started))));
      }
    })();
    // One more client, not counted in the load: after a write's acknowledgement it reads without minPosition every ~20 ms
    // until the answer's read position holds the write, then follows the newest write.
    const freshness: number[] = [];
    let unfinishedFreshness = 0;
    const probeLoop = (async () => {
      while (writing) {
        const write = lastWrite;
        if (!write) {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        for (;;) {
          // A kept-alive connection the server closed: the next look goes on a new one.
          const res = await fetch(base + FRESHNESS_URL, { headers: reader }).catch(() => undefined);
          await res?.arrayBuffer();
          if (res && Number(res.headers.get(READ_POSITION_HEADER)) >= write.position) {
            freshness.push(performance.now() - write.acknowledgedAt);
            break;
          }
          if (!writing) {
            unfinishedFreshness = performance.now() - write.acknowledgedAt;
            break;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
        while (writing && lastWrite === write) await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await new Promise((r) => setTimeout(r, 3 * WRITE_EVERY_MS)); // the first writes land before the load starts
    const withWrites = await load(base, get);
    writing = false;
    await Promise.all([writerLoop, probeLoop]);
    return { quiet, withWrites: { ...withWrites, writes, writeLatencies, freshness, unfinishedFreshness }, alone };
  } finally {
    await stopApiProcess(server);
  }
}

async function load(base: string, get: (url: string) => Promise<void>): Promise<Run> {
  const latencies: number[] = [];
  const byUrl = new Map<string, number[]>(URLS.map((u) => [u, []]));
  const health: number[] = [];
  const started = performance.now();
  const running = () => performance.now() - started < PHASE_SECONDS * 1000;
  const healthProbe = (async () => {
    while (running()) {
      const t0 = performance.now();
      const res = await fetch(base + '/health').catch(() => undefined); // a closed kept-alive connection: not a figure
      await res?.arrayBuffer();
      if (res?.ok) health.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, HEALTH_PROBE_EVERY_MS));
    }
  })();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = 0; running(); i++) {
        const url = URLS[(w + i) % URLS.length];
        const t0 = performance.now();
        await get(url);
        const ms = performance.now() - t0;
        latencies.push(ms);
        byUrl.get(url)!.push(ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await healthProbe;
  return { latencies, byUrl, seconds, writes: 0, writeLatencies: [], freshness: [], unfinishedFreshness: 0, health };
}

/** The read models hold the whole log before anything is timed (minPosition answers 504 while they catch up). */
async function caughtUp(base: string, headers: Record<string, string>, head: number): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < 30 * 60_000) {
    const res = await fetch(`${base}/caseload/wijken?minPosition=${head}`, { headers });
    await res.arrayBuffer();
    if (res.ok) return;
    // 503: the api's first catch-up after start is still under way (it says so after WIJKZORG_CATCH_UP_WAIT_SECONDS); 504: a later one.
    if (res.status !== 503 && res.status !== 504) throw new Error(`catching up: ${res.status}`);
  }
  throw new Error(`read models did not reach position ${head}`);
}

const intake = (clientId: string) => ({
  clientId,
  wooncirkelId: 'wc-wk047901-1',
  preferredWijk: 'WK047901',
  lifeDomains: ['wonen', 'begeleiding_zorg'],
  urgency: 'regulier',
  acuteConfusedBehaviour: false,
  goals: ['weer zelfstandig wonen'],
  referralSource: 'wijkteam',
  intakeAt: new Date().toISOString(),
});
