import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PlannedStepRunnerService } from '../../apps/api/src/planning/planned-step-runner.service';
import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';
import { grantIndicatie } from '../support/toegang';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
const earlier = '2026-02-01T09:00:00Z';

describe('afsluiting and planned steps over HTTP', () => {
  let t: TestApp;
  let runner: PlannedStepRunnerService;
  const zp = () => t.as('zorgprofessional', 'zp-anna', ['wc-plan']);
  const events = async (clientId: string) => (await t.as('auditor').get(`/clients/${clientId}/events`).expect(200)).body.events as { type: string; data: Record<string, unknown> }[];
  const head = async () => (await t.http.get('/health')).body.eventStore.headPosition as number;
  const wooncirkel = async () => (await t.as('admin').get('/wooncirkels/wc-plan').expect(200)).body.state;

  beforeAll(async () => {
    t = await startTestApp();
    runner = t.app.get(PlannedStepRunnerService);
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK047901', 'Poelenburg', 'Zaanstad'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-plan', 'WK047901', 3))
      .expect(201);
    for (const id of ['c-af', 'c-op', 'c-close'])
      await zp()
        .post('/intakes', intakeBody(id, 'wc-plan', 'WK047901'))
        .expect(201);
    // Intensief ambulant and 24-uurs care need a beschikking (toegang).
    for (const id of ['c-af', 'c-op', 'c-close']) await grantIndicatie(t, id, 'WK047901');
    await zp().post('/clients/c-af/care-scaling-steps', { toIntensity: 'intensief_ambulant', reason: 'na opname', decidedBy: 'wijkverpleegkundige', effectiveAt: earlier }).expect(201);
    await zp().post('/clients/c-close/care-scaling-steps', { toIntensity: 'licht_ambulant', reason: 'begeleiding', decidedBy: 'wijkverpleegkundige', effectiveAt: earlier }).expect(201);
  });
  afterAll(() => t.close());

  it('plans an afschaling for next week and a closure that is then cancelled; refusals name the field', async () => {
    const planned = await zp()
      .post('/clients/c-af/planned-steps/care-scaling', { planId: 'p-af', toIntensity: 'licht_ambulant', reason: 'gaat goed, minder begeleiding', decidedBy: 'wijkverpleegkundige', effectiveAt: inDays(7) })
      .expect(201);
    expect(planned.body.events).toEqual([{ type: 'PlannedStepScheduled', revision: expect.any(Number) }]);
    await zp()
      .post('/clients/c-af/planned-steps/closure', { planId: 'p-end', reason: 'hersteld', effectiveAt: inDays(60) })
      .expect(201);
    await zp().post('/clients/c-af/planned-steps/p-end/cancellation', { reason: 'toch langer begeleiding nodig' }).expect(201);

    const past = await zp().post('/clients/c-af/planned-steps/care-scaling', { planId: 'p-past', toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'zp', effectiveAt: earlier }).expect(422);
    expect(past.body).toMatchObject({ code: 'planned_step_not_in_future' });
    expect(past.body.errors[0].field).toBe('effectiveAt');
    const twice = await zp()
      .post('/clients/c-af/planned-steps/care-scaling', { planId: 'p-af', toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'zp', effectiveAt: inDays(8) })
      .expect(422);
    expect(twice.body.code).toBe('duplicate_plan');
    const unknown = await zp().post('/clients/c-af/planned-steps/p-nope/cancellation', { reason: 'x' }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'unknown_planned_step' });
    expect(unknown.body.errors[0].field).toBe('planId');
    expect((await zp().post('/clients/c-af/planned-steps/p-end/cancellation', { reason: 'nogmaals' }).expect(422)).body.code).toBe('planned_step_not_pending');
    const badLevel = await zp()
      .post('/clients/c-af/planned-steps/care-scaling', { planId: 'p-x', toIntensity: 'veel', reason: 'r', decidedBy: 'zp', effectiveAt: inDays(7) })
      .expect(400);
    expect(JSON.stringify(badLevel.body)).toContain('toIntensity');
    await zp()
      .post('/clients/c-af/planned-steps/closure', { planId: 'p-y', reason: 'klaar', effectiveAt: inDays(7) })
      .expect(400);
    await t
      .as('zorgprofessional', 'zp-elders', ['wc-elders'])
      .post('/clients/c-af/planned-steps/care-scaling', { planId: 'p-z', toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'zp', effectiveAt: inDays(7) })
      .expect(404);
    await t.as('woningcorporatie', 'parteon', undefined, 'parteon').post('/clients/c-af/planned-steps/p-af/cancellation', { reason: 'x' }).expect(403);
  });

  it('runs due steps by the runner clock: nothing before its date, exactly once on it', async () => {
    expect((await runner.runDue(inDays(1))).tookEffect).toStrictEqual([]);
    const onTheDay = await runner.runDue(inDays(7.1));
    expect(onTheDay.tookEffect).toEqual(['p-af']);
    const again = await runner.runDue(inDays(7.2));
    expect(again.tookEffect).toStrictEqual([]);
    const types = (await events('c-af')).map((e) => e.type);
    expect(types.filter((x) => x === 'CareScaledDown')).toHaveLength(1);
    expect(types.slice(-2)).toEqual(['CareScaledDown', 'PlannedStepTookEffect']);
    const tookEffect = (await events('c-af')).at(-1)!;
    expect(tookEffect.data).toMatchObject({ planId: 'p-af', plannerId: 'zp-anna', events: ['CareScaledDown'] });
    const client = (await t.as('auditor').get('/clients/c-af').expect(200)).body.state;
    expect(client).toMatchObject({ intensity: 'licht_ambulant', setting: 'eigen_woning_in_cirkel', plannedSteps: { 'p-af': { status: 'took_effect' }, 'p-end': { status: 'cancelled' } } });

    const steps = (
      await zp()
        .get(`/clients/c-af/planned-steps?minPosition=${await head()}`)
        .expect(200)
    ).body;
    expect(steps.items.map((s: { planId: string; status: string }) => `${s.planId}:${s.status}`).sort()).toEqual(['p-af:took_effect', 'p-end:cancelled']);
    const inCircle = (await zp().get('/wooncirkels/wc-plan/planned-steps?status=took_effect').expect(200)).body;
    expect(inCircle.items).toEqual([expect.objectContaining({ planId: 'p-af', clientId: 'c-af', kind: 'ScaleCare', wooncirkelId: 'wc-plan' })]);
    await zp().get('/wooncirkels/wc-plan/planned-steps?status=soon').expect(400);
  });

  it('a planned step up into a full team fails with team_full and the wait it caused', async () => {
    await t.as('admin').put('/wooncirkels/wc-plan/team-capacity', { caseloadCapacity: 2 }).expect(200);
    await zp()
      .post('/clients/c-op/planned-steps/care-scaling', { planId: 'p-op', toIntensity: 'licht_ambulant', reason: 'meer steun nodig', decidedBy: 'wijkverpleegkundige', effectiveAt: inDays(10) })
      .expect(201);
    const report = await runner.runDue(inDays(10.1));
    expect(report.failed).toEqual([{ planId: 'p-op', code: 'team_full' }]);
    expect((await events('c-op')).slice(-2).map((e) => e.type)).toEqual(['CareScalingWaitlisted', 'PlannedStepFailed']);
    const waits = (
      await zp()
        .get(`/wachtlijst?minPosition=${await head()}&kind=care`)
        .expect(200)
    ).body.items;
    expect(waits).toEqual([expect.objectContaining({ clientId: 'c-op', open: true, requestedIntensity: 'licht_ambulant' })]);
  });

  it('closes a trajectory: team place, home and waits given back, new commands refused', async () => {
    await zp().post('/clients/c-close/housing-requests', { reason: 'eigen plek', origin: 'thuis' }).expect(201);
    await t.as('woningcorporatie', 'parteon', undefined, 'parteon').post('/clients/c-close/housing-offers', { offerId: 'o-close', corporation: 'parteon', wooncirkelId: 'wc-plan', homeId: 'wc-plan-h2' }).expect(201);
    await zp()
      .post('/clients/c-close/housing-offers/o-close/accept', { reciprocity: ['koken'] })
      .expect(201);
    await zp().post('/clients/c-close/move-in', { movedInAt: '2026-03-01T10:00:00Z' }).expect(201);
    await zp().post('/clients/c-close/daginvulling-requests', { wish: 'tuinieren' }).expect(201);
    // A wish for another home, with an open offer reserving it.
    await zp().post('/clients/c-close/housing-requests', { reason: 'groter huis', origin: 'thuis' }).expect(201);
    await t.as('woningcorporatie', 'parteon', undefined, 'parteon').post('/clients/c-close/housing-offers', { offerId: 'o-close-2', corporation: 'parteon', wooncirkelId: 'wc-plan', homeId: 'wc-plan-h3' }).expect(201);
    expect((await wooncirkel()).homes['wc-plan-h3'].reservedFor).toEqual({ clientId: 'c-close', offerId: 'o-close-2' });
    expect((await wooncirkel()).teamClientIds).toContain('c-close');

    await zp().post('/clients/c-close/closure', { reason: 'opgelost', effectiveAt: '2026-04-01T09:00:00Z' }).expect(400);
    const overig = await zp().post('/clients/c-close/closure', { reason: 'overig', effectiveAt: '2026-04-01T09:00:00Z' }).expect(422);
    expect(overig.body.errors[0].field).toBe('note');
    const before = await zp().post('/clients/c-close/closure', { reason: 'hersteld', effectiveAt: '2026-04-01T09:00:00Z' }).expect(422);
    expect(before.body).toMatchObject({ code: 'time_before_intake' }); // before the waits it would end began
    const closedAt = inDays(1 / 1440); // a minute from now: after the waits began, within the allowed clock skew
    const closed = await zp().post('/clients/c-close/closure', { reason: 'verhuisd_buiten_regio', note: 'naar haar dochter in Groningen', effectiveAt: closedAt }).expect(201);
    expect(closed.body.events.map((e: { type: string }) => e.type)).toEqual(['ClientMovedOut', 'TrajectoryClosed']);

    const circle = await wooncirkel();
    expect(circle.teamClientIds).not.toContain('c-close');
    expect(circle.homes['wc-plan-h2'].occupantClientId).toBeUndefined();
    expect(circle.homes['wc-plan-h3'].reservedFor).toBeUndefined();
    const position = await head();
    const ended = (await zp().get(`/wachtlijst?minPosition=${position}&open=false`).expect(200)).body.items.filter((w: { clientId: string; endedBy: string }) => w.clientId === 'c-close' && w.endedBy !== 'served');
    expect(ended.map((w: { kind: string }) => w.kind).sort()).toEqual(['daginvulling', 'housing']);
    for (const wait of ended) expect(wait).toMatchObject({ open: false, endedBy: 'closed', closureReason: 'verhuisd_buiten_regio', closedAt: closedAt });

    const twice = await zp().post('/clients/c-close/closure', { reason: 'hersteld', effectiveAt: closedAt }).expect(422);
    expect(twice.body).toMatchObject({ code: 'trajectory_closed' });
    expect((await zp().post('/clients/c-close/care-scaling-steps', { toIntensity: 'intensief_ambulant', reason: 'r', decidedBy: 'zp', effectiveAt: closedAt }).expect(422)).body.code).toBe('trajectory_closed');
    expect(
      (
        await zp()
          .post('/clients/c-close/planned-steps/care-scaling', { planId: 'p-late', toIntensity: 'intensief_ambulant', reason: 'r', decidedBy: 'zp', effectiveAt: inDays(3) })
          .expect(422)
      ).body.code,
    ).toBe('trajectory_closed');
    const state = (await t.as('auditor').get('/clients/c-close').expect(200)).body.state;
    expect(state).toMatchObject({ closed: { reason: 'verhuisd_buiten_regio', at: closedAt }, holdsTeamPlace: false, waiting: {} });
    expect(state.home).toBeUndefined();
  });

  it('a step planned before the closure fails on its date with trajectory_closed', async () => {
    await zp()
      .post('/intakes', intakeBody('c-late', 'wc-plan', 'WK047901'))
      .expect(201);
    await zp()
      .post('/clients/c-late/planned-steps/care-scaling', { planId: 'p-late', toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'zp', effectiveAt: inDays(20) })
      .expect(201);
    await zp().post('/clients/c-late/closure', { reason: 'zorg_elders', effectiveAt: '2026-05-01T09:00:00Z' }).expect(201);
    const report = await runner.runDue(inDays(20.1));
    expect(report.failed).toEqual([{ planId: 'p-late', code: 'trajectory_closed' }]);
    expect((await runner.runDue(inDays(20.2))).failed).toStrictEqual([]);
  });

  it('counts closures per reason per wijk and month: exact for auditors, protected for policymakers', async () => {
    const position = await head();
    const exact = (await t.as('auditor').get(`/closures?gemeenteCode=GM0479&minPosition=${position}`).expect(200)).body;
    expect(exact.exact).toBe(true);
    const total = (level: string) => exact.items.filter((i: { level: string }) => i.level === level).reduce((n: number, i: { closures: number }) => n + i.closures, 0);
    expect([total('wijk'), total('gemeente')]).toEqual([2, 2]);
    const wijk = exact.items.filter((i: { areaCode: string; closures: number }) => i.areaCode === 'WK047901' && i.closures > 0);
    expect(wijk.flatMap((i: { byReason: Record<string, number> }) => Object.entries(i.byReason).filter(([, n]) => n > 0))).toEqual(
      expect.arrayContaining([
        ['verhuisd_buiten_regio', 1],
        ['zorg_elders', 1],
      ]),
    );
    const protectedFigures = (await t.as('beleidsmaker').get('/closures?wijkCode=WK047901').expect(200)).body;
    expect(protectedFigures.exact).toBe(false);
    for (const item of protectedFigures.items) expect(['<5', 'x', 0]).toContain(item.closures);
    expect(JSON.stringify(protectedFigures)).not.toContain('c-close');
    await t.as('beleidsmaker').get('/closures?wijkCode=WK47').expect(400);
    await t.as('woningcorporatie', 'parteon').get('/closures').expect(403);
  });
});

describe('wijkzorg planned-steps run-due (the built CLI, npm run build first)', () => {
  const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-planned-'));
  const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, WIJKZORG_DATA_DIR: dataDir }, encoding: 'utf8' });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lets the steps planned beyond the seeded period take effect now, and a second run applies nothing twice', () => {
    // Seeded until four weeks ago: steps planned then for the weeks after are due now.
    expect(cli(['seed', '--clients', '300', '--seed', '3', '--from', '2025-06-01T00:00:00Z', '--until', inDays(-28)]).status).toBe(0);
    const snapshots = () => {
      const db = new Database(join(dataDir, 'wijkzorg.db'), { readonly: true });
      try {
        if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'snapshots'").get()) return 0;
        return db.prepare('SELECT count(*) FROM snapshots').pluck().get() as number;
      } finally {
        db.close();
      }
    };
    const seededSnapshots = snapshots();
    const first = cli(['planned-steps', 'run-due']);
    expect([first.status, first.stderr]).toEqual([0, '']);
    const report = JSON.parse(first.stdout);
    expect(report.due).toBeGreaterThan(0);
    expect(report.tookEffect.length + report.failed.length).toBe(report.due);
    // It decides with the commands' store: the long streams it wrote to got snapshots (the seed takes none).
    expect(snapshots()).toBeGreaterThan(seededSnapshots);
    const second = JSON.parse(cli(['planned-steps', 'run-due']).stdout);
    expect(second).toMatchObject({ due: 0, tookEffect: [], failed: [] });
    expect(cli(['planned-steps', 'run-due', '--help']).stdout).toContain('Usage: wijkzorg planned-steps run-due');
  }, 120_000);
});
