import { Protected } from '../disclosure/disclosure';
import { PeriodKind } from './periods';

/** How a value reads: a count of people or events, days, euro cents, or a percentage (0–100). */
export const MEASURE_UNITS = ['aantal', 'dagen', 'eurocent', 'procent'] as const;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];

/** One measure as docs/uitkomsten/<group>.md defines it (the docs test checks every key is defined there). */
export interface MeasureDefinition {
  /** Stable key, snake_case, e.g. `stappen_zonder_verhuizing`. */
  key: string;
  /** Dutch label for the dashboard and the CSV header. */
  label: string;
  unit: MeasureUnit;
  /** Numerator, denominator (where a share) and period in one or two sentences. */
  definition: string;
}

/** How the dashboard draws some measures of a group together. */
export interface MeasureChart {
  id: string;
  /** Dutch title. */
  title: string;
  /** `vergelijking`: the areas side by side for the chosen period; `verloop`: the months of the series per area. */
  kind: 'vergelijking' | 'verloop';
  measures: string[];
}

export type AreaLevel = 'regio' | 'gemeente' | 'wijk';

/** A published value: a (rounded) number, `<5`, `x`, or null where a measure is undefined (a share of nothing). */
export type MeasureValue = Protected | null;

export interface MeasureRow {
  level: AreaLevel;
  code: string;
  name: string;
  gemeenteCode: string | null;
  /** The period asked for, or one month of the series. */
  period: string;
  values: Record<string, MeasureValue>;
}

export interface MeasureTable {
  group: string;
  title: string;
  asOf: string;
  period: string;
  periodKind: PeriodKind;
  /** The months of the series rows (seriesMonthsOf(period)). */
  months: string[];
  level: AreaLevel;
  /** True for readers of exact figures (auditors); false: protected (docs/disclosure-control.md). */
  exact: boolean;
  definitions: MeasureDefinition[];
  charts: MeasureChart[];
  rows: MeasureRow[];
}

/** What a group is asked: the period, the level and which areas (filters only choose rows of one protected table). */
export interface MeasureQuestion {
  period: string;
  level: AreaLevel;
  gemeenteCode?: string;
  wijkCode?: string;
  exact: boolean;
  /** "Now" (end of the current minute): stocks and open waits are counted up to here. */
  asOf: string;
}

/**
 * One group of outcome measures (a room of its own under ./groups). `rows` answers for every area of the
 * question one row for `question.period` and one per month of seriesMonthsOf(period) (a month period once), every value already
 * protected unless `question.exact`.
 */
export interface MeasureGroup {
  readonly group: string;
  readonly title: string;
  readonly definitions: MeasureDefinition[];
  readonly charts: MeasureChart[];
  rows(question: MeasureQuestion): Promise<MeasureRow[]>;
}

/** Injection token: the list of every registered MeasureGroup. */
export const MEASURE_GROUPS = Symbol('MEASURE_GROUPS');
