import { Inject, Injectable } from '@nestjs/common';
import { MOVE_REASONS } from '@wijkzorg/domain';
import { ProjectionRunner, ReadModelStore, scalingOutcomesQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../../read-models/read-models.module';
import { PositionCache } from '../../read-models/position-cache';
import { LogSpan, seriesStart } from '../../disclosure/log-span';
import { AreaDirectory, rowsOnce } from '../area-directory';
import { MeasureChart, MeasureDefinition, MeasureGroup, MeasureQuestion, MeasureRow } from '../measure-table';
import { PeriodCube, WijkCount, shareOf, PeriodCubeMemo } from '../period-cube';

const WINDOW = 'binnen 90 dagen na de stap (t/m de 90e dag na de datum van de stap)';
const DEFINITIONS: MeasureDefinition[] = [
  { key: 'schaalstappen', label: 'Schaalstappen', unit: 'aantal', definition: 'Op- en afschalingen van de zorgintensiteit (CareScaledUp/CareScaledDown), geteld in de maand en wijk van de stap.' },
  { key: 'stappen_op', label: 'Opschalingen', unit: 'aantal', definition: 'Schaalstappen naar meer zorg (CareScaledUp), in de maand van de stap.' },
  { key: 'stappen_af', label: 'Afschalingen', unit: 'aantal', definition: 'Schaalstappen naar minder zorg (CareScaledDown), in de maand van de stap.' },
  { key: 'stappen_zonder_verhuizing', label: 'Schaalstappen zonder verhuizing', unit: 'aantal', definition: `Schaalstappen waarna de cliënt niet verhuisde ${WINDOW}, geteld zodra die 90 dagen voorbij zijn; in de maand van de stap.` },
  { key: 'stappen_met_verhuizing', label: 'Schaalstappen gevolgd door een verhuizing', unit: 'aantal', definition: `Schaalstappen waarna de cliënt verhuisde (ClientMovedIn/ClientMovedOut/ClientMoved) ${WINDOW}; in de maand van de stap.` },
  ...MOVE_REASONS.map((reason): MeasureDefinition => ({
    key: `stappen_met_verhuizing_${reason}`,
    label: `Gevolgd door een verhuizing: ${reason.replace(/_/g, ' ')}`,
    unit: 'aantal',
    definition: `Schaalstappen gevolgd door een verhuizing waarvan de eerste de reden ${reason} had; in de maand van de stap.`,
  })),
  { key: 'stappen_nog_open', label: 'Schaalstappen nog open', unit: 'aantal', definition: 'Schaalstappen zonder verhuizing tot nu waarvan de 90 dagen nog niet voorbij zijn; in de maand van de stap.' },
  { key: 'aandeel_zonder_verhuizing', label: 'Aandeel zonder verhuizing', unit: 'procent', definition: 'Schaalstappen zonder verhuizing gedeeld door schaalstappen zonder plus met verhuizing (de afgeronde), in de maand, het kwartaal of het jaar van de stap.' },
  { key: 'stappen_met_begeleider', label: 'Afgeronde stappen met vaste begeleider', unit: 'aantal', definition: 'Schaalstappen waarvan de 90 dagen voorbij zijn en de cliënt bij de stap een vaste begeleider had; in de maand van de stap.' },
  { key: 'stappen_zelfde_begeleider', label: 'Stappen met dezelfde vaste begeleider', unit: 'aantal', definition: 'Daarvan: de cliënt had aan het eind van de 90 dagen nog dezelfde vaste begeleider als bij de stap.' },
  { key: 'aandeel_zelfde_begeleider', label: 'Aandeel dezelfde vaste begeleider', unit: 'procent', definition: 'Stappen met dezelfde vaste begeleider gedeeld door afgeronde stappen met vaste begeleider.' },
  { key: 'verhuizingen', label: 'Verhuizingen', unit: 'aantal', definition: 'Alle verhuizingen van cliënten (ClientMovedIn/ClientMovedOut/ClientMoved), in de maand en wijk van de verhuizing.' },
  { key: 'verhuizingen_na_schaalstap', label: 'Verhuizingen na een schaalstap', unit: 'aantal', definition: 'Verhuizingen binnen 90 dagen na een schaalstap van dezelfde cliënt, in de maand van de verhuizing.' },
  { key: 'verhuizingen_zonder_schaalstap', label: 'Verhuizingen zonder schaalstap ervoor', unit: 'aantal', definition: 'Verhuizingen zonder schaalstap van dezelfde cliënt in de 90 dagen ervoor, in de maand van de verhuizing.' },
];

const CHARTS: MeasureChart[] = [
  { id: 'verhuizingen-vermeden', title: 'Schaalstappen met en zonder verhuizing', kind: 'vergelijking', measures: ['stappen_zonder_verhuizing', 'stappen_met_verhuizing', 'stappen_nog_open'] },
  { id: 'schaalstappen-per-maand', title: 'Schaalstappen per maand', kind: 'verloop', measures: ['stappen_op', 'stappen_af'] },
  { id: 'zelfde-begeleider', title: 'Aandeel met dezelfde vaste begeleider', kind: 'vergelijking', measures: ['aandeel_zonder_verhuizing', 'aandeel_zelfde_begeleider'] },
];

const COUNTS = DEFINITIONS.filter((d) => d.unit === 'aantal').map((d) => d.key);
const SUMS = [
  { total: 'schaalstappen', parts: ['stappen_zonder_verhuizing', 'stappen_met_verhuizing', 'stappen_nog_open'] },
  { total: 'schaalstappen', parts: ['stappen_op', 'stappen_af'] },
  { total: 'stappen_met_verhuizing', parts: MOVE_REASONS.map((reason) => `stappen_met_verhuizing_${reason}`) },
  { total: 'verhuizingen', parts: ['verhuizingen_na_schaalstap', 'verhuizingen_zonder_schaalstap'] },
];

/**
 * Moves avoided by scaling (issue 12, docs/uitkomsten/verhuizingen.md): scaling steps without a move within 90
 * days against those followed by one, the vaste begeleider kept across the step, and moves with or without a
 * step before them. Counts per wijk and month from the scaling-outcomes read model, protected as one table.
 */
@Injectable()
export class VerhuizingenGroup implements MeasureGroup {
  readonly group = 'verhuizingen';
  readonly title = 'Vermeden verhuizingen en continuïteit';
  readonly definitions = DEFINITIONS;
  readonly charts = CHARTS;
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
    this.cubes = new PositionCache(runner, [scalingOutcomesQueries.months.projection], 8);
  }

  async rows(question: MeasureQuestion): Promise<MeasureRow[]> {
    // Which steps are classified depends on the day only: one table per day and read-model position.
    const cube = await this.cubes.get({ exact: question.exact, day: question.asOf.slice(0, 10), areas: await this.areas.signature() }, () => this.cube(question));
    return rowsOnce([cube], question, () =>
      this.areas.rowsFor(question, (area, period) => {
        const value = (key: string) => cube.value(key, area.code, period);
        const values: MeasureRow['values'] = Object.fromEntries(COUNTS.map((key) => [key, value(key)]));
        // Classified steps are no cell of their own (one more sum would hide the moves avoided): the sum of two published counts.
        const [zonder, met] = [value('stappen_zonder_verhuizing'), value('stappen_met_verhuizing')];
        values.aandeel_zonder_verhuizing = shareOf(zonder, typeof zonder === 'number' && typeof met === 'number' ? zonder + met : typeof met === 'number' ? zonder : met);
        values.aandeel_zelfde_begeleider = shareOf(value('stappen_zelfde_begeleider'), value('stappen_met_begeleider'));
        return Object.fromEntries(DEFINITIONS.map((d) => [d.key, values[d.key]]));
      }),
    );
  }

  private async cube({ asOf, exact }: MeasureQuestion): Promise<PeriodCube> {
    const [months, gemeenteOf, firstEventAt] = await Promise.all([scalingOutcomesQueries.months.find(this.store), this.areas.gemeenteOfWijk(), this.span.firstEventAt()]);
    const today = asOf.slice(0, 10);
    const counts: WijkCount[] = [];
    const count = (wijkCode: string, month: string, metric: string, n: number) => n && counts.push({ wijkCode, month, metric, count: n });
    for (const doc of months.items) {
      for (const [wijkCode, byLastDay] of Object.entries(doc.steps))
        for (const [lastDay, t] of Object.entries(byLastDay)) {
          // A step is classified once the last day of its 90-day window has passed; a move classifies it at once.
          const closed = lastDay < today;
          const [steps, moved] = [t.steps ?? 0, t.moved ?? 0];
          count(wijkCode, doc.month, 'schaalstappen', steps);
          count(wijkCode, doc.month, 'stappen_op', t.up ?? 0);
          count(wijkCode, doc.month, 'stappen_af', t.down ?? 0);
          count(wijkCode, doc.month, 'stappen_met_verhuizing', moved);
          for (const reason of MOVE_REASONS) count(wijkCode, doc.month, `stappen_met_verhuizing_${reason}`, t[`moved:${reason}`] ?? 0);
          count(wijkCode, doc.month, closed ? 'stappen_zonder_verhuizing' : 'stappen_nog_open', steps - moved);
          if (closed) count(wijkCode, doc.month, 'stappen_met_begeleider', t.withBegeleider ?? 0);
          if (closed) count(wijkCode, doc.month, 'stappen_zelfde_begeleider', t.sameBegeleider ?? 0);
        }
      for (const [wijkCode, t] of Object.entries(doc.moves)) {
        count(wijkCode, doc.month, 'verhuizingen', t.moves ?? 0);
        count(wijkCode, doc.month, 'verhuizingen_na_schaalstap', t.afterStep ?? 0);
        count(wijkCode, doc.month, 'verhuizingen_zonder_schaalstap', (t.moves ?? 0) - (t.afterStep ?? 0));
      }
    }
    return PeriodCube.build(counts, { gemeenteOf, flows: COUNTS, stocks: [], sums: SUMS, firstMonth: seriesStart(firstEventAt, asOf), lastMonth: asOf.slice(0, 7) }, exact, this.builds);
  }
}
