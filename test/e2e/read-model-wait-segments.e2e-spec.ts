import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { AggregateStore, CareCommands, PersonalDataCipher } from '@wijkzorg/application';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * A transfer does not rewrite the past of the waiting list: a client waits for housing in wijk A from March,
 * moves to wijk B in May. March and April stay A's months, B counts the wait from May on, and the waiting time
 * stays the whole wait's (since March).
 */
describe('wachtlijst history: a wait that moves keeps its past place', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-segments-'));
  const A = 'WK047901';
  const B = 'WK047902';
  let clock = '2026-03-10T09:00:00.000Z';
  let t: TestApp;
  let head = 0;

  beforeAll(async () => {
    const events = new SqliteEventStore(join(dataDir, 'wijkzorg.db'));
    const keys = await SqliteClientKeyStore.inDataDir(dataDir);
    const care = new CareCommands(new AggregateStore(events, () => clock, new PersonalDataCipher(keys)), keys);
    const admin = { actor: { role: 'admin' as const, id: 'admin-1' } };
    const zp = { actor: { role: 'zorgprofessional' as const, id: 'zp-1', wooncirkels: ['*'] } };
    for (const wijkCode of [A, B]) await care.registerWijk({ type: 'RegisterWijk', wijkCode, wijkName: wijkCode, gemeenteCode: 'GM0479', gemeenteName: 'Zaanstad' }, admin);
    for (const [wooncirkelId, wijkCode] of [
      ['wc-a', A],
      ['wc-b', B],
    ]) {
      await care.registerWooncirkel(
        {
          type: 'RegisterWooncirkel',
          wooncirkelId,
          wijkCode,
          name: wooncirkelId,
          form: 'kern_met_cirkel',
          kern: { name: 'kern', opensAt: '08:00', closesAt: '22:00' },
          team: { teamId: `team-${wooncirkelId}`, name: 'team', providerId: 'prov-a', caseloadCapacity: 5 },
          homes: [1, 2].map((h) => ({ homeId: `${wooncirkelId}-h${h}`, address: `Straat ${h}`, housingType: 'zelfstandig_in_cirkel' as const, owner: 'parteon', travelMinutesToKern: h })),
        },
        admin,
      );
    }
    await care.handleClient('c-1', { type: 'RegisterIntake', clientId: 'c-1', wooncirkelId: 'wc-a', preferredWijk: A, lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: ['eigen plek'], referralSource: 'wijkteam', personal: {} }, zp);
    clock = '2026-03-12T09:00:00.000Z';
    await care.handleClient('c-1', { type: 'RequestHousing', reason: 'woning ongeschikt', origin: 'thuis' }, zp);
    clock = '2026-05-15T09:00:00.000Z';
    await care.handleClient('c-1', { type: 'TransferClient', reason: 'verhuisd', toWooncirkelId: 'wc-b' }, zp);
    head = await events.headPosition();
    await keys.close();
    await events.close();
    t = await startTestApp(dataDir);
  }, 60_000);
  afterAll(() => t?.close());

  const asOf = '2026-06-30T00:00:00Z';
  const exact = async (wijkCode: string) => (await t.as('auditor').get(`/wachtlijst/statistics?wijkCode=${wijkCode}&asOf=${asOf}&minPosition=${head}`).expect(200)).body;
  /** Waiting, joined, left per month from March to June (a month before the area's series starts counts as nothing). */
  const byMonth = (rows: { month: string; waiting: number; joined: number; left: number }[]) => Object.fromEntries(['2026-03', '2026-04', '2026-05', '2026-06'].map((m) => rows.find((r) => r.month === m)).map((r, i) => [`2026-0${i + 3}`, r ? [r.waiting, r.joined, r.left] : [0, 0, 0]]));

  it('keeps one wait with one since and the places it was, part by part', async () => {
    const items = (await t.as('auditor').get(`/wachtlijst?minPosition=${head}`).expect(200)).body.items;
    expect(items.map((w: any) => [w.since, w.wijkCode, w.segments.map((s: any) => [s.wijkCode, s.from, s.to])])).toEqual([
      [
        '2026-03-12T09:00:00.000Z',
        B,
        [
          [A, '2026-03-12T09:00:00.000Z', '2026-05-15T09:00:00.000Z'],
          [B, '2026-05-15T09:00:00.000Z', null],
        ],
      ],
    ]);
  });

  it('counts the wait in A for March and April and in B from May on, with the whole waiting time', async () => {
    const a = await exact(A);
    const b = await exact(B);
    expect(byMonth(a.overTime)).toEqual({ '2026-03': [1, 1, 0], '2026-04': [1, 0, 0], '2026-05': [0, 0, 1], '2026-06': [0, 0, 0] });
    expect(byMonth(b.overTime)).toEqual({ '2026-03': [0, 0, 0], '2026-04': [0, 0, 0], '2026-05': [1, 1, 0], '2026-06': [1, 0, 0] });
    expect([a.waiting, b.waiting]).toEqual([0, 1]);
    expect(b.waitingDays.median).toBe(Math.floor((Date.parse(asOf) - Date.parse('2026-03-12T09:00:00Z')) / 86_400_000));
    // The gemeente saw one wait all along: the move between its wijken is no leave and join.
    const gemeente = (await t.as('auditor').get(`/wachtlijst/statistics?gemeenteCode=GM0479&asOf=${asOf}&minPosition=${head}`).expect(200)).body;
    expect(byMonth(gemeente.overTime)).toEqual({ '2026-03': [1, 1, 0], '2026-04': [1, 0, 0], '2026-05': [1, 0, 0], '2026-06': [1, 0, 0] });
  });

  it('shows policymakers the same past: A had someone waiting in March, B no one', async () => {
    const month = async (wijkCode: string, m: string) => (await t.as('beleidsmaker').get(`/beleid/tijdlijn?wijkCode=${wijkCode}&minPosition=${head}`).expect(200)).body.rows.find((r: any) => r.month === m);
    expect((await month(A, '2026-03')).waiting).not.toBe(0);
    expect((await month(B, '2026-03')).waiting).toBe(0);
  });
});
