import { Inject, Injectable } from '@nestjs/common';
import { URGENCIES } from '@wijkzorg/domain';
import { ProjectionRunner, ReadModelStore, WaitlistEntry, wachtlijstQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../../read-models/read-models.module';
import { PositionCache } from '../../read-models/position-cache';
import { LogSpan, seriesStart } from '../../disclosure/log-span';
import { Protected, forPublishedGroup, suppressedWith } from '../../disclosure/disclosure';
import { ALL_AREAS } from '../../disclosure/area-codes';
import { endOfMonth, percentile, segmentAt, segmentsOf } from '../../wachtlijst/waitlist-statistics';
import { AreaDirectory } from '../area-directory';
import { MeasureChart, MeasureDefinition, MeasureGroup, MeasureQuestion, MeasureRow, MeasureValue } from '../measure-table';
import { PeriodCube, WijkCount } from '../period-cube';
import { lastMonthOf, monthsOf, nextMonth } from '../periods';

const DAY = 86_400_000;

/** What people wait for, as the issue names it: a team place (a care step or a transfer into a full team), a home, daginvulling, an indicatie. */
export const WAIT_GROUPS = { teamplaats: ['care', 'transfer'], woning: ['housing'], daginvulling: ['daginvulling'], indicatie: ['indicatie'] } as const;
type WaitGroup = keyof typeof WAIT_GROUPS;
const GROUPS = Object.keys(WAIT_GROUPS) as WaitGroup[];
const GROUP_LABEL: Record<WaitGroup, string> = { teamplaats: 'teamplaats', woning: 'woning', daginvulling: 'daginvulling', indicatie: 'indicatie' };
const groupOfKind = (kind: string): WaitGroup | undefined => GROUPS.find((g) => (WAIT_GROUPS[g] as readonly string[]).includes(kind));
/** An urgency outside the list (none is written today) counts as regulier, so the parts always add up. */
const urgencyOf = (e: WaitlistEntry) => ((URGENCIES as readonly string[]).includes(e.urgency) ? e.urgency : 'regulier');
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

interface WaitTable {
  cube: PeriodCube;
  entries: WaitlistEntry[];
  gemeenteOf: Map<string, string>;
  asOfMs: number;
  /** Waiting times per `${area}|${period}`, worked out once per table: a request then reads O(areas), not every wait. */
  waitingTimes: Map<string, Record<string, MeasureValue>>;
  /** The rows of each question asked of this table (period, level, area filters). */
  rows: Map<string, Promise<MeasureRow[]>>;
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
  private readonly cache: PositionCache<WaitTable>;

  constructor(
    private readonly areas: AreaDirectory,
    runner: ProjectionRunner,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
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
    const asked = JSON.stringify([question.period, question.level, question.gemeenteCode, question.wijkCode]);
    const known = table.rows.get(asked);
    if (known) return known;
    const rows = this.areas.rowsFor(question, (area, period) => {
      const values: Record<string, MeasureValue> = {};
      for (const metric of [...STOCKS, ...FLOWS]) values[metric] = table.cube.value(metric, area.code, period);
      const key = `${area.code}|${period}`;
      const times = table.waitingTimes.get(key) ?? table.waitingTimes.set(key, this.waitingTimes(table, area.code, period, question.exact)).get(key)!;
      return Object.assign(values, times);
    });
    table.rows.set(asked, rows);
    rows.catch(() => table.rows.delete(asked));
    return rows;
  }

  private async build(exact: boolean, asOf: string): Promise<WaitTable> {
    const { items: entries } = await wachtlijstQueries.entries.find(this.store);
    const gemeenteOf = await this.areas.gemeenteOfWijk();
    const asOfMs = Date.parse(asOf);
    const firstMonth = seriesStart(
      await this.span.firstEventAt(),
      asOf,
      entries.map((e) => e.since),
    );
    const lastMonth = asOf.slice(0, 7);
    // Summed per wijk, month and metric as they are counted: one count object per cell, not one per wait and month.
    const summed = new Map<string, WijkCount>();
    const add = (wijkCode: string, month: string, metric: string) => {
      const key = `${wijkCode}|${month}|${metric}`;
      const known = summed.get(key);
      if (known) known.count++;
      else summed.set(key, { wijkCode, month, metric, count: 1 });
    };
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
    const cube = await PeriodCube.build(summed.values(), { gemeenteOf, flows: FLOWS, stocks: STOCKS, sums: SUMS, firstMonth, lastMonth }, exact);
    return { cube, entries, gemeenteOf, asOfMs, waitingTimes: new Map(), rows: new Map() };
  }

  /** Median and p90 of the days waited by the waits that ended in a placement in the period, and the p90 age of the waits open at its end. */
  private waitingTimes(table: WaitTable, area: string, period: string, exact: boolean): Record<string, MeasureValue> {
    const months = new Set(monthsOf(period));
    const placed = table.entries.filter((e) => e.endedBy === 'served' && e.closedAt !== null && Date.parse(e.closedAt) <= table.asOfMs && months.has(e.closedAt.slice(0, 7)) && inArea(segmentsOf(e).at(-1)!.wijkCode, area, table.gemeenteOf));
    // A waiting time is shown only where the count of its group (or the count it is part of) is published: a p90 or a
    // null next to a hidden count would tell that count is ≥5 or 0, undoing the complementary suppression ('x').
    const published = (values: number[], p: number, count: Protected): MeasureValue => {
      const sorted = [...values].sort((a, b) => a - b);
      const value = percentile(sorted, p);
      if (exact) return value;
      // No waits: the measure is undefined (null), which tells no more than the published count does.
      return sorted.length === 0 ? suppressedWith(count, null) : forPublishedGroup(count, sorted.length, value);
    };
    const values: Record<string, MeasureValue> = {};
    for (const g of GROUPS) {
      const ofGroup = placed.filter((e) => groupOfKind(e.kind) === g);
      const waited = (list: WaitlistEntry[]) => list.map((e) => e.waitedDays ?? 0);
      const ended = table.cube.value(`uitstroom_${g}`, area, period);
      values[`wachttijd_mediaan_${g}`] = published(waited(ofGroup), 50, ended);
      values[`wachttijd_p90_${g}`] = published(waited(ofGroup), 90, ended);
      for (const u of URGENCIES) {
        const ofUrgency = ofGroup.filter((e) => urgencyOf(e) === u);
        values[`wachttijd_mediaan_${g}_${u}`] = published(waited(ofUrgency), 50, ended);
        values[`wachttijd_p90_${g}_${u}`] = published(waited(ofUrgency), 90, ended);
      }
    }
    const end = Math.min(endOfMonth(lastMonthOf(period)), table.asOfMs);
    const ages = table.entries.filter((e) => groupOfKind(e.kind) && openAt(e, end) && inArea(segmentAt(e, end).wijkCode, area, table.gemeenteOf)).map((e) => ageAt(e, end));
    values.wachtduur_p90_wachtenden = published(ages, 90, table.cube.value('wachtend', area, period));
    return values;
  }
}

const clampMonth = (iso: string, firstMonth: string) => (iso.slice(0, 7) < firstMonth ? firstMonth : iso.slice(0, 7));
