import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';

describe('privacy erasure (AVG art. 17) by crypto-shredding', () => {
  let t: TestApp;
  const zp = () => t.as('zorgprofessional', 'zp-1');
  const rawEvents = () => {
    const db = new Database(join(t.dataDir, 'wijkzorg.db'), { readonly: true });
    const rows = db.prepare("SELECT type, data FROM events WHERE stream_id = 'client-c-erase' ORDER BY revision").all() as { type: string; data: string }[];
    db.close();
    return rows;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK079601', 'De Muntel', "'s-Hertogenbosch"))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-muntel', 'WK079601', 10))
      .expect(201);
    for (const id of ['c-erase', 'c-keep-1', 'c-keep-2', 'c-keep-3', 'c-keep-4', 'c-keep-5']) {
      await zp()
        .post('/intakes', intakeBody(id, 'wc-muntel', 'WK079601', { personal: { bsn: '111222333', name: `Fatima El Amrani ${id}` }, goals: ['weer naar de moskee lopen'] }))
        .expect(201);
      await zp().post(`/clients/${id}/care-scaling-steps`, { toIntensity: 'licht_ambulant', reason: 'angstklachten na opname', decidedBy: 'wijkverpleegkundige', effectiveAt: '2026-02-01T09:00:00Z' }).expect(201);
    }
    await zp().post('/clients/c-erase/daginvulling-requests', { wish: 'wandelen' }).expect(201);
  });
  afterAll(() => t.close());

  it('stores personal data encrypted with the client’s own key', async () => {
    const stored = JSON.stringify(rawEvents());
    for (const secret of ['111222333', 'Fatima', 'moskee', 'angstklachten']) expect([secret, stored.includes(secret)]).toEqual([secret, false]);
    expect(stored).toContain('$enc');
    const events = await t.as('auditor').get('/clients/c-erase/events').expect(200);
    expect(events.body.events[0].data).toMatchObject({ personal: { bsn: '111222333', name: 'Fatima El Amrani c-erase' }, goals: ['weer naar de moskee lopen'] });
    expect(events.body.events[1].data.reason).toBe('angstklachten na opname');
  });

  it('erases: replays show the data as erased, aggregates and the chain stay intact', async () => {
    const head = (await t.http.get('/health')).body.eventStore.headPosition;
    const before = (await t.as('auditor').get(`/caseload/wijken/WK079601?minPosition=${head}`).expect(200)).body; // exact: see docs/disclosure-control.md
    expect(before.clientsByIntensity.licht_ambulant).toBe(6);
    await zp().post('/clients/c-erase/erasure', { legalBasis: 'avg_art_17' }).expect(403);
    const erased = await t.as('admin', 'fg-1').post('/clients/c-erase/erasure', { legalBasis: 'avg_art_17' }).expect(201);
    expect(erased.body.events).toEqual([{ type: 'ClientDataErased', revision: 3 }]);

    const replay = await t.as('auditor').get('/clients/c-erase/trajectory').expect(200);
    expect(replay.body.steps[0].data).toMatchObject({ personal: '[gewist]', goals: '[gewist]', clientId: 'c-erase' });
    expect(replay.body.steps[1]).toMatchObject({ why: '[gewist]', stateAfter: { intensity: 'licht_ambulant' } });
    const keys = new Database(join(t.dataDir, 'keys.db'), { readonly: true });
    expect(keys.prepare("SELECT count(*) FROM client_keys WHERE client_id = 'c-erase'").pluck().get()).toBe(0);
    expect(keys.prepare('SELECT count(*) FROM client_keys').pluck().get()).toBe(5);
    keys.close();

    // Erasure finishes the job: the client leaves the caseload and gives its team place back, its wait ends.
    const position = (await t.http.get('/health')).body.eventStore.headPosition;
    const after = (await t.as('auditor').get(`/caseload/wijken/WK079601?minPosition=${position}`).expect(200)).body;
    expect(after.clientsByIntensity).toEqual({ ...before.clientsByIntensity, licht_ambulant: 5 });
    expect([after.clients, after.teamClients]).toEqual([5, before.teamClients - 1]);
    const circle = await t.as('admin').get('/wooncirkels/wc-muntel').expect(200);
    expect(circle.body.state.teamClientIds).not.toContain('c-erase');
    expect((await t.as('auditor').get('/wachtlijst?open=true').expect(200)).body.items.map((w: { clientId: string }) => w.clientId)).not.toContain('c-erase');
    const ended = (await t.as('auditor').get('/wachtlijst?open=false').expect(200)).body.items.find((w: { clientId: string }) => w.clientId === 'c-erase');
    expect(ended).toMatchObject({ kind: 'daginvulling', open: false, endedBy: 'erased', closedAt: expect.any(String) });
    expect((await t.as('auditor').get('/audit/verify').expect(200)).body.ok).toBe(true);
    const others = await t.as('auditor').get('/clients/c-keep-1/events').expect(200);
    expect(others.body.events[0].data.personal.name).toBe('Fatima El Amrani c-keep-1');
  });

  it('closes the erased trajectory for new commands, and the erasure itself is idempotent by command id', async () => {
    const refused = await zp().post('/clients/c-erase/daginvulling-requests', { wish: 'wandelen' }).expect(422);
    expect(refused.body.code).toBe('client_erased');
    await t.as('admin').post('/clients/c-erase/erasure', { legalBasis: 'avg_art_17' }).expect(422);
    await t.as('admin').post('/clients/c-nobody/erasure', { legalBasis: 'avg_art_17' }).expect(404);
  });
});
