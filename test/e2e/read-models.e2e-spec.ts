import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SqliteReadModelStore } from '@wijkzorg/read-models';
import { RecordedEvent } from '@wijkzorg/event-store';
import { TestApp, startTestApp } from '../support/test-app';
import { recompute } from '../support/recompute';
import { seededDataDir } from '../support/seeded-data';
import { DEMO_REGION } from '../../apps/cli/src/seed/demo-region';

const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');

async function everyPage<T>(t: TestApp, url: string, role = 'auditor'): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += 500) {
    const res = await t
      .as(role)
      .get(`${url}${url.includes('?') ? '&' : '?'}limit=500&offset=${offset}`)
      .expect(200);
    items.push(...res.body.items);
    if (items.length >= res.body.total) return items;
  }
}

/** Every view must equal a recomputation from the raw events. */
async function expectViewsToMatch(t: TestApp, events: RecordedEvent[]) {
  const head = events[events.length - 1].globalPosition;
  const expected = recompute(events);
  // Exact figures: aggregates for anyone but the auditor pass disclosure control (docs/disclosure-control.md).
  const wijken = await everyPage<any>(t, `/caseload/wijken?minPosition=${head}`, 'auditor');
  expect(wijken.length).toBe(expected.wijken.size);
  for (const w of wijken) {
    const e = expected.wijken.get(w.wijkCode)!;
    for (const [intensity, n] of Object.entries(w.clientsByIntensity)) expect([w.wijkCode, intensity, n]).toEqual([w.wijkCode, intensity, e.byIntensity[intensity] ?? 0]);
    for (const [setting, n] of Object.entries(w.clientsBySetting)) expect([w.wijkCode, setting, n]).toEqual([w.wijkCode, setting, e.bySetting[setting] ?? 0]);
    expect([w.wijkCode, w.scaledUp, w.scaledDown, w.stayedInHomeSteps, w.teamClients, w.teamCapacity]).toEqual([w.wijkCode, e.scaledUp, e.scaledDown, e.stayed, e.teamClients, e.capacity]);
  }
  // Every wait, open and closed: a later wait of the same kind does not overwrite an earlier one.
  const waits = [...(await everyPage<any>(t, '/wachtlijst?open=true')), ...(await everyPage<any>(t, '/wachtlijst?open=false'))];
  const key = (w: { waitId: string; kind: string; since: string; wijkCode: string; status: string; closedAt: string | null; endedBy: string | null }) => `${w.waitId}|${w.kind}|${w.since}|${w.wijkCode}|${w.status}|${w.closedAt}|${w.endedBy}`;
  expect(waits.map(key).sort()).toEqual(expected.waits.map(key).sort());
  const budgets = await everyPage<any>(t, '/budget/clients');
  expect(budgets.length).toBe(expected.budgets.size);
  for (const b of budgets) {
    const e = expected.budgets.get(b.clientId)!;
    expect([b.clientId, b.allocatedCents, b.releasedCents, b.spentCents, b.unreleasedCents, b.unspentCents]).toEqual([b.clientId, e.allocated, e.released, e.spent, e.unreleased, e.unspent]);
  }
  const pots = await everyPage<any>(t, '/budget-pots');
  expect(pots.length).toBe(expected.pots.size);
  for (const p of pots) {
    const e = expected.pots.get(p.potId)!;
    expect([p.potId, p.gemeenteCode, p.openedCents, p.releasedCents, p.remainingCents, p.releasedForClientsCents, p.releasedForActivitiesCents]).toEqual([p.potId, e.gemeente, e.opened, e.released, e.opened - e.released, e.forClients, e.forActivities]);
  }
  const doorbraak = await everyPage<any>(t, '/doorbraaktafel/figures');
  expect(doorbraak.length).toBe(expected.doorbraak.size);
  for (const y of doorbraak) {
    const e = expected.doorbraak.get(`${y.gemeenteCode}:${y.year}`)!;
    const avoidedPerYear = Object.fromEntries(Object.entries(y.avoidedCost as Record<string, { avoidedCentsPerYear: number }>).map(([category, f]) => [category, f.avoidedCentsPerYear]));
    expect([y.gemeenteCode, y.year, y.cases, y.breakthroughs, y.solutionCostCents, avoidedPerYear]).toEqual([y.gemeenteCode, y.year, e.cases, e.breakthroughs, e.solution, e.avoidedPerYear]);
  }
}

describe('read models over HTTP equal a recomputation from the raw events', () => {
  let seeded: Awaited<ReturnType<typeof seededDataDir>>;
  let t: TestApp;

  beforeAll(async () => {
    seeded = await seededDataDir(400);
    t = await startTestApp(seeded.dataDir);
  }, 300_000); // seeding, or waiting for another worker's seed of the same region
  afterAll(() => t?.close());

  it('seeded a region with waits, scaling steps, transfers and budget flows', () => {
    const types = new Set(seeded.events.map((e) => e.type));
    for (const type of ['IntakeRegistered', 'CareScaledUp', 'CareScaledDown', 'CareScalingWaitlisted', 'HousingMatched', 'ClientTransferred', 'BudgetTransferred', 'BudgetSpent', 'WaitingPaused']) expect([type, types.has(type)]).toEqual([type, true]);
  });

  it('caseload, wachtlijst and budget views match', async () => {
    await expectViewsToMatch(t, seeded.events);
  });

  it('follows new commands live, and a client leaves the wachtlijst when the matching event arrives', async () => {
    const waiting = (await t.as('auditor').get('/wachtlijst?kind=daginvulling&limit=1').expect(200)).body.items[0];
    expect(waiting).toBeDefined();
    const arranged = await t.as('zorgprofessional').post(`/clients/${waiting.clientId}/daginvulling-arrangements`, { activity: 'koken_maaltijd', provider: 'buurthuis' }).expect(201);
    const after = await t.as('auditor').get(`/wachtlijst?kind=daginvulling&minPosition=${arranged.body.position}&limit=500`).expect(200);
    expect(after.body.items.map((i: { clientId: string }) => i.clientId)).not.toContain(waiting.clientId);
    const closed = await t.as('auditor').get(`/wachtlijst?kind=daginvulling&open=false&limit=500`).expect(200);
    expect(closed.body.items.find((i: { clientId: string }) => i.clientId === waiting.clientId)).toMatchObject({ open: false, closedAt: expect.any(String) });
  });

  it('answers wachtlijst statistics: median and p90 waiting days, counts over time', async () => {
    const res = await t.as('auditor').get('/wachtlijst/statistics?asOf=2026-06-30T23:59:59Z').expect(200);
    const expected = recompute(seeded.events, '2026-06-30T23:59:59Z');
    expect(res.body.waiting).toBe(expected.openWaits.length);
    const days = expected.openWaits.map((w) => Math.floor((Date.parse('2026-06-30T23:59:59Z') - Date.parse(w.since)) / 86_400_000)).sort((a, b) => a - b);
    expect(res.body.waitingDays.median).toBe(days[Math.ceil(days.length / 2) - 1]);
    expect(res.body.waitingDays.p90).toBe(days[Math.ceil(days.length * 0.9) - 1]);
    const june = res.body.overTime.find((m: { month: string }) => m.month === '2026-06');
    expect(june.waiting).toBe(expected.openWaits.length);
  });

  it('filters, sorts and pages, and refuses bad query parameters naming them', async () => {
    const page = await t.as('beleidsmaker').get('/caseload/wijken?gemeenteCode=GM0479&sort=clients&direction=desc&limit=2').expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items[0].clients).toBeGreaterThanOrEqual(page.body.items[1].clients);
    expect(page.body.items.every((w: { gemeenteCode: string }) => w.gemeenteCode === 'GM0479')).toBe(true);
    expect(page.body.total).toBe(DEMO_REGION.find((g) => g.gemeenteCode === 'GM0479')!.wijken.length);
    const bad = await t.as('auditor').get('/wachtlijst?status=wachtend&limit=0&sort=name').expect(400);
    expect(bad.body.errors.map((f: { field: string }) => f.field).sort()).toEqual(['limit', 'sort', 'status']);
  });

  it('pages by cursor: the same items as by offset, each once, and refuses a cursor it did not give out, naming it', async () => {
    const byOffset = await everyPage<{ waitId: string; kind: string }>(t, '/wachtlijst?open=false&sort=since&direction=desc');
    expect(byOffset.length).toBeGreaterThan(20);
    const byCursor: { waitId: string; kind: string }[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const res = await t
        .as('auditor')
        .get(`/wachtlijst?open=false&sort=since&direction=desc&limit=7${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      byCursor.push(...res.body.items);
      expect(res.body.total).toBe(byOffset.length);
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    const key = (w: { waitId: string; kind: string }) => `${w.waitId}|${w.kind}`;
    expect(byCursor.map(key)).toEqual(byOffset.map(key));

    const first = await t.as('auditor').get('/wachtlijst?open=false&sort=since&direction=desc&limit=7').expect(200);
    const problems = async (query: string) => (await t.as('auditor').get(`/wachtlijst?${query}`).expect(400)).body.errors.map((e: { field: string }) => e.field);
    expect(await problems(`open=false&sort=since&direction=asc&cursor=${first.body.nextCursor}`)).toEqual(['cursor']);
    expect(await problems(`open=false&sort=since&direction=desc&offset=7&cursor=${first.body.nextCursor}`)).toEqual(['cursor']);
    expect(await problems('cursor=bm90LWEtY3Vyc29y')).toEqual(['cursor']);
    expect(await problems('cursor=%27%3B--')).toEqual(['cursor']);
    // Disclosure-controlled lists are computed in memory and page by offset only.
    expect((await t.as('beleidsmaker').get(`/caseload/wijken?cursor=${first.body.nextCursor}`).expect(400)).body.errors.map((e: { field: string }) => e.field)).toEqual(['cursor']);
  });

  it('shows projection status, reaching zero lag once caught up', async () => {
    // Reads append access-log events, so give the live projections a moment to apply the last ones.
    let res = await t.as('admin').get('/projections/status').expect(200);
    for (let i = 0; i < 50 && res.body.some((p: { lag: number }) => p.lag > 0); i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await t.as('admin').get('/projections/status').expect(200);
    }
    expect(res.body.map((p: { name: string }) => p.name)).toEqual([
      'caseload',
      'wachtlijst',
      'budget',
      'accesslog',
      'toegang',
      'network',
      'budget_pots',
      'doorbraaktafel',
      'housing',
      'planned_steps',
      'closures',
      'buurt',
      'continuity',
      'scaling_outcomes',
      'money_flows',
      'doorbraak_cases',
      'zorgverloop',
      'housing_outcomes',
      'dekking',
    ]);
    for (const p of res.body) expect([p.name, p.lag]).toEqual([p.name, 0]);
  });
});

describe('a rebuild killed with SIGKILL halfway leaves the live read models whole (blue-green), and the next rebuild completes', () => {
  it('equals the recomputation after kill -9, before and after a new rebuild', async () => {
    const seeded = await seededDataDir(300, 11);
    const env = { ...process.env, WIJKZORG_DATA_DIR: seeded.dataDir, WIJKZORG_PROGRESS_LINES: '1' };
    const head = seeded.events[seeded.events.length - 1].globalPosition;
    expect(spawnSync(process.execPath, [CLI, 'projections', 'catch-up'], { env, encoding: 'utf8' }).status).toBe(0);

    const child = spawn(process.execPath, [CLI, 'projections', 'rebuild', '--batch-size', '50'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (/progress \w+ \d+/.test(chunk.toString())) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.on('exit', resolve));
    expect(child.signalCode).toBe('SIGKILL');

    const store = new SqliteReadModelStore(seeded.path);
    const live = await Promise.all(['caseload', 'wachtlijst', 'budget'].map(async (p) => (await store.checkpoint(p))?.position ?? 0));
    const unfinished = store.db.prepare("SELECT position FROM rm_checkpoints WHERE instr(projection, '__v') > 0").pluck().all() as number[];
    await store.close();
    expect(live).toEqual([head, head, head]);
    expect(Math.min(...unfinished)).toBeLessThan(head); // really killed halfway, in the new generations

    const t = await startTestApp(seeded.dataDir);
    try {
      await expectViewsToMatch(t, seeded.events);
    } finally {
      await t.close();
    }
    const rebuilt = spawnSync(process.execPath, [CLI, 'projections', 'rebuild'], { env, encoding: 'utf8' });
    expect(rebuilt.status).toBe(0);
    const again = await startTestApp(seeded.dataDir);
    try {
      await expectViewsToMatch(again, seeded.events);
    } finally {
      await again.close();
    }
  }, 180_000);
});
