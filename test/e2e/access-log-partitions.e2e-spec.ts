import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcess } from 'node:child_process';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { TEST_SECRET, testTokens } from '../support/test-app';
import { startApiProcess, stopApiProcess } from '../support/api-process';

type Role = 'admin' | 'zorgprofessional' | 'auditor';
const token = (role: Role, id = `al-${role}`) => testTokens.issue({ role, id, ...(role === 'zorgprofessional' ? { wooncirkels: ['*'] } : {}) });
const READS = 240;

describe('access log: partitioned daily streams under concurrent person-level reads', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-access-log-'));
  const port = 4100 + Math.floor(Math.random() * 800);
  const base = `http://127.0.0.1:${port}`;
  let api: ChildProcess | undefined;
  const post = (path: string, role: Role, body: object) => fetch(base + path, { method: 'POST', signal: AbortSignal.timeout(10_000), headers: { Authorization: `Bearer ${token(role)}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const read = (path: string, actorId: string) => fetch(base + path, { headers: { Authorization: `Bearer ${token('auditor', actorId)}`, 'X-Access-Purpose': 'audit' } });

  beforeAll(async () => {
    // A read logged before partitioning: one unpartitioned daily stream, v1 (plain client id).
    const old = new SqliteEventStore(join(dataDir, 'wijkzorg.db'));
    await old.append(
      'access-log-2025-06-01',
      [
        {
          eventId: 'old-access-1',
          type: 'PersonalDataAccessed',
          schemaVersion: 1,
          data: { clientIds: ['c-al-0'], resource: 'client-state', purpose: 'audit', query: null },
          occurredAt: '2025-06-01T10:00:00.000Z',
          metadata: { actor: { role: 'auditor', id: 'aud-old' }, correlationId: 'old', causationId: null, commandId: null },
        },
      ],
      'any',
    );
    await old.close();
    api = await startApiProcess(dataDir, port, { WIJKZORG_JWT_SECRET: TEST_SECRET, WIJKZORG_DEMO_TOKENS: 'off', WIJKZORG_WEBHOOKS: 'off' });
    expect((await post('/wijken', 'admin', { wijkCode: 'WK043903', wijkName: 'Overwhere', gemeenteCode: 'GM0439', gemeenteName: 'Purmerend' })).status).toBe(201);
    expect((await post('/wooncirkels', 'admin', { wooncirkelId: 'wc-al', wijkCode: 'WK043903', name: 'c', form: 'kern_met_cirkel', kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: 't', name: 't', providerId: 'p', caseloadCapacity: 50 }, homes: [] })).status).toBe(201);
    for (let i = 0; i < 4; i++) {
      const intake = { clientId: `c-al-${i}`, wooncirkelId: 'wc-al', preferredWijk: 'WK043903', lifeDomains: ['financien'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [], referralSource: 'gemeente', intakeAt: '2026-01-01T09:00:00Z' };
      expect((await post('/intakes', 'zorgprofessional', intake)).status).toBe(201);
    }
  }, 180_000); // the start (HOOK_MS_PER_API_START), then six posts of at most 10 s
  afterAll(async () => {
    if (api) await stopApiProcess(api);
  });

  it('answers every one of many parallel reads (no 409, no 5xx) and logs each exactly once, spread over partitions', async () => {
    const statuses = await Promise.all(Array.from({ length: READS }, (_, i) => read(`/clients/c-al-${i % 4}`, `aud-${i % 3}`).then((r) => r.status)));
    expect(statuses.filter((s) => s !== 200)).toStrictEqual([]);

    const store = new SqliteEventStore(join(dataDir, 'wijkzorg.db'));
    const logged = (await store.readAll()).filter((e) => e.type === 'PersonalDataAccessed' && e.streamId !== 'access-log-2025-06-01');
    await store.close();
    expect(logged).toHaveLength(READS);
    expect(new Set(logged.map((e) => e.metadata.correlationId)).size).toBe(READS);
    const today = logged[0].occurredAt.slice(0, 10);
    for (const e of logged) expect(e.streamId).toMatch(new RegExp(`^access-log-${today}-(\\d|1[0-5])$`));
    expect(new Set(logged.map((e) => e.streamId)).size).toBeGreaterThan(8);
  });

  it('lets the auditor query old unpartitioned and new partitioned entries alike', async () => {
    expect((await read('/clients/c-al-0', 'aud-probe')).status).toBe(200);
    let entries: { actorId: string; at: string }[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await read('/audit/access-log?clientId=c-al-0&limit=200', 'aud-reader');
      expect(res.status).toBe(200);
      entries = ((await res.json()) as { items: { actorId: string; at: string }[] }).items;
      if (entries.some((e) => e.actorId === 'aud-probe')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(entries.filter((e) => e.actorId === 'aud-old')).toEqual([expect.objectContaining({ at: '2025-06-01T10:00:00.000Z' })]);
    // c-al-0 was read READS/4 times in the first test, once by the probe.
    expect(entries.filter((e) => /^aud-\d$/.test(e.actorId))).toHaveLength(READS / 4);
    expect(entries.filter((e) => e.actorId === 'aud-probe')).toHaveLength(1);
  });
});
