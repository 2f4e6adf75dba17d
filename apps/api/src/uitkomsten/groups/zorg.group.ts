import { Inject, Injectable } from '@nestjs/common';
import { CARE_INTENSITIES, CARE_SETTINGS } from '@wijkzorg/domain';
import { ProjectionRunner, ReadModelStore, monthOf, zorgverloopQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../../read-models/read-models.module';
import { PositionCache } from '../../read-models/position-cache';
import { LogSpan, addMonths, seriesStart } from '../../disclosure/log-span';
import { AreaDirectory, rowsOnce } from '../area-directory';
import { MeasureChart, MeasureDefinition, MeasureGroup, MeasureQuestion, MeasureRow } from '../measure-table';
import { PeriodCube, WijkCount, PeriodCubeMemo } from '../period-cube';
import { VerhuizingenGroup } from './verhuizingen.group';

const INTENSITY_LABELS: Record<string, string> = { geen: 'alleen informele steun', licht_ambulant: 'licht ambulant', intensief_ambulant: 'intensief ambulant', zorg_24uur: '24-uurs zorg' };
const SETTING_LABELS: Record<string, string> = { eigen_woning_in_cirkel: 'eigen woning in de cirkel', clusterwoning: 'clusterwoning', elders: 'elders' };

/** Measure key → the cube's metric (stocks from the month-by-month changes, flows as counted). */
const STOCKS: Record<string, string> = {
  clienten: 'clients',
  ...Object.fromEntries(CARE_INTENSITIES.map((i) => [`clienten_${i}`, `intensity:${i}`])),
  ...Object.fromEntries(CARE_SETTINGS.map((s) => [`clienten_${s}`, `setting:${s}`])),
};
const FLOWS: Record<string, 'intakes' | 'closures'> = { intakes: 'intakes', afgesloten_trajecten: 'closures' };
/**
 * Scaling steps are the group `verhuizingen`'s figures (stappen_op, stappen_af): shown here as that table publishes
 * them, not protected a second time. Two tables protecting one count apart pinned small counts when combined.
 */
const FROM_VERHUIZINGEN: Record<string, string> = { opschalingen: 'stappen_op', afschalingen: 'stappen_af' };

const DEFINITIONS: MeasureDefinition[] = [
  { key: 'clienten', label: 'Cliënten in zorg', unit: 'aantal', definition: 'Cliënten met een lopend traject (intake gedaan, niet afgesloten of gewist) aan het einde van de periode, in de wijk waar zij dan staan ingeschreven.' },
  ...CARE_INTENSITIES.map((i) => ({ key: `clienten_${i}`, label: `Cliënten: ${INTENSITY_LABELS[i]}`, unit: 'aantal' as const, definition: `Cliënten in zorg met zorgintensiteit ${i} aan het einde van de periode.` })),
  ...CARE_SETTINGS.map((s) => ({ key: `clienten_${s}`, label: `Cliënten: ${SETTING_LABELS[s]}`, unit: 'aantal' as const, definition: `Cliënten in zorg met woonsituatie ${s} aan het einde van de periode.` })),
  { key: 'intakes', label: 'Intakes (instroom)', unit: 'aantal', definition: 'Intakes (IntakeRegistered) in de periode, in de wijk van plaatsing.' },
  { key: 'afgesloten_trajecten', label: 'Afgesloten trajecten (uitstroom)', unit: 'aantal', definition: 'Trajecten afgesloten (TrajectoryClosed) in de periode, in de wijk waar de cliënt stond.' },
  { key: 'opschalingen', label: 'Opschalingen', unit: 'aantal', definition: 'Stappen naar een hogere zorgintensiteit (CareScaledUp) in de periode.' },
  { key: 'afschalingen', label: 'Afschalingen', unit: 'aantal', definition: 'Stappen naar een lagere zorgintensiteit (CareScaledDown) in de periode.' },
];

const CHARTS: MeasureChart[] = [
  { id: 'intensiteit', title: 'Cliënten per zorgintensiteit (einde periode)', kind: 'vergelijking', measures: CARE_INTENSITIES.map((i) => `clienten_${i}`) },
  { id: 'woonsituatie', title: 'Cliënten per woonsituatie (einde periode)', kind: 'vergelijking', measures: CARE_SETTINGS.map((s) => `clienten_${s}`) },
  { id: 'in-en-uitstroom', title: 'Instroom en uitstroom per maand', kind: 'verloop', measures: ['intakes', 'afgesloten_trajecten'] },
  { id: 'schalen', title: 'Op- en afschalen per maand', kind: 'verloop', measures: ['opschalingen', 'afschalingen'] },
];

/** Group `zorg` (docs/uitkomsten/zorg.md): the caseload per care intensity and setting, inflow, outflow and scaling steps. */
@Injectable()
export class ZorgGroup implements MeasureGroup {
  readonly group = 'zorg';
  readonly title = 'Cliënten in zorg: intensiteit, woonsituatie, instroom en uitstroom';
  readonly definitions = DEFINITIONS;
  readonly charts = CHARTS;
  private readonly cache: PositionCache<PeriodCube>;
  /** The table is built again after changes and (for "now") each minute, mostly with the same counts or at least the same cells. */
  private readonly builds = new PeriodCubeMemo();
  private readonly span: LogSpan;

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    runner: ProjectionRunner,
    private readonly areas: AreaDirectory,
    private readonly verhuizingen: VerhuizingenGroup,
  ) {
    this.cache = new PositionCache(runner, [zorgverloopQueries.months.projection], 8);
    this.span = new LogSpan(runner);
  }

  async rows(question: MeasureQuestion): Promise<MeasureRow[]> {
    const lastMonth = monthOf(question.asOf);
    const cube = await this.cache.get([question.exact, lastMonth, await this.areas.signature()], () => this.table(lastMonth, question.exact));
    const stepRows = await this.verhuizingen.rows(question);
    return rowsOnce([cube, stepRows], question, () => {
      const steps = new Map(stepRows.map((r) => [`${r.code}|${r.period}`, r.values]));
      return this.areas.rowsFor(question, (area, period) => Object.fromEntries(DEFINITIONS.map((d) => [d.key, d.key in FROM_VERHUIZINGEN ? (steps.get(`${area.code}|${period}`)?.[FROM_VERHUIZINGEN[d.key]] ?? 0) : cube.value(STOCKS[d.key] ?? FLOWS[d.key], area.code, period)])));
    });
  }

  /** One protected table of every wijk, gemeente and the region, every month, quarter and year of the log. */
  private async table(lastMonth: string, exact: boolean): Promise<PeriodCube> {
    const { items } = await zorgverloopQueries.months.find(this.store, { sort: [{ field: 'month', direction: 'asc' }] });
    const firstMonth = seriesStart(
      await this.span.firstEventAt(),
      `${lastMonth}-01T00:00:00.000Z`,
      items.map((m) => `${m.month}-01T00:00:00.000Z`),
    );
    const gemeenteOf = await this.areas.gemeenteOfWijk();
    const counts: WijkCount[] = [];
    // A stock at the end of a month is every change up to and including it (changes before the span count in its first month).
    const stock = new Map<string, number>();
    const changesOf = new Map<string, Map<string, Record<string, number>>>();
    for (const m of items) {
      if (m.month > lastMonth) continue;
      const month = m.month < firstMonth ? firstMonth : m.month;
      const byWijk = changesOf.get(month) ?? new Map<string, Record<string, number>>();
      changesOf.set(month, byWijk);
      const changes = byWijk.get(m.wijkCode) ?? {};
      byWijk.set(m.wijkCode, changes);
      for (const [metric, delta] of Object.entries(m.change)) changes[metric] = (changes[metric] ?? 0) + delta;
      for (const [key, field] of Object.entries(FLOWS)) if (m[field]) counts.push({ wijkCode: m.wijkCode, month, metric: FLOWS[key], count: m[field] });
    }
    for (let month = firstMonth; month <= lastMonth; month = addMonths(month, 1)) {
      for (const [wijkCode, changes] of changesOf.get(month) ?? []) for (const [metric, delta] of Object.entries(changes)) stock.set(`${wijkCode}|${metric}`, (stock.get(`${wijkCode}|${metric}`) ?? 0) + delta);
      for (const [cell, count] of stock) if (count) counts.push({ wijkCode: cell.slice(0, cell.indexOf('|')), month, metric: cell.slice(cell.indexOf('|') + 1), count });
    }
    const stocks = Object.values(STOCKS);
    return PeriodCube.build(
      counts,
      {
        gemeenteOf,
        flows: Object.values(FLOWS),
        stocks,
        sums: [
          { total: 'clients', parts: CARE_INTENSITIES.map((i) => `intensity:${i}`) },
          { total: 'clients', parts: CARE_SETTINGS.map((s) => `setting:${s}`) },
        ],
        firstMonth,
        lastMonth,
      },
      exact,
      this.builds,
    );
  }
}
