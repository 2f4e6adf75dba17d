import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { TEST_SECRET, testTokens } from '../support/test-app';
import { startApiProcess, stopApiProcess } from '../support/api-process';
import { freePort } from '../support/free-port';

type Role = 'admin' | 'zorgprofessional' | 'auditor' | 'gemeente';
// The gemeente (Purmerend) grants the Wmo beschikking and allocates the Wmo money.
const token = (role: Role) => testTokens.issue({ role, id: `crash-${role}`, ...(role === 'zorgprofessional' ? { wooncirkels: ['*'] } : {}), ...(role === 'gemeente' ? { organisation: 'GM0439' } : {}) });
const startApi = (dataDir: string, port: number) => startApiProcess(dataDir, port, { WIJKZORG_JWT_SECRET: TEST_SECRET, WIJKZORG_DEMO_TOKENS: 'off', WIJKZORG_WEBHOOKS: 'off' });

describe('crash safety: SIGKILL under write load', () => {
  it('keeps every acknowledged command, writes nothing half, and projections resume without double counting', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-crash-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const post = (path: string, role: Exclude<Role, 'auditor'>, body: object) => fetch(base + path, { method: 'POST', headers: { Authorization: `Bearer ${token(role)}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

    let api = await startApi(dataDir, port);
    expect((await post('/wijken', 'admin', { wijkCode: 'WK043902', wijkName: 'Weidevenne', gemeenteCode: 'GM0439', gemeenteName: 'Purmerend' })).status).toBe(201);
    expect((await post('/wooncirkels', 'admin', { wooncirkelId: 'wc-crash', wijkCode: 'WK043902', name: 'c', form: 'kern_met_cirkel', kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: 't', name: 't', providerId: 'p', caseloadCapacity: 50 }, homes: [] })).status).toBe(201);
    const clients = Array.from({ length: 12 }, (_, i) => `c-crash-${i}`);
    for (const clientId of clients) {
      const res = await post('/intakes', 'zorgprofessional', { clientId, wooncirkelId: 'wc-crash', preferredWijk: 'WK043902', lifeDomains: ['financien'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [], referralSource: 'gemeente', intakeAt: '2026-01-01T09:00:00Z' });
      expect(res.status).toBe(201);
      const beschikking = { indicatieId: `ind-${clientId}`, wet: 'wmo', product: 'begeleiding_individueel', validFrom: '2026-01-01', validUntil: '2026-12-31', volume: { unit: 'uur_per_week', amount: 4 }, covers: ['intensief_ambulant'] };
      expect((await post(`/clients/${clientId}/indicaties`, 'gemeente', beschikking)).status).toBe(201);
    }

    const acknowledged: { clientId: string; commandId: string; amountCents: number }[] = [];
    let tried = 0;
    let failed = 0;
    let stop = false;
    const writers = Array.from({ length: 16 }, async (_, w) => {
      for (let n = 0; !stop; n++) {
        const clientId = clients[(w + n) % clients.length];
        const commandId = `crash-${w}-${n}`;
        const amountCents = 100 + w;
        tried++;
        try {
          const res = await post(`/clients/${clientId}/budget/allocations`, 'gemeente', { year: 2026, funder: 'wmo', amountCents, commandId });
          if (res.status === 201) acknowledged.push({ clientId, commandId, amountCents });
        } catch {
          failed++; // the connection died with the process: not acknowledged
          return;
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    await stopApiProcess(api, 'SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThan(50);

    // Straight from the file: every acknowledged command is there, and the log is whole.
    const store = new SqliteEventStore(join(dataDir, 'wijkzorg.db'));
    const present = new Set<string>();
    for (const clientId of clients) for (const e of await store.readStream(`client-${clientId}`)) if (e.metadata.commandId) present.add(e.metadata.commandId);
    const lost = acknowledged.filter((a) => !present.has(a.commandId));
    const verification = await store.verifyChain();
    await store.close();
    console.log(`crash: ${tried} commands tried, ${acknowledged.length} acknowledged, ${acknowledged.length - lost.length} of them present after SIGKILL, ${present.size - acknowledged.length} recorded but unacknowledged, ${failed} connections cut`);
    expect(lost).toStrictEqual([]);
    expect(verification.ok).toBe(true);

    // Restart: projections resume from their checkpoints and count every allocation once.
    api = await startApi(dataDir, port);
    try {
      const headers = { Authorization: `Bearer ${token('auditor')}`, 'X-Access-Purpose': 'audit' };
      const head = ((await (await fetch(`${base}/health`)).json()) as { eventStore: { headPosition: number } }).eventStore.headPosition;
      for (const clientId of clients) {
        const events = ((await (await fetch(`${base}/clients/${clientId}/events`, { headers })).json()) as { events: { type: string; data: { amountCents: number } }[] }).events;
        const expected = events.filter((e) => e.type === 'BudgetAllocated').reduce((s, e) => s + e.data.amountCents, 0);
        const view = (await (await fetch(`${base}/budget/clients/${clientId}?minPosition=${head}`, { headers })).json()) as { allocatedCents: number };
        expect([clientId, view.allocatedCents]).toEqual([clientId, expected]);
      }
      // A retried command after the crash is recognised, not applied twice.
      const again = acknowledged[0];
      const retry = await post(`/clients/${again.clientId}/budget/allocations`, 'gemeente', { year: 2026, funder: 'wmo', amountCents: again.amountCents, commandId: again.commandId });
      expect(retry.status).toBe(201);
      expect(((await retry.json()) as { replayed: boolean }).replayed).toBe(true);
    } finally {
      await stopApiProcess(api);
    }
  }, 240_000); // two api starts, each of which may take HOOK_MS_PER_API_START
});
