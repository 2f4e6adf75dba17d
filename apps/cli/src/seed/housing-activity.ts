import { CareCommands, ClientCommandInput, CommandMeta } from '@wijkzorg/application';
import { Actor, ClientOrigin, Home, HousingType, RECIPROCITY_CONTRIBUTIONS, ReciprocityContribution, WooncirkelForm } from '@wijkzorg/domain';
import { DemoGemeente } from './demo-region';
import { Random } from './random';

/**
 * Housing in the demo region: homes owned by the gemeente's own corporations, Housing First teams with
 * scattered homes in Amsterdam Zuidoost and 's-Hertogenbosch Zuidoost (source text 003), where clients
 * come from when they ask for housing (Breda: uitstroom from intramural care, source text 004), and
 * reciprocity delivered month by month after the match.
 */

const DAY = 86_400_000;

/** A corporation acts for its own organisation: only its own homes can it offer. */
export const corporationActor = (code: string): Actor => ({ role: 'woningcorporatie', id: code, organisation: code });

/** Homes of a kern with its circle: a third in the cluster, the rest independent within 10 minutes. */
export function circleHomes(random: Random, g: DemoGemeente, wooncirkelId: string, street: string, count: number): Home[] {
  return Array.from({ length: count }, (_, h) => ({
    homeId: `${wooncirkelId}-h${h + 1}`,
    address: `${street}straat ${h + 1}`,
    housingType: (h < count / 3 ? 'cluster' : 'zelfstandig_in_cirkel') as HousingType,
    owner: random.pick(g.corporations),
    travelMinutesToKern: random.int(0, 10),
  }));
}

/** Wijken with a Housing First team (scattered homes, no 10-minute rule), and the provider that runs it. */
const HOUSING_FIRST: Record<string, string> = { WK0363TA: 'prov-hvo-querido', WK079605: 'prov-novadic-kentron' };

/** Registers the Housing First teams of the region; returns their wooncirkel ids by wijk (clients join them when they get a Housing First home). */
export async function registerHousingFirstTeams(care: CareCommands, random: Random, region: DemoGemeente[], meta: CommandMeta): Promise<Map<string, string>> {
  const registered = new Map<string, string>();
  for (const g of region) {
    for (const w of g.wijken) {
      const providerId = HOUSING_FIRST[w.wijkCode];
      if (!providerId || !g.providers.includes(providerId)) continue;
      const wooncirkelId = `wc-${w.wijkCode.toLowerCase()}-hf`;
      const homes = random.int(6, 10);
      const form: WooncirkelForm = 'housing_first';
      await care.registerWooncirkel(
        {
          type: 'RegisterWooncirkel',
          wooncirkelId,
          wijkCode: w.wijkCode,
          name: `Housing First ${w.wijkName}`,
          form,
          kern: { name: `Steunpunt Housing First ${w.wijkName}`, opensAt: '09:00', closesAt: '17:00' },
          team: { teamId: `team-${wooncirkelId}`, name: `Housing First ${w.wijkName}`, providerId, caseloadCapacity: homes + 4 },
          homes: Array.from({ length: homes }, (_, h) => ({
            homeId: `${wooncirkelId}-h${h + 1}`,
            address: `${w.wijkName.split(' ')[0]}laan ${10 + h * 7}`,
            housingType: 'housing_first' as const,
            owner: random.pick(g.corporations),
            // Scattered over the city: often well beyond the 10 minutes of a wooncirkel.
            travelMinutesToKern: random.int(5, 35),
          })),
        },
        meta,
      );
      registered.set(w.wijkCode, wooncirkelId);
    }
  }
  return registered;
}

/** Housing First is for people from the street or the opvang: most of them in a wijk with a Housing First team get such a home. */
export function housingFirstCircle(random: Random, housingFirst: Map<string, string>, wijkCode: string, origin: ClientOrigin): string | undefined {
  const circle = housingFirst.get(wijkCode);
  return circle && (origin === 'dakloos' || origin === 'maatschappelijke_opvang') && random.chance(0.8) ? circle : undefined;
}

const ORIGIN_WEIGHTS: [ClientOrigin, number][] = [
  ['thuis', 38],
  ['intramurale_ggz', 12],
  ['beschermd_wonen', 15],
  ['maatschappelijke_opvang', 10],
  ['dakloos', 9],
  ['ziekenhuis', 5],
  ['detentie', 4],
  ['overig', 7],
];
/** Breda's wijkgericht wonen is about outflow from intramural care and beschermd wonen. */
const BREDA_ORIGIN_WEIGHTS: [ClientOrigin, number][] = [
  ['thuis', 18],
  ['intramurale_ggz', 34],
  ['beschermd_wonen', 24],
  ['maatschappelijke_opvang', 8],
  ['dakloos', 6],
  ['ziekenhuis', 3],
  ['detentie', 3],
  ['overig', 4],
];

/** Where a Housing First team works (Zuidoost), more people come from the street and the opvang. */
const HOUSING_FIRST_WIJK_ORIGIN_WEIGHTS: [ClientOrigin, number][] = [
  ['thuis', 24],
  ['intramurale_ggz', 10],
  ['beschermd_wonen', 12],
  ['maatschappelijke_opvang', 20],
  ['dakloos', 20],
  ['ziekenhuis', 4],
  ['detentie', 5],
  ['overig', 5],
];

export function housingOrigin(random: Random, g: DemoGemeente, wijkCode: string): ClientOrigin {
  const weights = HOUSING_FIRST[wijkCode] ? HOUSING_FIRST_WIJK_ORIGIN_WEIGHTS : g.gemeenteCode === 'GM0758' ? BREDA_ORIGIN_WEIGHTS : ORIGIN_WEIGHTS;
  let roll = random.next() * weights.reduce((sum, [, w]) => sum + w, 0);
  for (const [origin, w] of weights) if ((roll -= w) < 0) return origin;
  return 'overig';
}

/** Why the client asks for housing, in the words of the team (sealed personal text), fitting its origin. */
export const housingReason = (origin: ClientOrigin): string =>
  ({
    thuis: 'huidige woning ongeschikt',
    intramurale_ggz: 'uitstroom uit de kliniek',
    beschermd_wonen: 'uitstroom beschermd wonen',
    maatschappelijke_opvang: 'uit de opvang naar een eigen plek',
    dakloos: 'dakloos',
    ziekenhuis: 'na opname niet terug naar de oude woning',
    detentie: 'na detentie zonder woning',
    overig: 'andere woonsituatie nodig',
  })[origin];

/** Contributions counted in times (a task done), the others in hours. */
const COUNTED_IN_TIMES: readonly ReciprocityContribution[] = ['boodschappen', 'oppassen', 'vervoer'];

type Schedule = (at: number, run: () => Promise<unknown>) => void;
type Send = (clientId: string, input: ClientCommandInput, actor: Actor) => Promise<unknown>;

/**
 * After the match, the client's contributions month by month for up to a year: most months something,
 * not every month everything; now and then the agreement changes with the client.
 */
export function scheduleReciprocity(schedule: Schedule, send: Send, random: Random, clientId: string, team: Actor, agreed: ReciprocityContribution[], matchedAt: number): void {
  let current = [...agreed];
  const months = random.int(3, 12);
  const changeAfter = random.chance(0.15) ? random.int(2, months - 1) : -1;
  for (let m = 0; m < months; m++) {
    const month = new Date(matchedAt);
    month.setUTCDate(1);
    month.setUTCMonth(month.getUTCMonth() + m);
    const label = month.toISOString().slice(0, 7);
    // Recorded in the first days of the next month.
    const recordAt = Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, random.int(1, 6), 10);
    for (const contribution of current) {
      if (!random.chance(0.7)) continue;
      const amount = COUNTED_IN_TIMES.includes(contribution) ? { times: random.int(1, 8) } : { hours: random.int(2, 16) };
      schedule(recordAt, () => send(clientId, { type: 'RecordReciprocityDelivery', contribution, month: label, ...amount }, team));
    }
    if (m === changeAfter) {
      const next = random.some(RECIPROCITY_CONTRIBUTIONS, 2);
      if (next.length !== current.length || next.some((c) => !current.includes(c))) {
        schedule(recordAt + DAY, () => send(clientId, { type: 'ChangeReciprocityAgreement', contributions: next, reason: 'cliënt wil iets anders bijdragen aan de buurt' }, team));
        current = next;
      }
    }
  }
}
