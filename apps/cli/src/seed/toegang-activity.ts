import { AggregateStore, ClientCommandInput } from '@wijkzorg/application';
import { Actor, CareIntensity, ClientState, budgetLineKey, Funder, IssueIndicatie, accessFor, accessRegionOf, clientDecider, clientStream, needsIndicatie } from '@wijkzorg/domain';
import { DemoGemeente } from './demo-region';
import { Random } from './random';

const DAY = 86_400_000;

/**
 * What a year of the indicated care costs, in cents, from its volume (tarieven of the order gemeenten and
 * zorgkantoren pay in 2025): begeleiding ~€68/hour, wijkverpleging ~€80/hour, forensisch ambulant ~€95/hour,
 * beschermd wonen ~€165/etmaal, Wlz GGZ-wonen ~€240/etmaal.
 */
function annualCents(i: { product: string; volume: { unit: string; amount: number } }): number {
  const perWeek: Record<string, number> = {
    begeleiding_individueel: 6_800 * i.volume.amount,
    wijkverpleging: Math.round((8_000 * i.volume.amount) / 60),
    forensisch_ambulant: 9_500 * i.volume.amount,
    beschermd_wonen: 16_500 * i.volume.amount,
    ggz_wonen: 24_000 * i.volume.amount,
  };
  return (perWeek[i.product] ?? 0) * 52;
}
/** The part of a year (0–1) an indicatie covers. */
function shareOfYear(i: { validFrom: string; validUntil: string }, year: number): number {
  const from = Math.max(Date.parse(`${i.validFrom}T00:00:00Z`), Date.UTC(year, 0, 1));
  const until = Math.min(Date.parse(`${i.validUntil}T00:00:00Z`) + DAY, Date.UTC(year + 1, 0, 1));
  return Math.max(0, until - from) / (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1));
}
const FUNDER_OF: Record<string, Funder> = { begeleiding_individueel: 'wmo', beschermd_wonen: 'wmo_beschermd_wonen', ggz_wonen: 'wlz', wijkverpleging: 'zvw', forensisch_ambulant: 'forensische_zorg' };
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The last day of a period of whole years or months from a start (inclusive end). */
const endAfter = (fromMs: number, days: number) => dateOf(fromMs + days * DAY - DAY);

type Schedule = (at: number, action: () => Promise<unknown>) => void;
type Send = (clientId: string, input: ClientCommandInput, actor: Actor) => Promise<unknown>;

/**
 * Legal access in the demo region, as the gemeente, the centrumgemeente and the zorgkantoor of each
 * client's region give it: before a step to intensief ambulant or 24-uurs care the competent issuer grants
 * an indicatie (mostly Wmo begeleiding; for 24-uurs care beschermd wonen, Wlz GGZ-wonen or Zvw
 * wijkverpleging); an acute client often starts without one and is regularised weeks later (a few too late,
 * some never); budgets are allocated by the funder of the indicatie the client has in that year. Its own
 * random stream, so the rest of the seed draws exactly what it drew before.
 */
export class ToegangActivity {
  private readonly random: Random;
  private issued = 0;
  /** The volume of each indicatie granted (the client state keeps the period and cover, not the volume). */
  private readonly volumes = new Map<string, { unit: string; amount: number }>();

  constructor(
    seed: number,
    private readonly store: AggregateStore,
    private readonly send: Send,
    private readonly schedule: Schedule,
  ) {
    this.random = new Random(seed ^ 0x70e6a46);
  }

  private async client(clientId: string): Promise<ClientState> {
    return (await this.store.load(clientDecider, clientStream(clientId))).state;
  }

  /**
   * Called before a scaling step at `atMs`: makes sure the step has legal access, as practice gives it —
   * the issuer grants the indicatie first, except for acute clients who often start under the exception.
   */
  async ensureIndicatie(clientId: string, gemeente: DemoGemeente, intensity: CareIntensity, atMs: number): Promise<void> {
    if (!needsIndicatie(intensity)) return;
    const client = await this.client(clientId);
    if (!client.registered || accessFor(client, intensity, new Date(atMs).toISOString()).basis !== 'ontbreekt') return;
    if (client.urgency === 'acuut' && this.random.chance(0.7)) {
      // The step goes ahead as an acute exception; the beschikking follows: mostly within 8 weeks, some late, some never.
      const roll = this.random.next();
      if (roll < 0.85) {
        const after = roll < 0.65 ? this.random.int(14, 55) : this.random.int(60, 150);
        this.schedule(atMs + after * DAY, () => this.grant(clientId, gemeente, intensity, atMs + after * DAY, dateOf(atMs)));
      }
      return;
    }
    await this.grant(clientId, gemeente, intensity, atMs - this.random.int(1, 10) * DAY, undefined);
  }

  /** One indicatie as the competent issuer of the client's region grants it. */
  private async grant(clientId: string, g: DemoGemeente, intensity: string, issuedAtMs: number, from: string | undefined): Promise<void> {
    const validFrom = from ?? dateOf(issuedAtMs);
    const startMs = Date.parse(`${validFrom}T00:00:00Z`);
    const indicatieId = `${clientId}-ind${++this.issued}`;
    // The issuers are the funders: the gemeente, the centrumgemeente, the zorgkantoor; Zvw and forensisch are recorded by the professional.
    const [gemeente, centrum, zorgkantoor] = [this.funderActor('wmo', g), this.funderActor('wmo_beschermd_wonen', g), this.funderActor('wlz', g)];
    const wijkverpleging: Actor = { role: 'zorgprofessional', id: `wijkverpleegkundige-${g.gemeenteCode}`, wooncirkels: ['*'] };
    const roll = this.random.next();
    let command: Omit<IssueIndicatie, 'type' | 'indicatieId' | 'validFrom'>;
    let actor: Actor;
    if (intensity === 'intensief_ambulant') {
      if (roll < 0.82) [command, actor] = [{ wet: 'wmo', product: 'begeleiding_individueel', validUntil: endAfter(startMs, 365), volume: { unit: 'uur_per_week', amount: this.random.int(3, 8) }, covers: ['licht_ambulant', 'intensief_ambulant'] }, gemeente];
      else if (roll < 0.95) [command, actor] = [{ wet: 'zvw', product: 'wijkverpleging', validUntil: endAfter(startMs, 182), volume: { unit: 'minuten_per_week', amount: this.random.int(120, 600) }, covers: ['intensief_ambulant'] }, wijkverpleging];
      else [command, actor] = [{ wet: 'forensisch', product: 'forensisch_ambulant', validUntil: endAfter(startMs, 365), volume: { unit: 'uur_per_week', amount: this.random.int(2, 6) }, covers: ['intensief_ambulant'], issuer: 'reclassering-nl' }, wijkverpleging];
    } else if (roll < 0.55) [command, actor] = [{ wet: 'wmo', product: 'beschermd_wonen', validUntil: endAfter(startMs, 3 * 365), volume: { unit: 'etmaal_per_week', amount: 7 }, covers: ['intensief_ambulant', 'zorg_24uur'] }, centrum];
    else if (roll < 0.85) [command, actor] = [{ wet: 'wlz', product: 'ggz_wonen', validUntil: endAfter(startMs, 5 * 365), volume: { unit: 'etmaal_per_week', amount: 7 }, covers: ['intensief_ambulant', 'zorg_24uur'] }, zorgkantoor];
    else [command, actor] = [{ wet: 'zvw', product: 'wijkverpleging', validUntil: endAfter(startMs, 182), volume: { unit: 'minuten_per_week', amount: this.random.int(600, 2400) }, covers: ['intensief_ambulant', 'zorg_24uur'] }, wijkverpleging];
    this.volumes.set(indicatieId, command.volume);
    const issued = await this.send(clientId, { type: 'IssueIndicatie', indicatieId, validFrom, ...command }, actor);
    // The funder allocates the rest of this year's money for the care it granted (next years at the start of each year).
    const year = new Date(issuedAtMs).getUTCFullYear();
    const funder = FUNDER_OF[command.product];
    const client = issued ? await this.client(clientId) : undefined;
    if (client && !client.budgetLines[budgetLineKey(year, funder)]) {
      const amountCents = Math.round(annualCents(command) * shareOfYear({ validFrom, validUntil: command.validUntil }, year));
      if (amountCents > 0) await this.send(clientId, { type: 'AllocateBudget', year, funder, amountCents }, this.funderActor(funder, g));
    }
    // Some begeleiding ends early because its goal was reached.
    if (command.product === 'begeleiding_individueel' && this.random.chance(0.12)) {
      const endMs = startMs + this.random.int(120, 300) * DAY;
      this.schedule(endMs, () => this.send(clientId, { type: 'EndIndicatie', indicatieId, reason: 'doel_bereikt', endsOn: dateOf(endMs) }, gemeente));
    }
  }

  /** The actor of a funder for a client of this gemeente. */
  private funderActor(funder: Funder, g: DemoGemeente): Actor {
    const region = accessRegionOf(g.gemeenteCode) ?? { centrumgemeente: g.centrumgemeente, zorgkantoor: g.zorgkantoor };
    if (funder === 'wlz' || funder === 'zvw') return { role: 'zorgkantoor', id: `zk-medewerker-${region.zorgkantoor}`, organisation: region.zorgkantoor };
    if (funder === 'wmo_beschermd_wonen') return { role: 'gemeente', id: `consulent-bw-${region.centrumgemeente}`, organisation: region.centrumgemeente };
    if (funder === 'forensische_zorg') return { role: 'admin', id: 'dji-inkoop' };
    return { role: 'gemeente', id: `consulent-${g.gemeenteCode}`, organisation: g.gemeenteCode };
  }

  /**
   * Who allocates a client's budget for a year, and how much: the funder of the costliest indicatie the
   * client holds that year, for the part of the year it covers (not below the base amount the seed's releases
   * are drawn from); without one the gemeente's maatwerk or project money, at the base amount.
   */
  async allocation(clientId: string, g: DemoGemeente, year: number, baseCents: number): Promise<{ funder: Funder; actor: Actor; amountCents: number }> {
    const client = await this.client(clientId);
    const held = Object.values(client.indicaties ?? {})
      .filter((i) => FUNDER_OF[i.product] && shareOfYear(i, year) > 0 && !client.budgetLines[budgetLineKey(year, FUNDER_OF[i.product])])
      .map((i) => ({ funder: FUNDER_OF[i.product], cents: Math.round(annualCents({ product: i.product, volume: this.volumes.get(i.indicatieId) ?? { unit: '', amount: 0 } }) * shareOfYear(i, year)) }))
      .sort((a, b) => b.cents - a.cents)[0];
    if (held) return { funder: held.funder, actor: this.funderActor(held.funder, g), amountCents: Math.max(held.cents, baseCents) };
    const funder: Funder = this.random.chance(0.7) ? 'gemeente_maatwerk' : 'project';
    return { funder, actor: this.funderActor(funder, g), amountCents: baseCents };
  }
}
