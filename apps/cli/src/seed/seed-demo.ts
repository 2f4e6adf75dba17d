import { AggregateStore, CareCommands, ClientCommandInput, CommandMeta, PersonalDataCipher } from '@wijkzorg/application';
import { Actor, CareLevel, CARE_LEVELS, DomainError, FUNDERS, LIFE_DOMAINS, REFERRAL_SOURCES, RECIPROCITY_CONTRIBUTIONS, clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { EventStore } from '@wijkzorg/event-store';
import { DAGINVULLING_OFFERS, DEMO_REGION } from './demo-region';
import { Random } from './random';
import { startContinuityActivity } from './continuity-activity';

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
const admin: Actor = { role: 'admin', id: 'seed-admin' };
// Seeding acts for every wooncirkel: after a transfer the same professional id keeps the trajectory going.
const zorgprofessional = (wooncirkelId: string): Actor => ({ role: 'zorgprofessional', id: `zp-${wooncirkelId}`, wooncirkels: ['*'] });
const doorbraaktafel = (gemeente: string): Actor => ({ role: 'doorbraaktafel', id: `dbt-${gemeente}` });
const corporation = (name: string): Actor => ({ role: 'woningcorporatie', id: name.toLowerCase() });

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
            kern: { name: `Kern ${w.wijkName} ${c}`, opensAt: random.pick(['07:00', '07:30', '08:00']), closesAt: random.pick(['22:00', '22:30', '23:00']) },
            team: { teamId: `team-${wooncirkelId}`, name: `Team ${w.wijkName} ${c}`, providerId: random.pick(g.providers), caseloadCapacity: Math.max(8, Math.round((options.clients / 40) * (0.5 + random.next()))) },
            homes: Array.from({ length: homes }, (_, h) => ({ homeId: `${wooncirkelId}-h${h + 1}`, address: `${w.wijkName.split(' ')[0]}straat ${h + 1}`, kind: h < homes / 3 ? 'cluster' : 'wooncirkel', travelMinutesToKern: random.int(0, 10) })),
          },
          meta(admin),
        );
        report.wooncirkels++;
        wooncirkelsByWijk.set(w.wijkCode, [...(wooncirkelsByWijk.get(w.wijkCode) ?? []), wooncirkelId]);
      }
    }
  }

  const send = async (clientId: string, input: ClientCommandInput, actor: Actor, extra: Partial<CommandMeta> = {}) => {
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
    const referralSource = random.pick(REFERRAL_SOURCES);

    timeline.add(t0, async () => {
      const outcome = await send(clientId, { type: 'RegisterIntake', clientId, wooncirkelId, preferredWijk, lifeDomains, urgency, acuteConfusedBehaviour: acute, goals: ['een eigen plek', 'meedoen in de buurt'].slice(0, random.int(1, 2)), referralSource, personal: { bsn, name } }, team, {
        commandId: `seed-intake-${clientId}`,
      });
      if (outcome) report.clients++;
    });

    // Care scaling: a first step, then a few steps up and down; a full team waitlists and is asked again later.
    let level: CareLevel = 'informeel';
    let t = t0 + random.int(2, 20) * DAY;
    const steps = random.int(0, 4);
    for (let s = 0; s <= steps; s++) {
      const rank = CARE_LEVELS.indexOf(level);
      const up = rank === 0 || (rank < 3 && random.chance(0.6)) || (rank === 3 && random.chance(0.1));
      const next = CARE_LEVELS[Math.max(0, Math.min(4, rank + (up ? 1 : -1)))];
      if (next === level) continue;
      level = next;
      const target = level;
      const scale = (attempt: number) => async () => {
        const outcome = await send(clientId, { type: 'ScaleCare', toLevel: target, reason: up ? 'toenemende zorgvraag' : 'herstel, minder zorg nodig', decidedBy: `wijkverpleegkundige ${team.id}`, effectiveAt: iso(now) }, team);
        if (outcome?.events[0]?.type === 'CareScalingWaitlisted' && attempt < 4) timeline.add(now + random.int(20, 60) * DAY, scale(attempt + 1));
      };
      timeline.add(t, scale(1));
      t += random.int(30, 160) * DAY;
    }

    // Housing: request, offers from a corporation (some declined for the preferred wijk), match, transfer, move in.
    if (lifeDomains.includes('wonen') && random.chance(0.7)) {
      const requestAt = t0 + random.int(0, 10) * DAY;
      timeline.add(requestAt, () => send(clientId, { type: 'RequestHousing', reason: random.pick(['dakloos', 'uitstroom beschermd wonen', 'huidige woning ongeschikt', 'uit huis geplaatst']) }, team));
      const offer = (n: number) => async () => {
        const targetWijk = random.chance(0.75) ? preferredWijk : wijk.wijkCode;
        const targetCircle = random.pick(wooncirkelsByWijk.get(targetWijk)!);
        const { state } = await store.load(wooncirkelDecider, wooncirkelStream(targetCircle));
        const vacantHomes = Object.values(state.homes).filter((h) => !h.occupantClientId && !h.reservedFor);
        const vacant = vacantHomes.length ? random.pick(vacantHomes) : undefined;
        if (!vacant) return timeline.add(now + random.int(20, 60) * DAY, offer(n));
        const offerId = `${clientId}-o${n}`;
        const corp = random.pick(g.corporations);
        const offered = await send(clientId, { type: 'OfferHousing', offerId, corporation: corp, wooncirkelId: targetCircle, homeId: vacant.homeId }, corporation(corp));
        if (!offered) return;
        const answerAt = now + random.int(3, 14) * DAY;
        if (n < 3 && random.chance(0.25)) {
          const forPreference = targetWijk !== preferredWijk || random.chance(0.3);
          timeline.add(answerAt, () => send(clientId, { type: 'DeclineHousingOffer', offerId, reason: forPreference ? 'niet in de gewenste wijk' : 'woning past niet', becauseOfPreference: forPreference }, team));
          timeline.add(answerAt + random.int(20, 90) * DAY, offer(n + 1));
          return;
        }
        timeline.add(answerAt, async () => {
          const accepted = await send(clientId, { type: 'AcceptHousingOffer', offerId, reciprocity: random.some(RECIPROCITY_CONTRIBUTIONS, 2), deviationReason: targetWijk === preferredWijk ? undefined : 'cliënt kiest voor een snellere plek' }, team);
          if (!accepted) return;
          const moveAt = now + random.int(7, 30) * DAY;
          timeline.add(moveAt, async () => {
            const { state: client } = await store.load(clientDecider, clientStream(clientId));
            if (client.placement && client.placement.wooncirkelId !== targetCircle) {
              await send(clientId, { type: 'TransferClient', toWooncirkelId: targetCircle, reason: 'verhuizing naar de gematchte woning' }, team);
            }
            await send(clientId, { type: 'MoveIn', movedInAt: iso(now) }, team);
            if (random.chance(0.06)) timeline.add(now + random.int(60, 300) * DAY, () => send(clientId, { type: 'MoveOut', movedOutAt: iso(now), reason: 'verhuisd naar verpleeghuis' }, team));
          });
        });
      };
      timeline.add(requestAt + random.int(14, 240) * DAY, offer(1));
    }

    // Person-following budget per calendar year, with releases and spending.
    const firstYear = new Date(t0).getUTCFullYear();
    for (let year = firstYear; year <= new Date(until).getUTCFullYear(); year++) {
      const yearStart = Math.max(t0 + DAY, Date.UTC(year, 0, 2));
      const funder = random.chance(0.8) ? 'wmo' : random.pick(FUNDERS);
      const allocated = random.int(300, 2500) * 1000;
      timeline.add(yearStart, () => send(clientId, { type: 'AllocateBudget', year, funder, amountCents: allocated }, team));
      let left = allocated;
      for (let r = 1; r <= random.int(1, 4); r++) {
        const amount = Math.min(left, random.int(50, 600) * 1000);
        if (amount <= 0) break;
        left -= amount;
        const releaseId = `${clientId}-${year}-r${r}`;
        const releaseAt = yearStart + Math.floor(random.next() * Math.max(0, Date.UTC(year, 11, 1) - yearStart));
        timeline.add(releaseAt, () =>
          send(clientId, { type: 'ReleaseBudget', releaseId, year, funder, purpose: random.pick(['zorg_begeleiding', 'dagbesteding', 'woonkosten', 'schulden', 'vervoer', 'inrichting'] as const), amountCents: amount, approvedBy: 'teamleider', fastTrack: false, overrideAllocation: false }, team),
        );
        timeline.add(Math.min(releaseAt + random.int(5, 60) * DAY, Date.UTC(year, 11, 30)), () => send(clientId, { type: 'SpendBudget', releaseId, amountCents: Math.round(amount * (0.4 + random.next() * 0.6)), description: 'factuur', spentAt: iso(now) }, team));
      }
      if (year < new Date(until).getUTCFullYear()) timeline.add(Date.UTC(year + 1, 0, 1, 8), () => send(clientId, { type: 'SettleBudget', year, funder }, team));
    }

    if (lifeDomains.includes('daginvulling') || random.chance(0.2)) {
      const at = t0 + random.int(5, 40) * DAY;
      timeline.add(at, () => send(clientId, { type: 'RequestDaginvulling', wish: random.pick(['tuinieren', 'werken in de buurtkeuken', 'sport', 'vrijwilligerswerk']) }, team));
      if (random.chance(0.7)) timeline.add(at + random.int(14, 200) * DAY, () => send(clientId, { type: 'ArrangeDaginvulling', ...random.pick(DAGINVULLING_OFFERS) }, team));
      if (random.chance(0.08)) timeline.add(at + random.int(3, 10) * DAY, () => send(clientId, { type: 'PauseWaiting', reason: 'opname ziekenhuis' }, team));
    }

    if (random.chance(0.05)) {
      const caseId = `${clientId}-case1`;
      const at = t0 + random.int(30, 200) * DAY;
      const dbt = doorbraaktafel(g.gemeenteCode);
      timeline.add(at, () => send(clientId, { type: 'EscalateCase', caseId, reason: 'zorg en wonen lopen vast tussen regels' }, team));
      timeline.add(at + 7 * DAY, () => send(clientId, { type: 'RecordDoorbraakDecision', caseId, decision: 'maatwerkbudget vrijgeven, woning met voorrang', participants: ['gemeente', 'corporatie', 'zorgaanbieder', 'cliënt'], clientPresent: true }, dbt));
      timeline.add(at + 7 * DAY + 1, () =>
        send(
          clientId,
          {
            type: 'ReleaseBudget',
            releaseId: `${caseId}-maatwerk`,
            year: new Date(at + 7 * DAY).getUTCFullYear(),
            funder: 'wmo',
            purpose: 'overig',
            note: 'maatwerk doorbraaktafel',
            amountCents: random.int(50, 400) * 1000,
            approvedBy: 'doorbraaktafel',
            fastTrack: true,
            overrideAllocation: true,
            justification: 'besloten aan de doorbraaktafel met cliënt aanwezig',
          },
          dbt,
        ),
      );
      timeline.add(at + 40 * DAY, () => send(clientId, { type: 'CloseCase', caseId, outcome: 'doorbraak bereikt' }, dbt));
    }
  }

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
