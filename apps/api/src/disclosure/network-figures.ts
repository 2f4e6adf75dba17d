import { Inject, Injectable } from '@nestjs/common';
import { ProjectionRunner, ReadModelStore, caseloadQueries, networkQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { PositionCache } from '../read-models/position-cache';
import { MoneyCell, Protected, Relation, SECRET, SMALL, primaryCount, protectCountsYielding, protectMoney, sumRelation } from './disclosure';
import { AreaFigures } from './area-figures';
import { ALL_AREAS } from './area-codes';

/** Figures of informal care that count people or events (each protected as a count). */
const CURRENT = ['clientsWithSupport', 'activeSupports'] as const;
const MONTHLY = ['membersAdded', 'supportsStarted', 'supportsEnded', 'referralsMade', 'referralsAvoided', 'afschalingen', 'afschalingenCarriedByNetwork'] as const;
type MonthlyFigure = (typeof MONTHLY)[number];
/** Weekly hours are published in whole hours rounded like money is: only for five or more clients, to a base of 5 hours. */
const HOURS_ROUNDING = 5;

export interface ProtectedNetworkMonth extends Record<MonthlyFigure, Protected> {
  month: string;
}

export interface ProtectedNetworkArea {
  code: string;
  level: 'wijk' | 'gemeente' | 'all';
  name: string;
  gemeenteCode: string;
  clientsWithSupport: Protected;
  activeSupports: Protected;
  weeklyInformalHours: Protected;
  /** Clients with informal support as a share of the area's clients, both as published. */
  supportedShare: Protected | null;
  totals: Record<MonthlyFigure, Protected>;
  /** Avoided referrals as a share of all referrals (made + avoided), from the published totals. */
  avoidedShare: Protected | null;
  months: ProtectedNetworkMonth[];
}

export interface NetworkSnapshot {
  asOf: string;
  areas: Map<string, ProtectedNetworkArea>;
}

const share = (part: Protected, whole: Protected): Protected | null => {
  if (typeof part !== 'number' || typeof whole !== 'number') return typeof part !== 'number' ? part : typeof whole !== 'number' ? whole : null;
  return whole > 0 ? Math.round((part / whole) * 100) / 100 : null;
};

/**
 * Informal care per wijk, gemeente and the region, protected as one table (docs/disclosure-control.md): counts
 * summed up the area hierarchy and over the months, afschalingen split into those carried by the network and the
 * rest (protected as if shown, so the split cannot be subtracted), hours only for groups of five clients or more.
 * Afschalingen themselves are shown as the area figures (caseload scaledDown) publish them.
 * Shares are computed from published figures only (clients from the area figures), so they reveal nothing more.
 */
@Injectable()
export class NetworkFigures {
  private readonly cache: PositionCache<NetworkSnapshot>;

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    runner: ProjectionRunner,
    private readonly areaFigures: AreaFigures,
  ) {
    // The area snapshot it reads is computed from AreaFigures' projections: a change there changes these figures too.
    this.cache = new PositionCache(runner, [networkQueries.wijken.projection, ...AreaFigures.PROJECTIONS], 20);
  }

  snapshot(asOfMinute: string): Promise<NetworkSnapshot> {
    return this.cache.get(asOfMinute, () => this.compute(asOfMinute));
  }

  /** Exact figures, the same shape: for auditors, who may read every person-level record anyway. */
  async exact(asOf: string): Promise<NetworkSnapshot> {
    return this.compute(asOf, true);
  }

  private async compute(asOf: string, exact = false): Promise<NetworkSnapshot> {
    const [wijkDocs, networkDocs, monthDocs, area] = await Promise.all([caseloadQueries.wijken.find(this.store), networkQueries.wijken.find(this.store), networkQueries.months.find(this.store), this.areaFigures.snapshot(asOf)]);
    const wijken = wijkDocs.items;
    const gemeenteOf = new Map(wijken.map((w) => [w.wijkCode, w.gemeenteCode]));
    const gemeenten = [...new Set(wijken.map((w) => w.gemeenteCode))];
    const wijkenOf = (g: string) => wijken.filter((w) => w.gemeenteCode === g).map((w) => w.wijkCode);
    const lineage = (wijkCode: string) => [wijkCode, gemeenteOf.get(wijkCode)!, ALL_AREAS];
    const codes = [...wijken.map((w) => w.wijkCode), ...gemeenten, ALL_AREAS];
    const months = [...new Set(monthDocs.items.filter((m) => gemeenteOf.has(m.wijkCode) && m.month <= asOf.slice(0, 7)).map((m) => m.month))].sort();

    const truth = new Map<string, number>();
    const relations: Relation[] = [];
    const add = (key: string, n: number) => truth.set(key, (truth.get(key) ?? 0) + n);
    const hierarchy = (metric: (code: string) => string) => {
      for (const g of gemeenten) relations.push(sumRelation(metric(g), wijkenOf(g).map(metric)));
      relations.push(sumRelation(metric(ALL_AREAS), gemeenten.map(metric)));
    };
    for (const code of codes) {
      for (const c of CURRENT) truth.set(`${code}|${c}`, 0);
      for (const m of MONTHLY) truth.set(`${code}|total|${m}`, 0);
      for (const month of months) for (const m of MONTHLY) truth.set(`${code}|${month}|${m}`, 0);
    }
    const hours = new Map<string, MoneyCell & { people: Set<string> }>(codes.map((code) => [code, { cents: 0, people: new Set<string>() }]));
    for (const w of networkDocs.items) {
      if (!gemeenteOf.has(w.wijkCode)) continue;
      for (const code of lineage(w.wijkCode)) {
        add(`${code}|clientsWithSupport`, w.clientsWithSupport);
        add(`${code}|activeSupports`, w.activeSupports);
        const cell = hours.get(code)!;
        cell.cents += w.weeklyHours;
        // The hours rule needs a group size only: count the clients as anonymous members of the group.
        for (let i = 0; i < w.clientsWithSupport; i++) cell.people.add(`${w.wijkCode}#${i}`);
      }
    }
    for (const m of monthDocs.items) {
      if (!gemeenteOf.has(m.wijkCode) || m.month > asOf.slice(0, 7)) continue;
      for (const code of lineage(m.wijkCode))
        for (const f of MONTHLY) {
          add(`${code}|${m.month}|${f}`, m[f]);
          add(`${code}|total|${f}`, m[f]);
        }
    }
    for (const code of codes) for (const period of ['total', ...months]) truth.set(`${code}|${period}|afschalingenOther`, (truth.get(`${code}|${period}|afschalingen`) ?? 0) - (truth.get(`${code}|${period}|afschalingenCarriedByNetwork`) ?? 0));
    for (const c of CURRENT) hierarchy((code) => `${code}|${c}`);
    for (const f of MONTHLY) {
      hierarchy((code) => `${code}|total|${f}`);
      for (const month of months) hierarchy((code) => `${code}|${month}|${f}`);
    }
    for (const code of codes) {
      for (const f of MONTHLY)
        relations.push(
          sumRelation(
            `${code}|total|${f}`,
            months.map((month) => `${code}|${month}|${f}`),
          ),
        );
      // Afschalingen carried by the network and the rest: the rest is not shown, but protected as if it were, so no subtraction pins it.
      for (const period of ['total', ...months]) relations.push(sumRelation(`${code}|${period}|afschalingen`, [`${code}|${period}|afschalingenCarriedByNetwork`, `${code}|${period}|afschalingenOther`]));
    }

    const counts = exact ? new Map<string, Protected>(truth) : await protectCountsYielding(truth, relations);
    const count = (key: string) => counts.get(key) ?? primaryCount(0);
    const publishedHours = exact
      ? new Map([...hours].map(([code, cell]) => [code, cell.cents as Protected]))
      : new Map(
          [...protectMoney(new Map([...hours].map(([code, cell]) => [code, { cents: Math.round(cell.cents * 100), people: cell.people }])), [...gemeenten.map((g) => ({ total: g, parts: wijkenOf(g) })), { total: ALL_AREAS, parts: gemeenten }])].map(([code, v]) => [
            code,
            typeof v === 'number' ? Math.round(v / 100 / HOURS_ROUNDING) * HOURS_ROUNDING : v,
          ]),
        );

    const names = new Map<string, { name: string; gemeenteCode: string }>([[ALL_AREAS, { name: 'alle gemeenten', gemeenteCode: ALL_AREAS }]]);
    for (const w of wijken) {
      names.set(w.wijkCode, { name: w.wijkName, gemeenteCode: w.gemeenteCode });
      names.set(w.gemeenteCode, { name: w.gemeenteName, gemeenteCode: w.gemeenteCode });
    }
    const exactClients = new Map<string, number>();
    for (const w of wijken) for (const code of lineage(w.wijkCode)) exactClients.set(code, (exactClients.get(code) ?? 0) + w.clients);
    const areas = new Map<string, ProtectedNetworkArea>();
    // Afschalingen are the caseload's scaledDown: shown exactly as the area figures publish them, so the two endpoints
    // cannot be played off against each other. Where this table hid one that the area figures show, the carried part is hidden too.
    const figuresOf = (code: string, period: string) => {
      const mine = (f: MonthlyFigure) => count(`${code}|${period}|${f}`);
      const figures = Object.fromEntries(MONTHLY.map((f) => [f, mine(f)])) as Record<MonthlyFigure, Protected>;
      if (exact) return figures;
      const shown = period === 'total' ? area.areas.get(code)?.scaledDown : area.series.get(code)?.find((m) => m.month === period)?.scaledDown;
      figures.afschalingen = shown ?? SECRET;
      if (mine('afschalingen') === SECRET && typeof shown === 'number') figures.afschalingenCarriedByNetwork = SECRET;
      return figures;
    };
    for (const code of codes) {
      const totals = figuresOf(code, 'total');
      const made = totals.referralsMade;
      const avoided = totals.referralsAvoided;
      const referrals: Protected = typeof made === 'number' && typeof avoided === 'number' ? made + avoided : made === SECRET || avoided === SECRET ? SECRET : SMALL;
      const clientsWithSupport = count(`${code}|clientsWithSupport`);
      const clients = exact ? (exactClients.get(code) ?? 0) : (area.areas.get(code)?.clients ?? null);
      areas.set(code, {
        code,
        level: code === ALL_AREAS ? 'all' : code.startsWith('GM') ? 'gemeente' : 'wijk',
        ...names.get(code)!,
        clientsWithSupport,
        activeSupports: count(`${code}|activeSupports`),
        weeklyInformalHours: publishedHours.get(code) ?? 0,
        supportedShare: clients === null ? null : share(clientsWithSupport, clients),
        totals,
        avoidedShare: share(avoided, referrals),
        months: months.map((month) => ({ month, ...figuresOf(code, month) })),
      });
    }
    return { asOf, areas };
  }
}
