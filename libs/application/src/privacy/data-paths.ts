/**
 * Walking event data along catalog paths: `a.b` for a nested field, `a[]` for each item of a list,
 * `a[].b` for a field of each item.
 */

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A copy of `value` with `change` applied to what lies at `path` (unchanged where nothing does). */
export function mapAtPath(value: unknown, path: string, change: (v: unknown) => unknown): unknown {
  return mapSegments(value, path.split('.'), change);
}

function mapSegments(value: unknown, segments: string[], change: (v: unknown) => unknown): unknown {
  if (!isObject(value)) return value;
  const [head, ...rest] = segments;
  const list = head.endsWith('[]');
  const key = list ? head.slice(0, -2) : head;
  if (!Object.hasOwn(value, key)) return value;
  const at = value[key];
  const next = (v: unknown) => (rest.length ? mapSegments(v, rest, change) : change(v));
  if (list) return Array.isArray(at) ? { ...value, [key]: at.map(next) } : value;
  return { ...value, [key]: next(at) };
}

/**
 * Every leaf of `value` with its path: scalars, empty lists' and objects' absence of leaves aside.
 * `isLeaf` stops the walk at values that are leaves although they are objects (sealed values).
 */
export function leafPaths(value: unknown, isLeaf: (v: unknown) => boolean = () => false, prefix = ''): { path: string; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((item) => leafPaths(item, isLeaf, `${prefix}[]`));
  if (isObject(value) && !isLeaf(value)) return Object.entries(value).flatMap(([k, v]) => leafPaths(v, isLeaf, prefix ? `${prefix}.${k}` : k));
  return [{ path: prefix, value }];
}
