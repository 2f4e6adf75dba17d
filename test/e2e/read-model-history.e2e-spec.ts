import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCESS_REGIONS, Actor, CARE_INTENSITIES, ClientState, DomainError, clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { RecordedEvent, SqliteEventStore, eventWith } from '@wijkzorg/event-store';
import { AggregateStore, CareCommands, ClientCommandInput, PersonalDataCipher } from '@wijkzorg/application';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { ALL_PROJECTIONS, ProjectionRunner, SqliteReadModelStore } from '@wijkzorg/read-models';
import { recompute } from '../support/recompute';
import { startTestApp } from '../support/test-app';

/** A small seeded PRNG, so a failure can be replayed with the same seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)], chance: (p: number) => next() < p };
}

const SEED = Number(process.env.HISTORY_SEED ?? 20261130);
const COMMANDS = 1200;
const WIJKEN = [
  { wijkCode: 'WK047901', wijkName: 'Poelenburg', gemeenteCode: 'GM0479', gemeenteName: 'Zaanstad' },
  { wijkCode: 'WK047902', wijkName: 'Peldersveld', gemeenteCode: 'GM0479', gemeenteName: 'Zaanstad' },
  { wijkCode: 'WK036301', wijkName: 'Centrum', gemeenteCode: 'GM0363', gemeenteName: 'Amsterdam' },
];
// Two wooncirkels in one wijk (moves between them are no flows of the wijk), one in another wijk of the same gemeente, one elsewhere.
const WOONCIRKELS = [
  { wooncirkelId: 'wc-a1', wijkCode: 'WK047901', capacity: 2 },
  { wooncirkelId: 'wc-a2', wijkCode: 'WK047901', capacity: 2 },
  { wooncirkelId: 'wc-b', wijkCode: 'WK047902', capacity: 2 },
  { wooncirkelId: 'wc-c', wijkCode: 'WK036301', capacity: 2 },
];

describe('read models keep history: a long random command sequence, with restarts, equals an independent recomputation', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-history-'));
  const path = join(dataDir, 'wijkzorg.db');
  const random = prng(SEED);
  let clock = Date.parse('2025-01-06T09:00:00Z');
  const now = () => new Date(clock).toISOString();
  const events = new SqliteEventStore(path);
  // Opened in beforeAll: the key store opens asynchronously.
  let keys: SqliteClientKeyStore;
  let cipher: PersonalDataCipher;
  let store: AggregateStore;
  let care: CareCommands;
  let readModels = new SqliteReadModelStore(path);
  let runner = new ProjectionRunner(events, readModels, ALL_PROJECTIONS);
  const admin = { actor: { role: 'admin' as const, id: 'admin-1' } };
  const zp = { actor: { role: 'zorgprofessional' as const, id: 'zp-1', wooncirkels: ['*'] } };
  const corporation = { actor: { role: 'woningcorporatie' as const, id: 'corp-1', organisation: 'parteon' } };
  /** Budget comes from its funder: the gemeente of the client's wijk for Wmo, the region's zorgkantoor for the Wlz. */
  const funderOf = (state: ClientState, funder: string): { actor: Actor } => {
    const gemeente = `GM${(state.placement?.wijkCode ?? 'WK047901').slice(2, 6)}`;
    return { actor: funder === 'wlz' ? { role: 'zorgkantoor', id: 'zk-1', organisation: ACCESS_REGIONS[gemeente].zorgkantoor } : { role: 'gemeente', id: 'consulent-1', organisation: gemeente } };
  };
  const figures = { commands: 0, accepted: 0, refused: 0, restarts: 0, rebuilds: 0, erasures: 0 } as Record<string, number>;
  const refusedCodes = new Map<string, number>();
  const clientIds: string[] = [];

  afterAll(async () => {
    await runner.stop();
    await readModels.close();
    await keys.close();
    await events.close();
  });

  const clientState = async (clientId: string): Promise<ClientState> => (await store.load(clientDecider, clientStream(clientId))).state;

  /** One command; a refusal must leave the log exactly as it was. */
  async function attempt(run: () => Promise<unknown>) {
    figures.commands++;
    const head = await events.headPosition();
    try {
      await run();
      figures.accepted++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      figures.refused++;
      refusedCodes.set(error.code, (refusedCodes.get(error.code) ?? 0) + 1);
      expect([error.code, await events.headPosition()]).toEqual([error.code, head]);
    }
  }

  async function randomClientCommand(): Promise<void> {
    if (clientIds.length < 6 || random.chance(0.08)) {
      const clientId = `c-${String(clientIds.length + 1).padStart(3, '0')}`;
      clientIds.push(clientId);
      const wc = random.pick(WOONCIRKELS);
      return attempt(() =>
        care
          .handleClient(
            clientId,
            {
              type: 'RegisterIntake',
              clientId,
              wooncirkelId: wc.wooncirkelId,
              preferredWijk: random.pick(WIJKEN).wijkCode,
              lifeDomains: ['wonen', 'daginvulling'],
              urgency: random.pick(['regulier', 'regulier', 'regulier', 'hoog', 'acuut'] as const),
              acuteConfusedBehaviour: false,
              goals: ['eigen plek'],
              referralSource: 'wijkteam',
              personal: { name: `Cliënt ${clientId}` },
            },
            zp,
          )
          .then(async (outcome) => {
            // Most clients get a beschikking beschermd wonen from the centrumgemeente (so steps above licht ambulant and Wmo money are allowed); the rest only what needs none.
            if (!random.chance(0.85)) return outcome;
            const centrum = ACCESS_REGIONS[`GM${wc.wijkCode.slice(2, 6)}`].centrumgemeente;
            const indicatie = {
              type: 'IssueIndicatie' as const,
              indicatieId: `${clientId}-bw`,
              wet: 'wmo' as const,
              product: 'beschermd_wonen',
              validFrom: '2020-01-01',
              validUntil: '2035-12-31',
              volume: { unit: 'etmaal_per_week' as const, amount: 7 },
              covers: ['intensief_ambulant' as const, 'zorg_24uur' as const],
            };
            return care.handleClient(clientId, indicatie, { actor: { role: 'gemeente', id: 'consulent-bw', organisation: centrum } });
          }),
      );
    }
    // Mostly clients whose trajectory is still open; now and then an erased one (every command refused).
    let clientId = random.pick(clientIds);
    let state = await clientState(clientId);
    for (let tries = 0; state.erased && tries < 3; tries++) state = await clientState((clientId = random.pick(clientIds)));
    const openOffers = Object.values(state.offers).filter((o) => o.status === 'open');
    const anyOffer = Object.values(state.offers);
    const releases = Object.values(state.releases);
    const year = new Date(clock).getUTCFullYear();
    const funder = random.chance(0.85) ? 'wmo' : 'wlz';
    const spendable = releases.filter((r) => r.amountCents > r.spentCents);
    const send = (input: ClientCommandInput, meta: { actor: Actor } = zp) => attempt(() => care.handleClient(clientId, input, meta));
    // Half the time the natural next step of the housing trajectory, so waits end and homes fill.
    if (random.chance(0.15)) {
      const line = state.budgetLines[`${year}:wmo`];
      if (!line || line.settled) return send({ type: 'AllocateBudget', year, funder: 'wmo', amountCents: random.int(10, 500) * 1000 }, funderOf(state, 'wmo'));
      if (spendable.length && random.chance(0.6)) {
        const release = random.pick(spendable);
        return send({ type: 'SpendBudget', releaseId: release.releaseId, amountCents: random.int(1, release.amountCents - release.spentCents), description: 'factuur', spentAt: now() });
      }
      return send({
        type: 'ReleaseBudget',
        releaseId: `${clientId}-r${releases.length + 1}`,
        year,
        funder: 'wmo',
        purpose: 'zorg_begeleiding',
        amountCents: random.int(1, Math.max(1, Math.floor((line.allocatedCents - line.releasedCents) / 1000))) * 1000,
        approvedBy: 'teamleider',
        fastTrack: false,
        overrideAllocation: false,
      });
    }
    if (state.waiting.care && random.chance(0.3)) {
      // Asked again: granted now, or waitlisted once more (the wait goes on since it began).
      return send({ type: 'ScaleCare', toIntensity: random.chance(0.7) ? state.waiting.care.requestedIntensity : random.pick(['licht_ambulant', 'intensief_ambulant', 'zorg_24uur'] as const), reason: 'opnieuw gevraagd', decidedBy: 'wijkverpleegkundige', effectiveAt: now() });
    }
    if (state.home && random.chance(0.1)) return send({ type: 'MoveOut', movedOutAt: now(), reason: 'eigen_wens' });
    if (!state.waiting.housing && !state.match && random.chance(0.06)) return send({ type: 'RequestHousing', reason: 'andere woning nodig', origin: 'thuis' });
    if (state.waiting.daginvulling && random.chance(0.1)) return send({ type: 'ArrangeDaginvulling', activity: 'tuin_natuur', provider: 'buurthuis' });
    if (!state.waiting.daginvulling && random.chance(0.05)) return send({ type: 'RequestDaginvulling', wish: 'tuinieren' });
    if (state.intensity === 'geen' && !state.waiting.care && random.chance(0.15)) return send({ type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'zorgvraag', decidedBy: 'wijkverpleegkundige', effectiveAt: now() });
    if (state.intensity !== 'geen' && random.chance(0.06)) return send({ type: 'ScaleCare', toIntensity: 'geen', reason: 'herstel', decidedBy: 'wijkverpleegkundige', effectiveAt: now() });
    if (random.chance(0.35)) {
      if (state.match && state.placement!.wooncirkelId !== state.match.wooncirkelId) return send({ type: 'TransferClient', reason: 'naar de gematchte woning', toWooncirkelId: state.match.wooncirkelId });
      if (state.match) return send({ type: 'MoveIn', movedInAt: now() });
      if (openOffers.length) {
        const offer = random.pick(openOffers);
        if (random.chance(0.4)) return send({ type: 'DeclineHousingOffer', offerId: offer.offerId, reason: 'past niet', becauseOfPreference: random.chance(0.6) });
        return send({ type: 'AcceptHousingOffer', offerId: offer.offerId, reciprocity: ['boodschappen'], deviationReason: 'sneller beschikbaar' });
      }
      if (state.waiting.housing) {
        const wc = random.pick(WOONCIRKELS);
        const { state: circle } = await store.load(wooncirkelDecider, wooncirkelStream(wc.wooncirkelId));
        const free = Object.values(circle.homes).filter((h) => !h.occupantClientId && !h.reservedFor);
        const homeId = free.length && random.chance(0.8) ? random.pick(free).homeId : `${wc.wooncirkelId}-h1`;
        return send({ type: 'OfferHousing', offerId: `${clientId}-o${anyOffer.length + 1}`, corporation: 'parteon', wooncirkelId: wc.wooncirkelId, homeId }, corporation);
      }
    }
    const someOffer = () => (anyOffer.length ? random.pick(anyOffer).offerId : 'none');
    switch (random.int(0, 20)) {
      case 0:
      case 1:
        return send({ type: 'ScaleCare', toIntensity: random.pick(CARE_INTENSITIES), reason: 'zorgvraag verandert', decidedBy: 'wijkverpleegkundige', effectiveAt: now() });
      case 2:
        return send({ type: 'RequestHousing', reason: 'woning ongeschikt', origin: 'thuis' });
      case 3:
      case 4: {
        const wc = random.pick(WOONCIRKELS);
        return send({ type: 'OfferHousing', offerId: `${clientId}-o${anyOffer.length + 1}`, corporation: 'parteon', wooncirkelId: wc.wooncirkelId, homeId: `${wc.wooncirkelId}-h${random.int(1, 3)}` }, corporation);
      }
      case 5:
        return send({ type: 'DeclineHousingOffer', offerId: someOffer(), reason: 'past niet', becauseOfPreference: random.chance(0.6) });
      case 6:
        return send({ type: 'AcceptHousingOffer', offerId: someOffer(), reciprocity: ['boodschappen'], deviationReason: 'sneller beschikbaar' });
      case 7:
        if (state.match && state.placement && state.match.wooncirkelId !== state.placement.wooncirkelId && random.chance(0.7)) return send({ type: 'TransferClient', reason: 'naar de gematchte woning', toWooncirkelId: state.match.wooncirkelId });
        return send({ type: 'MoveIn', movedInAt: now() });
      case 8:
        return send({ type: 'MoveOut', movedOutAt: now(), reason: 'eigen_wens' });
      case 9:
      case 10:
        return send({ type: 'TransferClient', reason: 'andere wooncirkel', toWooncirkelId: random.pick(WOONCIRKELS).wooncirkelId });
      case 11:
        return send({ type: 'RequestDaginvulling', wish: 'tuinieren' });
      case 12:
        return send({ type: 'ArrangeDaginvulling', activity: 'tuin_natuur', provider: 'buurthuis' });
      case 13:
        return send(random.chance(0.5) ? { type: 'PauseWaiting', reason: 'opname' } : { type: 'ResumeWaiting' });
      case 14:
        return send({ type: 'AllocateBudget', year, funder, amountCents: random.int(10, 500) * 1000 }, funderOf(state, funder));
      case 15:
        return send({ type: 'ReleaseBudget', releaseId: `${clientId}-r${releases.length + 1}`, year, funder, purpose: 'zorg_begeleiding', amountCents: random.int(1, 200) * 1000, approvedBy: 'teamleider', fastTrack: false, overrideAllocation: false });
      case 16: {
        const release = spendable.length ? random.pick(spendable) : releases.length ? random.pick(releases) : { releaseId: 'none', amountCents: 1, spentCents: 0 };
        return send({ type: 'SpendBudget', releaseId: release.releaseId, amountCents: random.int(1, Math.max(1, release.amountCents - release.spentCents)), description: 'factuur', spentAt: now() });
      }
      case 17:
        return send({ type: 'SettleBudget', year: random.chance(0.5) ? year - 1 : year, funder });
      case 18:
        if (!random.chance(0.25)) return send({ type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'zorgvraag', decidedBy: 'wijkverpleegkundige', effectiveAt: now() });
        figures.erasures++;
        return attempt(() => care.eraseClient(clientId, 'avg_art_17', admin));
      case 19: {
        const wc = random.pick(WOONCIRKELS);
        return attempt(() => care.changeWooncirkel(wc.wooncirkelId, { type: 'ChangeTeamCapacity', caseloadCapacity: random.int(0, 4) }, admin));
      }
      default:
        return send({ type: 'ScaleCare', toIntensity: random.pick(['licht_ambulant', 'intensief_ambulant'] as const), reason: 'meer zorg', decidedBy: 'wijkverpleegkundige', effectiveAt: now() });
    }
  }

  /** Restart the projection runner (and sometimes the read-model connection), rebuild one projection, or just catch up. */
  async function disturbProjections() {
    const choice = random.int(0, 3);
    if (choice === 0) {
      await runner.catchUp();
    } else if (choice === 1) {
      await runner.stop();
      if (random.chance(0.5)) {
        await readModels.close();
        readModels = new SqliteReadModelStore(path);
      }
      runner = new ProjectionRunner(events, readModels, ALL_PROJECTIONS, { batchSize: random.int(3, 50) });
      await runner.prepare();
      await runner.catchUp();
      figures.restarts++;
    } else if (choice === 2) {
      await runner.rebuild(random.pick(['caseload', 'wachtlijst', 'budget']));
      figures.rebuilds++;
    }
    // choice 3: leave the projections behind for a while
  }

  async function allEvents(): Promise<RecordedEvent[]> {
    return Promise.all((await events.readAll()).map(async (e) => eventWith(e, { data: await cipher.reveal(e.streamId, e.data) })));
  }

  beforeAll(async () => {
    keys = await SqliteClientKeyStore.inDataDir(dataDir);
    cipher = new PersonalDataCipher(keys);
    store = new AggregateStore(events, now, cipher);
    care = new CareCommands(store, keys);
    await runner.prepare();
    for (const w of WIJKEN) await care.registerWijk({ type: 'RegisterWijk', ...w }, admin);
    for (const wc of WOONCIRKELS) {
      await care.registerWooncirkel(
        {
          type: 'RegisterWooncirkel',
          wooncirkelId: wc.wooncirkelId,
          wijkCode: wc.wijkCode,
          name: wc.wooncirkelId,
          form: 'kern_met_cirkel',
          kern: { name: 'kern', opensAt: '08:00', closesAt: '22:00' },
          team: { teamId: `team-${wc.wooncirkelId}`, name: 'team', providerId: wc.wijkCode === 'WK036301' ? 'prov-b' : 'prov-a', caseloadCapacity: wc.capacity },
          homes: [1, 2, 3].map((h) => ({ homeId: `${wc.wooncirkelId}-h${h}`, address: `Straat ${h}`, housingType: 'zelfstandig_in_cirkel' as const, owner: 'parteon', travelMinutesToKern: h })),
        },
        admin,
      );
    }
    // A client recorded before this version: BudgetTransferred and ClientDataErased at schema version 1.
    const legacy = (type: string, schemaVersion: number, data: object, i: number) => ({
      eventId: `00000000-0000-4000-8000-0000000000${10 + i}`,
      type,
      schemaVersion,
      data: { clientId: 'c-legacy', ...data },
      occurredAt: new Date(clock + i * 3_600_000).toISOString(),
      metadata: { actor: { role: 'system' as const, id: 'migration' }, correlationId: 'legacy', causationId: null, commandId: null },
    });
    const from = { wooncirkelId: 'wc-a1', wijkCode: 'WK047901', teamId: 'team-wc-a1', providerId: 'prov-a' };
    const to = { wooncirkelId: 'wc-c', wijkCode: 'WK036301', teamId: 'team-wc-c', providerId: 'prov-b' };
    await events.append(
      clientStream('c-legacy'),
      [
        legacy('IntakeRegistered', 1, { preferredWijk: 'WK047901', lifeDomains: ['daginvulling'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [], referralSource: 'wijkteam', personal: {}, placement: from }, 0),
        legacy('BudgetAllocated', 1, { year: 2025, funder: 'wmo', amountCents: 100_000, wijkCode: 'WK047901' }, 1),
        legacy('DaginvullingRequested', 1, { wish: 'koken', wijkCode: 'WK047901' }, 2),
        legacy('ClientTransferred', 1, { from, to, reason: 'verhuisd', careLevel: 'informeel' }, 3),
        legacy('BudgetTransferred', 1, { fromWijk: 'WK047901', toWijk: 'WK036301', fromProvider: 'prov-a', toProvider: 'prov-b', lines: [{ year: 2025, funder: 'wmo', allocatedCents: 100_000, releasedCents: 0, spentCents: 0, remainingCents: 100_000 }] }, 4),
        legacy('ClientDataErased', 1, { legalBasis: 'avg_art_17', wijkCode: 'WK036301' }, 5),
      ],
      -1,
    );
    for (let i = 0; i < COMMANDS; i++) {
      clock += random.int(1, 72) * 3_600_000;
      await randomClientCommand();
      if (i % 60 === 59) await disturbProjections();
    }
    await runner.catchUp();
    console.log(`history: seed ${SEED}, ${JSON.stringify(figures)}, refused ${JSON.stringify(Object.fromEntries(refusedCodes))}`);
  }, 240_000);

  it('exercised what it means to: repeated waits of every kind, declines, pauses, transfers within and across wijken, moves, budgets, erasures', async () => {
    const types = new Map<string, number>();
    for (const e of await allEvents()) types.set(e.type, (types.get(e.type) ?? 0) + 1);
    for (const type of [
      'CareScalingWaitlisted',
      'HousingRequested',
      'HousingOfferDeclined',
      'HousingMatched',
      'ClientMovedIn',
      'ClientMovedOut',
      'WaitingPaused',
      'ClientTransferred',
      'BudgetTransferred',
      'BudgetSpent',
      'BudgetSettled',
      'ClientDataErased',
      'HomeReserved',
      'HomeReservationReleased',
      'TeamCapacityChanged',
      'DaginvullingArranged',
    ]) {
      expect([type, (types.get(type) ?? 0) > 0]).toEqual([type, true]);
    }
    const all = await allEvents();
    const transfers = all.filter((e) => e.type === 'ClientTransferred').map((e) => e.data as { from: { wijkCode: string }; to: { wijkCode: string } });
    expect([transfers.some((t) => t.from.wijkCode === t.to.wijkCode), transfers.some((t) => t.from.wijkCode !== t.to.wijkCode)]).toEqual([true, true]);
    const expected = recompute(all);
    // A repeated waitlisting inside one open care wait (the wait keeps its first since).
    const waitlistings = all.filter((e) => e.type === 'CareScalingWaitlisted');
    expect(expected.waits.some((w) => w.kind === 'care' && waitlistings.filter((e) => (e.data as { clientId: string }).clientId === w.clientId && e.occurredAt > w.since && (w.closedAt === null || e.occurredAt < w.closedAt)).length > 0)).toBe(true);
    const repeated = (kind: string) => [...new Set(expected.waits.filter((w) => w.kind === kind).map((w) => w.clientId))].some((c) => expected.waits.filter((w) => w.kind === kind && w.clientId === c).length > 1);
    expect(['care', 'housing', 'daginvulling'].map(repeated)).toEqual([true, true, true]);
    expect(expected.waits.some((w) => w.endedBy === 'erased')).toBe(true);
    expect(all.filter((e) => e.streamId === 'client-c-legacy').map((e) => `${e.type}@${e.schemaVersion}`)).toContain('ClientDataErased@1');
    expect(figures.restarts + figures.rebuilds).toBeGreaterThan(3);
  });

  it('caseload, wachtlijst (every wait, open and closed) and budget views equal the recomputation', async () => {
    await runner.catchUp();
    const expected = recompute(await allEvents());
    const docs = async (projection: string, collection: string) => (await readModels.find(projection, collection)).items as any[];

    const wijken = await docs('caseload', 'wijk');
    expect(wijken.map((w) => w.wijkCode).sort()).toEqual([...expected.wijken.keys()].sort());
    for (const w of wijken) {
      const e = expected.wijken.get(w.wijkCode)!;
      expect([w.wijkCode, w.clientsByIntensity, w.clientsBySetting, w.clients, w.teamClients, w.teamCapacity, w.scaledUp, w.scaledDown, w.stayedInHomeSteps]).toEqual([
        w.wijkCode,
        e.byIntensity,
        e.bySetting,
        Object.values(e.byIntensity).reduce((a, b) => a + b, 0),
        e.teamClients,
        e.capacity,
        e.scaledUp,
        e.scaledDown,
        e.stayed,
      ]);
    }
    const wooncirkels = await docs('caseload', 'wooncirkel');
    for (const c of wooncirkels) {
      const e = expected.wooncirkels.get(c.wooncirkelId)!;
      expect([c.wooncirkelId, c.clientsByIntensity, c.clientsBySetting, c.teamClients, c.teamCapacity]).toEqual([c.wooncirkelId, e.byIntensity, e.bySetting, e.teamClients, e.capacity]);
    }
    const months = await docs('caseload', 'month');
    const monthFields = (m: any) => ({
      inflow: m.inflow,
      outflow: m.outflow,
      inflowWithinGemeente: m.inflowWithinGemeente,
      outflowWithinGemeente: m.outflowWithinGemeente,
      inflowWithinRegion: m.inflowWithinRegion,
      outflowWithinRegion: m.outflowWithinRegion,
      scaledUp: m.scaledUp,
      scaledDown: m.scaledDown,
      stayedInHomeSteps: m.stayedInHomeSteps,
    });
    expect(Object.fromEntries(months.map((m) => [`${m.wijkCode}:${m.month}`, monthFields(m)]))).toEqual(Object.fromEntries(expected.months));

    const entries = await docs('wachtlijst', 'entry');
    const entry = (w: any) => ({
      waitId: w.waitId,
      clientId: w.clientId,
      kind: w.kind,
      since: w.since,
      wijkCode: w.wijkCode,
      wooncirkelId: w.wooncirkelId,
      status: w.status,
      open: w.open,
      closedAt: w.closedAt,
      waitedDays: w.waitedDays,
      endedBy: w.endedBy,
      requestedIntensity: w.requestedIntensity,
      segments: w.segments,
    });
    const byId = (a: { waitId: string }, b: { waitId: string }) => a.waitId.localeCompare(b.waitId);
    expect(entries.map(entry).sort(byId)).toEqual(expected.waits.map(entry).sort(byId));

    const budgets = await docs('budget', 'client');
    expect(budgets.length).toBe(expected.budgets.size);
    for (const b of budgets) {
      const e = expected.budgets.get(b.clientId)!;
      expect([b.clientId, b.allocatedCents, b.releasedCents, b.spentCents, b.unreleasedCents, b.unspentCents]).toEqual([b.clientId, e.allocated, e.released, e.spent, e.unreleased, e.unspent]);
      expect([b.clientId, b.transfers.map((t: any) => ({ at: t.at, fromWijk: t.fromWijk, toWijk: t.toWijk, lines: t.lines }))]).toEqual([b.clientId, e.transfers]);
    }
    const wijkBudgets = await docs('budget', 'wijk');
    expect(Object.fromEntries(wijkBudgets.map((w) => [`${w.wijkCode}:${w.year}`, { allocated: w.allocatedCents, released: w.releasedCents, spent: w.spentCents, transfersIn: w.transfersIn, transfersOut: w.transfersOut }]))).toEqual(Object.fromEntries(expected.wijkBudgets));
  });

  it('leaves every aggregate consistent: team places, homes and reservations match the clients, and write side and wachtlijst agree on since', async () => {
    await runner.catchUp();
    const expected = recompute(await allEvents());
    const states = new Map<string, ClientState>();
    for (const id of clientIds) {
      const s = await clientState(id);
      if (s.registered) states.set(id, s);
    }
    for (const wc of WOONCIRKELS) {
      const { state } = await store.load(wooncirkelDecider, wooncirkelStream(wc.wooncirkelId));
      const holders = [...states.values()].filter((s) => !s.erased && s.holdsTeamPlace && s.placement!.wooncirkelId === wc.wooncirkelId).map((s) => s.clientId);
      expect([wc.wooncirkelId, [...state.teamClientIds].sort()]).toEqual([wc.wooncirkelId, holders.sort()]);
      expect(state.teamClientIds.length).toBeLessThanOrEqual(state.team!.caseloadCapacity);
      // Every client above informal care holds a team place, so utilisation follows the caseload.
      const counts = expected.wooncirkels.get(wc.wooncirkelId)!;
      expect([wc.wooncirkelId, counts.teamClients]).toEqual([
        wc.wooncirkelId,
        Object.entries(counts.byIntensity)
          .filter(([l]) => l !== 'geen')
          .reduce((s, [, n]) => s + n, 0),
      ]);
      for (const home of Object.values(state.homes)) {
        if (home.occupantClientId) expect([home.homeId, states.get(home.occupantClientId)?.home?.homeId, states.get(home.occupantClientId)?.erased ?? false]).toEqual([home.homeId, home.homeId, false]);
        if (home.reservedFor) {
          const s = states.get(home.reservedFor.clientId)!;
          const offer = s.offers[home.reservedFor.offerId];
          const held = offer?.homeId === home.homeId && (offer.status === 'open' || (offer.status === 'accepted' && s.match?.homeId === home.homeId));
          expect([home.homeId, s.erased ?? false, held]).toEqual([home.homeId, false, true]);
        }
      }
    }
    // Stock and flows agree: a wijk's clients are its cumulative inflow minus outflow; a gemeente's likewise once moves inside it are taken out.
    const months = (await readModels.find('caseload', 'month')).items as any[];
    const wijkDocs = (await readModels.find('caseload', 'wijk')).items as any[];
    for (const w of wijkDocs) {
      const own = months.filter((m) => m.wijkCode === w.wijkCode);
      expect([w.wijkCode, own.reduce((n, m) => n + m.inflow - m.outflow, 0)]).toEqual([w.wijkCode, w.clients]);
    }
    for (const gemeenteCode of new Set(wijkDocs.map((w) => w.gemeenteCode))) {
      const own = months.filter((m) => m.gemeenteCode === gemeenteCode);
      const flows = own.reduce((n, m) => n + (m.inflow - m.inflowWithinGemeente) - (m.outflow - m.outflowWithinGemeente), 0);
      expect([gemeenteCode, flows]).toEqual([gemeenteCode, wijkDocs.filter((w) => w.gemeenteCode === gemeenteCode).reduce((n, w) => n + w.clients, 0)]);
    }
    const open = new Map(expected.openWaits.map((w) => [`${w.clientId}:${w.kind}`, w.since]));
    for (const [id, s] of states) {
      if (s.erased) continue;
      for (const [kind, wait] of Object.entries(s.waiting)) expect([id, kind, wait!.since]).toEqual([id, kind, open.get(`${id}:${kind}`)]);
    }
  });

  it('the api, restarted on the same data, lists the same waits over HTTP, closed ones included', async () => {
    await runner.stop();
    const t = await startTestApp(dataDir);
    try {
      const expected = recompute(await allEvents());
      const list = async (open: boolean) => {
        const items: any[] = [];
        for (let offset = 0; ; offset += 500) {
          const res = await t
            .as('auditor')
            .get(`/wachtlijst?open=${open}&limit=500&offset=${offset}&minPosition=${await events.headPosition()}`)
            .expect(200);
          items.push(...res.body.items);
          if (items.length >= res.body.total) return items;
        }
      };
      const ids = [...(await list(true)), ...(await list(false))].map((w) => `${w.waitId}|${w.since}|${w.closedAt}|${w.status}|${w.endedBy}`).sort();
      expect(ids).toEqual(expected.waits.map((w) => `${w.waitId}|${w.since}|${w.closedAt}|${w.status}|${w.endedBy}`).sort());
    } finally {
      await t.close();
    }
  });
});
