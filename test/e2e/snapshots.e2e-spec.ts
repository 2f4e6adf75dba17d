import { AggregateStore } from '@wijkzorg/application';
import { clientDecider, clientStream } from '@wijkzorg/domain';
import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';

/** The api loads long client streams from sealed snapshots; answers stay those of the full replay. */
describe('snapshots in the running api', () => {
  let t: TestApp;
  let store: AggregateStore;
  const zp = () => t.as('zorgprofessional', 'zp-a', ['wc-a']);
  const step = (n: number) => ({ toIntensity: n % 2 ? 'licht_ambulant' : 'geen', reason: `gesprek ${n} met Anna de Vries`, decidedBy: 'team', effectiveAt: '2026-02-01T00:00:00Z', commandId: `cmd-step-${n}` });

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get(AggregateStore);
    await t.as('admin').post('/wijken', wijkBody('WK075802', 'Tuinzigt')).expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-a', 'WK075802', 3))
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes a sealed snapshot of a long client stream, replays an early command id, and drops the snapshot on erasure', async () => {
    await zp()
      .post('/intakes', { ...intakeBody('c-1', 'wc-a', 'WK075802', { personal: { bsn: '111222333', name: 'Anna de Vries' } }), commandId: 'cmd-intake' })
      .expect(201);
    const steps = [];
    for (let n = 1; n <= 60; n++) steps.push((await zp().post('/clients/c-1/care-scaling-steps', step(n)).expect(201)).body);
    await store.snapshotsSettled();
    const snapshot = await store.snapshots!.store.latest(clientStream('c-1'));
    expect(snapshot).toMatchObject({ shape: 'client@1' });
    expect(snapshot!.revision).toBeGreaterThanOrEqual(49);
    expect(snapshot!.state).toMatch(/^sealed:/);
    expect(snapshot!.state).not.toContain('Anna');
    const latest = await store.loadLatest(clientDecider, clientStream('c-1'));
    expect(latest.snapshot?.revision).toBe(snapshot!.revision);
    expect(latest.state).toEqual((await store.load(clientDecider, clientStream('c-1'))).state);

    // A command id from before the snapshot answers its first outcome; reused for another body it is refused.
    expect((await zp().post('/clients/c-1/care-scaling-steps', step(2)).expect(201)).body).toEqual({ ...steps[1], replayed: true });
    await zp()
      .post('/clients/c-1/care-scaling-steps', { ...step(3), commandId: 'cmd-step-2' })
      .expect(409);
    const next = await zp()
      .post('/clients/c-1/care-scaling-steps', { ...step(61), expectedRevision: 60 })
      .expect(201);
    expect(next.body).toMatchObject({ revision: 61, replayed: false });

    await t.as('admin', 'fg-1').post('/clients/c-1/erasure', { legalBasis: 'avg_art_17' }).expect(201);
    await store.snapshotsSettled();
    expect(await store.snapshots!.store.latest(clientStream('c-1'))).toBeNull();
    const trajectory = await t.as('auditor').get('/clients/c-1/trajectory').expect(200);
    expect(trajectory.body.steps[1]).toMatchObject({ why: '[gewist]' });
    expect(JSON.stringify(trajectory.body)).not.toContain('Anna');
    // Loads after erasure replay the whole stream, as erased; no snapshot of the erased client is written again.
    const erasedState = (await store.load(clientDecider, clientStream('c-1'))).state;
    expect(erasedState.erased).toBe(true);
    expect(await store.takeSnapshot(clientDecider, clientStream('c-1'))).toBe(false);
    expect((await store.loadLatest(clientDecider, clientStream('c-1'))).state).toEqual(erasedState);
  });
});
