import { Inject, Injectable } from '@nestjs/common';
import { BUDGET_PURPOSES, FORMER_FUNDERS, FUNDERS } from '@wijkzorg/domain';
import { ProjectionRunner, ReadModelStore, monthOf, moneyFlowQueries, parseMoneyCellKey } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../../read-models/read-models.module';
import { PositionCache } from '../../read-models/position-cache';
import { ALL_AREAS } from '../../disclosure/area-codes';
import { LogSpan, seriesStart } from '../../disclosure/log-span';
import { Protected } from '../../disclosure/disclosure';
import { AreaDirectory, rowsOnce } from '../area-directory';
import { MeasureChart, MeasureDefinition, MeasureGroup, MeasureQuestion, MeasureRow, MeasureValue } from '../measure-table';
import { MoneyTable, WijkMoney } from '../money-table';
import { periodsBetween, periodsContaining } from '../periods';

/** Current funders and the former ones (readable history: old allocations keep their funder). */
const ALL_FUNDERS: string[] = [...FUNDERS, ...FORMER_FUNDERS];

/**
 * Money about people (a client's allocation, release or spending; a flex-pot release for a client) is protected in one
 * MoneyTable; a pot's own budget and what a wijk pot pays for wijk activities concern no person and are published as
 * they are (as the pots themselves are). A published figure that adds both is the protected part plus the open part,
 * or the protected part's mark: it tells nothing the two do not.
 */
const PERSONAL = {
  allocated: 'p:toegekend',
  allocatedBy: (f: string) => `p:toegekend:wet:${f}`,
  released: 'p:vrijgegeven',
  releasedBy: (f: string) => `p:vrijgegeven:wet:${f}`,
  releasedFor: (d: string) => `p:vrijgegeven:doel:${d}`,
  releasedFrom: (pot: 'persoonsvolgend' | 'flexpot') => `p:vrijgegeven:pot:${pot}`,
  spent: 'p:besteed',
  spentBy: (f: string) => `p:besteed:wet:${f}`,
  spentFor: (d: string) => `p:besteed:doel:${d}`,
};
const PERSONAL_MEASURES = [
  PERSONAL.allocated,
  ...ALL_FUNDERS.map(PERSONAL.allocatedBy),
  PERSONAL.released,
  ...ALL_FUNDERS.map(PERSONAL.releasedBy),
  ...BUDGET_PURPOSES.map(PERSONAL.releasedFor),
  PERSONAL.releasedFrom('persoonsvolgend'),
  PERSONAL.releasedFrom('flexpot'),
  PERSONAL.spent,
  ...ALL_FUNDERS.map(PERSONAL.spentBy),
  ...BUDGET_PURPOSES.map(PERSONAL.spentFor),
];
const PERSONAL_SUMS = [
  { total: PERSONAL.allocated, parts: ALL_FUNDERS.map(PERSONAL.allocatedBy) },
  { total: PERSONAL.released, parts: ALL_FUNDERS.map(PERSONAL.releasedBy) },
  { total: PERSONAL.released, parts: BUDGET_PURPOSES.map(PERSONAL.releasedFor) },
  { total: PERSONAL.released, parts: [PERSONAL.releasedFrom('persoonsvolgend'), PERSONAL.releasedFrom('flexpot')] },
  { total: PERSONAL.spent, parts: ALL_FUNDERS.map(PERSONAL.spentBy) },
  { total: PERSONAL.spent, parts: BUDGET_PURPOSES.map(PERSONAL.spentFor) },
];

const FUNDER_LABELS: Record<string, string> = {
  wmo: 'Wmo',
  wmo_beschermd_wonen: 'Wmo beschermd wonen',
  wlz: 'Wlz',
  zvw: 'Zvw',
  participatiewet: 'Participatiewet',
  forensische_zorg: 'forensische zorg',
  gemeente_maatwerk: 'gemeentelijk maatwerk',
  project: 'projectgeld',
  jeugdwet: 'Jeugdwet (vroeger)',
  woningcorporatie: 'woningcorporatie (vroeger)',
};
const money = (key: string, label: string, definition: string): MeasureDefinition => ({ key, label, unit: 'eurocent', definition });

const DEFINITIONS: MeasureDefinition[] = [
  money('toegekend', 'Toegekend', 'Alle toegekende bedragen in de periode: persoonsvolgende budgetten, wijkgebonden budgetten en (per gemeente) de flexpot, geopend of aangevuld.'),
  money('toegekend_persoonsvolgend', 'Toegekend persoonsvolgend', 'Som van de toekenningen aan cliënten (BudgetAllocated) in de periode, in de wijk van de cliënt.'),
  money('toegekend_wijkbudget', 'Toegekend wijkgebonden budget', 'Som van geopende en aangevulde wijkpotten (BudgetPotOpened/ToppedUp, soort wijk) in de periode.'),
  money('toegekend_flexpot', 'Toegekend flexpot', 'Som van geopende en aangevulde flexpotten van de gemeente in de periode; de flexpot hoort bij geen wijk (leeg op wijkniveau).'),
  money('vrijgegeven', 'Vrijgegeven', 'Alle vrijgaven in de periode: persoonsvolgend, uit de flexpot voor cliënten en uit wijkpotten voor wijkactiviteiten.'),
  money('vrijgegeven_persoonsvolgend', 'Vrijgegeven persoonsvolgend', 'Vrijgaven uit het eigen budget van cliënten (BudgetReleased zonder pot) in de periode.'),
  money('vrijgegeven_flexpot', 'Vrijgegeven uit de flexpot', 'Vrijgaven voor cliënten uit de flexpot, besloten aan de doorbraaktafel (BudgetReleased met pot), in de wijk van de cliënt.'),
  money('vrijgegeven_wijkbudget', 'Vrijgegeven wijkgebonden budget', 'Vrijgaven uit wijkpotten voor activiteiten in de wijk (BudgetPotReleased zonder cliënt).'),
  money('besteed', 'Besteed', 'Bestedingen van persoonsvolgend budget (BudgetSpent) in de maand van besteding.'),
  ...ALL_FUNDERS.map((f) => money(`toegekend_wet_${f}`, `Toegekend: ${FUNDER_LABELS[f]}`, `Toegekend in de periode met financier ${f} (alle potten).`)),
  ...ALL_FUNDERS.map((f) => money(`vrijgegeven_wet_${f}`, `Vrijgegeven: ${FUNDER_LABELS[f]}`, `Vrijgegeven in de periode met financier ${f} (alle potten).`)),
  ...ALL_FUNDERS.map((f) => money(`besteed_wet_${f}`, `Besteed: ${FUNDER_LABELS[f]}`, `Besteed in de periode met financier ${f}.`)),
  ...BUDGET_PURPOSES.map((d) => money(`vrijgegeven_doel_${d}`, `Vrijgegeven voor ${d.replace(/_/g, ' ')}`, `Vrijgaven voor cliënten (persoonsvolgend en flexpot) met doel ${d} in de periode.`)),
  ...BUDGET_PURPOSES.map((d) => money(`besteed_doel_${d}`, `Besteed aan ${d.replace(/_/g, ' ')}`, `Bestedingen met doel ${d} in de periode.`)),
];

const CHARTS: MeasureChart[] = [
  { id: 'geld-per-wet', title: 'Vrijgegeven geld per wet of financier', kind: 'vergelijking', measures: ALL_FUNDERS.map((f) => `vrijgegeven_wet_${f}`) },
  { id: 'geld-per-pot', title: 'Vrijgegeven per pot', kind: 'vergelijking', measures: ['vrijgegeven_persoonsvolgend', 'vrijgegeven_wijkbudget', 'vrijgegeven_flexpot'] },
  { id: 'geld-per-maand', title: 'Toegekend, vrijgegeven en besteed per maand', kind: 'verloop', measures: ['toegekend', 'vrijgegeven', 'besteed'] },
];

type Table = Map<string, Record<string, MeasureValue>>;

/** Protected part plus the open part (money of no person), or the protected part's mark. */
const plus = (personal: Protected, open: number): Protected => (typeof personal === 'number' ? personal + open : personal);

/** Money (issue 12): allocated, released and spent per wet/funder, per purpose and per pot, per month, quarter and year. */
@Injectable()
export class GeldGroup implements MeasureGroup {
  readonly group = 'geld';
  readonly title = 'Geld';
  readonly definitions = DEFINITIONS;
  readonly charts = CHARTS;
  private readonly span: LogSpan;
  private readonly cache: PositionCache<Table>;

  constructor(
    private readonly areas: AreaDirectory,
    private readonly runner: ProjectionRunner,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {
    this.span = new LogSpan(runner);
    this.cache = new PositionCache(runner, [moneyFlowQueries.months.projection], 8);
  }

  async rows(question: MeasureQuestion): Promise<MeasureRow[]> {
    const firstMonth = seriesStart(await this.span.firstEventAt(), question.asOf);
    const lastMonth = monthOf(question.asOf);
    const table = await this.cache.get({ exact: question.exact, firstMonth, lastMonth, areas: await this.areas.signature() }, () => this.table(question.exact, firstMonth, lastMonth));
    return rowsOnce([table], question, () => this.areas.rowsFor(question, (area, period) => table.get(`${area.code}|${period}`) ?? Object.fromEntries(DEFINITIONS.map((d) => [d.key, area.level === 'wijk' && d.key === 'toegekend_flexpot' ? null : 0]))));
  }

  private async table(exact: boolean, firstMonth: string, lastMonth: string): Promise<Table> {
    const gemeenteOf = await this.areas.gemeenteOfWijk();
    const gemeenten = new Set(gemeenteOf.values());
    const { items: months } = await moneyFlowQueries.months.find(this.store);
    const personal: WijkMoney[] = [];
    // Money of no person, per measure, area (wijk, gemeente, region) and period.
    const open = new Map<string, number>();
    const addOpen = (measure: string, areas: string[], month: string, cents: number) => {
      if (month < firstMonth || month > lastMonth) return;
      for (const area of areas) for (const period of periodsContaining(month)) open.set(`${measure}|${area}|${period}`, (open.get(`${measure}|${area}|${period}`) ?? 0) + cents);
    };
    for (const doc of months) {
      const gemeente = gemeenteOf.get(doc.areaCode) ?? (gemeenten.has(doc.areaCode) ? doc.areaCode : undefined);
      if (!gemeente) continue;
      const areas = gemeente === doc.areaCode ? [gemeente, ALL_AREAS] : [doc.areaCode, gemeente, ALL_AREAS];
      for (const [cellKey, cell] of Object.entries(doc.cells)) {
        const { flow, pot, funder, what } = parseMoneyCellKey(cellKey);
        const item = (measure: string): WijkMoney => ({ wijkCode: doc.areaCode, month: doc.month, measure, cents: cell.cents, people: cell.clientIds });
        if (pot === 'wijkbudget' || (pot === 'flexpot' && flow === 'toegekend')) {
          addOpen(`${flow}_${pot}`, areas, doc.month, cell.cents);
          addOpen(`${flow}_wet_${funder}`, areas, doc.month, cell.cents);
          continue;
        }
        if (flow === 'toegekend') personal.push(item(PERSONAL.allocated), item(PERSONAL.allocatedBy(funder)));
        if (flow === 'vrijgegeven') personal.push(item(PERSONAL.released), item(PERSONAL.releasedBy(funder)), item(PERSONAL.releasedFor(what)), item(PERSONAL.releasedFrom(pot === 'flexpot' ? 'flexpot' : 'persoonsvolgend')));
        if (flow === 'besteed') personal.push(item(PERSONAL.spent), item(PERSONAL.spentBy(funder)), item(PERSONAL.spentFor(what)));
      }
    }
    const amounts = await MoneyTable.build(personal, { gemeenteOf, measures: PERSONAL_MEASURES, sums: PERSONAL_SUMS, firstMonth, lastMonth }, exact);
    const table: Table = new Map();
    for (const area of [ALL_AREAS, ...gemeenten, ...gemeenteOf.keys()]) {
      const isWijk = gemeenteOf.has(area);
      for (const period of periodsBetween(firstMonth, lastMonth)) {
        const p = (measure: string) => amounts.value(measure, area, period);
        const o = (measure: string) => open.get(`${measure}|${area}|${period}`) ?? 0;
        const values: Record<string, MeasureValue> = {
          toegekend: plus(p(PERSONAL.allocated), o('toegekend_wijkbudget') + o('toegekend_flexpot')),
          toegekend_persoonsvolgend: p(PERSONAL.allocated),
          toegekend_wijkbudget: o('toegekend_wijkbudget'),
          toegekend_flexpot: isWijk ? null : o('toegekend_flexpot'),
          vrijgegeven: plus(p(PERSONAL.released), o('vrijgegeven_wijkbudget')),
          vrijgegeven_persoonsvolgend: p(PERSONAL.releasedFrom('persoonsvolgend')),
          vrijgegeven_flexpot: p(PERSONAL.releasedFrom('flexpot')),
          vrijgegeven_wijkbudget: o('vrijgegeven_wijkbudget'),
          besteed: p(PERSONAL.spent),
        };
        for (const f of ALL_FUNDERS) {
          values[`toegekend_wet_${f}`] = plus(p(PERSONAL.allocatedBy(f)), o(`toegekend_wet_${f}`));
          values[`vrijgegeven_wet_${f}`] = plus(p(PERSONAL.releasedBy(f)), o(`vrijgegeven_wet_${f}`));
          values[`besteed_wet_${f}`] = p(PERSONAL.spentBy(f));
        }
        for (const d of BUDGET_PURPOSES) {
          values[`vrijgegeven_doel_${d}`] = p(PERSONAL.releasedFor(d));
          values[`besteed_doel_${d}`] = p(PERSONAL.spentFor(d));
        }
        table.set(`${area}|${period}`, values);
      }
    }
    return table;
  }
}
