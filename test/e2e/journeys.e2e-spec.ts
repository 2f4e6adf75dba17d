import { ChildProcess, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { RecordedEvent } from '@wijkzorg/event-store';
import { DEMO_REGION, DemoGemeente } from '../../apps/cli/src/seed/demo-region';
import { TEST_SECRET, testTokens } from '../support/test-app';
import { startApiProcess, stopApiProcess } from '../support/api-process';
import { freePort } from '../support/free-port';
import { seededDataDir } from '../support/seeded-data';

/**
 * The "done when" journeys of issues 10 and 11, told over HTTP against the BUILT api (npm run build first)
 * running as its own process on a data directory seeded with the demo region. A week passes between the
 * planned step and its effect: the CLI runner and the api after it run with their clock a week ahead
 * (test/support/clock-ahead.cjs), the tokens are minted on that clock too.
 */
type Actor = { role: string; id: string; wooncirkels?: string[]; organisation?: string };
type Res = { status: number; body: any };
type Event = { type: string; data: Record<string, any> };

const DAY = 86_400_000;
const AHEAD_MS = 8 * DAY;
const CLOCK_AHEAD = join(__dirname, '../support/clock-ahead.cjs');
const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');
const YEAR = new Date().getUTCFullYear();
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const regionOf = (gemeenteCode: string) => DEMO_REGION.find((g) => g.gemeenteCode === gemeenteCode)!;
const gemeenteOf = (wijkCode: string) => regionOf(`GM${wijkCode.slice(2, 6)}`);

const NATIONAL_JUSTICE_BODIES = ['reclassering-nl', 'nifp', 'om', 'rechtbank'];
const admin: Actor = { role: 'admin', id: 'journey-admin' };
const auditor: Actor = { role: 'auditor', id: 'journey-auditor' };
const beleidsmaker: Actor = { role: 'beleidsmaker', id: 'journey-beleid' };
const consulent = (gemeenteCode: string): Actor => ({ role: 'gemeente', id: `consulent-${gemeenteCode}`, organisation: gemeenteCode });
const zorgkantoor = (code: string): Actor => ({ role: 'zorgkantoor', id: `zk-medewerker-${code}`, organisation: code });
const corporation = (code: string): Actor => ({ role: 'woningcorporatie', id: `${code}-verhuur`, organisation: code });
const professional = (wooncirkelId: string): Actor => ({ role: 'zorgprofessional', id: `zp-journey-${wooncirkelId}`, wooncirkels: [wooncirkelId] });
const refusal = (res: Res) => ({ status: res.status, code: res.body?.code, fields: ((res.body?.errors ?? []) as { field: string }[]).map((e) => e.field) });

describe('journeys of issues 10 and 11 against the running service on the seeded demo', () => {
  let seeded: { dataDir: string; events: RecordedEvent[] };
  let api: ChildProcess;
  let port: number;
  let clockAhead = 0;

  const call = async (method: string, path: string, actor: Actor | null, body?: object): Promise<Res> => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Access-Purpose': actor?.role === 'auditor' ? 'audit' : 'zorgverlening' };
    if (actor) headers.Authorization = `Bearer ${testTokens.issue(actor as Parameters<typeof testTokens.issue>[0], 8 * 3600, Date.now() + clockAhead)}`;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const post = (path: string, actor: Actor, body: object = {}) => call('POST', path, actor, body);
  const get = (path: string, actor: Actor) => call('GET', path, actor);
  /** A 201, or a failure that says what the service answered. */
  const ok = async (pending: Promise<Res>): Promise<Res> => {
    const res = await pending;
    if (res.status !== 201 && res.status !== 200) throw new Error(`expected success, got ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const head = async () => (await call('GET', '/health', null)).body.eventStore.headPosition as number;
  const eventsOf = async (clientId: string) => (await get(`/clients/${clientId}/events`, auditor)).body.events as Event[];
  const revisionOf = async (clientId: string) => (await get(`/clients/${clientId}/events`, auditor)).body.revision as number;
  const stateOf = async (clientId: string) => (await get(`/clients/${clientId}`, auditor)).body.state;
  const all = async <T>(path: string, actor: Actor): Promise<T[]> => {
    const items: T[] = [];
    for (let offset = 0; ; offset += 500) {
      const res = await get(`${path}${path.includes('?') ? '&' : '?'}limit=500&offset=${offset}`, actor);
      expect([path, res.status]).toEqual([path, 200]);
      items.push(...(res.body.items as T[]));
      if (res.body.items.length < 500) return items;
    }
  };
  const env = (extra: Record<string, string> = {}) => ({ WIJKZORG_JWT_SECRET: TEST_SECRET, WIJKZORG_DEMO_TOKENS: 'off', WIJKZORG_WEBHOOKS: 'off', ...extra });

  beforeAll(async () => {
    seeded = await seededDataDir(300);
    port = await freePort();
    api = await startApiProcess(seeded.dataDir, port, env());
  }, 180_000);
  afterAll(async () => {
    if (api) await stopApiProcess(api);
    if (seeded) rmSync(seeded.dataDir, { recursive: true, force: true });
  });

  // ---------------------------------------------------------------- issue 10
  describe('issue 10: intake → indicatie → intensity up and down → housing within the wish → planned step → afsluiting', () => {
    const clientId = 'c-journey-10';
    let region: DemoGemeente;
    let wijkCode: string;
    let wooncirkelId: string;
    let homeId: string;
    let owner: string;
    let zp: Actor;
    const step = (toIntensity: string, effectiveAt: string, extra: object = {}) => ({ toIntensity, reason: 'zorgvraag verandert', decidedBy: 'wijkverpleegkundige', effectiveAt, ...extra });

    it('picks a seeded wijk whose centrumgemeente is another gemeente, with a team that has room and a vacant home', async () => {
      type Team = { wooncirkelId: string; wijkCode: string; caseloadCapacity: number; teamClients: number };
      type Home = { homeId: string; wooncirkelId: string; wijkCode: string; owner: string; status: string; housingType: string };
      const teams = await all<Team>('/teams', admin);
      const homes = await all<Home>('/homes?status=vacant', admin);
      const candidates = DEMO_REGION.filter((g) => g.centrumgemeente !== g.gemeenteCode && g.corporations.length > 1);
      for (const g of candidates)
        for (const w of g.wijken) {
          const team = teams.find((t) => t.wijkCode === w.wijkCode && t.teamClients + 2 <= t.caseloadCapacity && homes.some((h) => h.wooncirkelId === t.wooncirkelId && ['zelfstandig_in_cirkel', 'cluster'].includes(h.housingType)));
          if (!team || wooncirkelId) continue;
          const home = homes.find((h) => h.wooncirkelId === team.wooncirkelId && ['zelfstandig_in_cirkel', 'cluster'].includes(h.housingType))!;
          [region, wijkCode, wooncirkelId, homeId, owner] = [g, w.wijkCode, team.wooncirkelId, home.homeId, home.owner];
        }
      expect(wooncirkelId).toBeDefined();
      expect(region.corporations).toContain(owner);
      zp = professional(wooncirkelId);
    });

    it('registers the intake with a setting and a preferred wijk; the gemeente consultant grants Wmo begeleiding, another gemeente may not', async () => {
      const intakeBody = {
        clientId,
        wooncirkelId,
        preferredWijk: wijkCode,
        setting: 'elders',
        lifeDomains: ['wonen', 'begeleiding_zorg'],
        urgency: 'regulier',
        acuteConfusedBehaviour: false,
        goals: ['weer zelfstandig wonen'],
        referralSource: 'wijkteam',
        intakeAt: '2026-11-02T09:00:00Z',
      };
      await ok(post('/intakes', zp, intakeBody));
      const badSetting = await post('/intakes', zp, { ...intakeBody, clientId: 'c-journey-x', setting: 'beschermd_wonen' });
      expect(badSetting.status).toBe(400);
      expect(refusal(badSetting).fields).toContain('setting');

      const beschikking = { indicatieId: 'bes-journey-10', wet: 'wmo', product: 'begeleiding_individueel', validFrom: '2026-11-01', validUntil: '2027-10-31', volume: { unit: 'uur_per_week', amount: 6 }, covers: ['licht_ambulant', 'intensief_ambulant'] };
      const otherGemeente = DEMO_REGION.find((g) => g.gemeenteCode !== region.gemeenteCode)!.gemeenteCode;
      expect(refusal(await post(`/clients/${clientId}/indicaties`, consulent(otherGemeente), beschikking))).toEqual({ status: 422, code: 'issuer_not_competent', fields: ['wet'] });
      await ok(post(`/clients/${clientId}/indicaties`, consulent(region.gemeenteCode), beschikking));
      expect((await stateOf(clientId)).indicaties['bes-journey-10']).toMatchObject({ wet: 'wmo', issuer: region.gemeenteCode, issuerRole: 'gemeente' });
    });

    it('scales to intensief ambulant and back to licht ambulant without a move; 24-uurs care waits for the centrumgemeente', async () => {
      expect((await ok(post(`/clients/${clientId}/care-scaling-steps`, zp, step('intensief_ambulant', '2026-11-05T09:00:00Z')))).body.events.map((e: Event) => e.type)).toEqual(['CareScaledUp']);
      expect((await ok(post(`/clients/${clientId}/care-scaling-steps`, zp, step('licht_ambulant', '2026-11-09T09:00:00Z')))).body.events.map((e: Event) => e.type)).toEqual(['CareScaledDown']);
      const scaled = (await eventsOf(clientId)).filter((e) => e.type.startsWith('CareScaled'));
      expect(scaled.map((e) => [e.data.fromIntensity, e.data.toIntensity, e.data.setting])).toEqual([
        ['geen', 'intensief_ambulant', 'elders'],
        ['intensief_ambulant', 'licht_ambulant', 'elders'],
      ]);
      expect((await eventsOf(clientId)).filter((e) => /Moved/.test(e.type))).toStrictEqual([]);
      expect(await stateOf(clientId)).toMatchObject({ intensity: 'licht_ambulant', setting: 'elders' });

      const before = await revisionOf(clientId);
      expect(refusal(await post(`/clients/${clientId}/care-scaling-steps`, zp, step('zorg_24uur', '2026-11-10T09:00:00Z')))).toEqual({ status: 422, code: 'indicatie_required', fields: ['toIntensity'] });
      expect(await revisionOf(clientId)).toBe(before);

      const beschermdWonen = { indicatieId: 'bw-journey-10', wet: 'wmo', product: 'beschermd_wonen', validFrom: '2026-11-01', validUntil: '2028-10-31', volume: { unit: 'etmaal_per_week', amount: 7 }, covers: ['intensief_ambulant', 'zorg_24uur'] };
      const notCentrum = await post(`/clients/${clientId}/indicaties`, consulent(region.gemeenteCode), beschermdWonen);
      expect(refusal(notCentrum)).toEqual({ status: 422, code: 'issuer_not_competent', fields: ['wet'] });
      expect(notCentrum.body.detail).toContain(region.centrumgemeente);
      await ok(post(`/clients/${clientId}/indicaties`, consulent(region.centrumgemeente), beschermdWonen));
      await ok(post(`/clients/${clientId}/care-scaling-steps`, zp, step('zorg_24uur', '2026-11-10T09:00:00Z')));
      expect(await stateOf(clientId)).toMatchObject({ intensity: 'zorg_24uur', setting: 'elders' });
    });

    it('the zorgkantoor of the region grants a Wlz indicatie; a zorgkantoor of another region is refused', async () => {
      const wlz = { indicatieId: 'wlz-journey-10', wet: 'wlz', product: 'ggz_wonen', validFrom: '2026-11-01', validUntil: '2031-10-31', volume: { unit: 'etmaal_per_week', amount: 7 }, covers: ['intensief_ambulant', 'zorg_24uur'] };
      const elsewhere = DEMO_REGION.find((g) => g.zorgkantoor !== region.zorgkantoor)!.zorgkantoor;
      const refused = await post(`/clients/${clientId}/indicaties`, zorgkantoor(elsewhere), wlz);
      expect(refusal(refused)).toEqual({ status: 422, code: 'issuer_not_competent', fields: ['wet'] });
      await ok(post(`/clients/${clientId}/indicaties`, zorgkantoor(region.zorgkantoor), wlz));
      expect((await stateOf(clientId)).indicaties['wlz-journey-10']).toMatchObject({ wet: 'wlz', issuer: region.zorgkantoor, issuerRole: 'zorgkantoor' });
    });

    it('housing within the wish: only the owning corporation offers, the client accepts in the preferred wijk and moves in', async () => {
      await ok(post(`/clients/${clientId}/housing-requests`, zp, { reason: 'eigen plek in de wijk', origin: 'thuis' }));
      const other = region.corporations.find((c) => c !== owner)!;
      expect(refusal(await post(`/clients/${clientId}/housing-offers`, corporation(other), { offerId: 'o-journey-other', wooncirkelId, homeId }))).toEqual({ status: 422, code: 'not_home_owner', fields: ['homeId'] });
      await ok(post(`/clients/${clientId}/housing-offers`, corporation(owner), { offerId: 'o-journey', wooncirkelId, homeId }));
      const reserved = await get(`/wooncirkels/${wooncirkelId}`, admin);
      expect(reserved.body.state.homes[homeId].reservedFor).toEqual({ clientId, offerId: 'o-journey' });
      await ok(post(`/clients/${clientId}/housing-offers/o-journey/accept`, zp, { reciprocity: ['koken'] }));
      await ok(post(`/clients/${clientId}/move-in`, zp, { movedInAt: '2026-11-14T10:00:00Z' }));
      const events = await eventsOf(clientId);
      expect(events.find((e) => e.type === 'HousingMatched')!.data).toMatchObject({ homeId, wijkCode, preferredWijk: wijkCode, preferredWijkHonoured: true });
      expect(events.filter((e) => /Moved/.test(e.type)).map((e) => [e.type, e.data.fromSetting, e.data.reason, e.data.homeId])).toEqual([['ClientMovedIn', 'elders', 'passende_woning', homeId]]);
      expect((await stateOf(clientId)).home).toMatchObject({ homeId });
    });

    it('plans an afschaling a week ahead: nothing happens today', async () => {
      const plannedAt = iso(Date.now() + 7 * DAY);
      await ok(post(`/clients/${clientId}/planned-steps/care-scaling`, zp, { planId: 'p-journey', toIntensity: 'licht_ambulant', reason: 'gaat goed, minder begeleiding', decidedBy: 'wijkverpleegkundige', effectiveAt: plannedAt }));
      expect(refusal(await post(`/clients/${clientId}/planned-steps/care-scaling`, zp, { planId: 'p-past', toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'zp', effectiveAt: '2026-11-03T09:00:00Z' }))).toEqual({
        status: 422,
        code: 'planned_step_not_in_future',
        fields: ['effectiveAt'],
      });
      const steps = await get(`/clients/${clientId}/planned-steps?minPosition=${await head()}`, zp);
      expect(steps.body.items.map((s: { planId: string; status: string }) => [s.planId, s.status])).toEqual([['p-journey', 'planned']]);
      expect((await stateOf(clientId)).intensity).toBe('zorg_24uur');
    });

    it('a week later the CLI runner (api stopped) lets it take effect, once', async () => {
      await stopApiProcess(api);
      const runDue = () => spawnSync(process.execPath, ['--require', CLOCK_AHEAD, CLI, 'planned-steps', 'run-due'], { env: { ...process.env, WIJKZORG_DATA_DIR: seeded.dataDir, WIJKZORG_TEST_CLOCK_AHEAD_MS: String(AHEAD_MS) }, encoding: 'utf8' });
      const first = runDue();
      const second = runDue();
      // The api comes back (a week later) before anything is asserted, so the stories after this one have a service.
      clockAhead = AHEAD_MS;
      api = await startApiProcess(seeded.dataDir, port, env({ NODE_OPTIONS: `--require ${CLOCK_AHEAD}`, WIJKZORG_TEST_CLOCK_AHEAD_MS: String(AHEAD_MS) }));
      expect([first.status, first.stderr]).toEqual([0, '']);
      expect(JSON.parse(first.stdout).tookEffect).toContain('p-journey');
      expect(JSON.parse(second.stdout).tookEffect).not.toContain('p-journey');
      const events = await eventsOf(clientId);
      expect(events.slice(-2).map((e) => e.type)).toEqual(['CareScaledDown', 'PlannedStepTookEffect']);
      expect(events.at(-2)!.data).toMatchObject({ fromIntensity: 'zorg_24uur', toIntensity: 'licht_ambulant', setting: events.find((e) => e.type === 'ClientMovedIn')!.data.toSetting });
      expect(events.filter((e) => /Moved/.test(e.type))).toHaveLength(1);
      expect(await stateOf(clientId)).toMatchObject({ intensity: 'licht_ambulant', home: { homeId }, plannedSteps: { 'p-journey': { status: 'took_effect' } } });
    }, 120_000);

    it('closes the trajectory (hersteld): team place and home given back, the next command refused with trajectory_closed', async () => {
      const before = await get(`/wooncirkels/${wooncirkelId}`, admin);
      expect(before.body.state.teamClientIds).toContain(clientId);
      expect(before.body.state.homes[homeId].occupantClientId).toBe(clientId);
      const closedAt = iso(Date.now() + clockAhead);
      const closed = await ok(post(`/clients/${clientId}/closure`, zp, { reason: 'hersteld', effectiveAt: closedAt }));
      expect(closed.body.events.map((e: Event) => e.type)).toEqual(['ClientMovedOut', 'TrajectoryClosed']);
      expect((await eventsOf(clientId)).find((e) => e.type === 'ClientMovedOut')!.data).toMatchObject({ reason: 'afsluiting', homeId });

      const after = await get(`/wooncirkels/${wooncirkelId}`, admin);
      expect(after.body.state.teamClientIds).not.toContain(clientId);
      expect(after.body.state.homes[homeId].occupantClientId).toBeUndefined();
      const vacant = await get(`/homes?wijkCode=${wijkCode}&status=vacant&limit=500&minPosition=${closed.body.position}`, admin);
      expect(vacant.body.items.map((h: { homeId: string }) => h.homeId)).toContain(homeId);

      const revision = await revisionOf(clientId);
      expect(refusal(await post(`/clients/${clientId}/care-scaling-steps`, zp, step('intensief_ambulant', closedAt)))).toEqual({ status: 422, code: 'trajectory_closed', fields: ['clientId'] });
      expect(refusal(await post(`/clients/${clientId}/housing-requests`, zp, { reason: 'nog een woning', origin: 'thuis' }))).toEqual({ status: 422, code: 'trajectory_closed', fields: ['clientId'] });
      expect(await revisionOf(clientId)).toBe(revision);
      expect(await stateOf(clientId)).toMatchObject({ closed: { reason: 'hersteld', at: closedAt }, holdsTeamPlace: false });
    });
  });
  // ---------------------------------------------------------------- issue 11
  describe('issue 11: the wijk and the network', () => {
    const WIJK = 'WK075803'; // Breda, Hoge Vucht
    const breda = regionOf('GM0758');
    const wijkteam: Actor = { role: 'wijkteam', id: 'wt-hoge-vucht', wooncirkels: ['*'], organisation: breda.gemeenteCode };
    const welzijn: Actor = { role: 'welzijn', id: 'sw-journey', organisation: breda.welzijn };
    type BuurtRow = { code: string; month: string; overlastReported: number | string; overlastResolved: number | string; medianResolutionDays: number | string | null; pleinMeetings: number | string; pleinAttendance: number | string };
    const zeros = { overlastReported: 0, overlastResolved: 0, pleinMeetings: 0, pleinAttendance: 0 };
    const exactRow = async (): Promise<BuurtRow | typeof zeros> => {
      const res = await get(`/buurt/cijfers?wijkCode=${WIJK}&month=2026-11&minPosition=${await head()}`, auditor);
      expect(res.status).toBe(200);
      return (res.body.rows as BuurtRow[]).find((r) => r.code === WIJK) ?? zeros;
    };
    /** What disclosure control shows of an exact count below five. */
    const shown = (exact: number) => (exact > 0 && exact < 5 ? '<5' : expect.anything());

    it('a wijkteam records a nuisance report through to its resolution; the wijk view and the protected figures show it', async () => {
      const before = await exactRow();
      const report = { reportId: 'ov-journey', wijkCode: WIJK, source: 'buurtbewoner', category: 'geluid', reportedAt: '2026-11-16T09:00:00Z' };
      expect(refusal(await post('/buurt/overlast', wijkteam, { ...report, category: 'lawaai' }))).toEqual({ status: 400, code: 'bad_request', fields: ['category'] });
      expect(refusal(await post('/buurt/overlast', { ...wijkteam, organisation: 'GM0479' }, report))).toMatchObject({ status: 403, fields: ['wijkCode'] });
      await ok(post('/buurt/overlast', wijkteam, report));
      await ok(post('/buurt/overlast/ov-journey/buurtgesprekken', wijkteam, { heldAt: '2026-11-18T19:00:00Z', withClient: false, residents: 6, professionals: 2 }));
      await ok(post('/buurt/overlast/ov-journey/response', wijkteam, { responses: ['bemiddeling'], decidedAt: '2026-11-19T10:00:00Z' }));
      const resolved = await ok(post('/buurt/overlast/ov-journey/resolution', wijkteam, { outcome: 'opgelost', resolvedAt: '2026-11-26T10:00:00Z' }));
      expect(refusal(await post('/buurt/overlast/ov-journey/buurtgesprekken', wijkteam, { heldAt: '2026-11-27T19:00:00Z', withClient: false, residents: 3, professionals: 1 }))).toEqual({ status: 422, code: 'overlast_resolved', fields: ['reportId'] });

      const view = await get(`/buurt/wijken/${WIJK}?minPosition=${resolved.body.position}`, wijkteam);
      expect(view.body.overlast.find((o: { reportId: string }) => o.reportId === 'ov-journey')).toMatchObject({ buurtgesprekken: 1, responses: ['bemiddeling'], status: 'resolved', resolutionDays: 10, clientLinked: false });

      const after = (await exactRow()) as BuurtRow;
      expect([after.overlastReported, after.overlastResolved]).toEqual([Number(before.overlastReported) + 1, Number(before.overlastResolved) + 1]);
      expect(after.medianResolutionDays).toEqual(expect.any(Number));
      const published = await get(`/buurt/cijfers?wijkCode=${WIJK}&month=2026-11`, beleidsmaker);
      expect(published.body.protected).toBe(true);
      const row = (published.body.rows as BuurtRow[]).find((r) => r.code === WIJK)!;
      expect([row.overlastReported, row.overlastResolved]).toEqual([shown(after.overlastReported as number), shown(after.overlastResolved as number)]);
      expect(JSON.stringify(published.body)).not.toContain('ov-journey');
      expect((await get(`/buurt/wijken/${WIJK}`, beleidsmaker)).status).toBe(403);
    });

    it('a welfare worker runs a buurtplein with meetings and attendance, and a buurtonderzoek to a shared plan', async () => {
      const before = await exactRow();
      await ok(post('/buurt/buurtpleinen', welzijn, { pleinId: 'bp-journey', wijkCode: WIJK, groupSize: 8, weekday: 'dinsdag', startTime: '10:00', startedAt: '2026-11-16T09:00:00Z' }));
      await ok(post('/buurt/buurtpleinen/bp-journey/meetings', welzijn, { heldOn: '2026-11-17', attendance: 7 }));
      await ok(post('/buurt/buurtpleinen/bp-journey/meetings', welzijn, { heldOn: '2026-11-24', attendance: 8 }));
      expect(refusal(await post('/buurt/buurtpleinen/bp-journey/meetings', welzijn, { heldOn: '2026-11-18', attendance: 6 }))).toMatchObject({ status: 422, fields: ['heldOn'] });
      expect(refusal(await post('/buurt/buurtpleinen/bp-journey/meetings', welzijn, { heldOn: '2026-11-10', attendance: 9 }))).toMatchObject({ status: 422, fields: ['heldOn'] });

      await ok(post('/buurt/buurtonderzoeken', welzijn, { onderzoekId: 'bo-journey', wijkCode: WIJK, reason: 'client_komt_wonen', startedAt: '2026-11-16T09:00:00Z' }));
      expect(refusal(await post('/buurt/buurtonderzoeken/bo-journey/plan', welzijn, { sharedAt: '2026-11-17T19:00:00Z', channel: 'bewonersavond', residentsReached: 30 }))).toMatchObject({ status: 422, code: 'no_findings' });
      await ok(post('/buurt/buurtonderzoeken/bo-journey/gesprekken', welzijn, { heldAt: '2026-11-17T10:00:00Z', form: 'individueel', residents: 5, professionals: 0 }));
      await ok(post('/buurt/buurtonderzoeken/bo-journey/gesprekken', welzijn, { heldAt: '2026-11-19T10:00:00Z', form: 'groep', residents: 9, professionals: 3 }));
      await ok(post('/buurt/buurtonderzoeken/bo-journey/findings', welzijn, { findings: ['behoefte_aan_contact'], recordedAt: '2026-11-20T10:00:00Z' }));
      const shared = await ok(post('/buurt/buurtonderzoeken/bo-journey/plan', welzijn, { sharedAt: '2026-11-25T19:00:00Z', channel: 'bewonersavond', residentsReached: 40 }));

      const view = await get(`/buurt/wijken/${WIJK}?minPosition=${shared.body.position}`, welzijn);
      expect(view.body.buurtpleinen.find((p: { pleinId: string }) => p.pleinId === 'bp-journey')).toMatchObject({ meetings: 2, attendance: 15, status: expect.any(String) });
      expect(view.body.buurtonderzoeken.find((o: { onderzoekId: string }) => o.onderzoekId === 'bo-journey')).toMatchObject({ conversations: 2, residentsSpokenTo: 14, professionalsSpokenTo: 3, findings: ['behoefte_aan_contact'], status: 'plan_gedeeld', residentsReached: 40 });
      const after = (await exactRow()) as BuurtRow;
      expect([after.pleinMeetings, after.pleinAttendance]).toEqual([Number(before.pleinMeetings) + 2, Number(before.pleinAttendance) + 15]);
    });

    describe("in 's-Hertogenbosch Zuidoost: the network carries, the doorbraaktafel breaks through", () => {
      const WIJK_DB = 'WK079605';
      const denBosch = regionOf('GM0796');
      const clientId = 'c-journey-11';
      const flexPot = `flex-${denBosch.gemeenteCode}-${YEAR}`;
      const dbt: Actor = { role: 'doorbraaktafel', id: 'dbt-denbosch' };
      const gemeente = consulent(denBosch.gemeenteCode);
      let zp: Actor;

      it('records a network member, informal support, a referral avoided by it, and an afschaling carried by the network', async () => {
        const teams = await all<{ wooncirkelId: string; caseloadCapacity: number; teamClients: number }>(`/teams?wijkCode=${WIJK_DB}`, admin);
        const team = teams.find((t) => t.teamClients < t.caseloadCapacity);
        expect(team).toBeDefined();
        zp = professional(team!.wooncirkelId);
        await ok(post('/intakes', zp, { clientId, wooncirkelId: team!.wooncirkelId, preferredWijk: WIJK_DB, lifeDomains: ['daginvulling', 'financien'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: ['werk houden'], referralSource: 'wijkteam', intakeAt: '2026-11-02T09:00:00Z' }));
        await ok(post(`/clients/${clientId}/indicaties`, gemeente, { indicatieId: 'bes-journey-11', wet: 'wmo', product: 'begeleiding_individueel', validFrom: '2026-11-01', validUntil: '2027-10-31', volume: { unit: 'uur_per_week', amount: 4 }, covers: ['licht_ambulant', 'intensief_ambulant'] }));
        await ok(post(`/clients/${clientId}/care-scaling-steps`, zp, { toIntensity: 'intensief_ambulant', reason: 'dreigt werk te verliezen', decidedBy: 'wijkverpleegkundige', effectiveAt: '2026-11-04T09:00:00Z' }));
        const down = { toIntensity: 'licht_ambulant', reason: 'buurman en zus nemen het over', decidedBy: 'wijkverpleegkundige', effectiveAt: '2026-11-20T09:00:00Z', carriedByNetwork: true };
        expect(refusal(await post(`/clients/${clientId}/care-scaling-steps`, zp, down))).toEqual({ status: 422, code: 'network_not_carrying', fields: ['carriedByNetwork'] });

        await ok(post(`/clients/${clientId}/network/members`, zp, { memberId: 'm-buurman', relation: 'buur', personal: { name: 'Buurman Journey' } }));
        await ok(post(`/clients/${clientId}/network/support`, zp, { supportId: 's-buurman', memberId: 'm-buurman', kind: 'boodschappen', hoursPerWeek: 3 }));
        expect(refusal(await post(`/clients/${clientId}/referrals/avoided`, zp, { referralId: 'r-x', care: 'wmo_begeleiding', solution: 'informele_steun', supportId: 's-nobody' }))).toMatchObject({ status: 422, fields: ['supportId'] });
        await ok(post(`/clients/${clientId}/referrals/avoided`, zp, { referralId: 'r-avoided', care: 'wmo_begeleiding', solution: 'informele_steun', supportId: 's-buurman' }));
        await ok(post(`/clients/${clientId}/care-scaling-steps`, zp, down));

        const events = await eventsOf(clientId);
        expect(events.find((e) => e.type === 'ReferralAvoided')!.data).toMatchObject({ referralId: 'r-avoided', solution: 'informele_steun', supportId: 's-buurman' });
        expect(events.at(-1)).toMatchObject({ type: 'CareScaledDown', data: { fromIntensity: 'intensief_ambulant', toIntensity: 'licht_ambulant', carriedByNetwork: true } });
        const network = await get(`/clients/${clientId}/network`, zp);
        expect(network.body).toMatchObject({ carries: true, weeklyInformalHours: 3 });
      });

      it('escalates a case to the doorbraaktafel, decides it with the person present and an ervaringsdeskundige invited, and releases € 3.000 from the flex pot', async () => {
        const figuresBefore = await get(`/doorbraaktafel/figures?minPosition=${await head()}&gemeenteCode=${denBosch.gemeenteCode}`, auditor);
        const potBefore = (await get(`/budget-pots/${flexPot}`, gemeente)).body.pot;
        expect(potBefore).toMatchObject({ kind: 'flex', gemeenteCode: denBosch.gemeenteCode });
        expect(potBefore.remainingCents).toBeGreaterThanOrEqual(300_000);

        await ok(post(`/clients/${clientId}/doorbraak-cases`, dbt, { caseId: 'case-journey', reason: 'werk buiten de stad, geen geld voor de trein' }));
        const decision = {
          participants: ['gemeente', 'reclassering', 'zorg', 'sociaal_team', 'ervaringsdeskundige'],
          clientPresent: true,
          ervaringsdeskundigeInvited: true,
          breakthroughType: 'justitie',
          note: 'NS-jaarkaart zodat hij zijn werk houdt',
          solutionCostCents: 300_000,
          avoidedCost: { category: 'detentie', amountCents: 5_000_000, basisMonths: 12 },
        };
        expect(refusal(await post(`/clients/${clientId}/doorbraak-cases/case-journey/decisions`, dbt, { ...decision, clientPresent: false }))).toEqual({ status: 422, code: 'client_not_present', fields: ['clientPresent'] });
        expect(refusal(await post(`/clients/${clientId}/doorbraak-cases/case-journey/decisions`, dbt, { ...decision, ervaringsdeskundigeInvited: false }))).toEqual({ status: 422, code: 'ervaringsdeskundige_not_invited', fields: ['ervaringsdeskundigeInvited'] });
        await ok(post(`/clients/${clientId}/doorbraak-cases/case-journey/decisions`, dbt, decision));

        const release = { releaseId: 'ns-jaarkaart-journey', year: YEAR, funder: 'gemeente_maatwerk', purpose: 'vervoer', note: 'NS-jaarkaart', amountCents: 300_000, approvedBy: 'doorbraaktafel', potId: flexPot, caseId: 'case-journey' };
        expect(refusal(await post(`/clients/${clientId}/budget/releases`, zp, release))).toEqual({ status: 422, code: 'doorbraaktafel_only', fields: ['potId'] });
        expect(refusal(await post(`/clients/${clientId}/budget/releases`, dbt, { ...release, amountCents: potBefore.remainingCents + 1 }))).toEqual({ status: 422, code: 'exceeds_pot', fields: ['amountCents'] });
        const released = await ok(post(`/clients/${clientId}/budget/releases`, dbt, release));

        const potAfter = (await get(`/budget-pots/${flexPot}?minPosition=${released.body.position}`, gemeente)).body.pot;
        expect(potAfter.remainingCents).toBe(potBefore.remainingCents - 300_000);
        expect(potAfter.releasedCents).toBe(potBefore.releasedCents + 300_000);
        expect(potAfter.releases).toEqual(expect.arrayContaining([expect.objectContaining({ releaseId: 'ns-jaarkaart-journey', amountCents: 300_000, forClient: true })]));

        const trajectory = await get(`/clients/${clientId}/trajectory`, zp);
        expect(trajectory.body.steps.find((s: Event) => s.type === 'BudgetReleased').data).toMatchObject({ source: 'flexpot', potId: flexPot, caseId: 'case-journey', amountCents: 300_000 });

        type Figures = { year: number; cases: number; breakthroughs: number; solutionCostCents: number; avoidedCost: Record<string, { decisions: number; avoidedCents: number }> };
        const ofYear = (body: { items: Figures[] }) => body.items.find((i) => i.year === YEAR) ?? { cases: 0, breakthroughs: 0, solutionCostCents: 0, avoidedCost: {} as Figures['avoidedCost'] };
        const b = ofYear(figuresBefore.body);
        const figuresAfter = await get(`/doorbraaktafel/figures?minPosition=${released.body.position}&gemeenteCode=${denBosch.gemeenteCode}`, auditor);
        const a = ofYear(figuresAfter.body);
        expect([a.cases, a.breakthroughs, a.solutionCostCents, a.avoidedCost.detentie?.decisions, a.avoidedCost.detentie?.avoidedCents]).toEqual([
          b.cases + 1,
          b.breakthroughs + 1,
          b.solutionCostCents + 300_000,
          (b.avoidedCost.detentie?.decisions ?? 0) + 1,
          (b.avoidedCost.detentie?.avoidedCents ?? 0) + 5_000_000,
        ]);
      });
    });
  });

  // ---------------------------------------------------------------- the region
  describe('the seeded demo reads as the real places', () => {
    it('every gemeente of the demo region, Enkhuizen included, and Amsterdam letter-coded wijken appear in the policymaker figures', async () => {
      const gemeenten = await get('/beleid/gemeenten', beleidsmaker);
      expect(gemeenten.status).toBe(200);
      const codes = (gemeenten.body.rows as { code: string }[]).map((r) => r.code);
      expect([...codes].sort()).toEqual(DEMO_REGION.map((g) => g.gemeenteCode).sort());
      expect(codes).toContain('GM0388');
      const wijken = await get('/beleid/wijken', beleidsmaker);
      const wijkCodes = (wijken.body.rows as { code: string }[]).map((r) => r.code);
      expect(wijkCodes).toEqual(expect.arrayContaining(['WK0363TA', 'WK038801']));
      expect([...new Set(wijkCodes)].sort()).toEqual(DEMO_REGION.flatMap((g) => g.wijken.map((w) => w.wijkCode)).sort());
    });

    it("teams' providers and homes' owners belong to their gemeente's organisations", async () => {
      const teams = await all<{ wooncirkelId: string; gemeenteCode: string; providerId: string }>('/teams', admin);
      expect(teams.length).toBeGreaterThan(DEMO_REGION.length);
      expect(teams.filter((t) => !regionOf(t.gemeenteCode)?.providers.includes(t.providerId))).toStrictEqual([]);
      const homes = await all<{ homeId: string; gemeenteCode: string; owner: string }>('/homes', admin);
      expect(homes.length).toBeGreaterThan(DEMO_REGION.length);
      expect(homes.filter((h) => !regionOf(h.gemeenteCode)?.corporations.includes(h.owner))).toStrictEqual([]);
      expect(new Set(homes.map((h) => h.gemeenteCode))).toEqual(new Set(DEMO_REGION.map((g) => g.gemeenteCode)));
    });

    it("every indicatie in the seeded log comes from the client's own gemeente, centrumgemeente, zorgkantoor or provider", () => {
      const wijkOfClient = new Map<string, string>();
      const wrong: string[] = [];
      let indicaties = 0;
      for (const e of seeded.events) {
        const data = e.data as Record<string, any>;
        if (e.type === 'IntakeRegistered') wijkOfClient.set(data.clientId, data.placement.wijkCode);
        if (e.type === 'ClientTransferred') wijkOfClient.set(data.clientId, data.to.wijkCode);
        if (e.type !== 'IndicatieIssued') continue;
        indicaties++;
        const region = gemeenteOf(wijkOfClient.get(data.clientId)!);
        // A justitiële titel comes from a national body (reclassering, NIFP, OM, court), not from the region.
        const competent: Record<string, string[]> = { gemeente: [region.gemeenteCode], centrumgemeente: [region.centrumgemeente], zorgkantoor: [region.zorgkantoor], wijkverpleegkundige: region.providers, justitie: NATIONAL_JUSTICE_BODIES };
        if (!(competent[data.issuerRole] ?? []).includes(data.issuer)) wrong.push(`${data.clientId} ${data.wet}/${data.product} by ${data.issuerRole} ${data.issuer} in ${region.gemeenteCode}`);
      }
      expect(indicaties).toBeGreaterThan(50);
      expect(wrong).toStrictEqual([]);
      const roles = new Set(seeded.events.filter((e) => e.type === 'IndicatieIssued').map((e) => (e.data as { issuerRole: string }).issuerRole));
      expect([...roles]).toEqual(expect.arrayContaining(['gemeente', 'centrumgemeente', 'zorgkantoor']));
    });
  });
});
