/** A small YAML writer for plain data (objects, arrays, strings, numbers, booleans, null). */
export function toYaml(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((item) => `${pad}- ${isBlock(item) ? toYaml(item, indent + 2).trimStart() : scalar(item)}`).join('\n');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return entries
      .map(([key, v]) => (isBlock(v) ? `${pad}${scalarKey(key)}:\n${toYaml(v, indent + 2)}` : `${pad}${scalarKey(key)}: ${scalar(v)}`))
      .join('\n');
  }
  return `${pad}${scalar(value)}`;
}

const isBlock = (v: unknown) => v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v as object).length > 0);
const scalarKey = (key: string) => (/^[A-Za-z_][\w.-]*$/.test(key) ? key : JSON.stringify(key));
function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object') return '{}';
  const s = String(v);
  return /^[A-Za-z][\w .,()/-]*$/.test(s) && !/^(true|false|null|yes|no|on|off)$/i.test(s) && !s.includes(': ') ? s : JSON.stringify(s);
}
