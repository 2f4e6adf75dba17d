import { ClientCommandInput } from '@wijkzorg/application';
import { Actor, CARE_INTENSITIES, ClientState, intensityRank, INDICATED_CARE, InformalSupportKind, NetworkRelation } from '@wijkzorg/domain';
import { DemoGemeente } from './demo-region';
import { Random } from './random';

/** What the network activity of one client needs from the seed: its timeline, the command path and the client's state. */
export interface NetworkSeedContext {
  seed: number;
  clientId: string;
  gemeente: DemoGemeente;
  /** When the client's intake happens. */
  t0: number;
  /** The zorgprofessional of the client's team. */
  team: Actor;
  at(time: number, run: () => Promise<unknown>): void;
  send(clientId: string, input: ClientCommandInput, actor: Actor): Promise<unknown>;
  load(clientId: string): Promise<ClientState>;
  now(): number;
}

const DAY = 86_400_000;
/** Zeist ("Meedoen in Zeist", source 001) steers from formal to informal care: referrals are avoided there far more often. */
const ZEIST = 'GM0355';
const AVOIDED_SHARE = { zeist: 0.55, elsewhere: 0.22 };

const FIRST = ['Ans', 'Bert', 'Corrie', 'Dirk', 'Esra', 'Frank', 'Gonny', 'Hamid', 'Ineke', 'Joop', 'Karin', 'Leila', 'Marco', 'Nel', 'Rachid', 'Sientje', 'Wim'];
const LAST = ['Brouwer', 'de Jong', 'van den Berg', 'Dekker', 'Peters', 'Kaya', 'Vos', 'Willems', 'Boukhari', 'Jacobs', 'de Graaf'];

/** Relations as they occur (family and naasten carry most informal care; volunteers and experts by experience come through welzijn). */
const RELATIONS: NetworkRelation[] = ['naaste', 'naaste', 'naaste', 'familie', 'familie', 'mantelzorger', 'mantelzorger', 'vrijwilliger', 'vrijwilliger', 'buur', 'vriend', 'ervaringsdeskundige'];
const KINDS_BY_RELATION: Record<NetworkRelation, InformalSupportKind[]> = {
  mantelzorger: ['toezicht', 'huishouden', 'maaltijden', 'administratie'],
  naaste: ['gezelschap', 'boodschappen', 'administratie', 'vervoer'],
  familie: ['administratie', 'vervoer', 'boodschappen', 'gezelschap'],
  vriend: ['gezelschap', 'vervoer'],
  buur: ['boodschappen', 'klussen', 'toezicht'],
  vrijwilliger: ['gezelschap', 'vervoer', 'boodschappen', 'dagstructuur'],
  ervaringsdeskundige: ['lotgenotencontact', 'dagstructuur'],
  overig: ['overig'],
};
/** Typical hours a week: a mantelzorger gives most, a neighbour least. */
const HOURS: Record<NetworkRelation, [number, number]> = { mantelzorger: [4, 16], naaste: [2, 8], familie: [2, 6], vriend: [1, 4], buur: [1, 3], vrijwilliger: [2, 6], ervaringsdeskundige: [2, 4], overig: [1, 2] };
const END_REASONS = ['doel_bereikt', 'doel_bereikt', 'niet_meer_nodig', 'overbelasting', 'verhuizing', 'overgenomen_door_professional'] as const;
const NOT_MEMBER_CARRIED = ['buurtplein', 'algemene_voorziening', 'vrij_toegankelijke_dagbesteding', 'lotgenotengroep'] as const;

function stableSeed(seed: number, clientId: string): number {
  let h = seed >>> 0;
  for (const c of clientId) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/**
 * The client's network through the real command flows: most clients have one to three members, some none;
 * members give informal support for some hours a week, some of which ends; a referral to indicated care is
 * made or avoided (avoided more often in Zeist); where the network carries support, professional care may
 * step down (afschaling carried by the network). Its own random stream, so the rest of the seed is unchanged.
 */
export function planNetworkActivity(ctx: NetworkSeedContext): void {
  const random = new Random(stableSeed(ctx.seed, ctx.clientId));
  const { clientId, gemeente, t0, team } = ctx;
  const welzijn: Actor = { role: 'welzijn', id: `${gemeente.welzijn}-1`, wooncirkels: ['*'], organisation: gemeente.welzijn };
  const wijkteam: Actor = { role: 'wijkteam', id: `wijkteam-${gemeente.gemeenteCode.toLowerCase()}`, wooncirkels: ['*'], organisation: gemeente.gemeenteCode };
  const zeist = gemeente.gemeenteCode === ZEIST;

  const size = random.pick(zeist ? [0, 1, 1, 2, 2, 2, 3, 3] : [0, 0, 1, 1, 1, 2, 2, 3]);
  let supports = 0;
  for (let m = 1; m <= size; m++) {
    const memberId = `m${m}`;
    const relation = random.pick(RELATIONS);
    const byWelzijn = relation === 'vrijwilliger' || relation === 'ervaringsdeskundige';
    const addedAt = t0 + random.int(3, 45) * DAY;
    const name = `${random.pick(FIRST)} ${random.pick(LAST)}`;
    const contact = random.chance(0.7) ? `06-${String(random.int(10_000_000, 99_999_999))}` : undefined;
    ctx.at(addedAt, () => ctx.send(clientId, { type: 'AddNetworkMember', memberId, relation, personal: { name, ...(contact ? { contact } : {}) } }, byWelzijn ? welzijn : team));
    if (!random.chance(zeist ? 0.8 : 0.65)) continue;
    const supportId = `s${++supports}`;
    const [min, max] = HOURS[relation];
    const hoursPerWeek = random.int(min, max);
    const startedAt = addedAt + random.int(1, 30) * DAY;
    ctx.at(startedAt, () => ctx.send(clientId, { type: 'StartInformalSupport', supportId, memberId, kind: random.pick(KINDS_BY_RELATION[relation]), hoursPerWeek, ...(random.chance(0.3) ? { note: 'afspraken gemaakt in het netwerkgesprek' } : {}) }, byWelzijn ? welzijn : team));
    if (random.chance(0.3)) ctx.at(startedAt + random.int(60, 420) * DAY, () => ctx.send(clientId, { type: 'EndInformalSupport', supportId, reason: random.pick(END_REASONS) }, team));
    else if (random.chance(0.05)) ctx.at(startedAt + random.int(90, 500) * DAY, () => ctx.send(clientId, { type: 'RemoveNetworkMember', memberId, reason: random.pick(['verhuisd', 'overbelast', 'contact_verbroken'] as const) }, team));
  }

  // A referral question: made or avoided, recorded by the team or the wijkteam.
  if (random.chance(zeist ? 0.5 : 0.4)) {
    const care = random.pick(INDICATED_CARE);
    const avoid = random.chance(zeist ? AVOIDED_SHARE.zeist : AVOIDED_SHARE.elsewhere);
    const by = random.chance(0.5) ? wijkteam : team;
    ctx.at(t0 + random.int(40, 150) * DAY, async () => {
      if (!avoid) return ctx.send(clientId, { type: 'RecordReferralMade', referralId: 'r1', care, ...(random.chance(0.6) ? { referredTo: random.pick(gemeente.providers) } : {}) }, by);
      const active = Object.entries((await ctx.load(clientId)).informalSupports).find(([, s]) => s.active);
      const solution = active ? random.pick(['informele_steun', 'informele_steun', 'vrijwilligersinzet'] as const) : random.pick(NOT_MEMBER_CARRIED);
      return ctx.send(clientId, { type: 'RecordReferralAvoided', referralId: 'r1', care, solution, ...(active ? { supportId: active[0] } : {}) }, by);
    });
  }

  // Afschaling carried by the network: where support is active and professional care can step down.
  if (supports > 0 && random.chance(zeist ? 0.35 : 0.2)) {
    ctx.at(t0 + random.int(120, 400) * DAY, async () => {
      const state = await ctx.load(clientId);
      if (!Object.values(state.informalSupports).some((s) => s.active)) return;
      const rank = intensityRank(state.intensity);
      if (rank <= 0) return;
      const input: ClientCommandInput = { type: 'ScaleCare', toIntensity: CARE_INTENSITIES[rank - 1], reason: 'het netwerk neemt een deel van de begeleiding over', decidedBy: `wijkverpleegkundige ${team.id}`, effectiveAt: new Date(ctx.now()).toISOString(), carriedByNetwork: true };
      return ctx.send(clientId, input, team);
    });
  }
}
