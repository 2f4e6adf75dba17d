import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { AggregateStore, CareCommands, CommandMeta } from '@wijkzorg/application';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { seedDemo } from '../../apps/cli/src/seed/seed-demo';
import { appendClientCopies } from '../bench/bench-data';
import { TEST_SECRET, testTokens } from '../support/test-app';
import { startApiProcess, stopApiProcess } from '../support/api-process';
import { freePort } from '../support/free-port';

const admin: CommandMeta = { actor: { role: 'admin', id: 'catch-up-admin' } };
const reader = { Authorization: `Bearer ${testTokens.issue({ role: 'beleidsmaker', id: 'catch-up-reader' })}` };
const adminHeaders = { Authorization: `Bearer ${testTokens.issue({ role: 'admin', id: 'catch-up-admin' })}`, 'Content-Type': 'application/json' };
const wijk = (wijkCode: string) => ({ type: 'RegisterWijk' as const, wijkCode, wijkName: `Wijk ${wijkCode}`, gemeenteCode: 'GM0355', gemeenteName: 'Zeist' });
const EVENTS = 60_000;

interface Health {
  readModels: { catchingUp: boolean; position?: number; headPosition?: number };
}

/**
 * The api on a log it has not projected yet: it listens at once and answers /health, /metrics and commands while its
 * read models catch up in the background; a read without minPosition never answers from a model still catching up.
 */
describe('api start on a long log: the first catch-up does not block the api', () => {
  let dataDir: string;
  let pristine: string;
  let early: number;
  let head: number;

  beforeAll(async () => {
    // A region, a wijk registered early (its position: `early`), tens of thousands of events, a wijk registered last.
    dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-catch-up-'));
    const store = new SqliteEventStore(join(dataDir, 'wijkzorg.db'), { synchronous: 'NORMAL' });
    const keys = await SqliteClientKeyStore.inDataDir(dataDir);
    const care = new CareCommands(new AggregateStore(store), keys);
    await seedDemo(store, { clients: 150, seed: 5, from: '2025-01-01T00:00:00Z', until: '2026-11-01T00:00:00Z' });
    early = (await care.registerWijk(wijk('WK035591'), admin)).position;
    appendClientCopies(store, EVENTS - (await store.headPosition()), 'cu');
    head = (await care.registerWijk(wijk('WK035592'), admin)).position;
    await keys.close();
    await store.close();
    // The same log, not projected yet, for the second api.
    pristine = mkdtempSync(join(tmpdir(), 'wijkzorg-catch-up-copy-'));
    cpSync(dataDir, pristine, { recursive: true });
  }, 120_000);

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(pristine, { recursive: true, force: true });
  });

  it('answers /health, /metrics and commands during it, a read with minPosition as soon as that is reached, and one without only once complete', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // The read without minPosition must wait out the whole catch-up, however loaded the machine (CI ran it past 30 s).
    const api = await startApiProcess(dataDir, port, { WIJKZORG_JWT_SECRET: TEST_SECRET, WIJKZORG_DEMO_TOKENS: 'off', WIJKZORG_WEBHOOKS: 'off', WIJKZORG_CATCH_UP_WAIT_SECONDS: '170' });
    try {
      const health = async () => {
        const res = await fetch(`${base}/health`);
        expect(res.status).toBe(200);
        return (await res.json()) as Health;
      };
      const first = await health();
      expect(first.readModels).toEqual({ catchingUp: true, position: expect.any(Number), headPosition: expect.any(Number) });
      expect(first.readModels.position!).toBeLessThan(head);
      const notReady = await fetch(`${base}/health/ready`);
      expect(notReady.status).toBe(503);
      expect(JSON.stringify(await notReady.json())).toContain('catching up after start');

      // Asked now, while the models are far behind: the read without minPosition waits for the whole catch-up.
      const completeRead = fetch(`${base}/caseload/wijken/WK035592`, { headers: reader }).then(async (res) => ({ status: res.status, body: (await res.json()) as { wijkCode?: string } }));
      const positionedRead = await fetch(`${base}/caseload/wijken/WK035591?minPosition=${early}`, { headers: reader });
      expect(positionedRead.status).toBe(200);
      expect(((await positionedRead.json()) as { wijkCode: string }).wijkCode).toBe('WK035591');
      // That one did not wait for the head: the models are still catching up.
      expect((await health()).readModels.catchingUp).toBe(true);

      expect((await fetch(`${base}/metrics`, { headers: adminHeaders })).status).toBe(200);
      const command = await fetch(`${base}/v1/wijken`, { method: 'POST', headers: adminHeaders, body: JSON.stringify({ wijkCode: 'WK035593', wijkName: 'Tijdens', gemeenteCode: 'GM0355', gemeenteName: 'Zeist' }) });
      expect(command.status).toBe(201);

      let polls = 0;
      while ((await health()).readModels.catchingUp) {
        polls++;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(polls).toBeGreaterThan(3);
      // Registered by the last event of the log: a model still catching up would have answered 404.
      const complete = await completeRead;
      expect(complete.status).toBe(200);
      expect(complete.body.wijkCode).toBe('WK035592');
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
      // The wijk registered during the catch-up is in the models too.
      expect((await fetch(`${base}/caseload/wijken/WK035593?minPosition=${head + 1}`, { headers: reader })).status).toBe(200);
    } finally {
      await stopApiProcess(api);
    }
  }, 180_000);

  it('answers a read without minPosition 503 with Retry-After and the progress once it waited its time (WIJKZORG_CATCH_UP_WAIT_SECONDS)', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = await startApiProcess(pristine, port, { WIJKZORG_JWT_SECRET: TEST_SECRET, WIJKZORG_DEMO_TOKENS: 'off', WIJKZORG_WEBHOOKS: 'off', WIJKZORG_CATCH_UP_WAIT_SECONDS: '0' });
    try {
      const res = await fetch(`${base}/caseload/wijken/WK035592`, { headers: reader });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { detail: string; catchingUp: { position: number; headPosition: number; percent: number } };
      expect(problem.detail).toContain('catching up');
      expect(problem.catchingUp.headPosition).toBeGreaterThan(problem.catchingUp.position);
      expect(problem.catchingUp.percent).toBeLessThan(100);
      for (;;) {
        const { readModels } = (await (await fetch(`${base}/health`)).json()) as Health;
        if (!readModels.catchingUp) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const after = await fetch(`${base}/caseload/wijken/WK035592`, { headers: reader });
      expect(after.status).toBe(200);
    } finally {
      await stopApiProcess(api);
    }
  }, 180_000);
});
