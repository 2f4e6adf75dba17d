import { CareCommands, CommandMeta, CommandOutcome, ClientCommandInput, upcast } from '@wijkzorg/application';
import { Actor, DomainError, OVER_CAPACITY_REASONS, TeamRole, WooncirkelEvent, WooncirkelState, byWachtlijstPolicy, clientDecider, clientStream, freeTeamPlaces, teamView, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { Random } from './random';

/**
 * Continuity in the demo region (part C): every team gets realistic staff (an ervaringsdeskundige in most,
 * not all, wooncirkels), clients with professional care get a vaste begeleider at the weekly team meeting,
 * begeleiders leave now and then (their clients are reassigned), acute clients on a full team sometimes get
 * a documented over-capacity, and freed team places offered by the wachtlijst policy are taken up.
 */
export interface ContinuityHooks {
  care: CareCommands;
  /** The seed's clock (ms) and its timeline of interleaved actions. */
  now(): number;
  at(time: number, run: () => Promise<unknown>): void;
  /** A client command through the real flow; null when a rule refused it. */
  send(clientId: string, input: ClientCommandInput, actor: Actor): Promise<CommandOutcome | null>;
  /** Counts a refusal by a rule (the seed's report). */
  refused(code: string): void;
  until: number;
  seed: number;
}

const DAY = 86_400_000;
const BEGELEIDER_ROLES: readonly TeamRole[] = ['persoonlijk_begeleider', 'woonbegeleider'];
const zorgprofessional = (wooncirkelId: string): Actor => ({ role: 'zorgprofessional', id: `zp-${wooncirkelId}`, wooncirkels: ['*'] });

export async function startContinuityActivity(hooks: ContinuityHooks, wooncirkelIds: string[]): Promise<void> {
  // Its own random stream: the rest of the demo stays as it was.
  const random = new Random(hooks.seed ^ 0x5eed_c0de);
  const iso = (t: number) => new Date(t).toISOString();
  const staffSerial = new Map<string, number>();
  /** In memory for the seed only: which begeleider each client has, and how many clients each begeleider has. */
  const begeleiderOf = new Map<string, { staffId: string; wooncirkelId: string }>();
  const load = new Map<string, number>();

  const onTeam = async (wooncirkelId: string, run: (meta: CommandMeta) => Promise<CommandOutcome>) => {
    try {
      return await run({ actor: zorgprofessional(wooncirkelId) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      hooks.refused(error.code);
      return null;
    }
  };
  const join = (wooncirkelId: string, role: TeamRole, hoursPerWeek: number) => {
    const prefix = { persoonlijk_begeleider: 'pb', woonbegeleider: 'wb', wijkverpleegkundige: 'wv', ervaringsdeskundige: 'ed', teamleider: 'tl', gedragsdeskundige: 'gd', ggz_verpleegkundige: 'gv', maatschappelijk_werker: 'mw' }[role];
    const n = (staffSerial.get(wooncirkelId) ?? 0) + 1;
    staffSerial.set(wooncirkelId, n);
    const staffId = `${wooncirkelId.replace(/^wc-/, '')}-${prefix}${n}`;
    return onTeam(wooncirkelId, (meta) => hooks.care.changeTeam(wooncirkelId, { type: 'JoinTeam', staffId, role, hoursPerWeek }, meta));
  };

  // A wooncirkel team: a teamleider, four to six begeleiders, a wijkverpleegkundige or two, often a
  // GGZ-verpleegkundige, and in about four of five teams an ervaringsdeskundige (part-time).
  for (const wooncirkelId of wooncirkelIds) {
    await join(wooncirkelId, 'teamleider', random.pick([24, 28, 32, 36]));
    for (let i = random.int(4, 6); i > 0; i--) await join(wooncirkelId, random.chance(0.6) ? 'persoonlijk_begeleider' : 'woonbegeleider', random.pick([24, 28, 32, 36]));
    for (let i = random.int(1, 2); i > 0; i--) await join(wooncirkelId, 'wijkverpleegkundige', random.pick([24, 32, 36]));
    if (random.chance(0.5)) await join(wooncirkelId, 'ggz_verpleegkundige', random.pick([16, 24, 32]));
    if (random.chance(0.8)) await join(wooncirkelId, 'ervaringsdeskundige', random.pick([12, 16, 20, 24]));
    if (random.chance(0.2)) await join(wooncirkelId, 'maatschappelijk_werker', random.pick([16, 24]));
  }

  // Each team as last read, brought up to date with only the events since: reading is the seed's main cost.
  const known = new Map<string, { revision: number; state: WooncirkelState }>();
  const team = async (wooncirkelId: string) => {
    const before = known.get(wooncirkelId) ?? { revision: -1, state: wooncirkelDecider.initialState };
    const fresh = await hooks.care.store.events.readStream(wooncirkelStream(wooncirkelId), { fromRevision: before.revision + 1 });
    if (fresh.length === 0) return before.state;
    const state = fresh.map((e) => upcast(e) as unknown as WooncirkelEvent).reduce((s, e) => wooncirkelDecider.evolve(s, e), before.state);
    known.set(wooncirkelId, { revision: fresh[fresh.length - 1].revision, state });
    return state;
  };
  const begeleidersOf = (state: WooncirkelState) => Object.values(state.staff).filter((s) => BEGELEIDER_ROLES.includes(s.role));
  const teamleiderOf = (state: WooncirkelState) => Object.values(state.staff).find((s) => s.role === 'teamleider')?.staffId;
  const actor = zorgprofessional;

  /** Taking up a reserved place: the care step asked for, or the waiting transfer, is sent again. */
  const takeUp = async (wooncirkelId: string, clientId: string, kind: 'care' | 'transfer') => {
    const { state: client } = await hooks.care.store.load(clientDecider, clientStream(clientId));
    // Not taken up when it no longer fits: the trajectory ended, the client is there already, or gets that care already.
    if (!client.registered || client.erased || client.closed) return null;
    if (kind === 'transfer') {
      if (client.placement?.wooncirkelId === wooncirkelId) return null;
      return hooks.send(clientId, { type: 'TransferClient', toWooncirkelId: wooncirkelId, reason: 'teamplaats vrijgekomen in de gewenste wooncirkel' }, actor(wooncirkelId));
    }
    const requested = client.waiting.care?.requestedIntensity;
    if (!requested || requested === client.intensity || client.placement?.wooncirkelId !== wooncirkelId) return null;
    return hooks.send(clientId, { type: 'ScaleCare', toIntensity: requested, reason: 'vrijgekomen teamplaats aanvaard', decidedBy: `wijkverpleegkundige ${actor(wooncirkelId).id}`, effectiveAt: iso(hooks.now()) }, actor(wooncirkelId));
  };
  const tookPlace = (outcome: CommandOutcome | null) => !!outcome && outcome.events.some((e) => e.type !== 'CareScalingWaitlisted' && e.type !== 'TransferWaitlisted');

  /** The weekly team meeting: offered places taken up, acute cases, and a vaste begeleider for everyone on the team. */
  const meeting = async (wooncirkelId: string) => {
    let state = await team(wooncirkelId);
    // The team is read again only after something on it changed (reading is the seed's main cost).
    let changed = false;
    for (const offer of Object.values(state.teamPlaceOffers)) {
      changed = true;
      if (tookPlace(await takeUp(wooncirkelId, offer.clientId, offer.kind))) continue;
      // Not taken up (the client cannot be reached or no longer fits): the teamleider passes it on.
      const next = state.teamPlaceWaits.filter((w) => w.clientId !== offer.clientId && !Object.values(state.teamPlaceOffers).some((o) => o.clientId === w.clientId)).sort(byWachtlijstPolicy)[0];
      const teamleider = teamleiderOf(state);
      if (next && teamleider && !offer.overCapacity) {
        await onTeam(wooncirkelId, (meta) => hooks.care.changeTeam(wooncirkelId, { type: 'OverrideTeamPlaceOffer', offerId: offer.offerId, toClientId: next.clientId, decidedBy: teamleider, reason: 'client_onbereikbaar' }, meta));
      }
    }
    if (changed) state = await team(wooncirkelId);
    changed = false;
    const teamleider = teamleiderOf(state);
    for (const wait of state.teamPlaceWaits) {
      if (wait.urgency !== 'acuut' || !teamleider || freeTeamPlaces(teamView(state)) > 0 || Object.values(state.teamPlaceOffers).some((o) => o.clientId === wait.clientId) || !random.chance(0.5)) continue;
      // Over capacity only for a client this team serves now (a waiting transfer is not one yet).
      const { state: client } = await hooks.care.store.load(clientDecider, clientStream(wait.clientId));
      if (wait.kind !== 'care' || !client.registered || client.erased || client.closed || client.placement?.wooncirkelId !== wooncirkelId || client.holdsTeamPlace) continue;
      const granted = await hooks.care
        .grantOverCapacity(wooncirkelId, { type: 'GrantOverCapacity', clientId: wait.clientId, decidedBy: teamleider, reason: random.pick(OVER_CAPACITY_REASONS), until: iso(hooks.now() + random.int(30, 75) * DAY) }, { actor: actor(wooncirkelId) })
        .catch((error) => (error instanceof DomainError ? (hooks.refused(error.code), null) : Promise.reject(error)));
      if (granted) await takeUp(wooncirkelId, wait.clientId, wait.kind);
      changed = true;
    }
    if (changed) state = await team(wooncirkelId);
    const begeleiders = begeleidersOf(state);
    if (begeleiders.length === 0) return;
    for (const clientId of state.teamClientIds) {
      const current = begeleiderOf.get(clientId);
      const stays = current && current.wooncirkelId === wooncirkelId && Object.hasOwn(state.staff, current.staffId);
      // Now and then a client asks for another begeleider.
      const wish = stays && begeleiders.length > 1 && random.chance(0.002);
      if (stays && !wish) continue;
      const candidates = begeleiders.filter((b) => b.staffId !== current?.staffId).sort((a, b) => (load.get(a.staffId) ?? 0) - (load.get(b.staffId) ?? 0) || a.staffId.localeCompare(b.staffId));
      const chosen = candidates[0];
      const { state: client } = await hooks.care.store.load(clientDecider, clientStream(clientId));
      const previous = client.begeleider?.staffId;
      const reason = !previous ? (current && current.wooncirkelId !== wooncirkelId ? 'transfer' : 'eerste_toewijzing') : wish ? 'wens_client' : 'vertrek_medewerker';
      const outcome = await hooks.send(clientId, { type: 'AssignBegeleider', staffId: chosen.staffId, reason, ...(random.chance(0.3) ? { note: random.pick(['Klikt goed met cliënt', 'Kent de buurt en het netwerk', 'Zelfde begeleider als bij eerdere opname']) } : {}) }, actor(wooncirkelId));
      if (!outcome) continue;
      if (current) load.set(current.staffId, (load.get(current.staffId) ?? 1) - 1);
      load.set(chosen.staffId, (load.get(chosen.staffId) ?? 0) + 1);
      begeleiderOf.set(clientId, { staffId: chosen.staffId, wooncirkelId });
    }
  };

  const start = hooks.now();
  for (const wooncirkelId of wooncirkelIds) {
    const offset = random.int(0, 6) * DAY;
    for (let t = start + 7 * DAY + offset; t <= hooks.until; t += 7 * DAY) hooks.at(t, () => meeting(wooncirkelId));
    // About once a year a begeleider leaves the team (their clients get another at the next meeting) and is replaced.
    for (let t = start + random.int(60, 365) * DAY; t <= hooks.until; t += random.int(240, 480) * DAY) {
      hooks.at(t, async () => {
        const state = await team(wooncirkelId);
        const begeleiders = begeleidersOf(state);
        if (begeleiders.length < 3) return;
        const leaving = random.pick(begeleiders);
        await onTeam(wooncirkelId, (meta) => hooks.care.changeTeam(wooncirkelId, { type: 'LeaveTeam', staffId: leaving.staffId, reason: random.pick(['uit_dienst', 'uit_dienst', 'ander_team', 'langdurig_verzuim'] as const) }, meta));
        hooks.at(hooks.now() + random.int(14, 42) * DAY, () => join(wooncirkelId, leaving.role, leaving.hoursPerWeek));
      });
    }
  }
}

/**
 * One scripted episode on a small team of two places, through the real flows, that shows every team-place
 * event at once (a full team, a waiting transfer, an acute over-capacity absorbed, a freed place offered by
 * policy and passed on by the teamleider, a wait that ends). The demo produces these too, but how many
 * depends on its size; docs and the classification test use this episode to see them all.
 */
export async function teamPlaceEpisode(care: CareCommands, at: string): Promise<void> {
  const admin: Actor = { role: 'admin', id: 'episode' };
  const zp = { actor: zorgprofessional('wc-episode-1') };
  await care.registerWijk({ type: 'RegisterWijk', wijkCode: 'WK999901', wijkName: 'Voorbeeldwijk', gemeenteCode: 'GM9999', gemeenteName: 'Voorbeeldgemeente' }, { actor: admin });
  for (const [wooncirkelId, caseloadCapacity] of [
    ['wc-episode-1', 1],
    ['wc-episode-2', 1],
  ] as const) {
    await care.registerWooncirkel(
      {
        type: 'RegisterWooncirkel',
        wooncirkelId,
        wijkCode: 'WK999901',
        name: `Wooncirkel ${wooncirkelId}`,
        form: 'kern_met_cirkel',
        kern: { name: 'Kern Voorbeeld', opensAt: '08:00', closesAt: '22:00' },
        team: { teamId: `team-${wooncirkelId}`, name: 'Team Voorbeeld', providerId: 'voorbeeld-zorg', caseloadCapacity },
        homes: [],
      },
      { actor: admin },
    );
  }
  for (const [staffId, role] of [
    ['ep-tl1', 'teamleider'],
    ['ep-pb1', 'persoonlijk_begeleider'],
    ['ep-pb2', 'persoonlijk_begeleider'],
    ['ep-ed1', 'ervaringsdeskundige'],
  ] as const)
    await care.changeTeam('wc-episode-1', { type: 'JoinTeam', staffId, role, hoursPerWeek: 24 }, zp);
  await care.changeTeam('wc-episode-1', { type: 'LeaveTeam', staffId: 'ep-pb2', reason: 'ander_team' }, zp);
  const clients = [
    ['ep-k1', 'wc-episode-1', 'regulier'],
    ['ep-k2', 'wc-episode-1', 'hoog'],
    ['ep-k3', 'wc-episode-1', 'acuut'],
    ['ep-k4', 'wc-episode-2', 'regulier'],
  ] as const;
  for (const [clientId, wooncirkelId, urgency] of clients)
    await care.handleClient(clientId, { type: 'RegisterIntake', clientId, wooncirkelId, preferredWijk: 'WK999901', lifeDomains: ['begeleiding_zorg'], urgency, acuteConfusedBehaviour: false, goals: ['rust en een eigen plek'], referralSource: 'wijkteam', personal: { name: 'Voorbeeld Cliënt' } }, zp);
  const scale = (clientId: string, toIntensity: 'licht_ambulant' | 'geen') => care.handleClient(clientId, { type: 'ScaleCare', toIntensity, reason: 'volgens plan', decidedBy: 'wijkverpleegkundige', effectiveAt: at }, zp);
  await scale('ep-k1', 'licht_ambulant');
  await care.handleClient('ep-k1', { type: 'AssignBegeleider', staffId: 'ep-pb1', reason: 'eerste_toewijzing', note: 'Klikt goed met cliënt' }, zp);
  await scale('ep-k2', 'licht_ambulant'); // waits: the team is full
  await scale('ep-k4', 'licht_ambulant');
  await care.handleClient('ep-k4', { type: 'TransferClient', toWooncirkelId: 'wc-episode-1', reason: 'dichter bij familie' }, zp); // waits there
  await scale('ep-k3', 'licht_ambulant'); // acute, waits
  await care.grantOverCapacity('wc-episode-1', { type: 'GrantOverCapacity', clientId: 'ep-k3', decidedBy: 'ep-tl1', reason: 'acute_crisis', until: new Date(Date.parse(at) + 30 * DAY).toISOString() }, zp);
  await scale('ep-k3', 'licht_ambulant'); // takes the place beyond capacity
  await scale('ep-k1', 'geen'); // the freed place is absorbed
  await scale('ep-k3', 'geen'); // the next is offered to ep-k2 (hoog) ...
  const offerId = Object.keys((await care.loadWooncirkel('wc-episode-1', 'wooncirkelId')).teamPlaceOffers)[0];
  await care.changeTeam('wc-episode-1', { type: 'OverrideTeamPlaceOffer', offerId, toClientId: 'ep-k4', decidedBy: 'ep-tl1', reason: 'continuiteit_begeleider' }, zp); // ... and passed on
  await care.handleClient('ep-k4', { type: 'TransferClient', toWooncirkelId: 'wc-episode-1', reason: 'dichter bij familie' }, zp); // takes the place
  await care.handleClient('ep-k2', { type: 'TransferClient', toWooncirkelId: 'wc-episode-2', reason: 'verhuisd naar een andere wijk' }, zp); // its wait on the first team ends
}
