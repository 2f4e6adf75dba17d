import { Inject, Injectable } from '@nestjs/common';
import { ProjectionRunner, ReadModelStore, buurtQueries, monthOf } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../../read-models/read-models.module';
import { PositionCache } from '../../read-models/position-cache';
import { LogSpan, seriesStart } from '../../disclosure/log-span';
import { ALL_AREAS } from '../../disclosure/area-codes';
import { forPublishedGroup, suppressedWith } from '../../disclosure/disclosure';
import { AreaDirectory, rowsOnce } from '../area-directory';
import { MeasureChart, MeasureDefinition, MeasureGroup, MeasureQuestion, MeasureRow, MeasureValue } from '../measure-table';
import { PeriodCube, WijkCount, PeriodCubeMemo } from '../period-cube';
import { monthsOf, periodKind, periodsBetween } from '../periods';
import { medianOf, stocksAtMonthEnd } from './month-stocks';

const FLOWS = ['overlast_gemeld', 'overlast_gemeld_door_bewoners', 'overlast_gemeld_door_anderen', 'overlast_opgelost', 'buurtonderzoeken_gestart', 'buurtplein_bijeenkomsten', 'buurtplein_aanwezigen', 'kernbezoeken_clienten', 'kernbezoeken_niet_clienten'] as const;
const STOCKS = ['buurtpleinen_actief'] as const;
/** The source of a report by residents; every other source (professionals, organisations, overig) counts as "anderen". */
const RESIDENTS = 'buurtbewoner';

const DEFINITIONS: MeasureDefinition[] = [
  { key: 'overlast_gemeld', label: 'Overlastmeldingen', unit: 'aantal', definition: 'Overlastmeldingen met een meldmoment in de periode (OverlastReported).' },
  { key: 'overlast_gemeld_door_bewoners', label: 'Overlastmeldingen door buurtbewoners', unit: 'aantal', definition: 'Overlastmeldingen in de periode met als bron een buurtbewoner.' },
  { key: 'overlast_gemeld_door_anderen', label: 'Overlastmeldingen door anderen', unit: 'aantal', definition: 'Overlastmeldingen in de periode met een andere bron (corporatie, wijkagent, huisarts, zorgaanbieder, wijkteam, welzijn, gemeente, overig).' },
  { key: 'overlast_opgelost', label: 'Overlastmeldingen afgehandeld', unit: 'aantal', definition: 'Overlastmeldingen met een afhandelmoment in de periode (OverlastResolved).' },
  { key: 'mediaan_oplostijd_dagen', label: 'Mediane afhandeltijd overlast', unit: 'dagen', definition: 'Mediaan van de dagen van melding tot afhandeling van de meldingen afgehandeld in de periode; alleen bij vijf of meer.' },
  { key: 'buurtonderzoeken_gestart', label: 'Buurtonderzoeken gestart', unit: 'aantal', definition: 'Buurtonderzoeken met een startmoment in de periode (BuurtonderzoekStarted).' },
  { key: 'buurtpleinen_actief', label: 'Actieve buurtpleinen', unit: 'aantal', definition: 'Buurtpleinen gestart en nog niet beëindigd aan het eind van de periode.' },
  { key: 'buurtplein_bijeenkomsten', label: 'Bijeenkomsten van buurtpleinen', unit: 'aantal', definition: 'Bijeenkomsten van buurtpleinen gehouden in de periode (BuurtpleinMeetingHeld).' },
  { key: 'buurtplein_aanwezigen', label: 'Aanwezigen bij buurtpleinen', unit: 'aantal', definition: 'Som van de aanwezigen bij de bijeenkomsten in de periode (een bezoek, geen persoon).' },
  { key: 'kernbezoeken_clienten', label: 'Bezoeken aan de kern door cliënten', unit: 'aantal', definition: 'Bezoeken aan de kernen in het gebied door cliënten in de periode (KernVisitsRecorded; bezoeken, geen personen).' },
  { key: 'kernbezoeken_niet_clienten', label: 'Bezoeken aan de kern door andere bewoners', unit: 'aantal', definition: 'Bezoeken aan de kernen in het gebied door bewoners die geen cliënt zijn in de periode.' },
];

const CHARTS: MeasureChart[] = [
  { id: 'overlast-vergelijking', title: 'Overlastmeldingen en afhandeling per gebied', kind: 'vergelijking', measures: ['overlast_gemeld_door_bewoners', 'overlast_gemeld_door_anderen', 'overlast_opgelost'] },
  { id: 'ontmoeting-vergelijking', title: 'Buurtpleinen en kernbezoeken per gebied', kind: 'vergelijking', measures: ['buurtplein_aanwezigen', 'kernbezoeken_clienten', 'kernbezoeken_niet_clienten'] },
  { id: 'overlast-verloop', title: 'Overlast per maand: gemeld, afgehandeld en afhandeltijd', kind: 'verloop', measures: ['overlast_gemeld', 'overlast_opgelost', 'mediaan_oplostijd_dagen'] },
  { id: 'ontmoeting-verloop', title: 'Buurtpleinen en kernbezoeken per maand', kind: 'verloop', measures: ['buurtpleinen_actief', 'buurtplein_bijeenkomsten', 'kernbezoeken_niet_clienten'] },
];

interface BuurtTable {
  cube: PeriodCube;
  /** Days from report to resolution of the reports resolved, per `wijkCode|month`. */
  resolutionDays: Map<string, number[]>;
  gemeenteOf: ReadonlyMap<string, string>;
  firstMonth: string;
  lastMonth: string;
  exact: boolean;
}

/**
 * The neighbourhood (issue 12): overlast reported and resolved with its resolution time, buurtonderzoeken,
 * buurtpleinen and their meetings, and visits to the kernen by clients and other residents, per wijk, gemeente
 * and region, per month, quarter and year. Every count is one cell of one PeriodCube; kern visits and attendance
 * count visits, not people, but are protected as counts all the same. Each fact counts in the month it happened.
 */
@Injectable()
export class BuurtGroup implements MeasureGroup {
  readonly group = 'buurt';
  readonly title = 'Buurt: overlast, buurtpleinen en de kern';
  readonly definitions = DEFINITIONS;
  readonly charts = CHARTS;
  private readonly cache: PositionCache<BuurtTable>;
  /** The table is built again after changes and (for "now") each minute, mostly with the same counts or at least the same cells. */
  private readonly builds = new PeriodCubeMemo();
  private readonly span: LogSpan;

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    runner: ProjectionRunner,
    private readonly areas: AreaDirectory,
  ) {
    this.cache = new PositionCache(runner, [buurtQueries.months.projection], 8);
    this.span = new LogSpan(runner);
  }

  async rows(question: MeasureQuestion): Promise<MeasureRow[]> {
    const lastMonth = question.asOf.slice(0, 7);
    const table = await this.cache.get({ exact: question.exact, lastMonth, areas: await this.areas.signature() }, () => this.compute(question.exact, question.asOf));
    return rowsOnce([table], question, () => this.areas.rowsFor(question, (area, period) => valuesOf(table, area.code, period)));
  }

  private async compute(exact: boolean, asOf: string): Promise<BuurtTable> {
    const firstMonth = seriesStart(await this.span.firstEventAt(), asOf);
    const lastMonth = asOf.slice(0, 7);
    const months = periodsBetween(firstMonth, lastMonth).filter((p) => periodKind(p) === 'maand');
    const [gemeenteOf, buurtMonths, reports, pleinen] = await Promise.all([this.areas.gemeenteOfWijk(), buurtQueries.months.find(this.store), buurtQueries.overlast.find(this.store), buurtQueries.pleinen.find(this.store)]);

    const counts: WijkCount[] = [];
    const resolutionDays = new Map<string, number[]>();
    for (const m of buurtMonths.items) {
      const flow = (metric: string, count: number) => count !== 0 && counts.push({ wijkCode: m.wijkCode, month: m.month, metric, count });
      flow('overlast_opgelost', m.overlastResolved);
      flow('buurtonderzoeken_gestart', m.onderzoekenStarted);
      flow('buurtplein_bijeenkomsten', m.pleinMeetings);
      flow('buurtplein_aanwezigen', m.pleinAttendance);
      flow('kernbezoeken_clienten', m.kernClientVisits);
      flow('kernbezoeken_niet_clienten', m.kernOtherVisits);
      if (m.resolutionDays.length > 0) resolutionDays.set(`${m.wijkCode}|${m.month}`, m.resolutionDays);
    }
    for (const r of reports.items) {
      const month = monthOf(r.reportedAt);
      counts.push({ wijkCode: r.wijkCode, month, metric: 'overlast_gemeld', count: 1 }, { wijkCode: r.wijkCode, month, metric: r.source === RESIDENTS ? 'overlast_gemeld_door_bewoners' : 'overlast_gemeld_door_anderen', count: 1 });
    }
    const pleinChanges = pleinen.items.flatMap((p) => [{ wijkCode: p.wijkCode, month: monthOf(p.startedAt), change: 1 }, ...(p.endedAt ? [{ wijkCode: p.wijkCode, month: monthOf(p.endedAt), change: -1 }] : [])]);
    counts.push(...stocksAtMonthEnd('buurtpleinen_actief', pleinChanges, months));

    const cube = await PeriodCube.build(counts, { gemeenteOf, flows: FLOWS, stocks: STOCKS, sums: [{ total: 'overlast_gemeld', parts: ['overlast_gemeld_door_bewoners', 'overlast_gemeld_door_anderen'] }], firstMonth, lastMonth }, exact, this.builds);
    return { cube, resolutionDays, gemeenteOf, firstMonth, lastMonth, exact };
  }
}

/** Whether a wijk lies in an area (itself, its gemeente, or the region). */
const inArea = (wijkCode: string, gemeenteCode: string | undefined, area: string) => area === ALL_AREAS || area === wijkCode || area === gemeenteCode;

function valuesOf(table: BuurtTable, area: string, period: string): Record<string, MeasureValue> {
  const { cube } = table;
  const v = (metric: string) => cube.value(metric, area, period);
  const months = new Set(monthsOf(period).filter((m) => m >= table.firstMonth && m <= table.lastMonth));
  const days = [...table.resolutionDays].filter(([cell]) => months.has(cell.slice(cell.indexOf('|') + 1)) && inArea(cell.slice(0, cell.indexOf('|')), table.gemeenteOf.get(cell.slice(0, cell.indexOf('|'))), area)).flatMap(([, d]) => d);
  const median = medianOf(days);
  return {
    overlast_gemeld: v('overlast_gemeld'),
    overlast_gemeld_door_bewoners: v('overlast_gemeld_door_bewoners'),
    overlast_gemeld_door_anderen: v('overlast_gemeld_door_anderen'),
    overlast_opgelost: v('overlast_opgelost'),
    // null (nothing resolved) beside a hidden count would tell it is 0: it carries the count's mark instead.
    mediaan_oplostijd_dagen: table.exact ? median : median === null ? suppressedWith(v('overlast_opgelost'), null) : forPublishedGroup(v('overlast_opgelost'), days.length, median),
    buurtonderzoeken_gestart: v('buurtonderzoeken_gestart'),
    buurtpleinen_actief: v('buurtpleinen_actief'),
    buurtplein_bijeenkomsten: v('buurtplein_bijeenkomsten'),
    buurtplein_aanwezigen: v('buurtplein_aanwezigen'),
    kernbezoeken_clienten: v('kernbezoeken_clienten'),
    kernbezoeken_niet_clienten: v('kernbezoeken_niet_clienten'),
  };
}
