import { CARE_INTENSITIES, FUNDERS, RECIPROCITY_CONTRIBUTIONS } from '@wijkzorg/domain';
import { EventStore } from '@wijkzorg/event-store';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { TestApp, intakeBody, startTestApp, wijkBody, wooncirkelBody } from '../support/test-app';
import { declaredRoutes } from '../support/routes';
import { gemeenteFor, grantIndicatie } from '../support/toegang';

/** Every route with a :clientId in its path that a zorgprofessional may call. */
function clientRoutesOf(t: TestApp): { method: string; path: string }[] {
  return declaredRoutes(t.app)
    .filter((r) => r.path.includes(':clientId') && (r.roles ?? []).includes('zorgprofessional'))
    .map(({ method, path }) => ({ method, path }));
}

/** A valid body per command route, so that only existence and scope can decide the answer. */
const BODIES: Record<string, object> = {
  'POST /clients/:clientId/care-scaling-steps': { toIntensity: CARE_INTENSITIES[1], reason: 'meer steun', decidedBy: 'team', effectiveAt: '2026-02-01T00:00:00Z' },
  'POST /clients/:clientId/housing-requests': { reason: 'eigen plek', origin: 'thuis' },
  'POST /clients/:clientId/housing-offers/:offerId/decline': { reason: 'te ver', becauseOfPreference: true },
  'POST /clients/:clientId/housing-offers/:offerId/accept': { reciprocity: [RECIPROCITY_CONTRIBUTIONS[0]] },
  'POST /clients/:clientId/reciprocity/deliveries': { contribution: RECIPROCITY_CONTRIBUTIONS[0], month: '2026-02', times: 2 },
  'POST /clients/:clientId/reciprocity/agreement-changes': { contributions: [RECIPROCITY_CONTRIBUTIONS[1]], reason: 'afgesproken met de cliënt' },
  'POST /clients/:clientId/move-in': { movedInAt: '2026-03-01T00:00:00Z' },
  'POST /clients/:clientId/move-out': { movedOutAt: '2026-03-01T00:00:00Z', reason: 'eigen_wens' },
  'POST /clients/:clientId/moves': { movedAt: '2026-03-01T00:00:00Z', toSetting: 'elders', reason: 'eigen_wens' },
  'POST /clients/:clientId/budget/allocations': { year: 2026, funder: FUNDERS[0], amountCents: 1000 },
  'POST /clients/:clientId/budget/releases': { releaseId: 'r-1', year: 2026, funder: FUNDERS[0], purpose: 'zorg_begeleiding', amountCents: 500, approvedBy: 'team' },
  'POST /clients/:clientId/budget/releases/:releaseId/spendings': { amountCents: 100, description: 'bon', spentAt: '2026-03-01T00:00:00Z' },
  'POST /clients/:clientId/budget/settlements': { year: 2026, funder: FUNDERS[0] },
  'POST /clients/:clientId/transfers': { toWooncirkelId: 'wc-a', reason: 'dichter bij familie' },
  'POST /clients/:clientId/begeleider': { staffId: 'pb-anouk', reason: 'eerste_toewijzing' },
  'POST /clients/:clientId/daginvulling-requests': { wish: 'tuinieren' },
  'POST /clients/:clientId/daginvulling-arrangements': { activity: 'tuin_natuur', provider: 'buurtcentrum' },
  'POST /clients/:clientId/waiting/pause': { reason: 'vakantie' },
  'POST /clients/:clientId/waiting/resume': {},
  'POST /clients/:clientId/doorbraak-cases': { caseId: 'case-1', reason: 'vastgelopen' },
  'POST /clients/:clientId/indicaties': { indicatieId: 'ind-1', wet: 'zvw', product: 'wijkverpleging', validFrom: '2026-01-01', validUntil: '2026-06-30', volume: { unit: 'minuten_per_week', amount: 300 }, covers: ['intensief_ambulant'] },
  'POST /clients/:clientId/indicaties/:indicatieId/end': { reason: 'doel_bereikt', endsOn: '2026-03-01' },
  'POST /clients/:clientId/indicatie-aanvragen': { requestId: 'aanvraag-1', wet: 'zvw', product: 'wijkverpleging', requestedIntensity: 'intensief_ambulant' },
  'POST /clients/:clientId/indicatie-aanvragen/:requestId/refuse': { reason: 'geen_recht' },
  'POST /clients/:clientId/indicatie-aanvragen/:requestId/withdraw': { reason: 'niet_meer_nodig' },
  'POST /clients/:clientId/network/members': { memberId: 'm-1', relation: 'naaste', personal: { name: 'Els' } },
  'POST /clients/:clientId/network/members/:memberId/departure': { reason: 'verhuisd' },
  'POST /clients/:clientId/network/support': { supportId: 's-1', memberId: 'm-1', kind: 'gezelschap', hoursPerWeek: 2 },
  'POST /clients/:clientId/network/support/:supportId/end': { reason: 'doel_bereikt' },
  'POST /clients/:clientId/referrals/made': { referralId: 'r-1', care: 'wlz' },
  'POST /clients/:clientId/referrals/avoided': { referralId: 'r-2', care: 'wlz', solution: 'buurtplein' },
  'POST /clients/:clientId/closure': { reason: 'hersteld', effectiveAt: '2026-03-01T00:00:00Z' },
  'POST /clients/:clientId/planned-steps/care-scaling': { planId: 'p-1', toIntensity: CARE_INTENSITIES[1], reason: 'minder steun', decidedBy: 'team', effectiveAt: '2027-06-01T00:00:00Z' },
  'POST /clients/:clientId/planned-steps/closure': { planId: 'p-2', reason: 'hersteld', effectiveAt: '2027-06-01T00:00:00Z' },
  'POST /clients/:clientId/planned-steps/:planId/cancellation': { reason: 'toch niet' },
};

describe('uniform answers outside the scope, and command ids bound to their command', () => {
  let t: TestApp;
  let events: EventStore;
  const zpA = () => t.as('zorgprofessional', 'zp-a', ['wc-a']);
  const zpB = () => t.as('zorgprofessional', 'zp-b', ['wc-b']);

  beforeAll(async () => {
    t = await startTestApp();
    events = t.app.get(EVENT_STORE);
    await t.as('admin').post('/wijken', wijkBody('WK075802', 'Tuinzigt')).expect(201);
    for (const id of ['wc-a', 'wc-b'])
      await t
        .as('admin')
        .post('/wooncirkels', wooncirkelBody(id, 'WK075802', 3))
        .expect(201);
    await zpB()
      .post('/intakes', { ...intakeBody('c-b', 'wc-b', 'WK075802'), commandId: 'cmd-b-intake' })
      .expect(201);
    await zpB()
      .post('/clients/c-b/care-scaling-steps', { ...BODIES['POST /clients/:clientId/care-scaling-steps'], commandId: 'cmd-b-scale' })
      .expect(201);
    // Wmo money comes from the gemeente, for a client it granted access (the command id stays the one probed below).
    await grantIndicatie(t, 'c-b', 'WK075802');
    const budget = await gemeenteFor(t, 'WK075802')
      .post('/clients/c-b/budget/allocations', { ...BODIES['POST /clients/:clientId/budget/allocations'], commandId: 'cmd-b-budget' })
      .expect(201);
    await t.as('auditor').get(`/budget/clients/c-b?minPosition=${budget.body.position}`).expect(200); // the budget view of c-b exists
  });
  afterAll(() => t.close());

  /** The answer with the probed id masked: what a caller can learn from it. */
  const answer = (res: { status: number; body: unknown }, id: string) => ({ status: res.status, body: JSON.parse(JSON.stringify(res.body).split(id).join('<id>')) });

  it('gives a foreign client and a missing one the same answer on every person-level route, and writes nothing', async () => {
    const routes = clientRoutesOf(t);
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const head = await events.headPosition();
    let probes = 0;
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const probesOfRoute: (object | undefined)[] = route.method === 'GET' ? [undefined] : [BODIES[key], { ...BODIES[key], commandId: 'cmd-b-scale' }, { ...BODIES[key], commandId: 'cmd-b-budget', expectedRevision: 0 }, { ...BODIES[key], expectedRevision: 2 }];
      if (route.method !== 'GET') expect([key, BODIES[key] !== undefined]).toEqual([key, true]); // a new route needs a body here
      for (const body of probesOfRoute) {
        const seen = [];
        for (const clientId of ['c-b', 'c-nobody']) {
          const url = route.path.replace(':clientId', clientId).replace(/:(\w+)/g, 'x-$1');
          const res = route.method === 'GET' ? await zpA().get(url) : await zpA().post(url, body);
          seen.push(answer(res, clientId));
          probes++;
        }
        expect([key, seen[0]]).toEqual([key, seen[1]]);
        expect([key, seen[0].status]).toEqual([key, 404]);
        expect(seen[0].body).toMatchObject({ errors: [{ field: 'clientId' }], detail: 'client <id> not found or not in your scope' });
        expect(JSON.stringify(seen[0].body)).not.toMatch(/wc-b|revision|replayed/);
      }
    }
    expect(await events.headPosition()).toBe(head);
    console.log(`scope: ${probes} probes on ${routes.length} client routes, foreign = missing on each`);
    // The client's own team still gets through.
    await zpB().get('/clients/c-b').expect(200);
    await zpB().get('/budget/clients/c-b').expect(200);
  });

  it('scopes GET /wooncirkels/:id: own wooncirkels for zorgprofessionals, foreign answered like missing', async () => {
    const foreign = await zpA().get('/wooncirkels/wc-b');
    const missing = await zpA().get('/wooncirkels/wc-nowhere');
    expect(answer(foreign, 'wc-b')).toEqual(answer(missing, 'wc-nowhere'));
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ errors: [{ field: 'wooncirkelId' }] });
    expect(JSON.stringify(foreign.body)).not.toMatch(/teamClientIds|homes|\bc-b\b/);
    const own = await zpB().get('/wooncirkels/wc-b').expect(200);
    expect(own.body.state.teamClientIds).toEqual(['c-b']);
    await t.as('admin').get('/wooncirkels/wc-b').expect(200);
    await t.as('auditor').get('/wooncirkels/wc-b').expect(200);
    await t.as('admin').get('/wooncirkels/wc-nowhere').expect(404);
  });

  it('refuses an intake for a wooncirkel outside the scope alike whether it exists or not', async () => {
    const head = await events.headPosition();
    const existing = await zpA().post('/intakes', intakeBody('c-new', 'wc-b', 'WK075802'));
    const missing = await zpA().post('/intakes', intakeBody('c-new', 'wc-nowhere', 'WK075802'));
    expect(answer(existing, 'wc-b')).toEqual(answer(missing, 'wc-nowhere'));
    expect(existing.status).toBe(403);
    expect(existing.body.detail).not.toMatch(/wc-b|zp-a/);
    expect(existing.body.errors).toEqual([{ field: 'wooncirkelId', problems: [existing.body.detail] }]);
    // A taken client id: the same answer as a duplicate of one's own, never the other team's outcome.
    const taken = await zpA()
      .post('/intakes', { ...intakeBody('c-b', 'wc-a', 'WK075802'), commandId: 'cmd-b-intake' })
      .expect(422);
    expect(taken.body).toMatchObject({ code: 'already_registered', errors: [{ field: 'clientId' }] });
    expect(await events.headPosition()).toBe(head);
  });

  it('repeats an intake without clientId on the same client, and only once', async () => {
    const body = { ...intakeBody('unused', 'wc-a', 'WK075802'), clientId: undefined, commandId: 'cmd-intake-no-id' };
    const first = await zpA().post('/intakes', body).expect(201);
    const again = await zpA().post('/intakes', body).expect(201);
    expect(first.body.replayed).toBe(false);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(await events.readStream(`client-${first.body.clientId}`)).toHaveLength(1);
    const withoutCommandId = { ...body, commandId: undefined };
    const one = await zpA().post('/intakes', withoutCommandId).expect(201);
    const two = await zpA().post('/intakes', withoutCommandId).expect(201);
    expect(new Set([first.body.clientId, one.body.clientId, two.body.clientId]).size).toBe(3);
  });

  it('answers a command id reused for another command with 409 naming commandId, writing nothing; the same command replays', async () => {
    await zpA()
      .post('/intakes', { ...intakeBody('c-a', 'wc-a', 'WK075802'), commandId: 'cmd-a-intake' })
      .expect(201);
    const scale = { ...BODIES['POST /clients/:clientId/care-scaling-steps'], commandId: 'cmd-a-scale' };
    const first = await zpA().post('/clients/c-a/care-scaling-steps', scale).expect(201);
    const head = await events.headPosition();
    const reuses = [
      zpA().post('/clients/c-a/care-scaling-steps', { ...scale, reason: 'iets anders' }),
      zpA().post('/clients/c-a/care-scaling-steps', { ...scale, toIntensity: CARE_INTENSITIES[2] }),
      zpA().post('/clients/c-a/housing-requests', { reason: 'eigen plek', origin: 'thuis', commandId: 'cmd-a-scale' }),
      zpA().post('/intakes', { ...intakeBody('c-a', 'wc-a', 'WK075802', { urgency: 'hoog' }), commandId: 'cmd-a-intake' }),
      t.as('admin').put('/wooncirkels/wc-a/team-capacity', { caseloadCapacity: 4, commandId: 'cmd-a-scale' }), // the id of the team-place claim
    ];
    for (const reuse of reuses) {
      const res = await reuse;
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'command_id_reused', errors: [{ field: 'commandId' }] });
      expect(res.body.detail).toContain('commandId');
    }
    expect(await events.headPosition()).toBe(head);
    const again = await zpA().post('/clients/c-a/care-scaling-steps', scale).expect(201);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(await events.headPosition()).toBe(head);
  });
});
