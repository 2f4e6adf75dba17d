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
import { report, section } from './report';

const SECRET = 'benchmark-secret-of-at-least-32-bytes!!';
const LOAD_SECONDS = 12;
const CONCURRENCY = 16;
const HEALTH_TIMEOUT_MS = 30_000;

/**
 * Whether the api stays responsive (issue 8): /health latency while 16 clients run the heaviest
 * queries a policymaker may send, each one different so no cache answers it.
 */
export async function benchHealthUnderLoad(): Promise<void> {
  section(`health under load: /health while ${CONCURRENCY} clients run the heaviest aggregate queries (${LOAD_SECONDS} s)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-bench-health-'));
  const store = new SqliteEventStore(join(dataDir, 'wijkzorg.db'), { synchronous: 'NORMAL' });
  const keys = await SqliteClientKeyStore.inDataDir(dataDir);
  console.log('  seeding 1,500 client trajectories through the command flows…');
  const seeded = await seedDemo(store, { clients: 1500, seed: 11, from: '2025-01-01T00:00:00Z', until: '2026-11-01T00:00:00Z', cipher: new PersonalDataCipher(keys) });
  const head = await store.headPosition();
  await keys.close();
  await store.close();
  console.log(`  region: ${seeded.wijken} wijken, ${seeded.clients} clients, ${head.toLocaleString('en-US')} events`);

  const port = 3990 + Math.floor(Math.random() * 9);
  const server = await startApiProcess(dataDir, port, { WIJKZORG_JWT_SECRET: SECRET, WIJKZORG_DEMO_TOKENS: 'off', WIJKZORG_WEBHOOKS: 'off' });
  const base = `http://127.0.0.1:${port}`;
  const headers = { Authorization: `Bearer ${new TokenService(Buffer.from(SECRET)).issue({ role: 'beleidsmaker', id: 'bench-health' })}` };
  try {
    // Read models caught up first: the figure is about queries, not about the initial projection.
    for (let i = 0; i < 20; i++) if ((await fetch(`${base}/caseload/wijken?minPosition=${head}`, { headers })).ok) break;

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
  } finally {
    await stopApiProcess(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
