/**
 * Differencing attacks on published aggregates: each finder returns the small counts (1–4) or the
 * single-person figures an attacker recovers exactly from what a policymaker can read.
 * Counts are recognised by field name; a recovered value counts as a leak when it is 1–4 (rounded
 * figures only ever differ by multiples of the rounding base, so they never trigger this falsely).
 */

export type Cell = unknown;
export type Row = Record<string, unknown>;

const COUNT_KEY = /^(clients(_\w+)?|teamClients|scaled(Up|Down)|stayedInHomeSteps|waiting(_\w+)?|joined(Waitlist)?|left(Waitlist)?|inflow|outflow|count|transfers(In|Out)|overrideReleases|fastTrackReleases|releases|spendings|persons|people)$/;
const COUNT_PARENT = /^(clientsByIntensity|clientsBySetting|byStatus|byKind|byUrgency|waitingByKind|byIntensity|bySetting)$/;
const NOT_COUNT = /(Cents|Days|[Mm]edian|p90|utilisation|[Cc]apacity|year|month|revision|position|limit|offset|total|asOf)$/;
export const MONEY_KEY = /Cents$/;

export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isSmall = (v: unknown) => isNumber(v) && v >= 1 && v <= 4 && Number.isInteger(v);
/** A cell an attacker cannot read directly: suppressed ('<5', null, a marker string). */
export const isHidden = (v: unknown) => !isNumber(v);

/** Every numeric leaf with its path and whether it is a count of people or a money figure. */
export function leaves(value: unknown, path: string[] = []): { path: string; key: string; parent: string; value: unknown; kind: 'count' | 'money' | 'other' }[] {
  const out: ReturnType<typeof leaves> = [];
  const walk = (v: unknown, p: string[]) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, String(i)]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
    else {
      const key = p[p.length - 1] ?? '';
      const parent = p[p.length - 2] ?? '';
      const money = MONEY_KEY.test(key) || MONEY_KEY.test(parent) || /ByPurpose|ByFunder/.test(parent);
      const count = !money && !NOT_COUNT.test(key) && (COUNT_KEY.test(key) || COUNT_PARENT.test(parent));
      out.push({ path: p.join('.'), key, parent, value: v, kind: money ? 'money' : count ? 'count' : 'other' });
    }
  };
  walk(value, path);
  return out;
}

/** A flat view of a row: nested objects become dotted keys (spentByPurposeCents.x). */
export function flat(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const l of leaves(row)) out[l.path] = l.value;
  return out;
}

export interface Leak {
  attack: string;
  where: string;
  recovered: number;
}

/**
 * whole = Σ parts for every shared field: when exactly one part is hidden and the rest and the
 * whole are published, the hidden part is whole − Σ others.
 */
export function subtractParts(attack: string, where: string, whole: Row, parts: Row[], moneySecrets: Set<number>): Leak[] {
  const leaks: Leak[] = [];
  const w = flat(whole);
  const ps = parts.map(flat);
  for (const [field, total] of Object.entries(w)) {
    if (!isNumber(total)) continue;
    const kind = leaves({ [field.split('.').pop()!]: 0 }, field.split('.').slice(0, -1)).at(-1)!.kind;
    if (kind === 'other') continue;
    const values = ps.map((p) => (field in p ? p[field] : 0));
    const hidden = values.filter(isHidden);
    if (hidden.length !== 1) continue;
    const recovered = total - values.filter(isNumber).reduce((a, b) => a + b, 0);
    if ((kind === 'count' && isSmall(recovered)) || (kind === 'money' && moneySecrets.has(recovered))) leaks.push({ attack, where: `${where} ${field}`, recovered });
  }
  return leaks;
}

/** total − Σ of the columns that split it, inside one row. */
export function subtractColumns(attack: string, where: string, row: Row, total: string, columns: string[]): Leak[] {
  const r = flat(row);
  if (!isNumber(r[total]) || columns.length === 0 || !columns.every((c) => c in r)) return [];
  const values = columns.map((c) => r[c]);
  const hidden = columns.filter((c) => isHidden(r[c]));
  if (hidden.length !== 1) return [];
  const recovered = (r[total] as number) - values.filter(isNumber).reduce((a, b) => a + b, 0);
  return isSmall(recovered) ? [{ attack, where: `${where} ${hidden[0]}`, recovered }] : [];
}

/** stock[m] = stock[m−1] + joined[m] − left[m]: one hidden term of four is recovered. */
export function stockAndFlows(attack: string, where: string, rows: Row[], stock: string, joined: string, left: string): Leak[] {
  const leaks: Leak[] = [];
  for (let i = 1; i < rows.length; i++) {
    const terms = { prev: rows[i - 1][stock], now: rows[i][stock], joined: rows[i][joined], left: rows[i][left] };
    const hidden = Object.entries(terms).filter(([, v]) => isHidden(v));
    if (hidden.length !== 1) continue;
    const n = (v: unknown) => v as number;
    const recovered = hidden[0][0] === 'prev' ? n(terms.now) - n(terms.joined) + n(terms.left) : hidden[0][0] === 'now' ? n(terms.prev) + n(terms.joined) - n(terms.left) : hidden[0][0] === 'joined' ? n(terms.now) - n(terms.prev) + n(terms.left) : n(terms.prev) + n(terms.joined) - n(terms.now);
    if (isSmall(recovered)) leaks.push({ attack, where: `${where} ${String(rows[i].month)} ${hidden[0][0]}`, recovered });
  }
  return leaks;
}

/** Published counts that are 1–4, and money equal to one person's amount. */
export function directLeaks(where: string, body: unknown, moneySecrets: Set<number>): Leak[] {
  const leaks: Leak[] = [];
  for (const l of leaves(body)) {
    if (l.kind === 'count' && isSmall(l.value)) leaks.push({ attack: 'published directly', where: `${where} ${l.path}`, recovered: l.value as number });
    if (l.kind === 'money' && isNumber(l.value) && l.value > 0 && moneySecrets.has(l.value)) leaks.push({ attack: "one person's money published", where: `${where} ${l.path}`, recovered: l.value });
  }
  return leaks;
}

/** A median, p90 or amount shown for a group whose size is hidden or below 5. */
export function figuresOfSmallGroups(where: string, row: Row, groupSize: string, figures: string[]): Leak[] {
  const r = flat(row);
  const size = r[groupSize];
  if (!(isHidden(size) || (isNumber(size) && size > 0 && size < 5))) return [];
  const leaks: Leak[] = [];
  for (const f of figures) for (const [k, v] of Object.entries(r)) if ((k === f || k.startsWith(`${f}.`)) && isNumber(v)) leaks.push({ attack: `figure of a group below 5 (${groupSize}=${String(size)})`, where: `${where} ${k}`, recovered: v });
  return leaks;
}

/** Minimal CSV reader (quoted cells, doubled quotes); numbers become numbers. */
export function parseCsv(text: string): Row[] {
  const lines: string[][] = [];
  let cell = '';
  let line: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (line.push(cell), (cell = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line.push(cell);
      lines.push(line);
      ((line = []), (cell = ''));
    } else cell += c;
  }
  if (cell || line.length) (line.push(cell), lines.push(line));
  const [header, ...rows] = lines.filter((l) => l.length > 1 || l[0] !== '');
  if (!header) return [];
  const value = (s: string): unknown => {
    if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
    if (s.startsWith('{')) {
      try {
        return JSON.parse(s);
      } catch {
        return s;
      }
    }
    return s;
  };
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, value(r[i] ?? '')])));
}
