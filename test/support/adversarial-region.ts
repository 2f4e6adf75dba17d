import { ACCESS_REGIONS } from '@wijkzorg/domain';
import { LoggedApi, Reply } from './adversarial-api';
import { OpenApiDoc, Operation, conformingBody, operationsOf } from './hostile-corpus';

/**
 * A small, realistic region seeded through the real HTTP commands: two gemeenten, six wijken,
 * some of them with only 1–4 clients, waits or spending. Every free text carries a unique marker
 * so tests can look for it where it must never appear; every amount is unusual, so a published
 * figure equal to one of them is one person's money.
 */
export const REGION = [
  {
    gemeenteCode: 'GM0479',
    gemeenteName: 'Zaanstad',
    wijken: [
      {
        wijkCode: 'WK047901',
        wijkName: 'Poelenburg',
        wooncirkels: [
          { id: 'wc-pb-1', capacity: 3, clients: 4 },
          { id: 'wc-pb-2', capacity: 3, clients: 4 },
        ],
      },
      { wijkCode: 'WK047902', wijkName: 'Kogerveld', wooncirkels: [{ id: 'wc-kv-1', capacity: 2, clients: 1 }] },
      { wijkCode: 'WK047903', wijkName: 'Peldersveld', wooncirkels: [{ id: 'wc-pd-1', capacity: 4, clients: 3 }] },
    ],
  },
  {
    gemeenteCode: 'GM0363',
    gemeenteName: 'Amsterdam',
    wijken: [
      {
        wijkCode: 'WK036301',
        wijkName: 'Burgwallen',
        wooncirkels: [
          { id: 'wc-bw-1', capacity: 4, clients: 4 },
          { id: 'wc-bw-2', capacity: 2, clients: 3 },
        ],
      },
      { wijkCode: 'WK036302', wijkName: 'Westpoort', wooncirkels: [{ id: 'wc-wp-1', capacity: 1, clients: 2 }] },
      { wijkCode: 'WK036303', wijkName: 'Noord', wooncirkels: [{ id: 'wc-no-1', capacity: 3, clients: 4 }] },
    ],
  },
];

export const ALL_WIJKEN = REGION.flatMap((g) => g.wijken.map((w) => ({ ...w, gemeenteCode: g.gemeenteCode })));
export const ALL_WOONCIRKELS = ALL_WIJKEN.flatMap((w) => w.wooncirkels.map((c) => ({ ...c, wijkCode: w.wijkCode, gemeenteCode: w.gemeenteCode })));

export interface SeededClient {
  clientId: string;
  wooncirkelId: string;
  wijkCode: string;
  index: number;
}

export type Roles = (role: string, id?: string, wooncirkels?: string[], organisation?: string) => string;

/** A 9-digit number that passes the elfproef. */
export function bsnFor(n: number): string {
  for (let base = 10_000_000 + n * 97; ; base++) {
    const digits = String(base).padStart(8, '0').split('').map(Number);
    const sum = digits.reduce((s, d, i) => s + d * (9 - i), 0);
    const last = sum % 11;
    if (last <= 9 && digits[0] !== 0) return `${digits.join('')}${last}`;
  }
}

export class Region {
  readonly clients: SeededClient[] = [];
  /** marker → the client it belongs to (or 'region'). */
  readonly markers = new Map<string, string>();
  readonly moneySecrets = new Set<number>();
  readonly names: string[] = [];
  readonly bsns: string[] = [];
  readonly seedFailures: string[] = [];
  readonly ops: Operation[];
  private counter = 0;

  constructor(
    readonly api: LoggedApi,
    readonly doc: OpenApiDoc,
    readonly token: Roles,
  ) {
    this.ops = operationsOf(doc);
  }

  /** A unique marker for free text about `owner`. */
  mark(owner: string, field: string): string {
    const marker = `ZQ${(++this.counter).toString(36).padStart(3, '0')}${field.replace(/\W/g, '').slice(0, 12)}QZ`;
    this.markers.set(marker, owner);
    return marker;
  }

  markersOf(owner: string): string[] {
    return [...this.markers].filter(([, o]) => o === owner).map(([m]) => m);
  }

  /** Sends a command whose body follows the route's schema; records a failure when it is not 2xx. */
  async command(role: string, method: string, template: string, params: Record<string, string>, wanted: Record<string, unknown>, owner = 'region', zpScope?: string[], organisation?: string): Promise<Reply> {
    const op = this.ops.find((o) => o.method === method && o.path === template);
    const path = template.replace(/:(\w+)/g, (_, p: string) => encodeURIComponent(params[p]));
    const body = conformingBody(this.doc, op?.body, wanted, (field) => this.mark(owner, field), owner);
    const reply = await this.api.call(method, path, { token: this.token(role, `${role}-seed`, zpScope, organisation), body });
    if (reply.status < 200 || reply.status > 299) this.seedFailures.push(`${method} ${path} → ${reply.status} ${reply.text.slice(0, 200)}`);
    return reply;
  }

  /** Legal access as the centrumgemeente gives it (a Wmo beschikking beschermd wonen), so Wmo money may follow from the gemeente. */
  async grantAccess(clientId: string, wijkCode: string): Promise<void> {
    const gemeente = `GM${wijkCode.slice(2, 6)}`;
    const indicatie = { indicatieId: `ind-${clientId}`, wet: 'wmo', product: 'beschermd_wonen', validFrom: '2026-01-01', validUntil: '2027-12-31', volume: { unit: 'etmaal_per_week', amount: 7 }, covers: ['intensief_ambulant', 'zorg_24uur'] };
    await this.command('gemeente', 'POST', '/clients/:clientId/indicaties', { clientId }, indicatie, clientId, undefined, ACCESS_REGIONS[gemeente].centrumgemeente);
  }

  /** Budget is allocated by the gemeente of the client's wijk. */
  async allocate(clientId: string, wijkCode: string, wanted: Record<string, unknown>): Promise<Reply> {
    return this.command('gemeente', 'POST', '/clients/:clientId/budget/allocations', { clientId }, wanted, clientId, undefined, `GM${wijkCode.slice(2, 6)}`);
  }

  money(cents: number): number {
    this.moneySecrets.add(cents);
    return cents;
  }

  async seed(): Promise<void> {
    for (const g of REGION) {
      for (const w of g.wijken) {
        await this.command('admin', 'POST', '/wijken', {}, { wijkCode: w.wijkCode, wijkName: w.wijkName, gemeenteCode: g.gemeenteCode, gemeenteName: g.gemeenteName });
        for (const c of w.wooncirkels) {
          await this.command(
            'admin',
            'POST',
            '/wooncirkels',
            {},
            {
              wooncirkelId: c.id,
              wijkCode: w.wijkCode,
              name: `Wooncirkel ${c.id}`,
              form: 'kern_met_cirkel',
              kern: { name: `Kern ${c.id}`, opensAt: '07:30', closesAt: '22:30' },
              team: { teamId: `team-${c.id}`, name: `Team ${c.id}`, providerId: 'prov-a', caseloadCapacity: c.capacity },
              homes: [1, 2, 3].map((h) => ({ homeId: `${c.id}-h${h}`, address: `Straat ${h}`, housingType: h === 1 ? 'cluster' : 'zelfstandig_in_cirkel', owner: 'parteon', travelMinutesToKern: h * 2 })),
            },
          );
        }
      }
    }
    let index = 0;
    for (const c of ALL_WOONCIRKELS) {
      for (let n = 1; n <= c.clients; n++) this.clients.push({ clientId: `adv-${c.id.slice(3)}-${n}`, wooncirkelId: c.id, wijkCode: c.wijkCode, index: index++ });
    }
    for (const client of this.clients) await this.seedClient(client);
    await this.seedSpecialCases();
  }

  /** One client's trajectory; which steps it takes depends on its index. */
  async seedClient({ clientId, wooncirkelId, wijkCode, index: i }: SeededClient): Promise<void> {
    const month = 1 + (i % 10);
    const intakeAt = `2026-${String(month).padStart(2, '0')}-0${1 + (i % 7)}T09:00:00Z`;
    const name = this.mark(clientId, 'name');
    const bsn = bsnFor(i + 1);
    this.names.push(name);
    this.bsns.push(bsn);
    const zp = 'zorgprofessional';
    const p = { clientId };
    await this.command(
      zp,
      'POST',
      '/intakes',
      {},
      {
        clientId,
        wooncirkelId,
        preferredWijk: wijkCode,
        lifeDomains: ['wonen', 'begeleiding_zorg', 'daginvulling'],
        urgency: i % 5 === 0 ? 'hoog' : 'regulier',
        acuteConfusedBehaviour: false,
        goals: [this.mark(clientId, 'goal')],
        referralSource: 'wijkteam',
        personal: { bsn, name },
        intakeAt,
      },
      clientId,
    );
    if (i % 3 !== 2) {
      const effectiveAt = new Date(Date.parse(intakeAt) + 2 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
      await this.command(zp, 'POST', '/clients/:clientId/care-scaling-steps', p, { toIntensity: 'licht_ambulant', reason: this.mark(clientId, 'scaleReason'), decidedBy: this.mark(clientId, 'decidedBy'), effectiveAt }, clientId);
    }
    if (i % 4 === 0) await this.command(zp, 'POST', '/clients/:clientId/housing-requests', p, { reason: this.mark(clientId, 'housingReason') }, clientId);
    if (i % 3 === 0) await this.command(zp, 'POST', '/clients/:clientId/daginvulling-requests', p, { wish: this.mark(clientId, 'wish') }, clientId);
    if (i % 9 === 0) await this.command(zp, 'POST', '/clients/:clientId/daginvulling-arrangements', p, { activity: this.mark(clientId, 'activity'), provider: 'buurthuis-adv' }, clientId);
    if (i % 2 === 0) {
      const allocated = this.money(1_000_000 + i * 7_919 + 13);
      await this.grantAccess(clientId, wijkCode);
      await this.allocate(clientId, wijkCode, { year: 2026, funder: 'wmo', amountCents: allocated });
      const released = this.money(200_000 + i * 3_571 + 7);
      await this.command(zp, 'POST', '/clients/:clientId/budget/releases', p, { releaseId: `rel-${i}`, year: 2026, funder: 'wmo', purpose: this.mark(clientId, 'purpose'), amountCents: released, approvedBy: this.mark(clientId, 'approvedBy') }, clientId);
      const spent = this.money(50_000 + i * 1_237 + 3);
      await this.command(zp, 'POST', '/clients/:clientId/budget/releases/:releaseId/spendings', { clientId, releaseId: `rel-${i}` }, { amountCents: spent, description: this.mark(clientId, 'spendDescription'), spentAt: new Date().toISOString() }, clientId);
      this.money(allocated - released);
      this.money(allocated - spent);
      this.money(released - spent);
    }
  }

  /** Offers, matches, a transfer inside one wijk, a doorbraaktafel case, a paused wait. */
  async seedSpecialCases(): Promise<void> {
    const zp = 'zorgprofessional';
    const housing = this.clients.filter((c) => c.index % 4 === 0);
    const [decliner, matched] = housing;
    if (decliner) {
      const p = { clientId: decliner.clientId };
      await this.command('woningcorporatie', 'POST', '/clients/:clientId/housing-offers', p, { offerId: 'offer-decline', corporation: 'parteon', wooncirkelId: 'wc-bw-1', homeId: 'wc-bw-1-h2' }, decliner.clientId);
      await this.command(zp, 'POST', '/clients/:clientId/housing-offers/:offerId/decline', { ...p, offerId: 'offer-decline' }, { reason: this.mark(decliner.clientId, 'declineReason'), becauseOfPreference: true }, decliner.clientId);
    }
    if (matched) {
      const p = { clientId: matched.clientId };
      await this.command('woningcorporatie', 'POST', '/clients/:clientId/housing-offers', p, { offerId: 'offer-match', corporation: 'parteon', wooncirkelId: matched.wooncirkelId, homeId: `${matched.wooncirkelId}-h3` }, matched.clientId);
      await this.command(zp, 'POST', '/clients/:clientId/housing-offers/:offerId/accept', { ...p, offerId: 'offer-match' }, { reciprocity: ['koken'] }, matched.clientId);
      await this.command(zp, 'POST', '/clients/:clientId/move-in', p, { movedInAt: new Date().toISOString() }, matched.clientId);
    }
    // Informal care only (no team place), so the full team of wc-pb-2 can take the client.
    const mover = this.clients.find((c) => c.wooncirkelId === 'wc-pb-1' && c.index % 3 === 2);
    if (mover) {
      await this.command(zp, 'POST', '/clients/:clientId/transfers', { clientId: mover.clientId }, { toWooncirkelId: 'wc-pb-2', reason: this.mark(mover.clientId, 'transferReason') }, mover.clientId);
      mover.wooncirkelId = 'wc-pb-2';
    }
    const paused = this.clients.find((c) => c.index % 3 === 0 && c.index % 9 !== 0);
    if (paused) await this.command(zp, 'POST', '/clients/:clientId/waiting/pause', { clientId: paused.clientId }, { reason: this.mark(paused.clientId, 'pauseReason') }, paused.clientId);
    const escalated = this.clients[3];
    if (escalated) {
      const p = { clientId: escalated.clientId, caseId: 'case-1' };
      await this.command(zp, 'POST', '/clients/:clientId/doorbraak-cases', p, { caseId: 'case-1', reason: this.mark(escalated.clientId, 'escalateReason') }, escalated.clientId);
      await this.command(
        'doorbraaktafel',
        'POST',
        '/clients/:clientId/doorbraak-cases/:caseId/decisions',
        p,
        {
          participants: ['gemeente', 'woningcorporatie', 'ervaringsdeskundige'],
          clientPresent: true,
          ervaringsdeskundigeInvited: true,
          breakthroughType: 'woning',
          note: this.mark(escalated.clientId, 'decision'),
          solutionCostCents: 150_000,
          avoidedCost: { category: 'huisuitzetting', amountCents: 1_500_000, basisMonths: 12 },
        },
        escalated.clientId,
      );
      await this.command('doorbraaktafel', 'POST', '/clients/:clientId/doorbraak-cases/:caseId/close', p, { outcome: this.mark(escalated.clientId, 'outcome') }, escalated.clientId);
    }
  }

  /** A client with free text in every command it can take, to be erased by the test. */
  async seedErasureSubject(clientId: string, wooncirkelId: string, wijkCode: string): Promise<void> {
    const zp = 'zorgprofessional';
    const p = { clientId };
    const name = this.mark(clientId, 'name');
    await this.command(
      zp,
      'POST',
      '/intakes',
      {},
      { clientId, wooncirkelId, preferredWijk: wijkCode, lifeDomains: ['wonen', 'daginvulling'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [this.mark(clientId, 'goal')], referralSource: 'naaste', personal: { bsn: bsnFor(999), name }, intakeAt: '2026-06-01T09:00:00Z' },
      clientId,
    );
    await this.command(zp, 'POST', '/clients/:clientId/care-scaling-steps', p, { toIntensity: 'licht_ambulant', reason: this.mark(clientId, 'scaleReason'), decidedBy: this.mark(clientId, 'decidedBy'), effectiveAt: '2026-06-02T09:00:00Z' }, clientId);
    await this.command(zp, 'POST', '/clients/:clientId/housing-requests', p, { reason: this.mark(clientId, 'housingReason') }, clientId);
    await this.command(zp, 'POST', '/clients/:clientId/daginvulling-requests', p, { wish: this.mark(clientId, 'wish') }, clientId);
    await this.grantAccess(clientId, wijkCode);
    await this.allocate(clientId, wijkCode, { year: 2026, funder: 'wmo', amountCents: this.money(777_777) });
    await this.command(zp, 'POST', '/clients/:clientId/budget/releases', p, { releaseId: 'rel-erase', year: 2026, funder: 'wmo', purpose: this.mark(clientId, 'purpose'), amountCents: this.money(333_331), approvedBy: this.mark(clientId, 'approvedBy') }, clientId);
    await this.command(zp, 'POST', '/clients/:clientId/budget/releases/:releaseId/spendings', { clientId, releaseId: 'rel-erase' }, { amountCents: this.money(111_109), description: this.mark(clientId, 'spendDescription'), spentAt: new Date().toISOString() }, clientId);
    await this.command(zp, 'POST', '/clients/:clientId/waiting/pause', p, { reason: this.mark(clientId, 'pauseReason') }, clientId);
  }
}
