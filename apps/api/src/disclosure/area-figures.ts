import { Inject, Injectable } from '@nestjs/common';
import { CARE_INTENSITIES, CARE_SETTINGS, URGENCIES, gemeenteCodeOfWijk } from '@wijkzorg/domain';
import { Checkpoint, ProjectionRunner, ReadModelStore, WAIT_KINDS, monthOf, WAIT_STATUSES, WijkBudget, WijkBudgetMonth, WijkCaseload, WijkMonth, WaitlistEntry, OPEN_WAIT_SUMS_ID, WIJK_FIGURE_CHANGES_ID, budgetQueries, caseloadQueries, wachtlijstQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { PositionCache } from '../read-models/position-cache';
import { WaitSums, WaitSumsOfArea, WaitlistStatistics, segmentAt, waitSumsInSlices, waitSumsOfArea, waitlistStatistics, waitlistStatisticsFromSums } from '../wachtlijst/waitlist-statistics';
import { CountSolverMemo, MoneyCell, Protected, Relation, SECRET, forGroup, forPublishedGroup, suppressedWith, primaryCount, protectCountsRemembered, protectMoneyYielding, protectedUtilisation, sumRelation } from './disclosure';
import { LogSpan, addMonths, seriesStart } from './log-span';
import { eventLoopSlices } from '../shared/event-loop-slices';
import { hideBreakdownOfSmallGroup } from './readers';
import { ALL_AREAS, ANY } from './area-codes';

export { ALL_AREAS, ANY };

/** Two breakdowns of the clients of an area: by care intensity and by setting (each sums to `clients`). */
const BREAKDOWNS = [
  { metric: 'intensity', values: CARE_INTENSITIES, field: 'clientsByIntensity' },
  { metric: 'setting', values: CARE_SETTINGS, field: 'clientsBySetting' },
] as const;
const BREAKDOWN_METRICS = BREAKDOWNS.flatMap((b) => b.values.map((v) => `${b.metric}:${v}`));
const CURRENT = ['clients', ...BREAKDOWN_METRICS, 'teamClients', 'scaledUp', 'scaledDown', 'stayedInHomeSteps', ...WAIT_KINDS.map((k) => `waiting:${k}`)];
const MONTHLY = ['inflow', 'outflow', 'scaledUp', 'scaledDown', 'stayedInHomeSteps', 'waiting', 'joined', 'left'];
const CUMULATIVE = ['scaledUp', 'scaledDown', 'stayedInHomeSteps'];
const WOONCIRKEL = ['clients', ...BREAKDOWN_METRICS, 'teamClients'];

export interface ProtectedArea {
  code: string;
  name: string;
  gemeenteCode: string;
  gemeenteName: string;
  wooncirkels: number;
  teamCapacity: number;
  clients: Protected;
  clientsByIntensity: Record<string, Protected>;
  clientsBySetting: Record<string, Protected>;
  teamClients: Protected;
  utilisation: Protected | null;
  scaledUp: Protected;
  scaledDown: Protected;
  stayedInHomeSteps: Protected;
  waiting: Protected;
  waitingByKind: Record<string, Protected>;
  medianWaitingDays: Protected | null;
  p90WaitingDays: Protected | null;
}

export interface ProtectedWooncirkel extends Record<string, unknown> {
  wooncirkelId: string;
  wijkCode: string;
  gemeenteCode: string;
  name: string;
  teamId: string;
  providerId: string;
  teamCapacity: number;
  teamClients: Protected;
  utilisation: Protected | null;
  clients: Protected;
  clientsByIntensity: Record<string, Protected>;
  clientsBySetting: Record<string, Protected>;
}

export interface ProtectedMonth {
  month: string;
  inflow: Protected;
  outflow: Protected;
  scaledUp: Protected;
  scaledDown: Protected;
  stayedInHomeSteps: Protected;
  waiting: Protected;
  joinedWaitlist: Protected;
  leftWaitlist: Protected;
  medianWaitingDays: Protected | null;
  spentCents: Protected;
  spentByPurposeCents: Record<string, Protected>;
}

export interface ProtectedMoney {
  allocatedCents: Protected;
  releasedCents: Protected;
  spentCents: Protected;
  spentByPurposeCents: Record<string, Protected>;
  releasedByFunderCents: Record<string, Protected>;
}

/** Every aggregate a non-person-level reader can see, protected together so that no endpoint's figure can be subtracted from another's. */
export interface AreaSnapshot {
  asOf: string;
  months: string[];
  areas: Map<string, ProtectedArea>;
  wooncirkels: ProtectedWooncirkel[];
  series: Map<string, ProtectedMonth[]>;
  /** Per `${area}|${year}`. */
  money: Map<string, ProtectedMoney>;
  /** Years with budget figures, per wijk. */
  budgetYears: Map<string, number[]>;
  /** The counts of every wijk-year budget document (true counts: protect them before publishing), by wijk and year. */
  budgetCounts: WijkBudgetCounts[];
  /** Waiting now or completed waits, by area × kind × status × urgency; ANY for a margin. */
  waitFigure(area: string, kind: string, status: string, urgency: string, metric: 'waiting' | 'completed'): Protected;
}

export type WijkBudgetCounts = Pick<WijkBudget, 'wijkCode' | 'gemeenteCode' | 'year' | 'overrideReleases' | 'fastTrackReleases' | 'transfersIn' | 'transfersOut'>;

/**
 * What the snapshot takes from the budget projection, kept while that projection does not change: its documents carry
 * the people each amount is about (megabytes at 1M events), and an intake or a wait does not touch them.
 */
interface BudgetFigures {
  /** How often the wijk-year and wijk-month documents had changed before they were read (the projection counts it). */
  changes: number;
  spendMonths: string[];
  counts: WijkBudgetCounts[];
  /** The protected money table, with the series span and wijken it was computed for. */
  money?: { inputs: string; table: Awaited<ReturnType<AreaFigures['protectMoney']>> };
}

/** Cells of the waitlist cube; its margins by area and kind are the same cells as the area rows and series. */
const waitCubeKey = (lastMonth: string) => (area: string, kind: string, status: string, urgency: string, metric: 'waiting' | 'completed') => {
  if (metric === 'waiting' && status === ANY && urgency === ANY) return kind === ANY ? `${area}|${lastMonth}|waiting` : `${area}|waiting:${kind}`;
  return `cube|${area}|${kind}|${status}|${urgency}|${metric}`;
};

const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);

/** An area's median and p90 waiting days as published beside its published waiting count (compute and atMoment alike). */
const areaWaitingDays = (publishedWaiting: Protected, stats: WaitlistStatistics) => ({
  medianWaitingDays: forPublishedGroup(publishedWaiting, stats.waiting, stats.waitingDays.median),
  p90WaitingDays: forPublishedGroup(publishedWaiting, stats.waiting, stats.waitingDays.p90),
});

/** A month's median waiting days as published beside that month's published waiting count. */
const monthWaitingDays = (publishedWaiting: Protected, row: WaitlistStatistics['overTime'][number] | undefined) => suppressedWith(publishedWaiting, row ? forGroup(row.waiting, row.medianWaitingDays) : null);

/** Whether two waitlist statistics have the same counts: what the protected table takes from them (not their waiting days). */
const sameCounts = (a: WaitlistStatistics, b: WaitlistStatistics) =>
  a.waiting === b.waiting &&
  WAIT_KINDS.every((k) => a.byKind[k] === b.byKind[k]) &&
  a.overTime.length === b.overTime.length &&
  a.overTime.every((row, i) => row.month === b.overTime[i].month && row.waiting === b.overTime[i].waiting && row.joined === b.overTime[i].joined && row.left === b.overTime[i].left);

/**
 * The one disclosure-control layer for area figures. It reads the whole region (never a filtered slice, so a
 * filter cannot narrow a group), puts every count in one table with the relations a reader could subtract along
 * (wijk → gemeente → all, level and kind columns → totals, wooncirkels → wijk, month flows → stocks, months →
 * running counters), protects the table and the money in one go, and serves slices of the result.
 */
@Injectable()
export class AreaFigures {
  /** The projections a snapshot is computed from: a cache of anything computed from a snapshot keys on them too. */
  static readonly PROJECTIONS = [caseloadQueries.wijken.projection, wachtlijstQueries.entries.projection, budgetQueries.clients.projection];
  private readonly cache: PositionCache<AreaSnapshot>;
  readonly span: LogSpan;
  /** The budget projection's part of the last snapshot, reused while that projection does not change. */
  private budget?: BudgetFigures;
  /** The region table is solved again every minute and after every write, mostly with the same cells and relations. */
  private readonly solver = new CountSolverMemo();

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    runner: ProjectionRunner,
  ) {
    this.cache = new PositionCache(runner, AreaFigures.PROJECTIONS, 20);
    this.span = new LogSpan(runner);
  }

  snapshot(asOfMinute: string): Promise<AreaSnapshot> {
    const snapshot = this.cache.get(asOfMinute, () => this.compute(asOfMinute));
    // The next minute's snapshot is computed ahead, so the turn of the minute does not make every reader wait for it.
    const nextMinute = new Date(Date.parse(asOfMinute) + 60_000).toISOString();
    snapshot.then(
      () => this.cache.prefetch(nextMinute, () => this.compute(nextMinute)),
      () => undefined,
    );
    return snapshot;
  }

  private async compute(asOf: string): Promise<AreaSnapshot> {
    const pause = eventLoopSlices();
    // Counted before the documents are read: a change that lands meanwhile counts one more, and the next snapshot reads again.
    const budgetChanges = (await budgetQueries.wijkFigureChanges.get(this.store, WIJK_FIGURE_CHANGES_ID))?.changes ?? 0;
    // The same for the caseload documents: its checkpoint, read before them.
    const caseloadAt = await this.store.checkpoint(caseloadQueries.wijken.projection);
    const waits = await this.waits(asOf);
    const firstEventAt = await this.span.firstEventAt();
    const reused = this.atMoment(asOf, { budgetChanges, caseloadAt, sums: waits.sums, firstEventAt });
    if (reused) return reused;
    const kept = this.budget?.changes === budgetChanges ? this.budget : undefined;
    const [wijkDocs, wooncirkelDocs, monthDocs, budgetDocs] = await Promise.all([
      caseloadQueries.wijken.find(this.store, { sort: [{ field: 'wijkCode', direction: 'asc' }] }),
      caseloadQueries.wooncirkels.find(this.store, { sort: [{ field: 'wooncirkelId', direction: 'asc' }] }),
      caseloadQueries.months.find(this.store),
      kept ? undefined : this.budgetDocuments(),
    ]);
    await pause();
    const budget = kept ?? budgetFiguresOf(budgetChanges, budgetDocs!);
    const wijken = wijkDocs.items;
    const { entries, sums } = waits;
    const first = seriesStart(firstEventAt, asOf, [...monthDocs.items.map((m) => m.month), ...entries.map((e) => e.since), ...(sums?.earliestSince ? [sums.earliestSince] : []), ...budget.spendMonths]);
    const last = monthOf(asOf);
    const months: string[] = [];
    for (let m = first; m <= last; m = addMonths(m, 1)) months.push(m);
    const inSeries = (month: string) => (month < first ? first : month > last ? last : month);

    const gemeenteOf = new Map(wijken.map((w) => [w.wijkCode, w.gemeenteCode]));
    const gemeenten = [...new Set(wijken.map((w) => w.gemeenteCode))];
    const wijkenOf = (gemeente: string) => wijken.filter((w) => w.gemeenteCode === gemeente).map((w) => w.wijkCode);
    const lineage = (wijkCode: string) => [wijkCode, gemeenteOf.get(wijkCode) ?? gemeenteCodeOfWijk(wijkCode), ALL_AREAS];
    const areas = [...wijken.map((w) => w.wijkCode), ...gemeenten, ALL_AREAS];

    // Counts, summed up the area hierarchy.
    const truth = new Map<string, number>();
    const relations: Relation[] = [];
    const hierarchy = (metric: (area: string) => string) => {
      for (const g of gemeenten) relations.push(sumRelation(metric(g), wijkenOf(g).map(metric)));
      relations.push(sumRelation(metric(ALL_AREAS), gemeenten.map(metric)));
    };
    for (const area of areas) for (const m of CURRENT) truth.set(`${area}|${m}`, 0);
    for (const w of wijken) {
      for (const area of lineage(w.wijkCode)) {
        add(truth, `${area}|clients`, w.clients);
        for (const b of BREAKDOWNS) for (const v of b.values) add(truth, `${area}|${b.metric}:${v}`, (w[b.field] as Record<string, number>)[v] ?? 0);
        add(truth, `${area}|teamClients`, w.teamClients);
        for (const c of CUMULATIVE) add(truth, `${area}|${c}`, w[c as keyof WijkCaseload] as number);
      }
    }
    for (const m of CURRENT) hierarchy((area) => `${area}|${m}`);
    for (const area of areas)
      for (const b of BREAKDOWNS)
        relations.push(
          sumRelation(
            `${area}|clients`,
            b.values.map((v) => `${area}|${b.metric}:${v}`),
          ),
        );

    await pause();
    const wooncirkels = wooncirkelDocs.items.filter((c) => gemeenteOf.has(c.wijkCode));
    for (const c of wooncirkels) {
      truth.set(`wc:${c.wooncirkelId}|clients`, c.clients);
      for (const b of BREAKDOWNS) for (const v of b.values) truth.set(`wc:${c.wooncirkelId}|${b.metric}:${v}`, (c[b.field] as Record<string, number>)[v] ?? 0);
      truth.set(`wc:${c.wooncirkelId}|teamClients`, c.teamClients);
      for (const b of BREAKDOWNS)
        relations.push(
          sumRelation(
            `wc:${c.wooncirkelId}|clients`,
            b.values.map((v) => `wc:${c.wooncirkelId}|${b.metric}:${v}`),
          ),
        );
    }
    for (const w of wijken) {
      const own = wooncirkels.filter((c) => c.wijkCode === w.wijkCode);
      if (own.length > 0)
        for (const m of WOONCIRKEL)
          relations.push(
            sumRelation(
              `${w.wijkCode}|${m}`,
              own.map((c) => `wc:${c.wooncirkelId}|${m}`),
            ),
          );
    }

    await pause();
    // Month series: caseload flows and waitlist stock, joins and leaves.
    for (const area of areas) for (const month of months) for (const m of MONTHLY) truth.set(`${area}|${month}|${m}`, 0);
    // Flows of an area are moves across its border: a move between wijken of one gemeente is no flow of the
    // gemeente, and for the whole region only intakes and erasures are.
    const withinGemeente = { inflow: 'inflowWithinGemeente', outflow: 'outflowWithinGemeente' } as const;
    const withinRegion = { inflow: 'inflowWithinRegion', outflow: 'outflowWithinRegion' } as const;
    for (const m of monthDocs.items) {
      if (!gemeenteOf.has(m.wijkCode)) continue;
      lineage(m.wijkCode).forEach((area, level) => {
        for (const metric of MONTHLY.slice(0, 5)) {
          let n = m[metric as keyof WijkMonth] as number;
          if (metric === 'inflow' || metric === 'outflow') n -= level === 1 ? (m[withinGemeente[metric]] ?? 0) : level === 2 ? (m[withinRegion[metric]] ?? 0) : 0;
          add(truth, `${area}|${inSeries(m.month)}|${metric}`, n);
        }
      });
    }
    const monthRows = new Map<string, WaitlistStatistics['overTime'][number]>();
    const now = new Map<string, WaitlistStatistics>();
    const areaSums = new Map<string, WaitSumsOfArea | undefined>();
    for (const area of areas) {
      await pause();
      // Each wait counts where it was at each moment (its segments), so a transfer does not rewrite past months.
      const waitArea = area === ALL_AREAS ? {} : gemeenteOf.has(area) ? { wijkCode: area } : { gemeenteCode: area };
      if (sums) areaSums.set(area, waitSumsOfArea(sums, waitArea));
      const stats = sums ? waitlistStatisticsFromSums(areaSums.get(area), asOf, first) : waitlistStatistics(entries, asOf, first, waitArea);
      now.set(area, stats);
      for (const row of stats.overTime) {
        truth.set(`${area}|${row.month}|waiting`, row.waiting);
        truth.set(`${area}|${row.month}|joined`, row.joined);
        truth.set(`${area}|${row.month}|left`, row.left);
        monthRows.set(`${area}|${row.month}`, row);
      }
      for (const k of WAIT_KINDS) truth.set(`${area}|waiting:${k}`, stats.byKind[k]);
      relations.push(
        sumRelation(
          `${area}|${last}|waiting`,
          WAIT_KINDS.map((k) => `${area}|waiting:${k}`),
        ),
      );
      months.forEach((month, i) => {
        const stock = (m: string) => ({ cell: `${area}|${m}|waiting`, sign: 1 as const });
        relations.push({ terms: [stock(month), ...(i > 0 ? [{ cell: `${area}|${months[i - 1]}|waiting`, sign: -1 as const }] : []), { cell: `${area}|${month}|joined`, sign: -1 }, { cell: `${area}|${month}|left`, sign: 1 }] });
      });
      for (const c of CUMULATIVE)
        relations.push(
          sumRelation(
            `${area}|${c}`,
            months.map((month) => `${area}|${month}|${c}`),
          ),
        );
      // Every client arrived by an intake or transfer (inflow) and left only by a transfer (outflow).
      relations.push({
        terms: [
          { cell: `${area}|clients`, sign: 1 },
          ...months.flatMap((month) => [
            { cell: `${area}|${month}|inflow`, sign: -1 as const },
            { cell: `${area}|${month}|outflow`, sign: 1 as const },
          ]),
        ],
      });
    }
    // Flows into and out of the waiting list and the caseload do not add up the hierarchy: a move between two wijken
    // of a gemeente is a flow of both wijken but not of the gemeente. The difference enters as an unpublished cell,
    // so the relations stay true.
    const MOVES = new Set(['inflow', 'outflow', 'joined', 'left']);
    const hierarchyWithMoves = (metric: (area: string) => string) => {
      const withMoves = (total: string, parts: string[]) => {
        const moved = `${total}:movedWithin`;
        truth.set(moved, parts.reduce((n, p) => n + (truth.get(p) ?? 0), 0) - (truth.get(total) ?? 0));
        relations.push({ terms: [{ cell: total, sign: 1 }, { cell: moved, sign: 1 }, ...parts.map((cell) => ({ cell, sign: -1 as const }))] });
      };
      for (const g of gemeenten) withMoves(metric(g), wijkenOf(g).map(metric));
      withMoves(metric(ALL_AREAS), gemeenten.map(metric));
    };
    for (const month of months) for (const m of MONTHLY) (MOVES.has(m) ? hierarchyWithMoves : hierarchy)((area) => `${area}|${month}|${m}`);
    await pause();

    // Who waits now by kind × status × urgency, and whose wait ended, with every margin: the wachtlijst statistics filters.
    const cube = waitCubeKey(last);
    const dims = { kind: [ANY, ...WAIT_KINDS], status: [ANY, ...WAIT_STATUSES], urgency: [ANY, ...URGENCIES] };
    const asOfMs = Date.parse(asOf);
    for (const metric of ['waiting', 'completed'] as const) {
      for (const area of areas) for (const k of dims.kind) for (const st of dims.status) for (const u of dims.urgency) if (!truth.has(cube(area, k, st, u, metric))) truth.set(cube(area, k, st, u, metric), 0);
      for (const e of entries) {
        if (!gemeenteOf.has(segmentAt(e, asOfMs).wijkCode) || Date.parse(e.since) > asOfMs) continue;
        const closed = e.closedAt !== null && Date.parse(e.closedAt) <= asOfMs;
        if (closed !== (metric === 'completed')) continue;
        for (const area of lineage(segmentAt(e, asOfMs).wijkCode))
          for (const k of [ANY, e.kind])
            for (const st of [ANY, e.status])
              for (const u of [ANY, e.urgency]) {
                const key = cube(area, k, st, u, metric);
                if (!(metric === 'waiting' && st === ANY && u === ANY)) add(truth, key, 1); // the kind margins are counted from the statistics above
              }
      }
      // From the projection's sums instead (then there are no entries above): the same counts, per wijk.
      for (const [wijkCode, counts] of sums?.cube[metric] ?? []) {
        if (!gemeenteOf.has(wijkCode)) continue;
        for (const [dims, n] of counts) {
          const [kind, status, urgency] = dims.split('|');
          for (const area of lineage(wijkCode))
            for (const k of [ANY, kind])
              for (const st of [ANY, status])
                for (const u of [ANY, urgency]) {
                  const key = cube(area, k, st, u, metric);
                  if (!(metric === 'waiting' && st === ANY && u === ANY)) add(truth, key, n);
                }
        }
      }
      for (const area of areas) {
        for (const k of dims.kind)
          for (const st of dims.status)
            for (const u of dims.urgency) {
              if (k === ANY)
                relations.push(
                  sumRelation(
                    cube(area, k, st, u, metric),
                    WAIT_KINDS.map((x) => cube(area, x, st, u, metric)),
                  ),
                );
              if (st === ANY)
                relations.push(
                  sumRelation(
                    cube(area, k, st, u, metric),
                    WAIT_STATUSES.map((x) => cube(area, k, x, u, metric)),
                  ),
                );
              if (u === ANY)
                relations.push(
                  sumRelation(
                    cube(area, k, st, u, metric),
                    URGENCIES.map((x) => cube(area, k, st, x, metric)),
                  ),
                );
            }
      }
      for (const k of dims.kind) for (const st of dims.status) for (const u of dims.urgency) hierarchy((area) => cube(area, k, st, u, metric));
      await pause();
    }
    for (const area of areas)
      relations.push(
        sumRelation(
          cube(area, ANY, ANY, ANY, 'completed'),
          months.map((month) => `${area}|${month}|left`),
        ),
      );

    const counts = await protectCountsRemembered(truth, relations, this.solver);
    // The money table depends on the budget documents, the wijken and the series span alone: a write that changed
    // none of them (an intake, a wait) reuses it.
    const moneyInputs = JSON.stringify([first, last, [...gemeenteOf]]);
    if (budget.money?.inputs !== moneyInputs) {
      // Kept figures without their documents: read them again (unchanged, or the next snapshot sees the change).
      const { budgets, spends } = budgetDocs ?? (await this.budgetDocuments());
      budget.money = { inputs: moneyInputs, table: await this.protectMoney(budgets, spends, gemeenteOf, gemeenten, wijkenOf, inSeries) };
    }
    this.budget = budget;
    const money = budget.money.table;
    await pause();
    const count = (key: string) => counts.get(key) ?? primaryCount(0);

    const names = new Map<string, { name: string; gemeenteCode: string; gemeenteName: string }>([[ALL_AREAS, { name: 'alle gemeenten', gemeenteCode: ALL_AREAS, gemeenteName: 'alle gemeenten' }]]);
    for (const w of wijken) {
      names.set(w.wijkCode, { name: w.wijkName, gemeenteCode: w.gemeenteCode, gemeenteName: w.gemeenteName });
      names.set(w.gemeenteCode, { name: w.gemeenteName, gemeenteCode: w.gemeenteCode, gemeenteName: w.gemeenteName });
    }
    const protectedAreas = new Map<string, ProtectedArea>();
    for (const area of areas) {
      const inArea = area === ALL_AREAS ? wijken : wijken.filter((w) => w.wijkCode === area || w.gemeenteCode === area);
      const capacity = inArea.reduce((s, w) => s + w.teamCapacity, 0);
      const stats = now.get(area)!;
      protectedAreas.set(area, {
        code: area,
        ...names.get(area)!,
        wooncirkels: inArea.reduce((s, w) => s + w.wooncirkels, 0),
        teamCapacity: capacity,
        clients: count(`${area}|clients`),
        clientsByIntensity: hideBreakdownOfSmallGroup(count(`${area}|clients`), Object.fromEntries(CARE_INTENSITIES.map((i) => [i, count(`${area}|intensity:${i}`)]))),
        clientsBySetting: hideBreakdownOfSmallGroup(count(`${area}|clients`), Object.fromEntries(CARE_SETTINGS.map((s) => [s, count(`${area}|setting:${s}`)]))),
        teamClients: count(`${area}|teamClients`),
        utilisation: protectedUtilisation(count(`${area}|teamClients`), capacity),
        scaledUp: count(`${area}|scaledUp`),
        scaledDown: count(`${area}|scaledDown`),
        stayedInHomeSteps: count(`${area}|stayedInHomeSteps`),
        waiting: count(`${area}|${last}|waiting`),
        waitingByKind: hideBreakdownOfSmallGroup(count(`${area}|${last}|waiting`), Object.fromEntries(WAIT_KINDS.map((k) => [k, count(`${area}|waiting:${k}`)]))),
        ...areaWaitingDays(count(`${area}|${last}|waiting`), stats),
      });
    }
    const series = new Map<string, ProtectedMonth[]>();
    for (const area of areas) {
      series.set(
        area,
        months.map((month) => {
          const spent = money.months.get(`${area}|${month}`);
          return {
            month,
            inflow: count(`${area}|${month}|inflow`),
            outflow: count(`${area}|${month}|outflow`),
            scaledUp: count(`${area}|${month}|scaledUp`),
            scaledDown: count(`${area}|${month}|scaledDown`),
            stayedInHomeSteps: count(`${area}|${month}|stayedInHomeSteps`),
            waiting: count(`${area}|${month}|waiting`),
            joinedWaitlist: count(`${area}|${month}|joined`),
            leftWaitlist: count(`${area}|${month}|left`),
            medianWaitingDays: monthWaitingDays(count(`${area}|${month}|waiting`), monthRows.get(`${area}|${month}`)),
            spentCents: spent?.spentCents ?? 0,
            spentByPurposeCents: spent?.spentByPurposeCents ?? {},
          };
        }),
      );
    }
    const protectedWooncirkels = wooncirkels.map((c) => ({
      wooncirkelId: c.wooncirkelId,
      wijkCode: c.wijkCode,
      gemeenteCode: c.gemeenteCode,
      name: c.name,
      teamId: c.teamId,
      providerId: c.providerId,
      teamCapacity: c.teamCapacity,
      teamClients: count(`wc:${c.wooncirkelId}|teamClients`),
      utilisation: protectedUtilisation(count(`wc:${c.wooncirkelId}|teamClients`), c.teamCapacity),
      clients: count(`wc:${c.wooncirkelId}|clients`),
      clientsByIntensity: hideBreakdownOfSmallGroup(count(`wc:${c.wooncirkelId}|clients`), Object.fromEntries(CARE_INTENSITIES.map((i) => [i, count(`wc:${c.wooncirkelId}|intensity:${i}`)]))),
      clientsBySetting: hideBreakdownOfSmallGroup(count(`wc:${c.wooncirkelId}|clients`), Object.fromEntries(CARE_SETTINGS.map((s) => [s, count(`wc:${c.wooncirkelId}|setting:${s}`)]))),
    }));
    const snapshot: AreaSnapshot = {
      asOf,
      months,
      areas: protectedAreas,
      wooncirkels: protectedWooncirkels,
      series,
      money: money.years,
      budgetYears: money.budgetYears,
      budgetCounts: budget.counts,
      waitFigure: (area, kind, status, urgency, metric) => count(cube(area, kind, status, urgency, metric)),
    };
    this.monthPart = sums && caseloadAt ? { month: last, first, budgetChanges, caseloadAt, sums, firstEventAt, areaSums, stats: now, snapshot } : undefined;
    return snapshot;
  }

  /**
   * The last snapshot computed from the wait sums, with what it was computed from. Within its month, while none of
   * that changed, only the waiting days depend on the moment asked about (every count comes from the sums, which hold
   * every change up to that moment): see atMoment.
   */
  private monthPart?: {
    month: string;
    first: string;
    budgetChanges: number;
    caseloadAt: Checkpoint;
    sums: WaitSums;
    firstEventAt: string | null;
    areaSums: Map<string, WaitSumsOfArea | undefined>;
    stats: Map<string, WaitlistStatistics>;
    snapshot: AreaSnapshot;
  };

  /**
   * The snapshot at another moment of the last one's month, from the last one, when the caseload, the budget figures,
   * the wait sums and the log's first event are those it was computed from: the waitlist statistics of each area are
   * computed again at `asOf`, and only their waiting days (the areas' median and p90, the months' medians) replace the
   * last snapshot's. Every count of the statistics must be the last snapshot's (they are what the protected table is
   * made of); if one is not, undefined, and the snapshot is computed in full.
   */
  private atMoment(asOf: string, inputs: { budgetChanges: number; caseloadAt: Checkpoint | null; sums?: WaitSums; firstEventAt: string | null }): AreaSnapshot | undefined {
    const part = this.monthPart;
    if (!part || !inputs.sums || inputs.sums !== part.sums || monthOf(asOf) !== part.month || inputs.budgetChanges !== part.budgetChanges || inputs.firstEventAt !== part.firstEventAt) return undefined;
    if (inputs.caseloadAt?.position !== part.caseloadAt.position || inputs.caseloadAt.updatedAt !== part.caseloadAt.updatedAt) return undefined;
    const areas = new Map<string, ProtectedArea>();
    const series = new Map<string, ProtectedMonth[]>();
    for (const [code, area] of part.snapshot.areas) {
      const before = part.stats.get(code)!;
      const stats = waitlistStatisticsFromSums(part.areaSums.get(code), asOf, part.first);
      if (!sameCounts(before, stats)) return undefined;
      // By the rules of the full computation, with the published waiting counts of the last snapshot.
      areas.set(code, { ...area, ...areaWaitingDays(area.waiting, stats) });
      const rows = new Map(stats.overTime.map((row) => [row.month, row]));
      series.set(
        code,
        part.snapshot.series.get(code)!.map((m) => {
          const median = monthWaitingDays(m.waiting, rows.get(m.month));
          return median === m.medianWaitingDays ? m : { ...m, medianWaitingDays: median };
        }),
      );
    }
    return { ...part.snapshot, asOf, areas, series };
  }

  private async budgetDocuments(): Promise<{ budgets: WijkBudget[]; spends: WijkBudgetMonth[] }> {
    const [budgets, spends] = await Promise.all([budgetQueries.wijkYears.find(this.store), budgetQueries.wijkMonths.find(this.store)]);
    return { budgets: budgets.items, spends: spends.items };
  }

  /** The wachtlijst projection's wait sums, when they give the entries' figures as of `asOf` (see waits). */
  async waitSums(asOf: string): Promise<WaitSums | undefined> {
    return (await this.waits(asOf)).sums;
  }

  /**
   * The waits the statistics need: the projection's sums of the closed and the open waits (O(areas × months × days)
   * and one count per moment an open wait began, not every wait ever recorded), read between two equal checkpoints
   * of the projection, so that no wait that closed in between is counted twice or not at all. As of a moment before
   * the latest summed change (or while the projection keeps moving), every entry instead.
   */
  private async waits(asOf: string): Promise<{ entries: WaitlistEntry[]; sums?: WaitSums }> {
    const projection = wachtlijstQueries.entries.projection;
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await this.store.checkpoint(projection);
      let sums = before && this.lastSums?.position === before.position && this.lastSums.updatedAt === before.updatedAt ? this.lastSums.sums : undefined;
      if (!sums) {
        const [history, open] = await Promise.all([wachtlijstQueries.closedHistory.find(this.store), wachtlijstQueries.openSums.get(this.store, OPEN_WAIT_SUMS_ID)]);
        const after = await this.store.checkpoint(projection);
        if (before?.position !== after?.position || before?.updatedAt !== after?.updatedAt) continue;
        sums = await waitSumsInSlices(history.items, open, eventLoopSlices());
        // Added up over turns of the event loop: a caller that read later may have kept newer sums meanwhile.
        if (after && after.position >= (this.lastSums?.position ?? -1)) this.lastSums = { position: after.position, updatedAt: after.updatedAt, sums };
      }
      if (sums.latestChange !== null && Date.parse(sums.latestChange) > Date.parse(asOf)) break;
      return { entries: [], sums };
    }
    return { entries: (await wachtlijstQueries.entries.find(this.store)).items };
  }

  /**
   * The wait sums last read, with the projection's checkpoint they were read at: they do not depend on the moment asked
   * about, so questions about other moments share them (reading and adding up every closed-wait document was most of
   * a new question's time) until the projection commits again. Read only, never changed by their readers.
   */
  private lastSums?: { position: number; updatedAt: string; sums: WaitSums };

  /** Money per area and year and per area and month, with the people each amount is about. */
  private async protectMoney(budgets: WijkBudget[], spends: WijkBudgetMonth[], gemeenteOf: Map<string, string>, gemeenten: string[], wijkenOf: (gemeente: string) => string[], inSeries: (month: string) => string) {
    const cells = new Map<string, { cents: number; people: Set<string> }>();
    const cell = (key: string) => cells.get(key) ?? cells.set(key, { cents: 0, people: new Set() }).get(key)!;
    const lineage = (wijkCode: string) => [wijkCode, gemeenteOf.get(wijkCode)!, ALL_AREAS];
    const sums: { total: string; parts: string[] }[] = [];
    const years = new Set<string>();
    const purposes = new Set<string>();
    const funders = new Set<string>();
    const monthsOf = new Map<string, Set<string>>(); // area|budget year → months with spending
    const yearsOfMonth = new Map<string, Set<string>>(); // area|month → budget years spent against
    const budgetYears = new Map<string, number[]>();

    // Who an amount is about: spenders from the month documents, those who were allocated / released from the wijk documents.
    // A year's money is its budget year's (the spending months may lie in another calendar year); the month × budget
    // year cells tie the two together and are never published.
    const pause = eventLoopSlices();
    for (const s of spends) {
      await pause();
      if (!gemeenteOf.has(s.wijkCode)) continue;
      const month = inSeries(s.month);
      const year = String(s.year ?? s.month.slice(0, 4)).padStart(4, '0');
      const monthOfYear = `${month}/${year}`;
      years.add(year);
      for (const area of lineage(s.wijkCode)) {
        for (const key of [`${area}|${month}|spent`, `${area}|${year}|spent`, `${area}|${monthOfYear}|spent`]) {
          const spent = cell(key);
          spent.cents += s.spentCents;
          for (const id of s.clientIds) spent.people.add(id);
        }
        for (const [purpose, cents] of Object.entries(s.spentByPurpose)) {
          purposes.add(purpose);
          for (const key of [`${area}|${month}|purpose:${purpose}`, `${area}|${year}|purpose:${purpose}`, `${area}|${monthOfYear}|purpose:${purpose}`]) {
            const spent = cell(key);
            spent.cents += cents;
            // Only those who spent on this purpose: a purpose one person used is about that person.
            for (const id of s.spendersByPurpose?.[purpose] ?? []) spent.people.add(id);
          }
        }
        monthsOf.set(`${area}|${year}`, (monthsOf.get(`${area}|${year}`) ?? new Set()).add(month));
        yearsOfMonth.set(`${area}|${month}`, (yearsOfMonth.get(`${area}|${month}`) ?? new Set()).add(year));
      }
    }
    for (const b of budgets) {
      await pause();
      if (!gemeenteOf.has(b.wijkCode)) continue;
      const year = String(b.year).padStart(4, '0');
      years.add(year);
      budgetYears.set(b.wijkCode, [...(budgetYears.get(b.wijkCode) ?? []), b.year].sort());
      for (const area of lineage(b.wijkCode)) {
        // Only those whose allocations / releases the amount contains: they stay with the wijk that booked them when the client moves.
        const about = (key: string, cents: number, people: readonly string[]) => {
          const amount = cell(key);
          amount.cents += cents;
          for (const id of people) amount.people.add(id);
        };
        about(`${area}|${year}|allocated`, b.allocatedCents, b.allocatedBy ?? []);
        about(`${area}|${year}|released`, b.releasedCents, b.releasedBy ?? []);
        for (const [funder, cents] of Object.entries(b.releasedByFunder ?? {})) {
          funders.add(funder);
          about(`${area}|${year}|funder:${funder}`, cents, b.releasersByFunder?.[funder] ?? []);
        }
      }
    }
    // The year's spending from the wijk documents (transfers may book it elsewhere than the month documents).
    for (const year of years) for (const area of [...gemeenteOf.keys(), ...gemeenten, ALL_AREAS]) cell(`${area}|${year}|spent`);

    // The metrics of each period of the region, in the order of the cells (one pass, not one per period).
    const metricsOf = new Map<string, string[]>();
    for (const k of cells.keys()) {
      const period = k.split('|')[1];
      if (!metricsOf.has(period)) metricsOf.set(period, []);
      if (k.startsWith(`${ALL_AREAS}|`)) metricsOf.get(period)!.push(k.slice(`${ALL_AREAS}|${period}|`.length));
    }
    for (const [period, metrics] of metricsOf) {
      for (const metric of metrics) {
        for (const g of gemeenten)
          sums.push({
            total: `${g}|${period}|${metric}`,
            parts: wijkenOf(g)
              .map((w) => `${w}|${period}|${metric}`)
              .filter((k) => cells.has(k)),
          });
        sums.push({ total: `${ALL_AREAS}|${period}|${metric}`, parts: gemeenten.map((g) => `${g}|${period}|${metric}`).filter((k) => cells.has(k)) });
      }
    }
    for (const [key, months] of monthsOf) {
      const [area, year] = key.split('|');
      sums.push({ total: `${area}|${year}|spent`, parts: [...months].map((m) => `${area}|${m}/${year}|spent`) });
    }
    for (const [key, budgetYears] of yearsOfMonth) {
      const [area, month] = key.split('|');
      sums.push({ total: `${area}|${month}|spent`, parts: [...budgetYears].map((y) => `${area}|${month}/${y}|spent`) });
    }
    for (const key of [...cells.keys()].filter((k) => k.endsWith('|spent'))) {
      const prefix = key.slice(0, -'spent'.length);
      sums.push({ total: key, parts: [...purposes].map((p) => `${prefix}purpose:${p}`).filter((k) => cells.has(k)) });
    }
    for (const key of [...cells.keys()].filter((k) => k.endsWith('|released'))) {
      const prefix = key.slice(0, -'released'.length);
      sums.push({ total: key, parts: [...funders].map((f) => `${prefix}funder:${f}`).filter((k) => cells.has(k)) });
    }
    const published = await protectMoneyYielding(
      cells as Map<string, MoneyCell>,
      sums.filter((s) => s.parts.length > 0),
    );
    const amount = (key: string): Protected => published.get(key) ?? 0;
    const byPrefix = (prefix: string, names: Set<string>, kind: string) => Object.fromEntries([...names].filter((n) => cells.has(`${prefix}${kind}:${n}`)).map((n) => [n, amount(`${prefix}${kind}:${n}`)]));

    const yearsOut = new Map<string, ProtectedMoney>();
    const monthsOut = new Map<string, { spentCents: Protected; spentByPurposeCents: Record<string, Protected> }>();
    for (const key of cells.keys()) {
      const [area, period] = key.split('|');
      const id = `${area}|${period}`;
      if (period.length === 7 && !monthsOut.has(id)) monthsOut.set(id, { spentCents: amount(`${id}|spent`), spentByPurposeCents: typeof amount(`${id}|spent`) === 'number' ? byPrefix(`${id}|`, purposes, 'purpose') : {} });
      if (period.length === 4 && !yearsOut.has(id)) {
        yearsOut.set(id, {
          allocatedCents: amount(`${id}|allocated`),
          releasedCents: amount(`${id}|released`),
          spentCents: amount(`${id}|spent`),
          spentByPurposeCents: byPrefix(`${id}|`, purposes, 'purpose'),
          releasedByFunderCents: byPrefix(`${id}|`, funders, 'funder'),
        });
      }
    }
    return { years: yearsOut, months: monthsOut, budgetYears };
  }
}

export const isHidden = (value: unknown) => value === SECRET || value === '<5';

function budgetFiguresOf(changes: number, { budgets, spends }: { budgets: WijkBudget[]; spends: WijkBudgetMonth[] }): BudgetFigures {
  const counts = budgets
    .map(({ wijkCode, gemeenteCode, year, overrideReleases, fastTrackReleases, transfersIn, transfersOut }) => ({ wijkCode, gemeenteCode, year, overrideReleases, fastTrackReleases, transfersIn, transfersOut }))
    .sort((a, b) => (a.wijkCode < b.wijkCode ? -1 : a.wijkCode > b.wijkCode ? 1 : a.year - b.year));
  return { changes, spendMonths: [...new Set(spends.map((m) => m.month))], counts };
}
