import { MeasureGroup, MeasureQuestion, MeasureValue } from '../measure-table';

/**
 * The values another group publishes for the same question, by `area|period`. A count that two groups show (the
 * scaling steps, the clients in care) is taken from the one table that protects it, so a reader who combines the
 * tables finds the same published figure twice instead of two roundings and suppressions of one count, which
 * together pinned small counts (docs/uitkomsten/README.md, Known limits).
 */
export async function publishedValues(group: MeasureGroup, question: MeasureQuestion): Promise<Map<string, Record<string, MeasureValue>>> {
  return new Map((await group.rows(question)).map((r) => [`${r.code}|${r.period}`, r.values]));
}
