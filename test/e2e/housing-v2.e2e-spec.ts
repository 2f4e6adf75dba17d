import { TestApp, intakeBody, startTestApp, wijkBody } from '../support/test-app';
import { seededDataDir } from '../support/seeded-data';
import { Protected, Relation, deduceIntervals, sumRelation } from '../../apps/api/src/disclosure/disclosure';

/**
 * Housing v2 over HTTP: homes owned by a corporation (only the owner offers them), the 10-minute rule
 * of a kern with its circle but not of a Housing First team, where the client comes from, and
 * reciprocity agreed at the match and delivered month by month.
 */
describe('housing v2 (running api)', () => {
  let t: TestApp;
  const zp = () => t.as('zorgprofessional', 'zp-zuidoost', ['wc-bijlmer', 'wc-hf']);
  const rochdale = () => t.as('woningcorporatie', 'rochdale-1', undefined, 'rochdale');
  const ymere = () => t.as('woningcorporatie', 'ymere-1', undefined, 'ymere');
  const thisMonth = new Date().toISOString().slice(0, 7);
  const nextMonth = (() => {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + 1);
    return d.toISOString().slice(0, 7);
  })();
  const kern = { name: 'Kern Bijlmer', opensAt: '07:30', closesAt: '22:30' };
  const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);

  beforeAll(async () => {
    t = await startTestApp();
    await t
      .as('admin')
      .post('/wijken', wijkBody('WK0363TA', 'Bijlmer-Centrum (D, F, H)', 'Amsterdam'))
      .expect(201);
  });
  afterAll(() => t.close());

  it('registers a kern with its circle and a Housing First team: the 10-minute rule is the form’s, not every home’s', async () => {
    await t
      .as('admin')
      .post('/wooncirkels', {
        wooncirkelId: 'wc-bijlmer',
        wijkCode: 'WK0363TA',
        name: 'Wooncirkel Bijlmer',
        form: 'kern_met_cirkel',
        kern,
        team: { teamId: 'team-bijlmer', name: 'Team Bijlmer', providerId: 'prov-cordaan', caseloadCapacity: 10 },
        homes: [
          { homeId: 'b-1', address: 'Bijlmerdreef 1', housingType: 'cluster', owner: 'rochdale', travelMinutesToKern: 0 },
          { homeId: 'b-2', address: 'Bijlmerdreef 20', housingType: 'zelfstandig_in_cirkel', owner: 'rochdale', travelMinutesToKern: 7 },
          { homeId: 'b-3', address: 'Bijlmerdreef 40', housingType: 'zelfstandig_in_cirkel', owner: 'ymere', travelMinutesToKern: 9 },
        ],
      })
      .expect(201);
    await t
      .as('admin')
      .post('/wooncirkels', {
        wooncirkelId: 'wc-hf',
        wijkCode: 'WK0363TA',
        name: 'Housing First Zuidoost',
        form: 'housing_first',
        kern: { name: 'Steunpunt Housing First', opensAt: '09:00', closesAt: '17:00' },
        team: { teamId: 'team-hf', name: 'Housing First', providerId: 'prov-hvo-querido', caseloadCapacity: 8 },
        homes: [{ homeId: 'hf-1', address: 'Gaasperdam 12', housingType: 'housing_first', owner: 'rochdale', travelMinutesToKern: 28 }],
      })
      .expect(201);

    // In the circle, the same distance is too far; a Housing First home does not belong there at all.
    const far = await t
      .as('admin')
      .post('/wooncirkels/wc-bijlmer/homes', { home: { homeId: 'b-9', address: 'Ver weg 1', housingType: 'zelfstandig_in_cirkel', owner: 'rochdale', travelMinutesToKern: 28 } })
      .expect(422);
    expect([far.body.code, fieldsOf(far)]).toEqual(['home_too_far_from_kern', ['home.travelMinutesToKern']]);
    const wrongType = await t
      .as('admin')
      .post('/wooncirkels/wc-bijlmer/homes', { home: { homeId: 'b-9', address: 'a', housingType: 'housing_first', owner: 'rochdale', travelMinutesToKern: 3 } })
      .expect(422);
    expect([wrongType.body.code, fieldsOf(wrongType)]).toEqual(['housing_type_not_in_form', ['home.housingType']]);
    const noOwner = await t
      .as('admin')
      .post('/wooncirkels/wc-bijlmer/homes', { home: { homeId: 'b-9', address: 'a', housingType: 'cluster', travelMinutesToKern: 3 } })
      .expect(400);
    expect(fieldsOf(noOwner)).toEqual(['home.owner']);
    const noForm = await t
      .as('admin')
      .post('/wooncirkels', { wooncirkelId: 'wc-x', wijkCode: 'WK0363TA', name: 'x', form: 'kasteel', kern, team: { teamId: 't', name: 't', providerId: 'p', caseloadCapacity: 1 }, homes: [] })
      .expect(400);
    expect(fieldsOf(noForm)).toEqual(['form']);
  });

  it('records where a client comes from when asking for housing, and refuses an unknown origin naming it', async () => {
    await zp()
      .post('/intakes', intakeBody('c-kliniek', 'wc-bijlmer', 'WK0363TA'))
      .expect(201);
    await zp()
      .post('/intakes', intakeBody('c-straat', 'wc-hf', 'WK0363TA'))
      .expect(201);
    const missing = await zp().post('/clients/c-kliniek/housing-requests', { reason: 'uitstroom uit de kliniek' }).expect(400);
    expect(fieldsOf(missing)).toEqual(['origin']);
    const unknown = await zp().post('/clients/c-kliniek/housing-requests', { reason: 'uitstroom uit de kliniek', origin: 'kasteel' }).expect(400);
    expect(fieldsOf(unknown)).toEqual(['origin']);
    await zp().post('/clients/c-kliniek/housing-requests', { reason: 'uitstroom uit de kliniek', origin: 'intramurale_ggz' }).expect(201);
    const last = await zp().post('/clients/c-straat/housing-requests', { reason: 'slaapt buiten', origin: 'dakloos' }).expect(201);

    const exact = await t.as('auditor').get(`/housing-requests/origins?wijkCode=WK0363TA&minPosition=${last.body.position}`).expect(200);
    expect(exact.body).toMatchObject({ area: 'WK0363TA', exact: true, total: { requests: 2, byOrigin: { intramurale_ggz: 1, dakloos: 1, thuis: 0 } } });
    // Policymakers see protected figures: two people are a small group.
    const protectedFigures = await t.as('beleidsmaker').get('/housing-requests/origins?wijkCode=WK0363TA').expect(200);
    expect(protectedFigures.body).toMatchObject({ exact: false, total: { requests: '<5' } });
    expect(protectedFigures.body.total.byOrigin.intramurale_ggz).not.toBe(1);
  });

  it('only the owner offers a home: another corporation, a corporation without organisation and a body naming another are refused', async () => {
    const notOwner = await ymere().post('/clients/c-kliniek/housing-offers', { offerId: 'o-ymere', wooncirkelId: 'wc-bijlmer', homeId: 'b-2' }).expect(422);
    expect([notOwner.body.code, fieldsOf(notOwner)]).toEqual(['not_home_owner', ['homeId']]);
    const anonymous = await t.as('woningcorporatie', 'corp-zonder-org').post('/clients/c-kliniek/housing-offers', { offerId: 'o-anon', wooncirkelId: 'wc-bijlmer', homeId: 'b-2' }).expect(422);
    expect([anonymous.body.code, fieldsOf(anonymous)]).toEqual(['organisation_required', ['corporation']]);
    const mismatch = await rochdale().post('/clients/c-kliniek/housing-offers', { offerId: 'o-mis', corporation: 'ymere', wooncirkelId: 'wc-bijlmer', homeId: 'b-2' }).expect(422);
    expect([mismatch.body.code, fieldsOf(mismatch)]).toEqual(['corporation_mismatch', ['corporation']]);

    await rochdale().post('/clients/c-kliniek/housing-offers', { offerId: 'o-1', wooncirkelId: 'wc-bijlmer', homeId: 'b-2' }).expect(201);
    // A Housing First home 28 minutes from the team's base is offered: that form has no 10-minute rule.
    const hf = await rochdale().post('/clients/c-straat/housing-offers', { offerId: 'o-hf', corporation: 'rochdale', wooncirkelId: 'wc-hf', homeId: 'hf-1' }).expect(201);

    const own = await rochdale().get(`/homes?minPosition=${hf.body.position}`).expect(200);
    expect(own.body.items.map((h: { homeId: string; owner: string; status: string }) => [h.homeId, h.owner, h.status])).toEqual([
      ['b-1', 'rochdale', 'vacant'],
      ['b-2', 'rochdale', 'reserved'],
      ['hf-1', 'rochdale', 'reserved'],
    ]);
    expect(JSON.stringify(own.body)).not.toMatch(/c-kliniek|c-straat|Bijlmerdreef|Gaasperdam/);
    const theirs = await ymere().get('/homes').expect(200);
    expect(theirs.body.items.map((h: { homeId: string }) => h.homeId)).toEqual(['b-3']);
    const peek = await ymere().get('/homes?owner=rochdale').expect(403);
    expect(fieldsOf(peek)).toEqual(['owner']);
    const all = await t.as('admin').get('/homes?housingType=housing_first').expect(200);
    expect(all.body.items).toEqual([expect.objectContaining({ homeId: 'hf-1', housingType: 'housing_first', travelMinutesToKern: 28, wooncirkelId: 'wc-hf' })]);
  });

  it('agrees reciprocity at the match and records what is delivered month by month; refusals name the field', async () => {
    await zp()
      .post('/clients/c-kliniek/housing-offers/o-1/accept', { reciprocity: ['boodschappen', 'klusjes'] })
      .expect(201);
    await zp().post('/clients/c-kliniek/reciprocity/deliveries', { contribution: 'boodschappen', month: thisMonth, times: 3 }).expect(201);
    await zp().post('/clients/c-kliniek/reciprocity/deliveries', { contribution: 'klusjes', month: thisMonth, hours: 4 }).expect(201);

    const notAgreed = await zp().post('/clients/c-kliniek/reciprocity/deliveries', { contribution: 'koken', month: thisMonth, hours: 2 }).expect(422);
    expect([notAgreed.body.code, fieldsOf(notAgreed)]).toEqual(['contribution_not_agreed', ['contribution']]);
    const both = await zp().post('/clients/c-kliniek/reciprocity/deliveries', { contribution: 'klusjes', month: thisMonth, hours: 2, times: 1 }).expect(422);
    expect([both.body.code, fieldsOf(both)]).toEqual(['hours_or_times', ['hours']]);
    const future = await zp().post('/clients/c-kliniek/reciprocity/deliveries', { contribution: 'klusjes', month: nextMonth, hours: 2 }).expect(422);
    expect([future.body.code, fieldsOf(future)]).toEqual(['month_in_future', ['month']]);
    const badMonth = await zp().post('/clients/c-kliniek/reciprocity/deliveries', { contribution: 'klusjes', month: '2026-13', hours: 2 }).expect(400);
    expect(fieldsOf(badMonth)).toEqual(['month']);
    const fraction = await zp().post('/clients/c-kliniek/reciprocity/deliveries', { contribution: 'klusjes', month: thisMonth, hours: 1.5 }).expect(400);
    expect(fieldsOf(fraction)).toEqual(['hours']);
    const noAgreement = await zp().post('/clients/c-straat/reciprocity/deliveries', { contribution: 'klusjes', month: thisMonth, hours: 2 }).expect(422);
    expect([noAgreement.body.code, fieldsOf(noAgreement)]).toEqual(['no_reciprocity_agreement', ['clientId']]);

    // Changed by agreement: from then on, koken counts.
    const unchanged = await zp()
      .post('/clients/c-kliniek/reciprocity/agreement-changes', { contributions: ['klusjes', 'boodschappen'], reason: 'x' })
      .expect(422);
    expect([unchanged.body.code, fieldsOf(unchanged)]).toEqual(['agreement_unchanged', ['contributions']]);
    await zp()
      .post('/clients/c-kliniek/reciprocity/agreement-changes', { contributions: ['boodschappen', 'koken'], reason: 'kookt liever in de buurtkeuken' })
      .expect(201);
    const cooked = await zp().post('/clients/c-kliniek/reciprocity/deliveries', { contribution: 'koken', month: thisMonth, hours: 6 }).expect(201);

    const person = await t.as('auditor').get(`/reciprocity?wijkCode=WK0363TA&minPosition=${cooked.body.position}`).expect(200);
    expect(person.body.items).toEqual([
      expect.objectContaining({
        clientId: 'c-kliniek',
        agreed: ['boodschappen', 'koken'],
        changes: 1,
        delivered: { boodschappen: { hours: 0, times: 3, months: [thisMonth] }, klusjes: { hours: 4, times: 0, months: [thisMonth] }, koken: { hours: 6, times: 0, months: [thisMonth] } },
        agreedDelivered: 2,
        lastDeliveredMonth: thisMonth,
      }),
    ]);
    // The personal reason of the change stays in the client's stream.
    expect(JSON.stringify(person.body)).not.toContain('buurtkeuken');
    const figures = await t.as('auditor').get('/reciprocity/statistics?gemeenteCode=GM0363').expect(200);
    expect(figures.body).toMatchObject({ area: 'GM0363', exact: true, clientsWithAgreement: 1, clientsDelivering: 1, byContribution: { koken: { agreedClients: 1, deliveringClients: 1, hours: 6, times: 0 }, klusjes: { agreedClients: 0 } } });
    const protectedFigures = await t.as('beleidsmaker').get('/reciprocity/statistics?gemeenteCode=GM0363').expect(200);
    expect(protectedFigures.body).toMatchObject({ exact: false, clientsWithAgreement: '<5', byContribution: { koken: { agreedClients: '<5', hours: expect.not.stringMatching(/^6$/) } } });
    expect(protectedFigures.body.byContribution.koken.hours).not.toBe(6);
    // Person-level reciprocity is not for policymakers or corporations.
    await t.as('beleidsmaker').get('/reciprocity').expect(403);
    await rochdale().get('/reciprocity').expect(403);
  });
});

/** The housing views of a seeded region equal a recomputation from the raw events, written without the projection code. */
describe('housing views equal a recomputation from the raw events (seeded region)', () => {
  let t: TestApp;
  let events: Awaited<ReturnType<typeof seededDataDir>>['events'];

  beforeAll(async () => {
    const seeded = await seededDataDir(250, 11);
    events = seeded.events;
    t = await startTestApp(seeded.dataDir);
  }, 300_000);
  afterAll(() => t?.close());

  const all = async (url: string, role = 'auditor', organisation?: string) => {
    const items: Record<string, unknown>[] = [];
    for (let offset = 0; ; offset += 500) {
      const res = await t
        .as(role, `${role}-1`, undefined, organisation)
        .get(`${url}${url.includes('?') ? '&' : '?'}limit=500&offset=${offset}`)
        .expect(200);
      items.push(...res.body.items);
      if (items.length >= res.body.total) return items;
    }
  };

  it('homes per owner and their state, request origins, reciprocity agreed and delivered', async () => {
    const head = events[events.length - 1].globalPosition;
    const homes = new Map<string, { owner: string; status: string }>();
    const origins = new Map<string, number>();
    const reciprocity = new Map<string, { agreed: string[]; hours: number; times: number }>();
    for (const e of events) {
      const d = e.data as Record<string, any>;
      const id = (homeId: string) => `${d.wooncirkelId}:${homeId}`;
      if (e.type === 'WooncirkelRegistered') for (const h of d.homes) homes.set(id(h.homeId), { owner: h.owner ?? 'onbekend', status: 'vacant' });
      if (e.type === 'HomeAdded') homes.set(id(d.home.homeId), { owner: d.home.owner ?? 'onbekend', status: 'vacant' });
      if (e.type === 'HomeReserved') homes.get(id(d.homeId))!.status = 'reserved';
      if (e.type === 'HomeOccupied') homes.get(id(d.homeId))!.status = 'occupied';
      if (e.type === 'HomeReservationReleased' || e.type === 'HomeVacated') homes.get(id(d.homeId))!.status = 'vacant';
      if (e.type === 'HousingRequested') origins.set(d.origin ?? 'niet_vastgelegd', (origins.get(d.origin ?? 'niet_vastgelegd') ?? 0) + 1);
      if (e.type === 'HousingMatched') reciprocity.set(d.clientId, { agreed: d.reciprocity, hours: 0, times: 0 });
      if (e.type === 'ReciprocityAgreementChanged') reciprocity.get(d.clientId)!.agreed = d.to;
      if (e.type === 'ReciprocityDelivered') {
        reciprocity.get(d.clientId)!.hours += d.hours ?? 0;
        reciprocity.get(d.clientId)!.times += d.times ?? 0;
      }
      if (e.type === 'ClientDataErased') reciprocity.delete(d.clientId);
    }
    expect([...homes.values()].some((h) => h.status === 'occupied')).toBe(true);

    const viewed = await all(`/homes?minPosition=${head}`, 'admin');
    expect(new Map(viewed.map((h) => [`${h.wooncirkelId}:${h.homeId}`, { owner: h.owner, status: h.status }]))).toEqual(homes);
    // Each corporation sees exactly its own.
    const owners = [...new Set([...homes.values()].map((h) => h.owner))];
    expect(owners.length).toBeGreaterThan(5);
    for (const owner of owners.slice(0, 4)) {
      const own = await all('/homes', 'woningcorporatie', owner);
      expect([owner, own.length, own.every((h) => h.owner === owner)]).toEqual([owner, [...homes.values()].filter((h) => h.owner === owner).length, true]);
    }

    const region = await t.as('auditor').get('/housing-requests/origins').expect(200);
    expect(region.body.total.requests).toBe([...origins.values()].reduce((a, b) => a + b, 0));
    for (const [origin, n] of origins) expect([origin, region.body.total.byOrigin[origin]]).toEqual([origin, n]);

    const rows = await all('/reciprocity');
    expect(rows.length).toBe(reciprocity.size);
    for (const r of rows as { clientId: string; agreed: string[]; delivered: Record<string, { hours: number; times: number }> }[]) {
      const e = reciprocity.get(r.clientId)!;
      const sum = (k: 'hours' | 'times') => Object.values(r.delivered).reduce((s, c) => s + c[k], 0);
      expect([r.clientId, r.agreed, sum('hours'), sum('times')]).toEqual([r.clientId, e.agreed, e.hours, e.times]);
    }
  });

  it('request origins: no count of 1–4 can be worked back by subtracting the figures of wijken from those of their gemeente and region', async () => {
    const head = events[events.length - 1].globalPosition;
    const wijken = [...new Set(events.filter((e) => e.type === 'HousingRequested').map((e) => (e.data as { wijkCode: string }).wijkCode))].sort();
    const gemeenten = [...new Set(wijken.map((w) => `GM${w.slice(2, 6)}`))].sort();
    const areas: [string, string][] = [['regio', ''], ...gemeenten.map((g): [string, string] => [g, `&gemeenteCode=${g}`]), ...wijken.map((w): [string, string] => [w, `&wijkCode=${w}`])];
    type Row = { requests: Protected; byOrigin: Record<string, Protected> };
    type Origins = { total: Row; months: (Row & { month: string })[] };
    const published = new Map<string, Protected>();
    const truth = new Map<string, number>();
    const months = new Set<string>();
    const keys = new Set<string>();
    const put = (into: Map<string, Protected>, area: string, body: Origins) => {
      for (const [row, figures] of [['total', body.total] as const, ...body.months.map((m) => [m.month, m] as const)]) {
        if (row !== 'total') months.add(row);
        for (const [cell, value] of [['requests', figures.requests] as const, ...Object.entries(figures.byOrigin)]) {
          keys.add(cell);
          into.set(`${area}|${row}|${cell}`, value);
        }
      }
    };
    for (const [area, filter] of areas) {
      put(published, area, (await t.as('beleidsmaker').get(`/housing-requests/origins?minPosition=${head}${filter}`).expect(200)).body);
      put(truth as Map<string, Protected>, area, (await t.as('auditor').get(`/housing-requests/origins?minPosition=${head}${filter}`).expect(200)).body);
    }
    // A month an area does not list is a month of zeros.
    for (const [area] of areas) for (const row of ['total', ...months]) for (const cell of keys) for (const into of [published, truth as Map<string, Protected>]) if (!into.has(`${area}|${row}|${cell}`)) into.set(`${area}|${row}|${cell}`, 0);
    const relations: Relation[] = [];
    for (const row of ['total', ...months])
      for (const cell of keys) {
        relations.push(
          sumRelation(
            `regio|${row}|${cell}`,
            gemeenten.map((g) => `${g}|${row}|${cell}`),
          ),
        );
        for (const g of gemeenten)
          relations.push(
            sumRelation(
              `${g}|${row}|${cell}`,
              wijken.filter((w) => `GM${w.slice(2, 6)}` === g).map((w) => `${w}|${row}|${cell}`),
            ),
          );
      }
    const deduced = deduceIntervals(published, relations);
    const pinned = [...truth].filter(([cell, n]) => n >= 1 && n <= 4 && deduced.get(cell)![0] === deduced.get(cell)![1]);
    expect([...truth.values()].some((n) => n >= 1 && n <= 4)).toBe(true);
    expect(pinned).toStrictEqual([]);
  });

  it('reciprocity statistics: no count of 1–4 and no hours of fewer than five clients can be worked back by subtracting wijken from their gemeente and region', async () => {
    const head = events[events.length - 1].globalPosition;
    const rows = (await all('/reciprocity')) as { wijkCode: string }[];
    const wijken = [...new Set(rows.map((r) => r.wijkCode))].sort();
    const gemeenten = [...new Set(wijken.map((w) => `GM${w.slice(2, 6)}`))].sort();
    const areas: [string, string][] = [['regio', ''], ...gemeenten.map((g): [string, string] => [g, `&gemeenteCode=${g}`]), ...wijken.map((w): [string, string] => [w, `&wijkCode=${w}`])];
    type Figures = { clientsWithAgreement: Protected; clientsDelivering: Protected; byContribution: Record<string, { agreedClients: Protected; deliveringClients: Protected; hours: Protected; times: Protected }> };
    const counts = (body: Figures) => [['agreement', body.clientsWithAgreement] as const, ['delivering', body.clientsDelivering] as const, ...Object.entries(body.byContribution).flatMap(([c, f]) => [[`${c}:agreed`, f.agreedClients] as const, [`${c}:delivering`, f.deliveringClients] as const])];
    const published = new Map<string, Protected>();
    const truth = new Map<string, number>();
    const hours = new Map<string, Protected>();
    const keys = new Set<string>();
    for (const [area, filter] of areas) {
      const shown: Figures = (await t.as('beleidsmaker').get(`/reciprocity/statistics?minPosition=${head}${filter}`).expect(200)).body;
      const exact: Figures = (await t.as('auditor').get(`/reciprocity/statistics?minPosition=${head}${filter}`).expect(200)).body;
      for (const [key, value] of counts(shown)) (keys.add(key), published.set(`${area}|${key}`, value));
      for (const [key, value] of counts(exact)) truth.set(`${area}|${key}`, value as number);
      for (const [c, f] of Object.entries(shown.byContribution)) (hours.set(`${area}|${c}:hours`, f.hours), hours.set(`${area}|${c}:times`, f.times));
    }
    const partsOf = (area: string) => (area === 'regio' ? gemeenten : wijken.filter((w) => `GM${w.slice(2, 6)}` === area));
    const relations: Relation[] = [];
    for (const area of [...gemeenten, 'regio'])
      for (const key of keys)
        relations.push(
          sumRelation(
            `${area}|${key}`,
            partsOf(area).map((p) => `${p}|${key}`),
          ),
        );
    const deduced = deduceIntervals(published, relations);
    expect([...truth.values()].some((n) => n >= 1 && n <= 4)).toBe(true);
    expect([...truth].filter(([cell, n]) => n >= 1 && n <= 4 && deduced.get(cell)![0] === deduced.get(cell)![1])).toStrictEqual([]);
    // Hours and times: no figure of 1–4 clients is the only one hidden in a sum over areas (it would be the total less the others).
    const lonely: string[] = [];
    for (const area of [...gemeenten, 'regio'])
      for (const key of hours.keys())
        if (key.startsWith(`${area}|`)) {
          const cell = key.slice(area.length);
          const hidden = [key, ...partsOf(area).map((p) => `${p}${cell}`)].filter((k) => typeof (hours.get(k) ?? 0) !== 'number');
          const people = hidden.length === 1 ? truth.get(hidden[0].replace(/:(hours|times)$/, ':delivering'))! : 0;
          if (people >= 1 && people <= 4) lonely.push(hidden[0]);
        }
    expect(lonely).toStrictEqual([]);
  });
});
