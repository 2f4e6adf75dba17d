import { AggregateStore, CareCommands, ClientCommandInput } from '@wijkzorg/application';
import { Actor, Urgency, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { DemoGemeente } from './demo-region';
import { Random } from './random';

const DAY = 86_400_000;

type Schedule = (at: number, action: () => Promise<unknown>) => void;
type Send = (clientId: string, input: ClientCommandInput, actor: Actor) => Promise<unknown>;

/**
 * Aanvragen for an indicatie, as wijkteams and professionals make them: for about a third of the clients an aanvraag
 * for Wmo dagbesteding or groepsbegeleiding goes to the gemeente some weeks after intake; the gemeente decides
 * mostly within the 8 weeks of the Wmo, some later, refuses some (a voorliggende voorziening, no right) and some
 * are withdrawn. The beschikking covers licht ambulant support only (which needs none), so it changes no care step
 * the rest of the seed decides. Its own random stream: the rest of the seed draws exactly what it drew before.
 */
export class WachtlijstMeasuresActivity {
  private readonly random: Random;

  constructor(
    seed: number,
    private readonly send: Send,
    private readonly schedule: Schedule,
    private readonly until: number,
  ) {
    this.random = new Random(seed ^ 0x3a7c11);
  }

  forClient(clientId: string, g: DemoGemeente, t0: number, team: Actor): void {
    if (!this.random.chance(0.35)) return;
    const requestedAt = t0 + this.random.int(7, 120) * DAY;
    const byWijkteam = this.random.chance(0.4);
    const requester: Actor = byWijkteam ? { role: 'wijkteam', id: `wijkteam-${g.gemeenteCode}`, wooncirkels: ['*'], organisation: g.gemeenteCode } : team;
    const gemeente: Actor = { role: 'gemeente', id: `consulent-${g.gemeenteCode}`, organisation: g.gemeenteCode };
    const product = this.random.chance(0.6) ? 'dagbesteding' : 'begeleiding_groep';
    const requestId = `${clientId}-aanvraag-1`;
    const roll = this.random.next();
    // Mostly decided within 8 weeks, a fifth later; decisions after the seed's end leave the wait open.
    const decideAfter = this.random.chance(0.8) ? this.random.int(14, 56) : this.random.int(57, 150);
    const decidedAt = requestedAt + decideAfter * DAY;
    this.schedule(requestedAt, () => this.send(clientId, { type: 'RequestIndicatie', requestId, wet: 'wmo', product, requestedIntensity: 'licht_ambulant' }, requester));
    if (decidedAt >= this.until) return;
    if (roll < 0.75) {
      const validFrom = new Date(decidedAt).toISOString().slice(0, 10);
      const validUntil = new Date(decidedAt + 365 * DAY).toISOString().slice(0, 10);
      this.schedule(decidedAt, () => this.send(clientId, { type: 'IssueIndicatie', indicatieId: `${clientId}-dagbesteding`, requestId, wet: 'wmo', product, validFrom, validUntil, volume: { unit: 'dagdeel_per_week', amount: this.random.int(1, 6) }, covers: ['licht_ambulant'] }, gemeente));
    } else if (roll < 0.9) {
      this.schedule(decidedAt, () => this.send(clientId, { type: 'RefuseIndicatieRequest', requestId, reason: this.random.chance(0.6) ? 'voorliggende_voorziening' : 'geen_recht' }, gemeente));
    } else {
      this.schedule(requestedAt + this.random.int(5, decideAfter) * DAY, () => this.send(clientId, { type: 'WithdrawIndicatieRequest', requestId, reason: this.random.chance(0.5) ? 'niet_meer_nodig' : 'op_verzoek_client' }, requester));
    }
  }
}

/** 's-Hertogenbosch Zuidoost: the Housing First team of source 003, which houses people from the street in scattered homes. */
const HF_WIJK = 'WK079605';
const HF_CIRCLE = `wc-${HF_WIJK.toLowerCase()}-hf`;
/** How long, in days, Housing First takes to find a home by urgency (acute people first, a regular wait some months). */
const HOUSING_WAIT_DAYS: Record<Urgency, [number, number]> = { acuut: [14, 60], hoog: [30, 120], regulier: [60, 240] };

export interface HousingFirstCohort {
  care: CareCommands;
  store: AggregateStore;
  send: Send;
  schedule: Schedule;
  from: number;
  until: number;
  seed: number;
  now: () => number;
}

/**
 * A Housing First cohort in 's-Hertogenbosch Zuidoost: about three people a month from the street or the opvang come
 * in over 2025, ask for a home and wait for one by urgency; the corporations bring scattered homes into the team's
 * circle as the programme grows, each offered and accepted, and the client moves in. So the demo can answer how long
 * people wait for housing there, by urgency (a wait without a vacant home waits on). Real command flows.
 */
export async function scheduleHousingFirstCohort(c: HousingFirstCohort): Promise<void> {
  const random = new Random(c.seed ^ 0x4f1a3);
  const admin: Actor = { role: 'admin', id: 'seed-admin' };
  if (!(await c.store.load(wooncirkelDecider, wooncirkelStream(HF_CIRCLE))).state.registered) return;
  const team: Actor = { role: 'zorgprofessional', id: `zp-${HF_CIRCLE}`, wooncirkels: ['*'] };
  const corporations = ['zayaz', 'brabantwonen', 'mooiland'];
  const yearStart = Math.max(c.from, Date.UTC(2025, 0, 1));
  // Homes join the circle through the year, a little ahead of the people.
  for (let h = 1; h <= 34; h++) {
    const at = yearStart + random.int(10, 300) * DAY;
    if (at >= c.until) continue;
    const home = { homeId: `${HF_CIRCLE}-sp${h}`, address: `Zuidoost verspreid ${h}`, housingType: 'housing_first' as const, owner: random.pick(corporations), travelMinutesToKern: random.int(5, 25) };
    c.schedule(at, () => c.care.changeWooncirkel(HF_CIRCLE, { type: 'AddHome', home }, { actor: admin }));
  }
  for (let i = 1; i <= 36; i++) {
    const clientId = `hf-shb-${String(i).padStart(3, '0')}`;
    const urgency: Urgency = i % 4 === 0 ? 'acuut' : i % 3 === 0 ? 'hoog' : i % 2 === 0 ? 'hoog' : 'regulier';
    const t0 = yearStart + random.int(0, 200) * DAY;
    if (t0 >= c.until) continue;
    const origin = random.chance(0.6) ? 'dakloos' : 'maatschappelijke_opvang';
    c.schedule(t0, () => c.send(clientId, { type: 'RegisterIntake', clientId, wooncirkelId: HF_CIRCLE, preferredWijk: HF_WIJK, lifeDomains: ['wonen', 'financien'], urgency, acuteConfusedBehaviour: false, goals: ['een eigen plek'], referralSource: 'ggz', setting: 'elders' }, team));
    c.schedule(t0 + DAY, () => c.send(clientId, { type: 'RequestHousing', reason: origin === 'dakloos' ? 'dakloos, Housing First' : 'uitstroom uit de opvang', origin }, team));
    const [min, max] = HOUSING_WAIT_DAYS[urgency];
    const offer = (n: number) => async () => {
      const { state } = await c.store.load(wooncirkelDecider, wooncirkelStream(HF_CIRCLE));
      const vacant = Object.values(state.homes).filter((h) => !h.occupantClientId && !h.reservedFor);
      const now = c.now();
      if (vacant.length === 0) return n < 12 && now + 14 * DAY < c.until && c.schedule(now + random.int(10, 20) * DAY, offer(n + 1));
      const home = random.pick(vacant);
      const offerId = `${clientId}-hf${n}`;
      const owner = home.owner ?? random.pick(corporations);
      const offered = await c.send(clientId, { type: 'OfferHousing', offerId, wooncirkelId: HF_CIRCLE, homeId: home.homeId }, { role: 'woningcorporatie', id: `${owner}-verhuur`, organisation: owner });
      if (!offered) return;
      const acceptAt = now + random.int(2, 7) * DAY;
      c.schedule(acceptAt, async () => {
        const accepted = await c.send(clientId, { type: 'AcceptHousingOffer', offerId, reciprocity: ['klusjes'] }, team);
        if (accepted) c.schedule(acceptAt + random.int(7, 21) * DAY, () => c.send(clientId, { type: 'MoveIn', movedInAt: new Date(c.now()).toISOString() }, team));
      });
    };
    const offerDelay = random.int(min, max) * DAY;
    c.schedule(t0 + DAY + offerDelay, offer(1));
  }
}
