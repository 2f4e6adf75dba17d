import { Inject, Injectable } from '@nestjs/common';
import { ProjectionRunner, ReadModelStore, caseloadQueries, networkQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../../read-models/read-models.module';
import { PositionCache } from '../../read-models/position-cache';
import { LogSpan, seriesStart } from '../../disclosure/log-span';
import { ALL_AREAS } from '../../disclosure/area-codes';
import { MoneyCell, Protected, protectMoney } from '../../disclosure/disclosure';
import { AreaDirectory } from '../area-directory';
import { MeasureChart, MeasureDefinition, MeasureGroup, MeasureQuestion, MeasureRow, MeasureValue } from '../measure-table';
import { publishedValues } from './published-values';
import { VerhuizingenGroup } from './verhuizingen.group';
import { ZorgGroup } from './zorg.group';
import { PeriodCube, WijkCount, shareOf, PeriodCubeMemo } from '../period-cube';
import { lastMonthOf, periodKind, periodsBetween } from '../periods';
import { stocksAtMonthEnd } from './month-stocks';

const FLOWS = ['steun_gestart', 'steun_beeindigd', 'afschalingen', 'afschalingen_door_netwerk', 'afschalingen_overig', 'verwijzingen', 'verwijzingen_gemaakt', 'verwijzingen_voorkomen'] as const;
const STOCKS = ['clienten_in_zorg', 'clienten_met_informele_steun', 'clienten_zonder_informele_steun'] as const;
/** Weekly hours are published for five clients or more (protected with their sums as money is), in whole hours rounded to 5. */
const HOURS_ROUNDING = 5;

const DEFINITIONS: MeasureDefinition[] = [
  { key: 'clienten_in_zorg', label: 'Cliënten in zorg', unit: 'aantal', definition: 'Cliënten met een open traject (intake, niet afgesloten of gewist) in het gebied aan het eind van de periode.' },
  { key: 'clienten_met_informele_steun', label: 'Cliënten met informele steun', unit: 'aantal', definition: 'Cliënten in zorg met ten minste één lopende informele steun aan het eind van de periode.' },
  { key: 'aandeel_met_informele_steun', label: 'Aandeel cliënten met informele steun', unit: 'procent', definition: 'Cliënten met informele steun gedeeld door cliënten in zorg, beide aan het eind van de periode (uit de gepubliceerde aantallen).' },
  { key: 'informele_uren_per_week', label: 'Informele uren per week (afgerond op 5)', unit: 'aantal', definition: 'Uren per week van alle lopende informele steun aan het eind van de periode; alleen bij vijf of meer cliënten, afgerond op 5 uur.' },
  { key: 'steun_gestart', label: 'Informele steun gestart', unit: 'aantal', definition: 'Informele steun die in de periode begon (InformalSupportStarted).' },
  { key: 'steun_beeindigd', label: 'Informele steun beëindigd', unit: 'aantal', definition: 'Informele steun die in de periode eindigde (InformalSupportEnded).' },
  { key: 'afschalingen', label: 'Afschalingen', unit: 'aantal', definition: 'Stappen naar een lagere zorgintensiteit in de periode (CareScaledDown).' },
  { key: 'afschalingen_door_netwerk', label: 'Afschalingen gedragen door het netwerk', unit: 'aantal', definition: 'Afschalingen in de periode waarbij het netwerk de zorg overnam (carriedByNetwork).' },
  { key: 'aandeel_afschalingen_door_netwerk', label: 'Aandeel afschalingen gedragen door het netwerk', unit: 'procent', definition: 'Afschalingen gedragen door het netwerk gedeeld door alle afschalingen in de periode.' },
  { key: 'verwijzingen', label: 'Verwijzingen naar geïndiceerde zorg (gedaan + voorkomen)', unit: 'aantal', definition: 'Gedane en voorkomen verwijzingen naar geïndiceerde zorg in de periode.' },
  { key: 'verwijzingen_gemaakt', label: 'Verwijzingen gedaan', unit: 'aantal', definition: 'Verwijzingen naar geïndiceerde zorg die in de periode werden gedaan (ReferralMade).' },
  { key: 'verwijzingen_voorkomen', label: 'Verwijzingen voorkomen', unit: 'aantal', definition: 'Verwijzingen naar geïndiceerde zorg die in de periode werden voorkomen door een informele oplossing (ReferralAvoided).' },
  { key: 'aandeel_verwijzing_voorkomen', label: 'Aandeel verwijzingen voorkomen', unit: 'procent', definition: 'Voorkomen verwijzingen gedeeld door alle verwijzingen (gedaan + voorkomen) in de periode.' },
];

const CHARTS: MeasureChart[] = [
  { id: 'informele-steun-vergelijking', title: 'Aandeel cliënten met informele steun en voorkomen verwijzingen per gebied', kind: 'vergelijking', measures: ['aandeel_met_informele_steun', 'aandeel_verwijzing_voorkomen', 'aandeel_afschalingen_door_netwerk'] },
  { id: 'verwijzingen-vergelijking', title: 'Verwijzingen gedaan en voorkomen per gebied', kind: 'vergelijking', measures: ['verwijzingen_gemaakt', 'verwijzingen_voorkomen'] },
  { id: 'informele-steun-verloop', title: 'Cliënten met informele steun per maand', kind: 'verloop', measures: ['clienten_in_zorg', 'clienten_met_informele_steun'] },
  { id: 'afschalingen-verloop', title: 'Afschalingen en verwijzingen per maand', kind: 'verloop', measures: ['afschalingen', 'afschalingen_door_netwerk', 'verwijzingen_gemaakt', 'verwijzingen_voorkomen'] },
];

interface InformeleZorgTable {
  cube: PeriodCube;
  /** Published (or exact) weekly hours per `area|month`. */
  hours: Map<string, Protected>;
  firstMonth: string;
  lastMonth: string;
}

/**
 * "Van formeel naar informeel" (issue 12): how much support the network carries, afschalingen carried by it and
 * referrals to indicated care made or avoided, per wijk, gemeente and the region, per month, quarter and year.
 * Counts come from the network and caseload read models and are protected as one PeriodCube; weekly hours as
 * money is (five clients or more, then rounded), over every area and month in one call.
 */
@Injectable()
export class InformeleZorgGroup implements MeasureGroup {
  readonly group = 'informele-zorg';
  readonly title = 'Van formeel naar informeel';
  readonly definitions = DEFINITIONS;
  readonly charts = CHARTS;
  private readonly cache: PositionCache<InformeleZorgTable>;
  /** The table is built again after changes and (for "now") each minute, mostly with the same counts or at least the same cells. */
  private readonly builds = new PeriodCubeMemo();
  private readonly span: LogSpan;

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    runner: ProjectionRunner,
    private readonly areas: AreaDirectory,
    private readonly zorg: ZorgGroup,
    private readonly verhuizingen: VerhuizingenGroup,
  ) {
    this.cache = new PositionCache(runner, [networkQueries.months.projection, caseloadQueries.months.projection], 8);
    this.span = new LogSpan(runner);
  }

  async rows(question: MeasureQuestion): Promise<MeasureRow[]> {
    const lastMonth = question.asOf.slice(0, 7);
    const table = await this.cache.get({ exact: question.exact, lastMonth }, () => this.compute(question.exact, question.asOf));
    // Clients in care and afschalingen are the zorg and verhuizingen tables' figures, as those publish them (published-values.ts).
    const [zorg, steps] = await Promise.all([publishedValues(this.zorg, question), publishedValues(this.verhuizingen, question)]);
    const shared = (area: string, period: string) => ({ clienten_in_zorg: zorg.get(`${area}|${period}`)?.clienten ?? 0, afschalingen: steps.get(`${area}|${period}`)?.stappen_af ?? 0 });
    return this.areas.rowsFor(question, (area, period) => valuesOf(table, area.code, period, shared(area.code, period)));
  }

  private async compute(exact: boolean, asOf: string): Promise<InformeleZorgTable> {
    const firstMonth = seriesStart(await this.span.firstEventAt(), asOf);
    const lastMonth = asOf.slice(0, 7);
    const months = periodsBetween(firstMonth, lastMonth).filter((p) => periodKind(p) === 'maand');
    const [gemeenteOf, networkMonths, caseloadMonths] = await Promise.all([this.areas.gemeenteOfWijk(), networkQueries.months.find(this.store), caseloadQueries.months.find(this.store)]);

    const counts: WijkCount[] = [];
    for (const m of networkMonths.items) {
      const flow = (metric: string, count: number) => count !== 0 && counts.push({ wijkCode: m.wijkCode, month: m.month, metric, count });
      flow('steun_gestart', m.supportsStarted);
      flow('steun_beeindigd', m.supportsEnded);
      flow('afschalingen', m.afschalingen);
      flow('afschalingen_door_netwerk', m.afschalingenCarriedByNetwork);
      flow('afschalingen_overig', m.afschalingen - m.afschalingenCarriedByNetwork);
      flow('verwijzingen', m.referralsMade + m.referralsAvoided);
      flow('verwijzingen_gemaakt', m.referralsMade);
      flow('verwijzingen_voorkomen', m.referralsAvoided);
    }
    const inCare = stocksAtMonthEnd(
      'clienten_in_zorg',
      caseloadMonths.items.map((m) => ({ wijkCode: m.wijkCode, month: m.month, change: m.inflow - m.outflow })),
      months,
    );
    const withSupport = stocksAtMonthEnd(
      'clienten_met_informele_steun',
      networkMonths.items.map((m) => ({ wijkCode: m.wijkCode, month: m.month, change: m.clientsWithSupportChange })),
      months,
    );
    const hours = stocksAtMonthEnd(
      'uren',
      networkMonths.items.map((m) => ({ wijkCode: m.wijkCode, month: m.month, change: m.weeklyHoursChange })),
      months,
    );
    // Clients without support are not shown, but protected as if they were: in care − with support cannot pin a small count.
    const supported = new Map(withSupport.map((c) => [`${c.wijkCode}|${c.month}`, c.count]));
    const without = inCare.map((c) => ({ ...c, metric: 'clienten_zonder_informele_steun', count: Math.max(0, c.count - (supported.get(`${c.wijkCode}|${c.month}`) ?? 0)) }));
    counts.push(...inCare, ...withSupport, ...without);

    const cube = await PeriodCube.build(
      counts,
      {
        gemeenteOf,
        flows: FLOWS,
        stocks: STOCKS,
        sums: [
          { total: 'afschalingen', parts: ['afschalingen_door_netwerk', 'afschalingen_overig'] },
          { total: 'verwijzingen', parts: ['verwijzingen_gemaakt', 'verwijzingen_voorkomen'] },
          { total: 'clienten_in_zorg', parts: ['clienten_met_informele_steun', 'clienten_zonder_informele_steun'] },
        ],
        firstMonth,
        lastMonth,
      },
      exact,
      this.builds,
    );
    return { cube, hours: weeklyHours(hours, withSupport, gemeenteOf, months, exact), firstMonth, lastMonth };
  }
}

/**
 * Weekly hours per area and month: exact for auditors; otherwise only where five or more clients give the hours
 * (the clients counted as anonymous members of the group), every gemeente the sum of its wijken and the region
 * of its gemeenten, protected together as protectMoney does, then rounded to whole multiples of 5 hours.
 */
function weeklyHours(hours: WijkCount[], clients: WijkCount[], gemeenteOf: ReadonlyMap<string, string>, months: string[], exact: boolean): Map<string, Protected> {
  const gemeenten = [...new Set(gemeenteOf.values())].sort();
  const wijken = [...gemeenteOf.keys()].sort();
  const cells = new Map<string, MoneyCell & { people: Set<string> }>();
  for (const area of [ALL_AREAS, ...gemeenten, ...wijken]) for (const month of months) cells.set(`${area}|${month}`, { cents: 0, people: new Set() });
  const lineage = (wijkCode: string) => [wijkCode, gemeenteOf.get(wijkCode)!, ALL_AREAS];
  for (const h of hours) if (gemeenteOf.has(h.wijkCode)) for (const area of lineage(h.wijkCode)) cells.get(`${area}|${h.month}`)!.cents += Math.round(h.count * 100);
  for (const c of clients) if (gemeenteOf.has(c.wijkCode)) for (const area of lineage(c.wijkCode)) for (let i = 0; i < c.count; i++) cells.get(`${area}|${c.month}`)!.people.add(`${c.wijkCode}#${i}`);
  if (exact) return new Map([...cells].map(([cell, { cents }]) => [cell, cents / 100]));
  const sums = months.flatMap((month) => [...gemeenten.map((g) => ({ total: `${g}|${month}`, parts: wijken.filter((w) => gemeenteOf.get(w) === g).map((w) => `${w}|${month}`) })), { total: `${ALL_AREAS}|${month}`, parts: gemeenten.map((g) => `${g}|${month}`) }]);
  // protectMoney decides which cells are shown (its €100 rounding would round hours to hundreds); shown hours are rounded to 5.
  return new Map([...protectMoney(cells, sums)].map(([cell, v]) => [cell, typeof v === 'number' ? Math.round(cells.get(cell)!.cents / 100 / HOURS_ROUNDING) * HOURS_ROUNDING : v]));
}

function valuesOf(table: InformeleZorgTable, area: string, period: string, shared: { clienten_in_zorg: MeasureValue; afschalingen: MeasureValue }): Record<string, MeasureValue> {
  const { cube } = table;
  // The shared counts are published by their own tables; this cube keeps them only as the totals its parts add up to.
  const v = (metric: string): Protected => (metric in shared ? (shared[metric as keyof typeof shared] as Protected) : cube.value(metric, area, period));
  // Like the cube's stocks: a quarter or year is its last month so far; a month outside the table has none.
  const hoursMonth = periodKind(period) === 'maand' || lastMonthOf(period) <= table.lastMonth ? lastMonthOf(period) : table.lastMonth;
  return {
    clienten_in_zorg: v('clienten_in_zorg'),
    clienten_met_informele_steun: v('clienten_met_informele_steun'),
    aandeel_met_informele_steun: shareOf(v('clienten_met_informele_steun'), v('clienten_in_zorg')),
    informele_uren_per_week: table.hours.get(`${area}|${hoursMonth}`) ?? 0,
    steun_gestart: v('steun_gestart'),
    steun_beeindigd: v('steun_beeindigd'),
    afschalingen: v('afschalingen'),
    afschalingen_door_netwerk: v('afschalingen_door_netwerk'),
    aandeel_afschalingen_door_netwerk: shareOf(v('afschalingen_door_netwerk'), v('afschalingen')),
    verwijzingen: v('verwijzingen'),
    verwijzingen_gemaakt: v('verwijzingen_gemaakt'),
    verwijzingen_voorkomen: v('verwijzingen_voorkomen'),
    aandeel_verwijzing_voorkomen: shareOf(v('verwijzingen_voorkomen'), v('verwijzingen')),
  };
}
