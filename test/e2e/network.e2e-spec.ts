import { AddressInfo } from 'node:net';
import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';
import { seededDataDir } from '../support/seeded-data';
import { readSse } from '../support/sse';
import { recomputeNetwork } from '../support/recompute-network';
import { Protected, Relation, deduceIntervals, sumRelation } from '../../apps/api/src/disclosure/disclosure';

/** Reads CloudEvents from the integrator SSE feed until `count` arrived or the time is up. */

const ZEIST = 'WK035501';
const SECRETS = ['Els de Boer', '06-12345678', 'Kees Vermeer', 'gaat dinsdags mee naar de markt', 'buurman vangt het op', 'Fatma Yilmaz'];

describe('the network and informal care over HTTP (issue 11, items 1 and 5)', () => {
  let t: TestApp;
  let base: string;
  let lastPosition = 0;
  const zp = () => t.as('zorgprofessional', 'zp-zeist', ['wc-zeist']);
  const wijkteam = () => t.as('wijkteam', 'wt-zeist', ['wc-zeist'], 'GM0355');
  const welzijn = () => t.as('welzijn', 'vitras-1', ['wc-zeist'], 'vitras');
  const accepted = async (request: PromiseLike<{ status: number; body: { position: number; events: { type: string }[] } }>, types?: string[]) => {
    const res = await request;
    expect([res.status, res.body]).toEqual([201, expect.objectContaining({ position: expect.any(Number) })]);
    if (types) expect(res.body.events.map((e) => e.type)).toEqual(types);
    lastPosition = res.body.position;
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await t
      .as('admin')
      .post('/wijken', wijkBody(ZEIST, 'Zeist-Centrum', 'Zeist'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-zeist', ZEIST, 5))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-other', ZEIST, 5))
      .expect(201);
    await zp()
      .post('/intakes', intakeBody('cl-net-1', 'wc-zeist', ZEIST, { personal: { name: 'Fatma Yilmaz' } }))
      .expect(201);
    await zp()
      .post('/intakes', intakeBody('cl-net-2', 'wc-zeist', ZEIST))
      .expect(201);
  });
  afterAll(() => t.close());

  it('a professional records a naaste and a vrijwilliger, informal support that replaced a referral, and a wijkteam member a referral made', async () => {
    await accepted(zp().post('/clients/cl-net-1/network/members', { memberId: 'm-1', relation: 'naaste', personal: { name: 'Els de Boer', contact: '06-12345678' } }), ['NetworkMemberAdded']);
    await accepted(zp().post('/clients/cl-net-1/network/members', { memberId: 'm-2', relation: 'vrijwilliger', personal: { name: 'Kees Vermeer' } }), ['NetworkMemberAdded']);
    await accepted(zp().post('/clients/cl-net-1/network/support', { supportId: 's-1', memberId: 'm-2', kind: 'boodschappen', hoursPerWeek: 3, note: 'gaat dinsdags mee naar de markt' }), ['InformalSupportStarted']);
    await accepted(zp().post('/clients/cl-net-1/referrals/avoided', { referralId: 'r-1', care: 'wmo_begeleiding', solution: 'informele_steun', supportId: 's-1', note: 'buurman vangt het op' }), ['ReferralAvoided']);
    await accepted(wijkteam().post('/clients/cl-net-1/referrals/made', { referralId: 'r-2', care: 'ggz_behandeling', referredTo: 'prov-altrecht' }), ['ReferralMade']);

    const network = await zp().get('/clients/cl-net-1/network').expect(200);
    expect(network.body).toMatchObject({
      clientId: 'cl-net-1',
      carries: true,
      weeklyInformalHours: 3,
      members: [
        { memberId: 'm-1', relation: 'naaste', name: 'Els de Boer', contact: '06-12345678', leftAt: null },
        { memberId: 'm-2', relation: 'vrijwilliger', name: 'Kees Vermeer', contact: null, leftAt: null },
      ],
      supports: [{ supportId: 's-1', memberId: 'm-2', kind: 'boodschappen', hoursPerWeek: 3, note: 'gaat dinsdags mee naar de markt', endedAt: null }],
      referrals: [
        { referralId: 'r-1', outcome: 'avoided', care: 'wmo_begeleiding', solution: 'informele_steun', supportId: 's-1', memberId: 'm-2', note: 'buurman vangt het op' },
        { referralId: 'r-2', outcome: 'made', care: 'ggz_behandeling', referredTo: 'prov-altrecht' },
      ],
    });
    // The wijkteam reads it too (scoped like the team); the read needs a purpose and is logged.
    await wijkteam().get('/clients/cl-net-1/network').expect(200);
    await t.http
      .get('/clients/cl-net-1/network')
      .set('Authorization', `Bearer ${t.token('zorgprofessional', 'zp-zeist', ['wc-zeist'])}`)
      .expect(400);
    let logged = '';
    for (let attempt = 0; attempt < 40 && !logged.includes('client-network'); attempt++) {
      logged = JSON.stringify((await t.as('auditor').get('/audit/access-log?actorId=wt-zeist').expect(200)).body);
      if (!logged.includes('client-network')) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(logged).toContain('client-network');
  });

  it('refuses an afschaling carried by the network while nobody carries support (422), and records it once a welfare volunteer does', async () => {
    await accepted(zp().post('/clients/cl-net-2/care-scaling-steps', { toIntensity: 'licht_ambulant', reason: 'begeleiding nodig', decidedBy: 'wijkverpleegkundige', effectiveAt: '2026-02-01T09:00:00Z' }), ['CareScaledUp']);
    const down = { toIntensity: 'geen', reason: 'het netwerk neemt het over', decidedBy: 'wijkverpleegkundige', effectiveAt: '2026-03-01T09:00:00Z', carriedByNetwork: true };
    const refused = await zp().post('/clients/cl-net-2/care-scaling-steps', down).expect(422);
    expect(refused.body).toMatchObject({ code: 'network_not_carrying', errors: [{ field: 'carriedByNetwork' }] });
    await accepted(welzijn().post('/clients/cl-net-2/network/members', { memberId: 'm-1', relation: 'ervaringsdeskundige', personal: { name: 'Jan' } }), ['NetworkMemberAdded']);
    await accepted(welzijn().post('/clients/cl-net-2/network/support', { supportId: 's-1', memberId: 'm-1', kind: 'dagstructuur', hoursPerWeek: 4 }), ['InformalSupportStarted']);
    const step = await accepted(zp().post('/clients/cl-net-2/care-scaling-steps', down), ['CareScaledDown']);
    expect(step.events).toHaveLength(1);
    const events = await t.as('auditor').get('/clients/cl-net-2/events').expect(200);
    expect(events.body.events.at(-1)).toMatchObject({ type: 'CareScaledDown', data: { carriedByNetwork: true } });
  });

  it('ends support with a coded reason, and a leaving member takes the support along', async () => {
    await accepted(zp().post('/clients/cl-net-1/network/support', { supportId: 's-2', memberId: 'm-1', kind: 'administratie', hoursPerWeek: 1 }), ['InformalSupportStarted']);
    await accepted(zp().post('/clients/cl-net-1/network/support/s-2/end', { reason: 'doel_bereikt' }), ['InformalSupportEnded']);
    await zp().post('/clients/cl-net-1/network/support/s-2/end', { reason: 'doel_bereikt' }).expect(422);
    await accepted(zp().post('/clients/cl-net-1/network/support', { supportId: 's-3', memberId: 'm-1', kind: 'gezelschap', hoursPerWeek: 1 }), ['InformalSupportStarted']);
    await accepted(zp().post('/clients/cl-net-1/network/members/m-1/departure', { reason: 'overbelast' }), ['InformalSupportEnded', 'NetworkMemberLeft']);
    const network = await zp().get('/clients/cl-net-1/network').expect(200);
    expect(network.body.members[0]).toMatchObject({ memberId: 'm-1', leftAt: expect.any(String), leaveReason: 'overbelast' });
    expect(network.body.supports.find((s: { supportId: string }) => s.supportId === 's-3')).toMatchObject({ endReason: 'netwerklid_vertrokken' });
    expect(network.body).toMatchObject({ carries: true, weeklyInformalHours: 3 });
  });

  it('answers bad input with a clear 4xx naming the field, and never stores an event for it', async () => {
    const before = (await t.as('auditor').get('/clients/cl-net-1/events').expect(200)).body.events.length;
    const fieldOf = async (path: string, body: object, status: number) => {
      const res = await zp().post(path, body).expect(status);
      return res.body.errors.map((e: { field: string }) => e.field);
    };
    expect(await fieldOf('/clients/cl-net-1/network/members', { memberId: 'm-9', relation: 'collega', personal: { name: 'Piet' } }, 400)).toEqual(['relation']);
    expect(await fieldOf('/clients/cl-net-1/network/members', { memberId: 'm-9', relation: 'buur', personal: { name: ' ' } }, 400)).toEqual(['personal.name']);
    expect(await fieldOf('/clients/cl-net-1/network/members', { memberId: 'm-1', relation: 'buur', personal: { name: 'Piet' } }, 422)).toEqual(['memberId']);
    expect(await fieldOf('/clients/cl-net-1/network/support', { supportId: 's-9', memberId: 'm-1', kind: 'vervoer', hoursPerWeek: 41 }, 400)).toEqual(['hoursPerWeek']);
    expect(await fieldOf('/clients/cl-net-1/network/support', { supportId: 's-9', memberId: 'm-1', kind: 'vervoer', hoursPerWeek: 1.5 }, 400)).toEqual(['hoursPerWeek']);
    expect(await fieldOf('/clients/cl-net-1/network/support', { supportId: 's-9', memberId: 'm-9', kind: 'vervoer', hoursPerWeek: 1 }, 422)).toEqual(['memberId']);
    expect(await fieldOf('/clients/cl-net-1/referrals/avoided', { referralId: 'r-9', care: 'wmo_begeleiding', solution: 'vrijwilligersinzet' }, 422)).toEqual(['supportId']);
    expect(await fieldOf('/clients/cl-net-1/referrals/made', { referralId: 'r-9', care: 'wmo_begeleiding', referredTo: 'GGZ Centraal' }, 400)).toEqual(['referredTo']);
    expect(await fieldOf('/clients/cl-net-1/referrals/made', { referralId: 'r-1', care: 'wmo_begeleiding' }, 422)).toEqual(['referralId']);
    expect(await fieldOf('/clients/cl-net-1/network/members/m-9/departure', { reason: 'verhuisd' }, 422)).toEqual(['memberId']);
    // Out of scope answers like a client that does not exist; other roles may not record at all.
    await t.as('wijkteam', 'wt-elders', ['wc-other']).post('/clients/cl-net-1/referrals/made', { referralId: 'r-9', care: 'wlz' }).expect(404);
    await t.as('wijkteam', 'wt-elders', ['wc-other']).get('/clients/cl-net-1/network').expect(404);
    // A wijkteam works for its own gemeente (claim org): one of another gemeente neither reads nor records the
    // network of a Zeist client, not even with every wooncirkel (`*`, as the seeded wijkteams carry) or this wooncirkel in its token.
    for (const [id, wooncirkels, org] of [
      ['wt-breda-all', ['*'], 'GM0758'],
      ['wt-breda-zeist', ['wc-zeist'], 'GM0758'],
      ['wt-no-org', ['*'], undefined],
    ] as [string, string[], string | undefined][]) {
      const foreign = t.as('wijkteam', id, wooncirkels, org);
      expect((await foreign.get('/clients/cl-net-1/network').expect(404)).body.errors.map((e: { field: string }) => e.field)).toEqual(['clientId']);
      expect((await foreign.post('/clients/cl-net-1/referrals/made', { referralId: 'r-9', care: 'wlz' }).expect(404)).body.errors.map((e: { field: string }) => e.field)).toEqual(['clientId']);
      await foreign.post('/clients/cl-net-1/network/members', { memberId: 'm-9', relation: 'buur', personal: { name: 'Piet' } }).expect(404);
    }
    await t.as('wijkteam', 'wt-zeist-all', ['*'], 'GM0355').get('/clients/cl-net-1/network').expect(200);
    await zp()
      .post('/clients/nobody/network/members', { memberId: 'm-1', relation: 'buur', personal: { name: 'Piet' } })
      .expect(404);
    await t.as('woningcorporatie', 'parteon-1', undefined, 'parteon').post('/clients/cl-net-1/referrals/made', { referralId: 'r-9', care: 'wlz' }).expect(403);
    await t.as('beleidsmaker').get('/clients/cl-net-1/network').expect(403);
    expect((await t.as('auditor').get('/clients/cl-net-1/events').expect(200)).body.events.length).toBe(before);
  });

  it('never shows names or notes to integrators: codes and pseudonyms only', async () => {
    const messages = await readSse(`${base}/integration/events?categories=network`, t.token('integrator', 'acme'), 12);
    expect(messages.map((m) => m.data.type)).toEqual(expect.arrayContaining(['nl.wijkzorg.network.NetworkMemberAdded.v1', 'nl.wijkzorg.network.InformalSupportStarted.v1', 'nl.wijkzorg.network.ReferralAvoided.v1', 'nl.wijkzorg.network.ReferralMade.v1']));
    const avoided = messages.find((m) => m.data.type.endsWith('ReferralAvoided.v1'))!;
    expect(avoided.data.data).toMatchObject({ care: 'wmo_begeleiding', solution: 'informele_steun', wijkCode: ZEIST });
    expect(avoided.data.data.memberId).not.toBe('m-2');
    const text = JSON.stringify(messages);
    for (const secret of [...SECRETS, 'cl-net-1']) expect([secret, text.includes(secret)]).toEqual([secret, false]);
  });

  it('shows policymakers informal care per area through disclosure control, and auditors the exact figures', async () => {
    const exact = await t.as('auditor').get(`/beleid/netwerk?wijkCode=${ZEIST}&minPosition=${lastPosition}`).expect(200);
    expect(exact.body.rows).toHaveLength(1);
    expect(exact.body.rows[0]).toMatchObject({
      code: ZEIST,
      level: 'wijk',
      clientsWithSupport: 2,
      activeSupports: 2,
      weeklyInformalHours: 7,
      supportedShare: 1,
      totals: { referralsMade: 1, referralsAvoided: 1, afschalingen: 1, afschalingenCarriedByNetwork: 1, supportsStarted: 4, supportsEnded: 2, membersAdded: 3 },
      avoidedShare: 0.5,
    });
    const published = await t.as('beleidsmaker').get(`/beleid/netwerk?gemeenteCode=GM0355&minPosition=${lastPosition}`).expect(200);
    expect(published.body.rows.map((r: { code: string }) => r.code)).toEqual(['GM0355', ZEIST]);
    for (const row of published.body.rows) {
      expect(row).toMatchObject({ clientsWithSupport: '<5', activeSupports: '<5', weeklyInformalHours: '<5' });
      expect(['<5', 'x']).toContain(row.totals.referralsAvoided);
      expect(row.avoidedShare).not.toBe(0.5);
    }
    expect(JSON.stringify(published.body)).not.toMatch(/Els|Kees|markt|cl-net/);
    await t.as('beleidsmaker').get('/beleid/netwerk?gemeenteCode=Zeist').expect(400);
    await t.as('integrator').get('/beleid/netwerk').expect(403);
  });
});

describe('informal-care figures under a differencing attack', () => {
  let t: TestApp;
  const WIJKEN: Record<string, string[]> = { GM0355: ['WK035501', 'WK035502'], GM0405: ['WK040501'] };
  /** Clients per wijk, and how many of them get a referral made and avoided: several true counts of 1–4. */
  const PLAN: Record<string, { clients: number; made: number; avoided: number }> = { WK035501: { clients: 7, made: 2, avoided: 4 }, WK035502: { clients: 2, made: 1, avoided: 1 }, WK040501: { clients: 6, made: 5, avoided: 1 } };
  const METRICS = ['membersAdded', 'supportsStarted', 'supportsEnded', 'referralsMade', 'referralsAvoided', 'afschalingenCarriedByNetwork'];

  beforeAll(async () => {
    t = await startTestApp();
    const zp = () => t.as('zorgprofessional', 'zp-attack');
    for (const [gemeente, wijken] of Object.entries(WIJKEN))
      for (const wijkCode of wijken) {
        await t.as('admin').post('/wijken', { wijkCode, wijkName: wijkCode, gemeenteCode: gemeente, gemeenteName: gemeente }).expect(201);
        await t
          .as('admin')
          .post('/wooncirkels', wooncirkelBody(`wc-${wijkCode}`, wijkCode, 50))
          .expect(201);
        const plan = PLAN[wijkCode];
        for (let i = 0; i < plan.clients; i++) {
          const clientId = `${wijkCode}-c${i}`;
          const client = `/clients/${clientId}`;
          await zp()
            .post('/intakes', intakeBody(clientId, `wc-${wijkCode}`, wijkCode))
            .expect(201);
          await zp()
            .post(`${client}/network/members`, { memberId: 'm-1', relation: 'naaste', personal: { name: `Naaste ${i}` } })
            .expect(201);
          await zp().post(`${client}/network/support`, { supportId: 's-1', memberId: 'm-1', kind: 'gezelschap', hoursPerWeek: 2 }).expect(201);
          if (i < plan.made) await zp().post(`${client}/referrals/made`, { referralId: 'r-1', care: 'wmo_begeleiding' }).expect(201);
          else if (i < plan.made + plan.avoided) await zp().post(`${client}/referrals/avoided`, { referralId: 'r-1', care: 'wmo_begeleiding', solution: 'informele_steun', supportId: 's-1' }).expect(201);
          if (i === 0) await zp().post(`${client}/network/support/s-1/end`, { reason: 'doel_bereikt' }).expect(201);
        }
      }
  }, 120_000);
  afterAll(() => t.close());

  it('publishes nothing from which a count of 1–4 can be worked back through the sums over areas and months', async () => {
    const head = (await t.http.get('/health')).body.eventStore.headPosition;
    const exact = (await t.as('auditor').get(`/beleid/netwerk?minPosition=${head}`).expect(200)).body.rows;
    const shown = (await t.as('beleidsmaker').get(`/beleid/netwerk?minPosition=${head}`).expect(200)).body.rows;
    expect(shown.map((r: { code: string }) => r.code)).toEqual(exact.map((r: { code: string }) => r.code));
    const truth = new Map<string, number>();
    const published = new Map<string, Protected>();
    const read = (rows: Record<string, any>[], into: (cell: string, value: any) => void) => {
      for (const row of rows) {
        into(`${row.code}|clientsWithSupport`, row.clientsWithSupport);
        into(`${row.code}|activeSupports`, row.activeSupports);
        for (const m of METRICS) into(`${row.code}|total|${m}`, row.totals[m]);
        for (const month of row.months) for (const m of METRICS) into(`${row.code}|${month.month}|${m}`, month[m]);
      }
    };
    read(exact, (cell, value) => truth.set(cell, value));
    read(shown, (cell, value) => published.set(cell, value));
    const months = exact[0].months.map((m: { month: string }) => m.month);
    const relations: Relation[] = [];
    const metricsOf = ['clientsWithSupport', 'activeSupports', ...METRICS.flatMap((m) => ['total', ...months].map((p) => `${p}|${m}`))];
    for (const metric of metricsOf) {
      for (const [gemeente, wijken] of Object.entries(WIJKEN))
        relations.push(
          sumRelation(
            `${gemeente}|${metric}`,
            wijken.map((w) => `${w}|${metric}`),
          ),
        );
      relations.push(
        sumRelation(
          `all|${metric}`,
          Object.keys(WIJKEN).map((g) => `${g}|${metric}`),
        ),
      );
    }
    for (const row of exact)
      for (const m of METRICS)
        relations.push(
          sumRelation(
            `${row.code}|total|${m}`,
            months.map((month: string) => `${row.code}|${month}|${m}`),
          ),
        );
    const small = [...truth].filter(([, n]) => n >= 1 && n <= 4);
    expect(small.length).toBeGreaterThan(10);
    const bounds = deduceIntervals(published, relations);
    for (const [cell, n] of truth) {
      const [lo, hi] = bounds.get(cell) ?? [0, Infinity];
      expect([cell, lo <= n && n <= hi]).toEqual([cell, true]);
      if (n >= 1 && n <= 4) expect([cell, lo === hi]).toEqual([cell, false]);
    }
    expect(exact.find((r: { code: string }) => r.code === 'WK035502')).toMatchObject({ clientsWithSupport: 1, totals: { referralsMade: 1, referralsAvoided: 1 } });
  });
});

describe('the network in the seeded demo region', () => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seededDataDir>>;

  beforeAll(async () => {
    seeded = await seededDataDir(300, 13);
    t = await startTestApp(seeded.dataDir);
  }, 300_000);
  afterAll(() => t?.close());

  it('serves informal care per wijk equal to a recomputation from the raw events, and Zeist avoids referrals more often', async () => {
    const head = seeded.events[seeded.events.length - 1].globalPosition;
    const rows: Record<string, any>[] = (await t.as('auditor').get(`/beleid/netwerk?minPosition=${head}`).expect(200)).body.rows;
    const expected = recomputeNetwork(seeded.events);
    for (const row of rows.filter((r) => r.level === 'wijk')) {
      const e = expected.get(row.code) ?? { clientsWithSupport: 0, activeSupports: 0, weeklyHours: 0, membersAdded: 0, supportsStarted: 0, supportsEnded: 0, referralsMade: 0, referralsAvoided: 0, afschalingen: 0, afschalingenCarriedByNetwork: 0 };
      expect([row.code, row.clientsWithSupport, row.activeSupports, row.weeklyInformalHours]).toEqual([row.code, e.clientsWithSupport, e.activeSupports, e.weeklyHours]);
      const { membersAdded, supportsStarted, supportsEnded, referralsMade, referralsAvoided, afschalingen, afschalingenCarriedByNetwork } = e;
      expect([row.code, row.totals]).toEqual([row.code, { membersAdded, supportsStarted, supportsEnded, referralsMade, referralsAvoided, afschalingen, afschalingenCarriedByNetwork }]);
    }
    const all = rows.find((r) => r.code === 'all')!;
    expect(all.totals.referralsAvoided).toBeGreaterThan(0);
    expect(all.totals.afschalingenCarriedByNetwork).toBeGreaterThan(0);
    expect(all.clientsWithSupport).toBeGreaterThan(0);
    const zeist = rows.find((r) => r.code === 'GM0355')!;
    const elsewhere = rows.filter((r) => r.level === 'gemeente' && r.code !== 'GM0355');
    const share = (made: number, avoided: number) => avoided / (made + avoided);
    const otherMade = elsewhere.reduce((s, r) => s + r.totals.referralsMade, 0);
    const otherAvoided = elsewhere.reduce((s, r) => s + r.totals.referralsAvoided, 0);
    expect(share(zeist.totals.referralsMade, zeist.totals.referralsAvoided)).toBeGreaterThan(share(otherMade, otherAvoided));
    // Policymakers get the same rows, protected, without a name or note anywhere.
    const shown = await t.as('beleidsmaker').get('/beleid/netwerk?gemeenteCode=GM0355').expect(200);
    expect(shown.body.rows[0]).toMatchObject({ code: 'GM0355', level: 'gemeente' });
    expect(JSON.stringify(shown.body)).not.toMatch(/netwerkgesprek|06-\d{8}/);
  });
});
