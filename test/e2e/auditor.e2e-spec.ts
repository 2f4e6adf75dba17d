import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';
import { gemeenteFor, grantIndicatie } from '../support/toegang';

const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');

describe('auditor: replaying a trajectory, the access log, tamper evidence', () => {
  let t: TestApp;
  const zp = () => t.as('zorgprofessional', 'zp-anna');

  beforeAll(async () => {
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK044101', 'Grote Waal', 'Hoorn'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-waal', 'WK044101', 3))
      .expect(201);
    await zp()
      .post('/intakes', intakeBody('c-1', 'wc-waal', 'WK044101', { intakeAt: '2026-01-15T10:00:00Z', personal: { bsn: '111222333', name: 'Anna de Vries' } }))
      .expect(201);
    await zp().post('/clients/c-1/care-scaling-steps', { toIntensity: 'licht_ambulant', reason: 'eenzaamheid en schulden', decidedBy: 'wijkverpleegkundige Anna', effectiveAt: '2026-02-01T09:00:00Z' }).expect(201);
    await grantIndicatie(t, 'c-1', 'WK044101');
    await zp().post('/clients/c-1/care-scaling-steps', { toIntensity: 'zorg_24uur', reason: 'val in huis, nachtzorg nodig', decidedBy: 'teamoverleg', effectiveAt: '2026-05-01T09:00:00Z' }).expect(201);
    await gemeenteFor(t, 'WK044101').post('/clients/c-1/budget/allocations', { year: 2026, funder: 'wmo', amountCents: 500_000 }).expect(201);
  });
  afterAll(() => t.close());

  it('replays every event in order with the state after it, who decided and why', async () => {
    const res = await t.as('auditor', 'aud-1').get('/clients/c-1/trajectory').expect(200);
    expect(res.body.steps.map((s: { type: string }) => s.type)).toEqual(['IntakeRegistered', 'CareScaledUp', 'IndicatieIssued', 'CareScaledUp', 'BudgetAllocated']);
    const [, first, , second] = res.body.steps;
    expect(first).toMatchObject({ why: 'eenzaamheid en schulden', occurredAt: '2026-02-01T09:00:00Z', decidedBy: { role: 'zorgprofessional', id: 'zp-anna' }, stateAfter: { intensity: 'licht_ambulant', holdsTeamPlace: true } });
    expect(Date.parse(first.recordedAt)).toBeGreaterThan(Date.parse(first.occurredAt));
    expect(second.stateAfter).toMatchObject({ intensity: 'zorg_24uur', placement: { teamId: 'team-wc-waal' } });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.state.budget).toEqual([expect.objectContaining({ year: 2026, funder: 'wmo', allocatedCents: 500_000, unreleasedCents: 500_000, unspentCents: 500_000 })]);
  });

  it('shows the state as of a moment: what had happened by then', async () => {
    const res = await t.as('auditor', 'aud-1').get('/clients/c-1/trajectory?validAt=2026-03-01T00:00:00Z').expect(200);
    expect(res.body.state.intensity).toBe('licht_ambulant');
    expect(res.body.steps.map((s: { type: string }) => s.type)).toEqual(['IntakeRegistered', 'CareScaledUp']);
    const before = await t.as('auditor', 'aud-1').get('/clients/c-1/trajectory?asOf=2000-01-01T00:00:00Z').expect(200);
    expect(before.body.steps).toStrictEqual([]);
    await t.as('auditor').get('/clients/c-1/trajectory?validAt=yesterday').expect(400);
  });

  it('logs every read of person-level data with who, whom, what and why', async () => {
    await t.as('auditor', 'aud-2').get('/clients/c-1').expect(200);
    const noPurpose = await t.http
      .get('/clients/c-1')
      .set('Authorization', `Bearer ${t.token('auditor', 'aud-2')}`)
      .expect(400);
    expect(noPurpose.body.errors[0].field).toBe('X-Access-Purpose');
    const log = await t.as('auditor', 'aud-3').get('/audit/access-log?clientId=c-1&actorId=aud-2&minPosition=1').expect(200);
    // Give the live projection the moment it needs, then look again.
    let entries = log.body.items;
    for (let i = 0; i < 50 && entries.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      entries = (await t.as('auditor', 'aud-3').get('/audit/access-log?clientId=c-1&actorId=aud-2').expect(200)).body.items;
    }
    expect(entries).toEqual([expect.objectContaining({ clientId: 'c-1', actorRole: 'auditor', actorId: 'aud-2', resource: 'client-state', purpose: 'audit' })]);
  });

  it('verifies the hash chain and reports the first broken link after tampering', async () => {
    expect((await t.as('auditor').get('/audit/verify').expect(200)).body).toMatchObject({ ok: true });
    expect((await t.as('auditor').get('/audit/verify?streamId=client-c-1').expect(200)).body).toMatchObject({ ok: true, checked: 5 });
    const cli = spawnSync(process.execPath, [CLI, 'audit', 'verify'], { env: { ...process.env, WIJKZORG_DATA_DIR: t.dataDir }, encoding: 'utf8' });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/^ok: \d+ events verified/);

    const db = new Database(join(t.dataDir, 'wijkzorg.db'));
    const row = db.prepare("SELECT position FROM events WHERE stream_id = 'client-c-1' AND type = 'BudgetAllocated'").get() as { position: number };
    db.prepare("UPDATE events SET data = replace(data, '500000', '900000') WHERE position = ?").run(row.position);
    db.close();

    const broken = await t.as('auditor').get('/audit/verify').expect(200);
    expect(broken.body).toMatchObject({ ok: false, firstBrokenLink: { position: row.position, streamId: 'client-c-1', revision: 4 } });
    const tampered = spawnSync(process.execPath, [CLI, 'audit', 'verify', '--stream', 'client-c-1'], { env: { ...process.env, WIJKZORG_DATA_DIR: t.dataDir }, encoding: 'utf8' });
    expect(tampered.status).toBe(3);
    expect(tampered.stdout).toContain(`BROKEN: first broken link at position ${row.position} (client-c-1 revision 4)`);
  });

  it('replays from the CLI, and logs that read too', async () => {
    const out = spawnSync(process.execPath, [CLI, 'audit', 'replay', 'c-1', '--auditor', 'aud-cli', '--valid-at', '2026-03-01T00:00:00Z', '--json'], { env: { ...process.env, WIJKZORG_DATA_DIR: t.dataDir }, encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout).state.intensity).toBe('licht_ambulant');
    let entries: unknown[] = [];
    for (let i = 0; i < 50 && entries.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      entries = (await t.as('auditor').get('/audit/access-log?actorId=aud-cli').expect(200)).body.items;
    }
    expect(entries).toEqual([expect.objectContaining({ clientId: 'c-1', resource: 'cli-audit-replay' })]);
  });
});
