import { Inject, Injectable } from '@nestjs/common';
import { AVOIDED_COST_CATEGORIES, BREAKTHROUGH_TYPES } from '@wijkzorg/domain';
import { ProjectionRunner, ReadModelStore, doorbraaktafelQueries, monthOf } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../../read-models/read-models.module';
import { PositionCache } from '../../read-models/position-cache';
import { ALL_AREAS } from '../../disclosure/area-codes';
import { LogSpan, seriesStart } from '../../disclosure/log-span';
import { forPublishedGroup, suppressedWith } from '../../disclosure/disclosure';
import { percentile } from '../../wachtlijst/waitlist-statistics';
import { AreaDirectory, rowsOnce } from '../area-directory';
import { MeasureChart, MeasureDefinition, MeasureGroup, MeasureQuestion, MeasureRow, MeasureValue } from '../measure-table';
import { PeriodCube, WijkCount, PeriodCubeMemo } from '../period-cube';
import { MoneyTable, WijkMoney } from '../money-table';
import { periodsBetween, periodsContaining } from '../periods';

const COUNT_MEASURES = ['zaken_aangemeld', 'zaken_gesloten', 'doorbraken', ...BREAKTHROUGH_TYPES.map((t) => `doorbraken_${t}`)];
const MONEY_MEASURES = ['oplossingskosten', 'vermeden_kosten', ...AVOIDED_COST_CATEGORIES.map((c) => `vermeden_kosten_${c}`)];

const TYPE_LABELS: Record<string, string> = { uitkering: 'uitkering', woning: 'woning', zorg: 'zorg', schulden: 'schulden', justitie: 'justitie', daginvulling: 'daginvulling', vervoer: 'vervoer', overig: 'overig' };
const CATEGORY_LABELS: Record<string, string> = { detentie: 'detentie', crisisopname: 'crisisopname', huisuitzetting: 'huisuitzetting', maatschappelijke_opvang: 'maatschappelijke opvang', beschermd_wonen: 'beschermd wonen', politie_inzet: 'politie-inzet', overig: 'overig' };

const DEFINITIONS: MeasureDefinition[] = [
  { key: 'zaken_aangemeld', label: 'Zaken aangemeld', unit: 'aantal', definition: 'Zaken die in de periode aan de doorbraaktafel zijn voorgelegd (CaseEscalated), in de wijk waar de cliënt toen woonde.' },
  { key: 'zaken_gesloten', label: 'Zaken gesloten', unit: 'aantal', definition: 'Zaken die in de periode zijn gesloten (CaseClosed), in de wijk van de zaak (bij aanmelding).' },
  { key: 'doorbraken', label: 'Doorbraken', unit: 'aantal', definition: 'Besluiten (doorbraken) van de tafel in de periode (DoorbraakDecisionRecorded), in de wijk van de zaak.' },
  ...BREAKTHROUGH_TYPES.map((t) => ({ key: `doorbraken_${t}`, label: `Doorbraken: ${TYPE_LABELS[t]}`, unit: 'aantal' as const, definition: `Doorbraken van het type ${t} in de periode; de typen tellen op tot doorbraken.` })),
  { key: 'doorlooptijd_mediaan_dagen', label: 'Doorlooptijd mediaan (dagen)', unit: 'dagen', definition: 'Mediaan van de hele dagen van aanmelding tot doorbraak, over de doorbraken in de periode (alleen bij vijf of meer cliënten).' },
  { key: 'doorlooptijd_p90_dagen', label: 'Doorlooptijd p90 (dagen)', unit: 'dagen', definition: '90e percentiel (nearest rank) van de dagen van aanmelding tot doorbraak, over de doorbraken in de periode (alleen bij vijf of meer cliënten).' },
  { key: 'oplossingskosten', label: 'Kosten van oplossingen', unit: 'eurocent', definition: 'Som van de kosten van de oplossing die de tafel in de periode besloot (solutionCostCents).' },
  { key: 'vermeden_kosten', label: 'Geschatte vermeden kosten', unit: 'eurocent', definition: 'Som van de geschatte vermeden kosten (over de eigen basisperiode van elke schatting) van de besluiten in de periode; de som van de categorieën.' },
  ...AVOIDED_COST_CATEGORIES.map((c) => ({ key: `vermeden_kosten_${c}`, label: `Vermeden kosten: ${CATEGORY_LABELS[c]}`, unit: 'eurocent' as const, definition: `Geschatte vermeden kosten in de categorie ${c} van de besluiten in de periode.` })),
];

const CHARTS: MeasureChart[] = [
  { id: 'kosten-vs-vermeden', title: 'Kosten van oplossingen tegenover geschatte vermeden kosten', kind: 'vergelijking', measures: ['oplossingskosten', 'vermeden_kosten'] },
  { id: 'doorbraken-per-type', title: 'Doorbraken per type', kind: 'vergelijking', measures: BREAKTHROUGH_TYPES.map((t) => `doorbraken_${t}`) },
  { id: 'zaken-per-maand', title: 'Zaken en doorbraken per maand', kind: 'verloop', measures: ['zaken_aangemeld', 'doorbraken', 'zaken_gesloten'] },
];

type Table = Map<string, Record<string, MeasureValue>>;

const median = (sorted: number[]): number | null => (sorted.length === 0 ? null : sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : Math.round((sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2));

/** The doorbraaktafel (issue 12): cases, breakthroughs by type, lead time, and what solutions cost against what they are estimated to avoid. */
@Injectable()
export class DoorbraaktafelGroup implements MeasureGroup {
  readonly group = 'doorbraaktafel';
  readonly title = 'Doorbraaktafel';
  readonly definitions = DEFINITIONS;
  readonly charts = CHARTS;
  private readonly span: LogSpan;
  /** The table is built again after changes and (for "now") each minute, mostly with the same counts or at least the same cells. */
  private readonly builds = new PeriodCubeMemo();
  private readonly cache: PositionCache<Table>;

  constructor(
    private readonly areas: AreaDirectory,
    private readonly runner: ProjectionRunner,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {
    this.span = new LogSpan(runner);
    this.cache = new PositionCache(runner, [doorbraaktafelQueries.cases.projection], 8);
  }

  async rows(question: MeasureQuestion): Promise<MeasureRow[]> {
    const firstMonth = seriesStart(await this.span.firstEventAt(), question.asOf);
    const lastMonth = monthOf(question.asOf);
    const table = await this.cache.get({ exact: question.exact, firstMonth, lastMonth, areas: await this.areas.signature() }, () => this.table(question.exact, firstMonth, lastMonth));
    return rowsOnce([table], question, () => this.areas.rowsFor(question, (area, period) => table.get(`${area.code}|${period}`) ?? this.empty()));
  }

  private empty(): Record<string, MeasureValue> {
    return Object.fromEntries(DEFINITIONS.map((d) => [d.key, d.unit === 'dagen' ? null : 0]));
  }

  private async table(exact: boolean, firstMonth: string, lastMonth: string): Promise<Table> {
    const gemeenteOf = await this.areas.gemeenteOfWijk();
    const { items: cases } = await doorbraaktafelQueries.cases.find(this.store);
    const counts: WijkCount[] = [];
    const money: WijkMoney[] = [];
    // Lead times per area and period, with the client each is about.
    const leadTimes = new Map<string, { days: number; clientId: string }[]>();
    for (const c of cases) {
      const gemeente = gemeenteOf.get(c.wijkCode);
      counts.push({ wijkCode: c.wijkCode, month: monthOf(c.escalatedAt), metric: 'zaken_aangemeld', count: 1 });
      if (c.closedAt) counts.push({ wijkCode: c.wijkCode, month: monthOf(c.closedAt), metric: 'zaken_gesloten', count: 1 });
      for (const d of c.decisions) {
        const month = monthOf(d.at);
        counts.push({ wijkCode: c.wijkCode, month, metric: 'doorbraken', count: 1 }, { wijkCode: c.wijkCode, month, metric: `doorbraken_${d.breakthroughType}`, count: 1 });
        const people = [c.clientId];
        if (d.solutionCostCents !== null) money.push({ wijkCode: c.wijkCode, month, measure: 'oplossingskosten', cents: d.solutionCostCents, people });
        if (d.avoidedCost) {
          money.push({ wijkCode: c.wijkCode, month, measure: 'vermeden_kosten', cents: d.avoidedCost.amountCents, people }, { wijkCode: c.wijkCode, month, measure: `vermeden_kosten_${d.avoidedCost.category}`, cents: d.avoidedCost.amountCents, people });
        }
        if (d.leadTimeDays !== null && gemeente && month >= firstMonth && month <= lastMonth)
          for (const area of [c.wijkCode, gemeente, ALL_AREAS]) for (const period of periodsContaining(month)) (leadTimes.get(`${area}|${period}`) ?? leadTimes.set(`${area}|${period}`, []).get(`${area}|${period}`)!).push({ days: d.leadTimeDays, clientId: c.clientId });
      }
    }
    const cube = await PeriodCube.build(counts, { gemeenteOf, flows: COUNT_MEASURES, stocks: [], sums: [{ total: 'doorbraken', parts: BREAKTHROUGH_TYPES.map((t) => `doorbraken_${t}`) }], firstMonth, lastMonth }, exact, this.builds);
    const amounts = await MoneyTable.build(money, { gemeenteOf, measures: MONEY_MEASURES, sums: [{ total: 'vermeden_kosten', parts: AVOIDED_COST_CATEGORIES.map((c) => `vermeden_kosten_${c}`) }], firstMonth, lastMonth }, exact);
    const table: Table = new Map();
    const areaCodes = [ALL_AREAS, ...new Set(gemeenteOf.values()), ...gemeenteOf.keys()];
    for (const area of areaCodes)
      for (const period of periodsBetween(firstMonth, lastMonth)) {
        const values: Record<string, MeasureValue> = {};
        for (const m of COUNT_MEASURES) values[m] = cube.value(m, area, period);
        const times = (leadTimes.get(`${area}|${period}`) ?? []).map((t) => t.days).sort((a, b) => a - b);
        const clients = new Set((leadTimes.get(`${area}|${period}`) ?? []).map((t) => t.clientId)).size;
        // No lead times: null, or beside a hidden count its mark (a null would tell that count is 0).
        const lead = (value: number | null): MeasureValue => (exact ? value : value === null ? suppressedWith(values.doorbraken!, null) : forPublishedGroup(values.doorbraken!, clients, value));
        values.doorlooptijd_mediaan_dagen = lead(median(times));
        values.doorlooptijd_p90_dagen = lead(percentile(times, 90));
        for (const m of MONEY_MEASURES) values[m] = amounts.value(m, area, period);
        table.set(`${area}|${period}`, values);
      }
    return table;
  }
}
