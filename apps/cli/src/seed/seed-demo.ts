import { AggregateStore, CareCommands, ClientCommandInput, CommandMeta, PersonalDataCipher } from '@wijkzorg/application';
import { Actor, CareIntensity, DomainError, budgetLineKey, FUNDERS, Funder, LIFE_DOMAINS, intensityRank, networkCarries, ReferralSource, RECIPROCITY_CONTRIBUTIONS, clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { EventStore } from '@wijkzorg/event-store';
import { DAGINVULLING_OFFERS, DEMO_REGION } from './demo-region';
import { Random } from './random';
import { ToegangActivity } from './toegang-activity';
import { intakeSetting, nextIntensity, settingMove } from './caremodel-activity';
import { planNetworkActivity } from './network-activity';
import { PotsSeedContext, scheduleDoorbraakCase, schedulePots } from './pots-activity';
import { circleHomes, corporationActor, housingFirstCircle, housingOrigin, housingReason, registerHousingFirstTeams, scheduleReciprocity } from './housing-activity';
import { closureActivity } from './closure-activity';
import { scheduleDoorbraakMeasuresCase } from './doorbraak-geld-measures-activity';
import { seedBuurtActivity } from './buurt-activity';
import { startContinuityActivity } from './continuity-activity';
import { WachtlijstMeasuresActivity, scheduleHousingFirstCohort } from './wachtlijst-measures-activity';
import { seedDekkingActivity } from './dekking-activity';

export interface SeedOptions {
  clients: number;
  seed: number;
  /** Trajectories run from here... */
  from: string;
  /** ...until here; nothing is dated later. */
  until: string;
  onProgress?: (done: number, total: number) => void;
  /** Encrypts personal data per client, as the api does (omit only where no one reads it back). */
  cipher?: PersonalDataCipher;
}

export interface SeedReport {
  wijken: number;
  wooncirkels: number;
  clients: number;
  commands: number;
  refusedByRules: Record<string, number>;
  events: number;
}

const DAY = 86_400_000;
/** Who refers people to the wijk's care, roughly as wijkteams see it: mostly the huisarts and the wijkteam itself, the police rarely. */
const REFERRAL_WEIGHTS: Record<ReferralSource, number> = { huisarts: 25, wijkteam: 22, ggz: 14, zelfmelding: 9, naaste: 9, woningcorporatie: 7, ziekenhuis: 6, politie: 4, gemeente: 4 };
const admin: Actor = { role: 'admin', id: 'seed-admin' };
// Seeding acts for every wooncirkel: after a transfer the same professional id keeps the trajectory going.
const zorgprofessional = (wooncirkelId: string): Actor => ({ role: 'zorgprofessional', id: `zp-${wooncirkelId}`, wooncirkels: ['*'] });

interface Action {
  at: number;
  seq: number;
  run: () => Promise<unknown>;
}

/** A min-heap of actions by time: trajectories interleave as they would in reality. */
class Timeline {
  private heap: Action[] = [];
  private seq = 0;
  constructor(private readonly until: number) {}
  add(at: number, run: () => Promise<unknown>) {
    if (at > this.until) return;
    const heap = this.heap;
    heap.push({ at, seq: this.seq++, run });
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (before(heap[parent], heap[i])) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }
  take(): Action | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length && last) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  }
  get size() {
    return this.heap.length;
  }
}
const before = (a: Action, b: Action) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** A valid (elfproef) but fictitious BSN. */
function fictitiousBsn(random: Random): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, () => random.int(0, 9));
    digits[0] = random.int(1, 6);
    const sum = digits.reduce((s, d, i) => s + d * (9 - i), 0);
    const last = sum % 11;
    if (last <= 9) return [...digits, last].join('');
  }
}
const FIRST = ['Anna', 'Bram', 'Cees', 'Dewi', 'Eva', 'Fatima', 'Gerrit', 'Hanneke', 'Ilse', 'Jan', 'Kofi', 'Lotte', 'Mohamed', 'Noor', 'Osman', 'Priya', 'Ruud', 'Sanne', 'Tim', 'Yara'];
const LAST = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bos', 'Yilmaz', 'El Amrani', 'Pinas', 'Koster', 'Hendriks', 'van Dijk'];

/**
 * Seeds a realistic demo region through the real command flows (so every invariant holds):
 * gemeenten, wijken, wooncirkels, then thousands of client trajectories interleaved in time.
 */
export async function seedDemo(events: EventStore, options: SeedOptions): Promise<SeedReport> {
  const random = new Random(options.seed);
  let now = Date.parse(options.from);
  const store = new AggregateStore(events, () => new Date(now).toISOString(), options.cipher);
  const care = new CareCommands(store);
  const report: SeedReport = { wijken: 0, wooncirkels: 0, clients: 0, commands: 0, refusedByRules: {}, events: 0 };
  const until = Date.parse(options.until);
  const timeline = new Timeline(until);
  const meta = (actor: Actor, extra: Partial<CommandMeta> = {}): CommandMeta => ({ actor, ...extra });

  const wooncirkelsByWijk = new Map<string, string[]>();
  for (const g of DEMO_REGION) {
    for (const w of g.wijken) {
      await care.registerWijk({ type: 'RegisterWijk', wijkCode: w.wijkCode, wijkName: w.wijkName, gemeenteCode: g.gemeenteCode, gemeenteName: g.gemeenteName }, meta(admin));
      report.wijken++;
      const circles = random.int(1, 2);
      for (let c = 1; c <= circles; c++) {
        const wooncirkelId = `wc-${w.wijkCode.toLowerCase()}-${c}`;
        const homes = random.int(12, 30);
        await care.registerWooncirkel(
          {
            type: 'RegisterWooncirkel',
            wooncirkelId,
            wijkCode: w.wijkCode,
            name: `Wooncirkel ${w.wijkName} ${c}`,
            form: 'kern_met_cirkel',
            kern: { name: `Kern ${w.wijkName} ${c}`, opensAt: random.pick(['07:00', '07:30', '08:00']), closesAt: random.pick(['22:00', '22:30', '23:00']) },
            team: { teamId: `team-${wooncirkelId}`, name: `Team ${w.wijkName} ${c}`, providerId: random.pick(g.providers), caseloadCapacity: Math.max(8, Math.round((options.clients / 40) * (0.5 + random.next()))) },
            homes: circleHomes(random, g, wooncirkelId, w.wijkName.split(' ')[0], homes),
          },
          meta(admin),
        );
        report.wooncirkels++;
        wooncirkelsByWijk.set(w.wijkCode, [...(wooncirkelsByWijk.get(w.wijkCode) ?? []), wooncirkelId]);
      }
    }
  }

  const housingFirstByWijk = await registerHousingFirstTeams(care, random, DEMO_REGION, meta(admin));

  const send = async (clientId: string, input: ClientCommandInput, actor: Actor, extra: Partial<CommandMeta> = {}) => {
    if (closure.skips(clientId, input.type)) return null;
    report.commands++;
    try {
      return await care.handleClient(clientId, input, meta(actor, extra));
    } catch (error) {
      if (error instanceof DomainError) {
        report.refusedByRules[error.code] = (report.refusedByRules[error.code] ?? 0) + 1;
        return null;
      }
      throw error;
    }
  };
  const iso = (t: number) => new Date(t).toISOString();
  const span = until - now;
  const toegang = new ToegangActivity(options.seed, store, send, (at, action) => timeline.add(at, action));
  const pots: PotsSeedContext = { care, add: (at, run) => timeline.add(at, run), send, refusedByRules: report.refusedByRules, seed: options.seed, clients: options.clients, from: now, until };
  schedulePots(pots);
  const closure = closureActivity({ seed: options.seed, from: now, until, now: () => now, add: (at, run) => timeline.add(at, run), send, store, events, cipher: options.cipher });
  const wachtlijstMeasures = new WachtlijstMeasuresActivity(options.seed, send, (at, action) => timeline.add(at, action), until);
  const refused = (code: string) => void (report.refusedByRules[code] = (report.refusedByRules[code] ?? 0) + 1);
  await startContinuityActivity({ care, now: () => now, at: (t, run) => timeline.add(t, run), send, refused, until, seed: options.seed }, [...wooncirkelsByWijk.values()].flat());

  for (let i = 0; i < options.clients; i++) {
    const clientId = `cl-${String(i + 1).padStart(5, '0')}`;
    const g = random.pick(DEMO_REGION);
    const wijk = random.pick(g.wijken);
    const preferredWijk = random.chance(0.85) ? wijk.wijkCode : random.pick(g.wijken).wijkCode;
    const wooncirkelId = random.pick(wooncirkelsByWijk.get(wijk.wijkCode)!);
    const team = zorgprofessional(wooncirkelId);
    const t0 = now + Math.floor(random.next() * span * 0.92);
    const lifeDomains = random.some(LIFE_DOMAINS, 3);
    const acute = random.chance(0.04);
    const urgency = random.pick(['regulier', 'regulier', 'regulier', 'regulier', 'regulier', 'regulier', 'regulier', 'hoog', 'hoog', 'acuut'] as const);
    const bsn = fictitiousBsn(random);
    const name = `${random.pick(FIRST)} ${random.pick(LAST)}`;
    const referralSource = random.weighted(REFERRAL_WEIGHTS);

    const setting = intakeSetting(random, lifeDomains.includes('wonen'));
    timeline.add(t0, async () => {
      const outcome = await send(clientId, { type: 'RegisterIntake', clientId, wooncirkelId, preferredWijk, lifeDomains, urgency, acuteConfusedBehaviour: acute, goals: ['een eigen plek', 'meedoen in de buurt'].slice(0, random.int(1, 2)), referralSource, setting, personal: { bsn, name } }, team, {
        commandId: `seed-intake-${clientId}`,
      });
      if (outcome) report.clients++;
    });
    closure.forClient(clientId, t0, team);

    // Care scaling: a first step, then a few steps up and down (same team, no move); a full team waitlists and is asked again later.
    let intensity: CareIntensity = 'geen';
    let t = t0 + random.int(2, 20) * DAY;
    const steps = random.int(0, 4);
    for (let s = 0; s <= steps; s++) {
      const { to: target, carriedByNetwork } = nextIntensity(random, intensity);
      if (target === intensity) continue;
      intensity = target;
      const scale = (attempt: number) => async () => {
        // The step is planned ahead; the professional looks at the client as it is now: other steps (a planned
        // afschaling, one carried by the network, a freed team place taken up) may have brought it there already.
        const { state: client } = await store.load(clientDecider, clientStream(clientId));
        if (!client.registered || client.erased || client.closed || client.intensity === target) return;
        const stepsUp = intensityRank(target) > intensityRank(client.intensity);
        // Carried by the network only where informal support is active now (otherwise it is plain recovery).
        const carried = carriedByNetwork && !stepsUp && networkCarries(client);
        await toegang.ensureIndicatie(clientId, g, target, now);
        const reason = stepsUp ? 'toenemende zorgvraag' : carried ? 'netwerk neemt de steun over' : 'herstel, minder zorg nodig';
        const outcome = await send(clientId, { type: 'ScaleCare', toIntensity: target, reason, decidedBy: `wijkverpleegkundige ${team.id}`, effectiveAt: iso(now), carriedByNetwork: carried }, team);
        if (outcome?.events[0]?.type === 'CareScalingWaitlisted' && attempt < 4) timeline.add(now + random.int(20, 60) * DAY, scale(attempt + 1));
      };
      timeline.add(t, scale(1));
      t += random.int(30, 160) * DAY;
    }

    // Housing: request, offers from a corporation (some declined for the preferred wijk), match, transfer, move in.
    const requestsHousing = lifeDomains.includes('wonen') && random.chance(0.7);
    const move = requestsHousing ? null : settingMove(random, setting);
    if (move) timeline.add(t0 + random.int(30, 300) * DAY, () => send(clientId, { ...move, movedAt: iso(now) }, team));
    if (requestsHousing) {
      const requestAt = t0 + random.int(0, 10) * DAY;
      const origin = housingOrigin(random, g, wijk.wijkCode);
      timeline.add(requestAt, () => send(clientId, { type: 'RequestHousing', reason: housingReason(origin), origin }, team));
      const offer = (n: number) => async () => {
        const targetWijk = random.chance(0.75) ? preferredWijk : wijk.wijkCode;
        const targetCircle = housingFirstCircle(random, housingFirstByWijk, targetWijk, origin) ?? random.pick(wooncirkelsByWijk.get(targetWijk)!);
        const { state } = await store.load(wooncirkelDecider, wooncirkelStream(targetCircle));
        const vacantHomes = Object.values(state.homes).filter((h) => !h.occupantClientId && !h.reservedFor);
        const vacant = vacantHomes.length ? random.pick(vacantHomes) : undefined;
        if (!vacant) return timeline.add(now + random.int(20, 60) * DAY, offer(n));
        const offerId = `${clientId}-o${n}`;
        // The owner offers its own home.
        const corp = vacant.owner ?? random.pick(g.corporations);
        const offered = await send(clientId, { type: 'OfferHousing', offerId, wooncirkelId: targetCircle, homeId: vacant.homeId }, corporationActor(corp));
        if (!offered) return;
        const answerAt = now + random.int(3, 14) * DAY;
        if (n < 3 && random.chance(0.25)) {
          const forPreference = targetWijk !== preferredWijk || random.chance(0.3);
          timeline.add(answerAt, () => send(clientId, { type: 'DeclineHousingOffer', offerId, reason: forPreference ? 'niet in de gewenste wijk' : 'woning past niet', becauseOfPreference: forPreference }, team));
          timeline.add(answerAt + random.int(20, 90) * DAY, offer(n + 1));
          return;
        }
        timeline.add(answerAt, async () => {
          const reciprocity = random.some(RECIPROCITY_CONTRIBUTIONS, 2);
          const accepted = await send(clientId, { type: 'AcceptHousingOffer', offerId, reciprocity, deviationReason: targetWijk === preferredWijk ? undefined : 'cliënt kiest voor een snellere plek' }, team);
          if (!accepted) return;
          scheduleReciprocity((at, run) => timeline.add(at, run), send, random, clientId, team, reciprocity, now);
          const moveAt = now + random.int(7, 30) * DAY;
          // The client moves in once it is served by the wooncirkel of the home: a transfer into a full team waits
          // for a place there (taken up at the team meeting), and the move waits with it.
          const moveIn = (attempt: number) => async () => {
            const { state: client } = await store.load(clientDecider, clientStream(clientId));
            if (!client.registered || client.erased || client.closed || client.match?.wooncirkelId !== targetCircle) return;
            if (client.placement && client.placement.wooncirkelId !== targetCircle) {
              if (client.waiting.transfer?.toWooncirkelId !== targetCircle) await send(clientId, { type: 'TransferClient', toWooncirkelId: targetCircle, reason: 'verhuizing naar de gematchte woning' }, team);
              const { state: after } = await store.load(clientDecider, clientStream(clientId));
              if (after.placement?.wooncirkelId !== targetCircle) {
                if (attempt < 8) timeline.add(now + 14 * DAY, moveIn(attempt + 1));
                return;
              }
            }
            await send(clientId, { type: 'MoveIn', movedInAt: iso(now) }, team);
            if (random.chance(0.06)) timeline.add(now + random.int(60, 300) * DAY, () => send(clientId, { type: 'MoveOut', movedOutAt: iso(now), reason: 'zorgvraag_veranderd', toSetting: 'elders', note: 'verhuisd naar verpleeghuis' }, team));
          };
          timeline.add(moveAt, moveIn(1));
        });
      };
      timeline.add(requestAt + random.int(14, 240) * DAY, offer(1));
    }

    // Person-following budget per calendar year, with releases and spending.
    const firstYear = new Date(t0).getUTCFullYear();
    for (let year = firstYear; year <= new Date(until).getUTCFullYear(); year++) {
      const yearStart = Math.max(t0 + DAY, Date.UTC(year, 0, 2));
      // A client taken in during December gets its first budget in the new year: no time left to release this year's.
      // (Drawn all the same, so every later client of the demo is the one it was.)
      const schedule = yearStart >= Date.UTC(year, 11, 1) ? () => undefined : (at: number, run: () => Promise<unknown>) => timeline.add(at, run);
      let funder: Funder = random.chance(0.8) ? 'wmo' : random.pick(FUNDERS); // the funder of the client's indicatie when allocated
      const allocated = random.int(300, 2500) * 1000;
      schedule(yearStart, async () => {
        const allocation = await toegang.allocation(clientId, g, year, allocated);
        funder = allocation.funder;
        await send(clientId, { type: 'AllocateBudget', year, funder, amountCents: allocation.amountCents }, allocation.actor);
      });
      let left = allocated;
      for (let r = 1; r <= random.int(1, 4); r++) {
        const amount = Math.min(left, random.int(50, 600) * 1000);
        if (amount <= 0) break;
        left -= amount;
        const releaseId = `${clientId}-${year}-r${r}`;
        let released = false;
        const releaseAt = yearStart + Math.floor(random.next() * Math.max(0, Date.UTC(year, 11, 1) - yearStart));
        schedule(releaseAt, async () => {
          const purpose = random.pick(['zorg_begeleiding', 'dagbesteding', 'woonkosten', 'schulden', 'vervoer', 'inrichting'] as const);
          // Released only against an allocation of this year that is open and has the room.
          const { state: client } = await store.load(clientDecider, clientStream(clientId));
          const line = client.budgetLines[budgetLineKey(year, funder)];
          if (!client.registered || client.erased || !line || line.settled || line.releasedCents + amount > line.allocatedCents) return;
          released = !!(await send(clientId, { type: 'ReleaseBudget', releaseId, year, funder, purpose, amountCents: amount, approvedBy: 'teamleider', fastTrack: false, overrideAllocation: false }, team));
        });
        schedule(Math.min(releaseAt + random.int(5, 60) * DAY, Date.UTC(year, 11, 30)), async () => {
          const share = 0.4 + random.next() * 0.6;
          // Spent only against a release that was made.
          if (!released) return;
          await send(clientId, { type: 'SpendBudget', releaseId, amountCents: Math.round(amount * share), description: 'factuur', spentAt: iso(now) }, team);
        });
      }
      if (year < new Date(until).getUTCFullYear())
        schedule(Date.UTC(year + 1, 0, 1, 8), async () => {
          // Settled where the year had an allocation from this funder.
          const { state: client } = await store.load(clientDecider, clientStream(clientId));
          const line = client.budgetLines[budgetLineKey(year, funder)];
          if (!client.registered || client.erased || !line || line.settled) return;
          await send(clientId, { type: 'SettleBudget', year, funder }, team);
        });
    }

    if (lifeDomains.includes('daginvulling') || random.chance(0.2)) {
      const at = t0 + random.int(5, 40) * DAY;
      timeline.add(at, () => send(clientId, { type: 'RequestDaginvulling', wish: random.pick(['tuinieren', 'werken in de buurtkeuken', 'sport', 'vrijwilligerswerk']) }, team));
      if (random.chance(0.7)) timeline.add(at + random.int(14, 200) * DAY, () => send(clientId, { type: 'ArrangeDaginvulling', ...random.pick(DAGINVULLING_OFFERS) }, team));
      if (random.chance(0.08)) timeline.add(at + random.int(3, 10) * DAY, () => send(clientId, { type: 'PauseWaiting', reason: 'opname ziekenhuis' }, team));
    }

    if (random.chance(0.05)) scheduleDoorbraakCase(pots, { clientId, gemeente: g, at: t0 + random.int(30, 200) * DAY, team, caseNumber: i });
    scheduleDoorbraakMeasuresCase(pots, { clientId, gemeente: g, t0, team, clientNumber: i });

    wachtlijstMeasures.forClient(clientId, g, t0, team);
    planNetworkActivity({ seed: options.seed, clientId, gemeente: g, t0, team, at: (time, run) => timeline.add(time, run), send, load: async (id) => (await store.load(clientDecider, clientStream(id))).state, now: () => now });
  }

  await scheduleHousingFirstCohort({ care, store, send, schedule: (at, run) => timeline.add(at, run), from: Date.parse(options.from), until, seed: options.seed, now: () => now });
  seedBuurtActivity({ store, schedule: (at, run) => timeline.add(at, run), from: Date.parse(options.from), until, seed: options.seed, wooncirkelsByWijk, report });
  seedDekkingActivity({ care, schedule: (at, run) => timeline.add(at, run), wooncirkelsByWijk, refused });

  let done = 0;
  for (let action = timeline.take(); action; action = timeline.take()) {
    now = action.at;
    await action.run();
    if (++done % 1000 === 0) options.onProgress?.(done, done + timeline.size);
  }
  options.onProgress?.(done, done);
  report.events = await events.headPosition();
  return report;
}
