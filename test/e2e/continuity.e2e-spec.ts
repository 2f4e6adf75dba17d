import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';

/**
 * Continuity over the real api: a team with roles (and one without an ervaringsdeskundige), a vaste
 * begeleider assigned and changed, a full team, an acute over-capacity, a freed place absorbed and then
 * offered by the wachtlijst policy, a teamleider's override and a waiting transfer that gets its place.
 */
describe('continuity and team places', () => {
  let t: TestApp;
  const zp = () => t.as('zorgprofessional', 'zp-1');
  const head = async (): Promise<number> => (await t.http.get('/health').expect(200)).body.eventStore.headPosition;
  // Care levels as the care model names them (part B renames them: the merge updates these two).
  const up = (effectiveAt: string) => ({ toIntensity: 'licht_ambulant', reason: 'meer begeleiding nodig', decidedBy: 'wijkverpleegkundige', effectiveAt });
  const down = (effectiveAt: string) => ({ toIntensity: 'geen', reason: 'het gaat goed', decidedBy: 'wijkverpleegkundige', effectiveAt });
  const team = async (wooncirkelId: string) =>
    (
      await zp()
        .get(`/wooncirkels/${wooncirkelId}/team?minPosition=${await head()}`)
        .expect(200)
    ).body;

  beforeAll(async () => {
    t = await startTestApp();
    await t.as('admin').post('/wijken', wijkBody('WK047901')).expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-a', 'WK047901', 2))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-b', 'WK047901', 1))
      .expect(201);
    for (const [id, wc, urgency] of [
      ['c-1', 'wc-a', 'regulier'],
      ['c-2', 'wc-a', 'regulier'],
      ['c-3', 'wc-a', 'hoog'],
      ['c-4', 'wc-a', 'regulier'],
      ['c-acuut', 'wc-a', 'acuut'],
      ['c-t', 'wc-b', 'regulier'],
    ])
      await zp()
        .post('/intakes', intakeBody(id, wc, 'WK047901', { urgency }))
        .expect(201);
  });
  afterAll(() => t.close());

  it('staff join with a role and hours; a team without an ervaringsdeskundige shows as such', async () => {
    for (const [staffId, role, hoursPerWeek] of [
      ['tl-mirjam', 'teamleider', 32],
      ['pb-anouk', 'persoonlijk_begeleider', 28],
      ['pb-sem', 'woonbegeleider', 36],
      ['ed-karim', 'ervaringsdeskundige', 16],
    ] as const)
      await zp().post('/wooncirkels/wc-a/team/staff', { staffId, role, hoursPerWeek }).expect(201);
    await zp().post('/wooncirkels/wc-b/team/staff', { staffId: 'pb-noor', role: 'persoonlijk_begeleider', hoursPerWeek: 32 }).expect(201);

    const a = await team('wc-a');
    expect(a).toMatchObject({ wooncirkelId: 'wc-a', staffCount: 4, hoursPerWeek: 112, hasErvaringsdeskundige: true });
    const lacking = (await t.as('auditor').get('/teams?hasErvaringsdeskundige=false').expect(200)).body;
    expect(lacking.items.map((i: { wooncirkelId: string }) => i.wooncirkelId)).toEqual(['wc-b']);
    // The overview holds wooncirkel facts only: counts per role, no staff codes.
    expect(JSON.stringify(lacking)).not.toContain('pb-noor');
    expect(lacking.items[0].roles).toEqual({ persoonlijk_begeleider: 1 });
  });

  it('refuses a malformed staff code (400), an unknown role (400), a second join (422) and a stranger to the wooncirkel (403)', async () => {
    const badCode = await zp().post('/wooncirkels/wc-a/team/staff', { staffId: 'Anouk Jansen', role: 'woonbegeleider', hoursPerWeek: 20 }).expect(400);
    expect(JSON.stringify(badCode.body)).toContain('staffId');
    const badRole = await zp().post('/wooncirkels/wc-a/team/staff', { staffId: 'x-1', role: 'chauffeur', hoursPerWeek: 20 }).expect(400);
    expect(JSON.stringify(badRole.body)).toContain('role');
    const twice = await zp().post('/wooncirkels/wc-a/team/staff', { staffId: 'pb-anouk', role: 'woonbegeleider', hoursPerWeek: 20 }).expect(422);
    expect(twice.body).toMatchObject({ code: 'already_on_team', errors: [{ field: 'staffId' }] });
    await t.as('zorgprofessional', 'zp-b', ['wc-b']).post('/wooncirkels/wc-a/team/staff', { staffId: 'x-1', role: 'woonbegeleider', hoursPerWeek: 20 }).expect(403);
  });

  it('a vaste begeleider is assigned from the team and changed with a reason', async () => {
    await zp().post('/clients/c-1/care-scaling-steps', up('2026-01-05T09:00:00Z')).expect(201);
    await zp().post('/clients/c-2/care-scaling-steps', up('2026-01-05T09:00:00Z')).expect(201);
    await zp().post('/clients/c-1/begeleider', { staffId: 'pb-anouk', reason: 'eerste_toewijzing', note: 'Kent de buurt goed' }).expect(201);
    const changed = await zp().post('/clients/c-1/begeleider', { staffId: 'pb-sem', reason: 'wens_client' }).expect(201);
    expect(changed.body.events).toEqual([expect.objectContaining({ type: 'BegeleiderAssigned' })]);

    const stranger = await zp().post('/clients/c-2/begeleider', { staffId: 'pb-noor', reason: 'eerste_toewijzing' }).expect(422);
    expect(stranger.body).toMatchObject({ code: 'not_on_team', errors: [{ field: 'staffId' }] });
    const same = await zp().post('/clients/c-1/begeleider', { staffId: 'pb-sem', reason: 'wens_client' }).expect(422);
    expect(same.body).toMatchObject({ code: 'same_begeleider', errors: [{ field: 'staffId' }] });
    const reason = await zp().post('/clients/c-1/begeleider', { staffId: 'pb-anouk', reason: 'omdat' }).expect(400);
    expect(JSON.stringify(reason.body)).toContain('reason');

    const client = (await zp().get('/clients/c-1').expect(200)).body;
    expect(client.state.begeleider).toMatchObject({ staffId: 'pb-sem' });
    expect((await team('wc-a')).withoutBegeleider).toEqual(['c-2']);
  });

  it('a full team puts requests on the wachtlijst; an acute client gets a documented over-capacity from the teamleider', async () => {
    const waits = [
      ['c-4', '2026-01-10T09:00:00Z'],
      ['c-3', '2026-01-12T09:00:00Z'],
      ['c-acuut', '2026-01-14T09:00:00Z'],
    ];
    for (const [id, at] of waits) {
      const waited = await zp().post(`/clients/${id}/care-scaling-steps`, up(at)).expect(201);
      expect(waited.body.events).toEqual([expect.objectContaining({ type: 'CareScalingWaitlisted' })]);
    }
    const grant = { clientId: 'c-acuut', decidedBy: 'tl-mirjam', reason: 'dreigende_dakloosheid', until: '2099-01-01T00:00:00Z' };
    const tooLong = await zp().post('/wooncirkels/wc-a/team/over-capacity', grant).expect(422);
    expect(tooLong.body).toMatchObject({ code: 'over_capacity_too_long', errors: [{ field: 'until' }] });
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const byWorker = await zp()
      .post('/wooncirkels/wc-a/team/over-capacity', { ...grant, until, decidedBy: 'pb-anouk' })
      .expect(422);
    expect(byWorker.body).toMatchObject({ code: 'not_a_teamleider', errors: [{ field: 'decidedBy' }] });
    const notAcute = await zp()
      .post('/wooncirkels/wc-a/team/over-capacity', { ...grant, until, clientId: 'c-4' })
      .expect(422);
    expect(notAcute.body).toMatchObject({ code: 'not_acute', errors: [{ field: 'clientId' }] });
    const badReason = await zp()
      .post('/wooncirkels/wc-a/team/over-capacity', { ...grant, until, reason: 'druk' })
      .expect(400);
    expect(JSON.stringify(badReason.body)).toContain('reason');

    const granted = await zp()
      .post('/wooncirkels/wc-a/team/over-capacity', { ...grant, until })
      .expect(201);
    expect(granted.body.events.map((e: { type: string }) => e.type)).toEqual(['TeamOverCapacityGranted', 'TeamPlaceOffered']);
    const scaled = await zp().post('/clients/c-acuut/care-scaling-steps', up('2026-01-15T09:00:00Z')).expect(201);
    expect(scaled.body.events).toEqual([expect.objectContaining({ type: 'CareScaledUp' })]);
    const a = await team('wc-a');
    expect(a.teamClientIds).toHaveLength(3);
    expect(a.caseloadCapacity).toBe(2);
    expect(a.overCapacity).toEqual([expect.objectContaining({ clientId: 'c-acuut', decidedBy: 'tl-mirjam', reason: 'dreigende_dakloosheid', until })]);
  });

  it('a transfer into a full team waits there instead of failing', async () => {
    await zp().post('/clients/c-t/care-scaling-steps', up('2026-01-06T09:00:00Z')).expect(201);
    const waiting = await zp().post('/clients/c-t/transfers', { toWooncirkelId: 'wc-a', reason: 'dichter bij familie' }).expect(201);
    expect(waiting.body.events).toEqual([expect.objectContaining({ type: 'TransferWaitlisted' })]);
    const transfers = (
      await zp()
        .get(`/wachtlijst?kind=transfer&minPosition=${await head()}`)
        .expect(200)
    ).body;
    expect(transfers.items).toEqual([expect.objectContaining({ clientId: 'c-t', kind: 'transfer', wooncirkelId: 'wc-a', open: true })]);
    expect((await team('wc-a')).waiting.map((w: { clientId: string; kind: string }) => [w.clientId, w.kind])).toEqual([
      ['c-4', 'care'],
      ['c-3', 'care'],
      ['c-t', 'transfer'],
    ]);
  });

  it('a staff member leaving leaves their clients visibly without vaste begeleider', async () => {
    await zp().post('/wooncirkels/wc-a/team/staff/pb-sem/departure', { reason: 'uit_dienst' }).expect(201);
    expect((await team('wc-a')).withoutBegeleider).toEqual(['c-1', 'c-2', 'c-acuut']);
    const again = await zp().post('/wooncirkels/wc-a/team/staff/pb-sem/departure', { reason: 'uit_dienst' }).expect(422);
    expect(again.body).toMatchObject({ code: 'not_on_team', errors: [{ field: 'staffId' }] });
    await zp().post('/clients/c-1/begeleider', { staffId: 'pb-anouk', reason: 'vertrek_medewerker' }).expect(201);
    expect((await team('wc-a')).withoutBegeleider).toEqual(['c-2', 'c-acuut']);
  });

  it('a freed place is absorbed by the over-capacity first, then offered to the most urgent waiting client', async () => {
    await zp().post('/clients/c-2/care-scaling-steps', down('2026-01-20T09:00:00Z')).expect(201);
    let a = await team('wc-a');
    expect(a.overCapacity).toStrictEqual([]);
    expect(a.openOffers).toStrictEqual([]);

    await zp().post('/clients/c-1/care-scaling-steps', down('2026-01-21T09:00:00Z')).expect(201);
    a = await team('wc-a');
    // c-3 (hoog) goes before c-4 (regulier, waiting longer) and the waiting transfer (regulier).
    expect(a.openOffers).toEqual([expect.objectContaining({ clientId: 'c-3', kind: 'care', urgency: 'hoog', overCapacity: false })]);
    // The reserved place is c-3's: nobody else gets it.
    const other = await zp().post('/clients/c-1/care-scaling-steps', up('2026-01-22T09:00:00Z')).expect(201);
    expect(other.body.events).toEqual([expect.objectContaining({ type: 'CareScalingWaitlisted' })]);
  });

  it('a teamleider overrides the offer with a reason; the waiting transfer then gets its place', async () => {
    const offerId = (await team('wc-a')).openOffers[0].offerId;
    const override = { toClientId: 'c-t', decidedBy: 'tl-mirjam', reason: 'continuiteit_begeleider' };
    const byWorker = await zp()
      .post(`/wooncirkels/wc-a/team/place-offers/${offerId}/override`, { ...override, decidedBy: 'pb-anouk' })
      .expect(422);
    expect(byWorker.body).toMatchObject({ code: 'not_a_teamleider', errors: [{ field: 'decidedBy' }] });
    const notWaiting = await zp()
      .post(`/wooncirkels/wc-a/team/place-offers/${offerId}/override`, { ...override, toClientId: 'c-2' })
      .expect(422);
    expect(notWaiting.body).toMatchObject({ code: 'not_waiting', errors: [{ field: 'toClientId' }] });
    const unknown = await zp().post('/wooncirkels/wc-a/team/place-offers/nope/override', override).expect(422);
    expect(unknown.body).toMatchObject({ code: 'unknown_offer', errors: [{ field: 'offerId' }] });

    await zp().post(`/wooncirkels/wc-a/team/place-offers/${offerId}/override`, override).expect(201);
    expect((await team('wc-a')).openOffers).toEqual([expect.objectContaining({ offerId, clientId: 'c-t', kind: 'transfer', overriddenBy: 'tl-mirjam' })]);

    const moved = await zp().post('/clients/c-t/transfers', { toWooncirkelId: 'wc-a', reason: 'dichter bij familie' }).expect(201);
    expect(moved.body.events[0]).toMatchObject({ type: 'ClientTransferred' });
    const a = await team('wc-a');
    expect(a.teamClientIds).toContain('c-t');
    expect(a.openOffers).toStrictEqual([]);
    expect(a.waiting.map((w: { clientId: string }) => w.clientId)).toEqual(['c-4', 'c-3', 'c-1']);
    const transfers = (
      await zp()
        .get(`/wachtlijst?kind=transfer&open=false&minPosition=${await head()}`)
        .expect(200)
    ).body;
    expect(transfers.items).toEqual([expect.objectContaining({ clientId: 'c-t', endedBy: 'served' })]);
    // Its old place on wc-b is free again.
    expect((await team('wc-b')).teamClientIds).toStrictEqual([]);
  });
});
