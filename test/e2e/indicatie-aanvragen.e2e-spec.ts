import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';

/**
 * The aanvraag for an indicatie over HTTP: a professional or the wijkteam asks, the competent gemeente grants it
 * (naming the aanvraag) or refuses it, the requester may withdraw it; meanwhile the client waits (wachtlijst kind
 * `indicatie`). Bad input is a 400 naming the field, a broken rule a 422 naming the field, a wrong role a 403.
 */
describe('toegang: the aanvraag for an indicatie and its wait (over HTTP)', () => {
  let t: TestApp;
  const zp = () => t.as('zorgprofessional', 'zp-1');
  const wijkteam = () => t.as('wijkteam', 'wijkteam-zaanstad', ['*'], 'GM0479');
  const zaanstad = () => t.as('gemeente', 'consulent-zaanstad', undefined, 'GM0479');
  const hoorn = () => t.as('gemeente', 'consulent-hoorn', undefined, 'GM0405');
  const aanvraag = (requestId: string, extra: object = {}) => ({ requestId, wet: 'wmo', product: 'dagbesteding', requestedIntensity: 'licht_ambulant', ...extra });
  const beschikking = (indicatieId: string, requestId: string) => ({ indicatieId, requestId, wet: 'wmo', product: 'dagbesteding', validFrom: '2026-03-01', validUntil: '2027-02-28', volume: { unit: 'dagdeel_per_week', amount: 4 }, covers: ['licht_ambulant'] });
  const waits = async (query: string) => (await t.as('auditor').get(`/wachtlijst?kind=indicatie&${query}`).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK047901', 'Poelenburg', 'Zaanstad'))
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', wooncirkelBody('wc-zaan', 'WK047901', 5))
      .expect(201);
    for (const id of ['c-ans', 'c-bram'])
      await zp()
        .post('/intakes', intakeBody(id, 'wc-zaan', 'WK047901'))
        .expect(201);
  });
  afterAll(() => t.close());

  it('refuses bad input naming the field (400), a role that never asks (403) and a second open aanvraag (422)', async () => {
    const bad = await zp()
      .post('/clients/c-ans/indicatie-aanvragen', aanvraag('a-1', { requestedIntensity: 'alles' }))
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['requestedIntensity']);
    const unknownField = await zp()
      .post('/clients/c-ans/indicatie-aanvragen', { ...aanvraag('a-1'), bsn: '123' })
      .expect(400);
    expect(JSON.stringify(unknownField.body)).toContain('bsn');
    await t.as('woningcorporatie', 'corp-1', undefined, 'parteon').post('/clients/c-ans/indicatie-aanvragen', aanvraag('a-1')).expect(403);
    await t.as('beleidsmaker').post('/clients/c-ans/indicatie-aanvragen', aanvraag('a-1')).expect(403);
    const beyond = await zp()
      .post('/clients/c-ans/indicatie-aanvragen', aanvraag('a-1', { requestedIntensity: 'zorg_24uur' }))
      .expect(422);
    expect(beyond.body).toMatchObject({ code: 'product_does_not_cover', errors: [{ field: 'requestedIntensity' }] });
    const asked = await zp().post('/clients/c-ans/indicatie-aanvragen', aanvraag('a-1')).expect(201);
    expect(asked.body.events).toEqual([{ type: 'IndicatieRequested', revision: 1 }]);
    const second = await wijkteam().post('/clients/c-ans/indicatie-aanvragen', aanvraag('a-2')).expect(422);
    expect(second.body).toMatchObject({ code: 'indicatie_request_open', errors: [{ field: 'requestId' }] });
    const open = await waits(`minPosition=${asked.body.position}`);
    expect(open.items).toEqual([expect.objectContaining({ clientId: 'c-ans', kind: 'indicatie', open: true })]);
  });

  it('the competent gemeente grants it naming the aanvraag, which ends the wait as served; another gemeente may not refuse it', async () => {
    const foreign = await hoorn().post('/clients/c-ans/indicatie-aanvragen/a-1/refuse', { reason: 'geen_recht' }).expect(422);
    expect(foreign.body).toMatchObject({ code: 'issuer_not_competent', errors: [{ field: 'wet' }] });
    const unknown = await zaanstad().post('/clients/c-ans/indicaties', beschikking('ind-1', 'a-9')).expect(422);
    expect(unknown.body).toMatchObject({ code: 'unknown_indicatie_request', errors: [{ field: 'requestId' }] });
    const granted = await zaanstad().post('/clients/c-ans/indicaties', beschikking('ind-1', 'a-1')).expect(201);
    expect(granted.body.events).toEqual([{ type: 'IndicatieIssued', revision: 2 }]);
    const closed = await waits(`open=false&minPosition=${granted.body.position}`);
    expect(closed.items).toEqual([expect.objectContaining({ clientId: 'c-ans', kind: 'indicatie', open: false, endedBy: 'served' })]);
    await zaanstad().post('/clients/c-ans/indicatie-aanvragen/a-1/refuse', { reason: 'geen_recht' }).expect(422);
  });

  it('a refusal and a withdrawal end the wait with their coded reason; a bad reason is a 400 naming reason', async () => {
    await wijkteam().post('/clients/c-bram/indicatie-aanvragen', aanvraag('b-1')).expect(201);
    const badReason = await zaanstad().post('/clients/c-bram/indicatie-aanvragen/b-1/refuse', { reason: 'omdat' }).expect(400);
    expect(badReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    await zp().post('/clients/c-bram/indicatie-aanvragen/b-1/refuse', { reason: 'geen_recht' }).expect(422);
    const refused = await zaanstad().post('/clients/c-bram/indicatie-aanvragen/b-1/refuse', { reason: 'voorliggende_voorziening' }).expect(201);
    expect(refused.body.events).toEqual([{ type: 'IndicatieRequestRefused', revision: 2 }]);
    await wijkteam().post('/clients/c-bram/indicatie-aanvragen', aanvraag('b-2')).expect(201);
    await zaanstad().post('/clients/c-bram/indicatie-aanvragen/b-2/withdraw', { reason: 'niet_meer_nodig' }).expect(403);
    const withdrawn = await wijkteam().post('/clients/c-bram/indicatie-aanvragen/b-2/withdraw', { reason: 'niet_meer_nodig' }).expect(201);
    const ended = await waits(`open=false&minPosition=${withdrawn.body.position}`);
    const bram = ended.items.filter((w: { clientId: string }) => w.clientId === 'c-bram');
    expect(bram.map((w: { endedBy: string; closureReason: string }) => [w.endedBy, w.closureReason]).sort()).toEqual([
      ['refused', 'voorliggende_voorziening'],
      ['withdrawn', 'niet_meer_nodig'],
    ]);
    const stats = await t.as('auditor').get('/wachtlijst/statistics').expect(200);
    expect(stats.body.byKind).toHaveProperty('indicatie', 0);
  });
});
