import { BUURT_MONTH_COUNTS, BuurtMonth, BuurtMonthCount } from '@wijkzorg/read-models';
import { Protected, Relation, forPublishedGroup, protectCountsYielding, sumRelation } from './disclosure';

/** One area (wijk or gemeente) in one month, every count protected, the median only for five or more. */
export interface BuurtFiguresRow extends Record<BuurtMonthCount, Protected> {
  level: 'wijk' | 'gemeente';
  code: string;
  gemeenteCode: string;
  month: string;
  medianResolutionDays: number | string | null;
}

const cell = (metric: string, area: string, month: string) => `${metric}|${area}|${month}`;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The neighbourhood figures a policymaker sees: nuisance reports about a few households can identify them,
 * so every count of every wijk and gemeente in every month is one cell of one protected table (a gemeente is
 * the sum of its wijken), protected as a whole before any filter chooses rows; no filter gives a figure that
 * another could be subtracted from. Every wijk with activity in any month appears in every month (a missing
 * row would tell a 0). Medians of resolution time only where five or more reports were resolved and published.
 */
export async function protectedBuurtFigures(months: BuurtMonth[], exact: boolean): Promise<BuurtFiguresRow[]> {
  const wijken = [...new Set(months.map((m) => m.wijkCode))].sort();
  const gemeenteOf = new Map(months.map((m) => [m.wijkCode, m.gemeenteCode]));
  const gemeenten = [...new Set(gemeenteOf.values())].sort();
  const allMonths = [...new Set(months.map((m) => m.month))].sort();
  const byKey = new Map(months.map((m) => [`${m.wijkCode}|${m.month}`, m]));

  const truth = new Map<string, number>();
  const resolutions = new Map<string, number[]>();
  const relations: Relation[] = [];
  for (const month of allMonths) {
    for (const g of gemeenten) {
      const own = wijken.filter((w) => gemeenteOf.get(w) === g);
      for (const metric of BUURT_MONTH_COUNTS) {
        let total = 0;
        for (const w of own) {
          const n = byKey.get(`${w}|${month}`)?.[metric] ?? 0;
          truth.set(cell(metric, w, month), n);
          total += n;
        }
        truth.set(cell(metric, g, month), total);
        relations.push(
          sumRelation(
            cell(metric, g, month),
            own.map((w) => cell(metric, w, month)),
          ),
        );
      }
      const days = own.map((w) => byKey.get(`${w}|${month}`)?.resolutionDays ?? []);
      own.forEach((w, i) => resolutions.set(`${w}|${month}`, days[i]));
      resolutions.set(`${g}|${month}`, days.flat());
    }
  }
  const published: ReadonlyMap<string, Protected> = exact ? truth : await protectCountsYielding(truth, relations);

  const rowOf = (level: 'wijk' | 'gemeente', code: string, gemeenteCode: string, month: string): BuurtFiguresRow => {
    const counts = Object.fromEntries(BUURT_MONTH_COUNTS.map((metric) => [metric, published.get(cell(metric, code, month)) ?? 0])) as Record<BuurtMonthCount, Protected>;
    const days = resolutions.get(`${code}|${month}`) ?? [];
    const exactMedian = median(days);
    return { level, code, gemeenteCode, month, ...counts, medianResolutionDays: exact ? exactMedian : forPublishedGroup(counts.overlastResolved, days.length, exactMedian) };
  };
  return allMonths.flatMap((month) => [...wijken.map((w) => rowOf('wijk', w, gemeenteOf.get(w)!, month)), ...gemeenten.map((g) => rowOf('gemeente', g, g, month))]);
}
