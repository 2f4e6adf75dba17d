import { Inject, Injectable } from '@nestjs/common';
import { URGENCIES } from '@wijkzorg/domain';
import { ProjectionRunner, ReadModelStore, WaitlistEntry, wachtlijstQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../../read-models/read-models.module';
import { PositionCache } from '../../read-models/position-cache';
import { LogSpan, seriesStart } from '../../disclosure/log-span';
import { Protected, forPublishedGroup, suppressedWith } from '../../disclosure/disclosure';
import { ALL_AREAS } from '../../disclosure/area-codes';
import { AreaFigures } from '../../disclosure/area-figures';
import { WaitSums, agesAtMonthEnds, endOfMonth, percentileOfCounts, segmentAt, segmentsOf } from '../../wachtlijst/waitlist-statistics';
import { AreaDirectory, rowsOnce } from '../area-directory';
import { MeasureChart, MeasureDefinition, MeasureGroup, MeasureQuestion, MeasureRow, MeasureValue } from '../measure-table';
import { PeriodCube, WijkCount, PeriodCubeMemo } from '../period-cube';
import { lastMonthOf, monthsOf, nextMonth } from '../periods';

const DAY = 86_400_000;

/** What people wait for, as the issue names it: a team place (a care step or a transfer into a full team), a home, daginvulling, an indicatie. */
export const WAIT_GROUPS = { teamplaats: ['care', 'transfer'], woning: ['housing'], daginvulling: ['daginvulling'], indicatie: ['indicatie'] } as const;
type WaitGroup = keyof typeof WAIT_GROUPS;
const GROUPS = Object.keys(WAIT_GROUPS) as WaitGroup[];
const GROUP_LABEL: Record<WaitGroup, string> = { teamplaats: 'teamplaats', woning: 'woning', daginvulling: 'daginvulling', indicatie: 'indicatie' };
const groupOfKind = (kind: string): WaitGroup | undefined => GROUPS.find((g) => (WAIT_GROUPS[g] as readonly string[]).includes(kind));
/** An urgency outside the list (none is written today) counts as regulier, so the parts always add up. */
const knownUrgency = (urgency: string) => ((URGENCIES as readonly string[]).includes(urgency) ? urgency : 'regulier');
const urgencyOf = (e: WaitlistEntry) => knownUrgency(e.urgency);
/** "Longer than 6 / 12 months": more than 182 / 365 days since the wait began. */
const HALF_YEAR_DAYS = 182;
const YEAR_DAYS = 365;

const STOCKS = ['wachtend', ...GROUPS.map((g) => `wachtend_${g}`), ...GROUPS.flatMap((g) => URGENCIES.map((u) => `wachtend_${g}_${u}`)), 'wachtend_langer_dan_6_maanden', 'wachtend_langer_dan_12_maanden', 'aanvragen_over_termijn'];
const FLOWS = ['instroom', ...GROUPS.map((g) => `instroom_${g}`), 'uitstroom', ...GROUPS.map((g) => `uitstroom_${g}`), 'uitstroom_geplaatst', 'uitstroom_zonder_plaatsing'];
const SUMS = [
  { total: 'wachtend', parts: GROUPS.map((g) => `wachtend_${g}`) },
  ...GROUPS.map((g) => ({ total: `wachtend_${g}`, parts: URGENCIES.map((u) => `wachtend_${g}_${u}`) })),
  { total: 'instroom', parts: GROUPS.map((g) => `instroom_${g}`) },
  { total: 'uitstroom', parts: GROUPS.map((g) => `uitstroom_${g}`) },
  { total: 'uitstroom', parts: ['uitstroom_geplaatst', 'uitstroom_zonder_plaatsing'] },
];

const count = (key: string, label: string, definition: string): MeasureDefinition => ({ key, label, unit: 'aantal', definition });
const days = (key: string, label: string, definition: string): MeasureDefinition => ({ key, label, unit: 'dagen', definition });

const DEFINITIONS: MeasureDefinition[] = [
  count('wachtend', 'Wachtend (einde periode)', 'Open wachten aan het einde van de periode (ook niet-actief wachtend), waar de wacht op dat moment staat.'),
  ...GROUPS.map((g) => count(`wachtend_${g}`, `Wachtend op ${GROUP_LABEL[g]}`, `Open wachten op ${GROUP_LABEL[g]} aan het einde van de periode.`)),
  ...GROUPS.flatMap((g) => URGENCIES.map((u) => count(`wachtend_${g}_${u}`, `Wachtend op ${GROUP_LABEL[g]}, urgentie ${u}`, `Open wachten op ${GROUP_LABEL[g]} met urgentie ${u} aan het einde van de periode.`))),
  count('wachtend_langer_dan_6_maanden', 'Langer dan 6 maanden wachtend', 'Open wachten die aan het einde van de periode meer dan 182 dagen duren.'),
  count('wachtend_langer_dan_12_maanden', 'Langer dan 12 maanden wachtend', 'Open wachten die aan het einde van de periode meer dan 365 dagen duren.'),
  count('aanvragen_over_termijn', 'Aanvragen over de beslistermijn', 'Open aanvragen voor een indicatie die aan het einde van de periode hun wettelijke beslistermijn (Wmo 8 weken, Wlz 6 weken) voorbij zijn.'),
  count('instroom', 'Instroom', 'Wachten die in de periode begonnen, in de wijk waar ze begonnen.'),
  ...GROUPS.map((g) => count(`instroom_${g}`, `Instroom ${GROUP_LABEL[g]}`, `Wachten op ${GROUP_LABEL[g]} die in de periode begonnen.`)),
  count('uitstroom', 'Uitstroom', 'Wachten die in de periode eindigden, in de wijk waar ze eindigden.'),
  ...GROUPS.map((g) => count(`uitstroom_${g}`, `Uitstroom ${GROUP_LABEL[g]}`, `Wachten op ${GROUP_LABEL[g]} die in de periode eindigden.`)),
  count('uitstroom_geplaatst', 'Uitstroom: geplaatst', 'Wachten die in de periode eindigden doordat de cliënt kreeg waarop hij wachtte.'),
  count('uitstroom_zonder_plaatsing', 'Uitstroom: zonder plaatsing', 'Wachten die in de periode eindigden zonder plaatsing (afgewezen, ingetrokken, traject gesloten, gegevens gewist).'),
  ...GROUPS.flatMap((g) => [
    days(`wachttijd_mediaan_${g}`, `Wachttijd ${GROUP_LABEL[g]} (mediaan)`, `Mediaan van de dagen gewacht van de wachten op ${GROUP_LABEL[g]} die in de periode door plaatsing eindigden (minstens 5).`),
    days(`wachttijd_p90_${g}`, `Wachttijd ${GROUP_LABEL[g]} (p90)`, `90e percentiel van de dagen gewacht van de wachten op ${GROUP_LABEL[g]} die in de periode door plaatsing eindigden (minstens 5).`),
    ...URGENCIES.flatMap((u) => [
      days(`wachttijd_mediaan_${g}_${u}`, `Wachttijd ${GROUP_LABEL[g]}, ${u} (mediaan)`, `Mediaan van de dagen gewacht, urgentie ${u}, van de wachten op ${GROUP_LABEL[g]} die in de periode door plaatsing eindigden (minstens 5).`),
      days(`wachttijd_p90_${g}_${u}`, `Wachttijd ${GROUP_LABEL[g]}, ${u} (p90)`, `90e percentiel van de dagen gewacht, urgentie ${u}, van de wachten op ${GROUP_LABEL[g]} die in de periode door plaatsing eindigden (minstens 5).`),
    ]),
  ]),
  days('wachtduur_p90_wachtenden', 'Wachtduur huidige wachtenden (p90)', 'Het 90e percentiel van hoe lang de open wachten aan het einde van de periode al duren (minstens 5).'),
];

const CHARTS: MeasureChart[] = [
  { id: 'wachtend_per_soort', title: 'Wachtenden per soort (einde periode)', kind: 'vergelijking', measures: GROUPS.map((g) => `wachtend_${g}`) },
  // One chart per kind of wait: six bars per area (median and p90 per urgency) stay readable, twenty-four did not.
  ...GROUPS.map((g): MeasureChart => ({ id: `wachttijd_${g}`, title: `Wachttijd tot plaatsing: ${GROUP_LABEL[g]}, per urgentie (mediaan en p90, dagen)`, kind: 'vergelijking', measures: URGENCIES.flatMap((u) => [`wachttijd_mediaan_${g}_${u}`, `wachttijd_p90_${g}_${u}`]) })),
  { id: 'instroom_uitstroom', title: 'Instroom en uitstroom per maand', kind: 'verloop', measures: ['instroom', 'uitstroom', 'uitstroom_geplaatst', 'uitstroom_zonder_plaatsing'] },
  { id: 'lange_wachten', title: 'Lange wachten', kind: 'verloop', measures: ['wachtend_langer_dan_6_maanden', 'wachtend_langer_dan_12_maanden', 'aanvragen_over_termijn'] },
];

/** Counted values (value → how often). */
type Counts = Map<number, number>;

/** What the waiting times of a table read, per month and wijk, from the wait sums or (before their range) every entry. */
interface WaitsOfTable {
  /** The waits served in a month (asOf's month: up to asOf), per wijk where they ended: by `<group>|<urgency>`, their waited days. */
  placedIn(month: string): Map<string, Map<string, Counts>>;
  /** The ages in whole days of the open waits in each wijk at the end of a month (at asOf in its month). */
  agesAt(month: string): Map<string, Counts>;
}

interface WaitTable {
  cube: PeriodCube;
  waits: WaitsOfTable;
  gemeenteOf: Map<string, string>;
  asOfMs: number;
  /** Waiting times per `${area}|${period}`, worked out once per table: a request then reads O(areas), not every wait. */
  waitingTimes: Map<string, Record<string, MeasureValue>>;
}

/** Whether a wijk lies in an area (a wijk, a gemeente or the region). */
const inArea = (wijkCode: string, area: string, gemeenteOf: Map<string, string>) => area === ALL_AREAS || wijkCode === area || gemeenteOf.get(wijkCode) === area;
const openAt = (e: WaitlistEntry, ms: number) => Date.parse(e.since) <= ms && (e.closedAt === null || Date.parse(e.closedAt) > ms);
const ageAt = (e: WaitlistEntry, ms: number) => Math.floor((ms - Date.parse(e.since)) / DAY);

/**
 * The wachtlijst as outcome: who waits for what at the end of each month (per kind and urgency, and the long
 * waits), how many started and ended waiting, and how long the waits that ended in a placement took
 * (docs/uitkomsten/wachtlijst.md). Counts are one protected PeriodCube; waiting times only for ≥5 waits.
 */
@Injectable()
export class WachtlijstGroup implements MeasureGroup {
  readonly group = 'wachtlijst';
  readonly title = 'Wachtlijst: wachttijd, voorraad en doorstroom';
  readonly definitions = DEFINITIONS;
  readonly charts = CHARTS;
  private readonly span: LogSpan;
  /** The table is built again after changes and (for "now") each minute, mostly with the same counts or at least the same cells. */
  private readonly builds = new PeriodCubeMemo();
  private readonly cache: PositionCache<WaitTable>;

  constructor(
    private readonly areas: AreaDirectory,
    runner: ProjectionRunner,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly figures: AreaFigures,
  ) {
    this.span = new LogSpan(runner);
    this.cache = new PositionCache(runner, [wachtlijstQueries.entries.projection], 8);
  }

  async rows(question: MeasureQuestion): Promise<MeasureRow[]> {
    // Ages and the current month's stocks are measured up to asOf (the end of the current minute).
    const areas = await this.areas.signature();
    const table = await this.cache.get({ exact: question.exact, asOf: question.asOf, areas }, () => this.build(question.exact, question.asOf));
    // The next minute's table is built ahead, so the turn of the minute does not make every reader wait for it.
    const nextMinute = new Date(Date.parse(question.asOf) + 60_000).toISOString();
    this.cache.prefetch({ exact: question.exact, asOf: nextMinute, areas }, () => this.build(question.exact, nextMinute));
    return rowsOnce([table], question, () =>
      this.areas.rowsFor(question, (area, period) => {
        const values: Record<string, MeasureValue> = {};
        for (const metric of [...STOCKS, ...FLOWS]) values[metric] = table.cube.value(metric, area.code, period);
        const key = `${area.code}|${period}`;
        const times = table.waitingTimes.get(key) ?? table.waitingTimes.set(key, this.waitingTimes(table, area.code, period, question.exact)).get(key)!;
        return Object.assign(values, times);
      }),
    );
  }

  private async build(exact: boolean, asOf: string): Promise<WaitTable> {
    // The wachtlijst projection's sums (O(wijken × months × days)) when they hold every change up to asOf; else every entry.
    const sums = await this.figures.waitSums(asOf);
    const { items: entries } = sums ? { items: [] } : await wachtlijstQueries.entries.find(this.store);
    const gemeenteOf = await this.areas.gemeenteOfWijk();
    const asOfMs = Date.parse(asOf);
    const firstMonth = seriesStart(await this.span.firstEventAt(), asOf, sums ? (sums.earliestSince === null ? [] : [sums.earliestSince]) : entries.map((e) => e.since));
    const lastMonth = asOf.slice(0, 7);
    // Summed per wijk, month and metric as they are counted: one count object per cell, not one per wait and month.
    const summed = new Map<string, WijkCount>();
    const add = (wijkCode: string, month: string, metric: string, n = 1) => {
      const key = `${wijkCode}|${month}|${metric}`;
      const known = summed.get(key);
      if (known) known.count += n;
      else summed.set(key, { wijkCode, month, metric, count: n });
    };
    if (sums) {
      const waits = await countWaitSums(sums, add, firstMonth, asOf);
      const cube = await PeriodCube.build(summed.values(), { gemeenteOf, flows: FLOWS, stocks: STOCKS, sums: SUMS, firstMonth, lastMonth }, exact, this.builds);
      return { cube, waits, gemeenteOf, asOfMs, waitingTimes: new Map() };
    }
    for (let month = firstMonth; month <= lastMonth; month = nextMonth(month)) {
      // A turn of the event loop between months: on a long log this walk takes seconds, and runs in the background.
      await new Promise((resolve) => setImmediate(resolve));
      const end = Math.min(endOfMonth(month), asOfMs);
      for (const e of entries) {
        const group = groupOfKind(e.kind);
        if (!group || !openAt(e, end)) continue;
        const wijk = segmentAt(e, end).wijkCode;
        add(wijk, month, 'wachtend');
        add(wijk, month, `wachtend_${group}`);
        add(wijk, month, `wachtend_${group}_${urgencyOf(e)}`);
        if (ageAt(e, end) > HALF_YEAR_DAYS) add(wijk, month, 'wachtend_langer_dan_6_maanden');
        if (ageAt(e, end) > YEAR_DAYS) add(wijk, month, 'wachtend_langer_dan_12_maanden');
        if (e.decideBefore !== undefined && Date.parse(e.decideBefore) < end) add(wijk, month, 'aanvragen_over_termijn');
      }
    }
    for (const e of entries) {
      const group = groupOfKind(e.kind);
      if (!group) continue;
      const segments = segmentsOf(e);
      // A wait that began before the table's first month is counted in that month (as the statistics do).
      if (Date.parse(e.since) <= asOfMs) for (const metric of ['instroom', `instroom_${group}`]) add(segments[0].wijkCode, clampMonth(e.since, firstMonth), metric);
      if (e.closedAt !== null && Date.parse(e.closedAt) <= asOfMs) {
        const wijk = segments[segments.length - 1].wijkCode;
        for (const metric of ['uitstroom', `uitstroom_${group}`, e.endedBy === 'served' ? 'uitstroom_geplaatst' : 'uitstroom_zonder_plaatsing']) add(wijk, clampMonth(e.closedAt, firstMonth), metric);
      }
    }
    const cube = await PeriodCube.build(summed.values(), { gemeenteOf, flows: FLOWS, stocks: STOCKS, sums: SUMS, firstMonth, lastMonth }, exact, this.builds);
    return { cube, waits: waitsOfEntries(entries, asOf), gemeenteOf, asOfMs, waitingTimes: new Map() };
  }

  /** Median and p90 of the days waited by the waits that ended in a placement in the period, and the p90 age of the waits open at its end. */
  private waitingTimes(table: WaitTable, area: string, period: string, exact: boolean): Record<string, MeasureValue> {
    const lastMonth = new Date(table.asOfMs).toISOString().slice(0, 7);
    const placed = new Map<string, Counts>();
    for (const month of monthsOf(period)) {
      if (month > lastMonth) continue;
      for (const [wijk, byKey] of table.waits.placedIn(month)) if (inArea(wijk, area, table.gemeenteOf)) for (const [key, days] of byKey) mergeInto(placed, key, days);
    }
    // A waiting time is shown only where the count of its group (or the count it is part of) is published: a p90 or a
    // null next to a hidden count would tell that count is ≥5 or 0, undoing the complementary suppression ('x').
    const published = (values: Counts, p: number, count: Protected): MeasureValue => {
      const value = percentileOfCounts(values, p);
      if (exact) return value;
      const n = total(values);
      // No waits: the measure is undefined (null), which tells no more than the published count does.
      return n === 0 ? suppressedWith(count, null) : forPublishedGroup(count, n, value);
    };
    const values: Record<string, MeasureValue> = {};
    for (const g of GROUPS) {
      const ofGroup = new Map<number, number>();
      for (const u of URGENCIES) for (const [days, n] of placed.get(`${g}|${u}`) ?? []) ofGroup.set(days, (ofGroup.get(days) ?? 0) + n);
      const ended = table.cube.value(`uitstroom_${g}`, area, period);
      values[`wachttijd_mediaan_${g}`] = published(ofGroup, 50, ended);
      values[`wachttijd_p90_${g}`] = published(ofGroup, 90, ended);
      for (const u of URGENCIES) {
        const ofUrgency = placed.get(`${g}|${u}`) ?? new Map<number, number>();
        values[`wachttijd_mediaan_${g}_${u}`] = published(ofUrgency, 50, ended);
        values[`wachttijd_p90_${g}_${u}`] = published(ofUrgency, 90, ended);
      }
    }
    const endMonth = lastMonthOf(period) < lastMonth ? lastMonthOf(period) : lastMonth;
    const ages = new Map<number, number>();
    for (const [wijk, of] of table.waits.agesAt(endMonth)) if (inArea(wijk, area, table.gemeenteOf)) for (const [age, n] of of) ages.set(age, (ages.get(age) ?? 0) + n);
    values.wachtduur_p90_wachtenden = published(ages, 90, table.cube.value('wachtend', area, period));
    return values;
  }
}

const total = (counts: Counts) => {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
};
const mergeInto = (into: Map<string, Counts>, key: string, counts: Counts) => {
  const target = into.get(key) ?? into.set(key, new Map()).get(key)!;
  for (const [value, n] of counts) target.set(value, (target.get(value) ?? 0) + n);
};
/** Memoised per month: a table is asked the same few months again and again. */
const perMonth = <T>(of: (month: string) => T) => {
  const known = new Map<string, T>();
  return (month: string) => known.get(month) ?? known.set(month, of(month)).get(month)!;
};

/** The waiting times' reads over every entry (before the wait sums' range). */
function waitsOfEntries(entries: WaitlistEntry[], asOf: string): WaitsOfTable {
  const asOfMs = Date.parse(asOf);
  const placed = new Map<string, Map<string, Map<string, Counts>>>();
  for (const e of entries) {
    const group = groupOfKind(e.kind);
    if (!group || e.endedBy !== 'served' || e.closedAt === null || Date.parse(e.closedAt) > asOfMs) continue;
    const byWijk = placed.get(e.closedAt.slice(0, 7)) ?? placed.set(e.closedAt.slice(0, 7), new Map()).get(e.closedAt.slice(0, 7))!;
    const wijk = segmentsOf(e).at(-1)!.wijkCode;
    mergeInto(byWijk.get(wijk) ?? byWijk.set(wijk, new Map()).get(wijk)!, `${group}|${urgencyOf(e)}`, new Map([[e.waitedDays ?? 0, 1]]));
  }
  return {
    placedIn: (month) => placed.get(month) ?? new Map(),
    agesAt: perMonth((month) => {
      const end = Math.min(endOfMonth(month), asOfMs);
      const ages = new Map<string, Counts>();
      for (const e of entries) {
        if (!groupOfKind(e.kind) || !openAt(e, end)) continue;
        const wijk = segmentAt(e, end).wijkCode;
        const of = ages.get(wijk) ?? ages.set(wijk, new Map()).get(wijk)!;
        of.set(ageAt(e, end), (of.get(ageAt(e, end)) ?? 0) + 1);
      }
      return ages;
    }),
  };
}

/**
 * The table's counts from the wachtlijst projection's wait sums (see waitOutcomeCounts in wait-sums.ts): the same as
 * over every entry for an asOf at or after every summed change, from O(wijken × months × days) numbers.
 */
async function countWaitSums(sums: WaitSums, add: (wijkCode: string, month: string, metric: string, n: number) => void, firstMonth: string, asOf: string): Promise<WaitsOfTable> {
  const asOfMs = Date.parse(asOf);
  const lastMonth = asOf.slice(0, 7);
  const months: string[] = [];
  for (let month = firstMonth; month <= lastMonth; month = nextMonth(month)) months.push(month);
  /** A running sum of month changes (month → n), read at the months of the table in ascending order. */
  const running = (changes: Map<string, number>) => {
    const sorted = [...changes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let sum = 0;
    let next = 0;
    return (month: string) => {
      for (; next < sorted.length && sorted[next][0] <= month; next++) sum += sorted[next][1];
      return sum;
    };
  };
  for (const [wijk, outcomes] of sums.outcomes) {
    for (const [kindAndUrgency, changes] of outcomes.stock) {
      const [kind, urgency] = kindAndUrgency.split('|');
      const group = groupOfKind(kind);
      if (!group) continue;
      const stock = running(changes);
      for (const month of months) {
        const n = stock(month);
        if (n === 0) continue;
        for (const metric of ['wachtend', `wachtend_${group}`, `wachtend_${group}_${knownUrgency(urgency)}`]) add(wijk, month, metric, n);
      }
    }
    // Aanvragen over their term: ended stays by month; stays going on from the month their term has passed at its end,
    // and in asOf's month when it has passed at asOf.
    const overdue = new Map(outcomes.overdue);
    for (const [key, n] of outcomes.overdueOpen) {
      const [from, termMs] = key.split('|');
      const overdueFrom = new Date(Number(termMs) + 1).toISOString().slice(0, 7);
      const start = from > overdueFrom ? from : overdueFrom;
      if (start < lastMonth) overdue.set(start, (overdue.get(start) ?? 0) + n);
      else if (Number(termMs) < asOfMs) overdue.set(lastMonth, (overdue.get(lastMonth) ?? 0) + n);
    }
    const overdueStock = running(overdue);
    for (const month of months) {
      const n = overdueStock(month);
      if (n !== 0) add(wijk, month, 'aanvragen_over_termijn', n);
    }
    for (const [kind, byMonth] of outcomes.started) {
      const group = groupOfKind(kind);
      if (group) for (const [month, n] of byMonth) for (const metric of ['instroom', `instroom_${group}`]) add(wijk, clampMonth(month, firstMonth), metric, n);
    }
    for (const [kindAndServed, byMonth] of outcomes.ended) {
      const [kind, served] = kindAndServed.split('|');
      const group = groupOfKind(kind);
      if (group) for (const [month, n] of byMonth) for (const metric of ['uitstroom', `uitstroom_${group}`, served === '1' ? 'uitstroom_geplaatst' : 'uitstroom_zonder_plaatsing']) add(wijk, clampMonth(month, firstMonth), metric, n);
    }
  }
  const wijkSums = [...sums.areas].filter(([key]) => key.startsWith('wijk:')).map(([key, area]) => [key.slice('wijk:'.length), area] as const);
  for (const [wijk, area] of wijkSums) {
    // A turn of the event loop between wijken: the walk over their months takes a while on a long waiting list.
    await new Promise((resolve) => setImmediate(resolve));
    for (const [month, ages] of agesAtMonthEnds(area, months, asOf)) {
      let overHalfYear = 0;
      let overYear = 0;
      for (const [age, n] of ages) {
        if (age > HALF_YEAR_DAYS) overHalfYear += n;
        if (age > YEAR_DAYS) overYear += n;
      }
      if (overHalfYear !== 0) add(wijk, month, 'wachtend_langer_dan_6_maanden', overHalfYear);
      if (overYear !== 0) add(wijk, month, 'wachtend_langer_dan_12_maanden', overYear);
    }
  }
  return {
    placedIn: perMonth((month) => {
      const byWijk = new Map<string, Map<string, Counts>>();
      for (const [wijk, outcomes] of sums.outcomes)
        for (const [kindAndUrgency, byMonth] of outcomes.placed) {
          const days = byMonth.get(month);
          const [kind, urgency] = kindAndUrgency.split('|');
          const group = groupOfKind(kind);
          if (days && group) mergeInto(byWijk.get(wijk) ?? byWijk.set(wijk, new Map()).get(wijk)!, `${group}|${knownUrgency(urgency)}`, days);
        }
      return byWijk;
    }),
    agesAt: perMonth((month) => new Map(wijkSums.map(([wijk, area]) => [wijk, [...agesAtMonthEnds(area, [month], asOf)][0][1]]))),
  };
}

const clampMonth = (iso: string, firstMonth: string) => (iso.slice(0, 7) < firstMonth ? firstMonth : iso.slice(0, 7));
