import { ClientCommandInput } from '@wijkzorg/application';
import { Actor } from '@wijkzorg/domain';
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
