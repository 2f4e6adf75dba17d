import { Inject, Injectable } from '@nestjs/common';
import { gemeenteCodeOfWijk } from '@wijkzorg/domain';
import { ProjectionRunner, ReadModelStore, caseloadQueries } from '@wijkzorg/read-models';
import { READ_MODEL_STORE } from '../read-models/read-models.module';
import { PositionCache } from '../read-models/position-cache';
import { ALL_AREAS } from '../disclosure/area-codes';
import { AreaLevel, MeasureQuestion, MeasureRow, MeasureValue } from './measure-table';
import { seriesMonthsOf } from './periods';

export interface Area {
  level: AreaLevel;
  code: string;
  name: string;
  gemeenteCode: string | null;
}

/** The region's areas: every registered wijk, its gemeente, and the whole region (code ALL_AREAS). */
@Injectable()
export class AreaDirectory {
  private readonly cache: PositionCache<Area[]>;

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    runner: ProjectionRunner,
  ) {
    this.cache = new PositionCache(runner, [caseloadQueries.wijken.projection], 4);
  }

  all(): Promise<Area[]> {
    return this.cache.get('areas', async () => {
      const { items } = await caseloadQueries.wijken.find(this.store, { sort: [{ field: 'wijkCode', direction: 'asc' }] });
      const gemeenten = new Map(items.map((w) => [w.gemeenteCode, w.gemeenteName]));
      return [
        { level: 'regio' as const, code: ALL_AREAS, name: 'Hele regio', gemeenteCode: null },
        ...[...gemeenten].sort(([a], [b]) => a.localeCompare(b)).map(([code, name]) => ({ level: 'gemeente' as const, code, name, gemeenteCode: code })),
        ...items.map((w) => ({ level: 'wijk' as const, code: w.wijkCode, name: w.wijkName, gemeenteCode: w.gemeenteCode })),
      ];
    });
  }

  /**
   * Names the areas as they are now (codes, names, gemeenten): figures computed over the areas put it in their question
   * instead of keying on the caseload projection, which every intake changes but which rarely changes an area.
   */
  async signature(): Promise<string> {
    const areas = await this.all();
    let signature = this.signatures.get(areas);
    if (signature === undefined) {
      signature = areas.map((a) => `${a.code}|${a.name}|${a.gemeenteCode}`).join(',');
      this.signatures.set(areas, signature);
    }
    return signature;
  }

  private readonly signatures = new WeakMap<Area[], string>();

  /** The areas a question selects: its level, narrowed to one gemeente (drill-down) or one wijk. */
  async selected(question: Pick<MeasureQuestion, 'level' | 'gemeenteCode' | 'wijkCode'>): Promise<Area[]> {
    return (await this.all()).filter((a) => a.level === question.level && (!question.gemeenteCode || a.gemeenteCode === question.gemeenteCode) && (!question.wijkCode || a.code === question.wijkCode || (a.level === 'gemeente' && a.code === gemeenteCodeOfWijk(question.wijkCode))));
  }

  /** wijkCode → gemeenteCode of every registered wijk. */
  async gemeenteOfWijk(): Promise<Map<string, string>> {
    return new Map((await this.all()).filter((a) => a.level === 'wijk').map((a) => [a.code, a.gemeenteCode!]));
  }

  /** The rows a question asks for: per selected area, one for the period and one per month of its series (a month period once). */
  async rowsFor(question: Pick<MeasureQuestion, 'period' | 'level' | 'gemeenteCode' | 'wijkCode'>, valuesOf: (area: Area, period: string) => Record<string, MeasureValue>): Promise<MeasureRow[]> {
    // A month's series ends with that month itself: one row for it, not two.
    const periods = [...new Set([question.period, ...seriesMonthsOf(question.period)])];
    return (await this.selected(question)).flatMap((area) => periods.map((period) => ({ level: area.level, code: area.code, name: area.name, gemeenteCode: area.gemeenteCode, period, values: valuesOf(area, period) })));
  }
}

/** The rows of one question of one answer, kept while it is among the most recently asked. */
interface Kept {
  memo: RowsMemo;
  key: string;
  rows: Promise<MeasureRow[]>;
}
interface RowsMemo {
  kept: Map<string, Kept>;
  /** The moment the rows hold (see rowsOnce): rows of an earlier one are forgotten. */
  moment?: string;
  then: WeakMap<object, RowsMemo>;
}
const rowsMemo = new WeakMap<object, RowsMemo>();
/**
 * Questions kept across all answers, the least recently asked forgotten first: rows of every wijk over a year, with
 * the table around them and its serialised forms (shared-json.ts), are a few MB, and the periods, levels and areas
 * one could ask are thousands.
 */
const KEPT_QUESTIONS = 128;
/** Every kept question, least recently asked first. */
const recentlyAsked = new Set<Kept>();

function forget(kept: Kept): void {
  recentlyAsked.delete(kept);
  if (kept.memo.kept.get(kept.key) === kept) kept.memo.kept.delete(kept.key);
}

/**
 * The rows of a question computed from memoised answers (`over`: each the same object while its answer stays current),
 * once per question and answers: dashboards ask the same few questions again and again. Rows that also depend on the
 * moment asked about (`moment`, the end of the current minute) are kept for the latest moment only.
 */
export function rowsOnce(over: object[], question: Pick<MeasureQuestion, 'period' | 'level' | 'gemeenteCode' | 'wijkCode'>, compute: () => Promise<MeasureRow[]>, moment?: string): Promise<MeasureRow[]> {
  let level = rowsMemo;
  let memo: RowsMemo | undefined;
  for (const answer of over) {
    memo = level.get(answer) ?? { kept: new Map(), then: new WeakMap() };
    level.set(answer, memo);
    level = memo.then;
  }
  const memoised = memo!;
  if (moment !== undefined && memoised.moment !== moment) {
    for (const earlier of [...memoised.kept.values()]) forget(earlier);
    memoised.moment = moment;
  }
  const key = JSON.stringify([question.period, question.level, question.gemeenteCode ?? null, question.wijkCode ?? null]);
  const known = memoised.kept.get(key);
  if (known) {
    recentlyAsked.delete(known);
    recentlyAsked.add(known);
    return known.rows;
  }
  const kept: Kept = { memo: memoised, key, rows: compute() };
  memoised.kept.set(key, kept);
  recentlyAsked.add(kept);
  if (recentlyAsked.size > KEPT_QUESTIONS) forget(recentlyAsked.values().next().value!);
  kept.rows.catch(() => forget(kept));
  return kept.rows;
}
