import { Inject, Injectable } from '@nestjs/common';
import { HOUSING_OUTCOME_METRICS, ProjectionRunner, ReadModelStore, housingQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../../read-models/read-models.module';
import { PositionCache } from '../../read-models/position-cache';
import { LogSpan, seriesStart } from '../../disclosure/log-span';
import { AreaDirectory, rowsOnce } from '../area-directory';
import { MeasureChart, MeasureDefinition, MeasureGroup, MeasureQuestion, MeasureRow, MeasureValue } from '../measure-table';
import { PeriodCube, WijkCount, shareOf, PeriodCubeMemo } from '../period-cube';

/** Housing (issue 12): matches and whether they honour the preferred wijk, uitstroom from intramural care, Housing First, reciprocity. */
@Injectable()
export class WonenGroup implements MeasureGroup {
  readonly group = 'wonen';
  readonly title = 'Wonen';
  readonly definitions: MeasureDefinition[] = [
    { key: 'koppelingen', label: 'Koppelingen aan een woning', unit: 'aantal', definition: 'Aantal geaccepteerde woningaanbiedingen (HousingMatched) in de periode, in de wijk van de woning.' },
    { key: 'koppelingen_voorkeurswijk', label: 'Koppelingen in de voorkeurswijk', unit: 'aantal', definition: 'Koppelingen in de periode waarbij de woning in de voorkeurswijk van de cliënt ligt.' },
    { key: 'aandeel_voorkeurswijk', label: 'Aandeel in voorkeurswijk', unit: 'procent', definition: 'Koppelingen in de voorkeurswijk / alle koppelingen (elke koppeling kent een voorkeurswijk), in de periode.' },
    { key: 'verhuizingen_naar_woning', label: 'Verhuizingen naar een woning', unit: 'aantal', definition: 'Aantal cliënten dat in de periode in een woning van een wooncirkel trekt (ClientMovedIn), in de wijk van de woning.' },
    { key: 'housing_first_plaatsingen', label: 'Housing First-plaatsingen', unit: 'aantal', definition: 'Verhuizingen in de periode naar een woning van een Housing First-team (wooncirkel met vorm housing_first).' },
    { key: 'aanvragen', label: 'Woonaanvragen', unit: 'aantal', definition: 'Aantal woonaanvragen (HousingRequested) in de periode, in de wijk van de cliënt.' },
    { key: 'aanvragen_uit_intramuraal', label: 'Woonaanvragen uit intramurale zorg', unit: 'aantal', definition: 'Woonaanvragen in de periode van cliënten die uit een intramurale GGZ-instelling of beschermd wonen komen (uitstroom).' },
    { key: 'koppelingen_uit_intramuraal', label: 'Koppelingen na intramurale zorg', unit: 'aantal', definition: 'Koppelingen in de periode waarvan de woonaanvraag uit intramurale GGZ of beschermd wonen kwam.' },
    { key: 'wederkerigheid_afgesproken', label: 'Wederkerigheid afgesproken', unit: 'aantal', definition: 'Afspraken over wederkerigheid in de periode: koppelingen met minstens één bijdrage plus wijzigingen naar minstens één bijdrage.' },
    { key: 'wederkerigheid_geleverd', label: 'Wederkerigheid geleverd', unit: 'aantal', definition: 'Geregistreerde leveringen van een afgesproken bijdrage (ReciprocityDelivered) voor een maand in de periode.' },
  ];
  readonly charts: MeasureChart[] = [
    { id: 'wonen-koppelingen', title: 'Koppelingen en verhuizingen per gebied', kind: 'vergelijking', measures: ['koppelingen', 'koppelingen_voorkeurswijk', 'verhuizingen_naar_woning', 'housing_first_plaatsingen'] },
    { id: 'wonen-voorkeurswijk', title: 'Aandeel koppelingen in de voorkeurswijk', kind: 'verloop', measures: ['aandeel_voorkeurswijk'] },
    { id: 'wonen-uitstroom', title: 'Uitstroom uit intramurale zorg', kind: 'verloop', measures: ['aanvragen_uit_intramuraal', 'koppelingen_uit_intramuraal'] },
    { id: 'wonen-wederkerigheid', title: 'Wederkerigheid afgesproken en geleverd', kind: 'verloop', measures: ['wederkerigheid_afgesproken', 'wederkerigheid_geleverd'] },
  ];

  private readonly span: LogSpan;
  /** The table is built again after changes and (for "now") each minute, mostly with the same counts or at least the same cells. */
  private readonly builds = new PeriodCubeMemo();
  private readonly cubes: PositionCache<PeriodCube>;

  constructor(
    private readonly areas: AreaDirectory,
    runner: ProjectionRunner,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {
    this.span = new LogSpan(runner);
    this.cubes = new PositionCache(runner, [housingQueries.outcomeMonths.projection], 4);
  }

  async rows(question: MeasureQuestion): Promise<MeasureRow[]> {
    const lastMonth = question.asOf.slice(0, 7);
    const cube = await this.cubes.get({ exact: question.exact, lastMonth, areas: await this.areas.signature() }, () => this.cube(question.exact, lastMonth));
    return rowsOnce([cube], question, () =>
      this.areas.rowsFor(question, (area, period) => {
        const v = (metric: string) => cube.value(metric, area.code, period);
        const values: Record<string, MeasureValue> = Object.fromEntries(this.definitions.filter((d) => d.unit === 'aantal').map((d) => [d.key, v(d.key)]));
        values.aandeel_voorkeurswijk = shareOf(v('koppelingen_voorkeurswijk'), v('koppelingen'));
        return Object.fromEntries(this.definitions.map((d) => [d.key, values[d.key]]));
      }),
    );
  }

  /** One table of every wijk, gemeente and the region, every month, quarter and year of the log: protected as a whole. */
  private async cube(exact: boolean, lastMonth: string): Promise<PeriodCube> {
    const { items } = await housingQueries.outcomeMonths.find(this.store, {});
    const counts: WijkCount[] = items.flatMap((m) => HOUSING_OUTCOME_METRICS.map((metric) => ({ wijkCode: m.wijkCode, month: m.month, metric, count: m.counts[metric] ?? 0 })));
    return PeriodCube.build(
      counts,
      {
        gemeenteOf: await this.areas.gemeenteOfWijk(),
        flows: HOUSING_OUTCOME_METRICS,
        stocks: [],
        sums: [
          { total: 'koppelingen', parts: ['koppelingen_voorkeurswijk', 'koppelingen_buiten_voorkeurswijk'] },
          { total: 'aanvragen', parts: ['aanvragen_uit_intramuraal', 'aanvragen_overig'] },
        ],
        firstMonth: seriesStart(await this.span.firstEventAt(), `${lastMonth}-01T00:00:00.000Z`),
        lastMonth,
      },
      exact,
      this.builds,
    );
  }
}
