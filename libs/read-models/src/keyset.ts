import { Doc, FindQuery, KeysetCursor, Scalar, assertSafeField } from './read-model-store.port';

/** The value of a dotted field of a document as a sort key: missing values and non-scalars count as null. */
export function sortValueOf(doc: Doc, field: string): Scalar {
  let value: unknown = doc;
  for (const part of field.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value === undefined || (value !== null && typeof value === 'object') ? null : (value as Scalar);
}

/** Checks a cursor against the query's sort before it becomes part of a statement. */
export function assertCursorFits(query: FindQuery): void {
  const { after } = query;
  if (!after) return;
  const sort = query.sort ?? [];
  if (!Array.isArray(after.values) || after.values.length !== sort.length) throw new Error(`keyset cursor has ${after.values?.length} values for ${sort.length} sort fields`);
  if (typeof after.id !== 'string') throw new Error('keyset cursor needs the id of the last document');
  for (const v of after.values) if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) throw new Error('keyset cursor values must be scalars');
}

/** The cursor after the last document of a page, when the store found more than a page (it asks for limit + 1). */
export function nextCursorOf(rows: { id: string; doc: Doc }[], query: FindQuery): KeysetCursor | undefined {
  if (query.limit === undefined || rows.length <= query.limit) return undefined;
  const last = rows[query.limit - 1];
  return { values: (query.sort ?? []).map((s) => sortValueOf(last.doc, s.field)), id: last.id };
}

/**
 * The SQL condition "comes after the cursor" for an ORDER BY of the sort expressions (nulls first
 * ascending, last descending) and then id ascending: for each k, the first k keys equal and key k beyond.
 * `param` adds a value and answers its placeholder (`idParam` for the id, where ids are typed apart).
 */
export function keysetCondition(sort: { expression: string; direction: 'asc' | 'desc' }[], idExpression: string, after: KeysetCursor, param: (value: Scalar) => string, idParam: (id: string) => string = param): string {
  const equal = (expression: string, value: Scalar) => (value === null ? `${expression} IS NULL` : `${expression} = ${param(value)}`);
  const beyond = (expression: string, direction: 'asc' | 'desc', value: Scalar): string | undefined => {
    if (direction === 'asc') return value === null ? `${expression} IS NOT NULL` : `${expression} > ${param(value)}`;
    return value === null ? undefined : `(${expression} < ${param(value)} OR ${expression} IS NULL)`;
  };
  const alternatives: string[] = [];
  for (let k = 0; k <= sort.length; k++) {
    const prefix = sort.slice(0, k).map((s, i) => equal(s.expression, after.values[i]));
    const last = k < sort.length ? beyond(sort[k].expression, sort[k].direction, after.values[k]) : `${idExpression} > ${idParam(after.id)}`;
    if (last !== undefined) alternatives.push(`(${[...prefix, last].join(' AND ')})`);
  }
  return alternatives.length ? `(${alternatives.join(' OR ')})` : 'FALSE';
}

export const checkedSort = (query: FindQuery) =>
  (query.sort ?? []).map((s) => {
    assertSafeField(s.field);
    return s;
  });
