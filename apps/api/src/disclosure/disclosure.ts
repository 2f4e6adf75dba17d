/**
 * Statistical disclosure control for every figure a non-person-level reader sees (docs/disclosure-control.md).
 *
 * Counts: 0 stays 0, 1–4 become "<5" (primary suppression), 5 and more are rounded to a base of 5.
 * Complementary suppression ("x") is added where the published figures of a table, combined through its
 * additive relations (total = sum of parts, stock = previous stock + inflow − outflow), would pin a
 * count of 1–4 to one exact value. Money and medians are shown only for groups of at least five people.
 */

export const THRESHOLD = 5;
export const ROUNDING_BASE = 5;
/** Money is rounded to whole hundreds of euros, so a published amount is never one person's exact spend. */
export const MONEY_ROUNDING_CENTS = 10_000;

/** A primary-suppressed figure: fewer than five people. */
export const SMALL = '<5' as const;
/** A complementary-suppressed figure: hidden so that another one cannot be recovered by subtraction. */
export const SECRET = 'x' as const;

export type Protected = number | typeof SMALL | typeof SECRET;

export function primaryCount(count: number): number | typeof SMALL {
  if (count <= 0) return 0;
  if (count < THRESHOLD) return SMALL;
  return Math.round(count / ROUNDING_BASE) * ROUNDING_BASE;
}

/** What a reader who knows the method can tell about the true count from its published value. */
export function intervalOf(published: Protected): [number, number] {
  if (published === SECRET) return [0, Infinity];
  if (published === SMALL) return [1, THRESHOLD - 1];
  if (published === 0) return [0, 0];
  // 3 and 4 are shown as "<5", so a published 5 stands for 5–7; any other multiple of 5 for ±2.
  const half = Math.floor(ROUNDING_BASE / 2);
  return [Math.max(THRESHOLD, published - half), published + half];
}

/** Σ sign·cell = 0 over true values, e.g. total − part₁ − part₂ = 0. */
export interface Relation {
  terms: { cell: string; sign: 1 | -1 }[];
}

export const sumRelation = (total: string, parts: string[]): Relation => ({ terms: [{ cell: total, sign: 1 }, ...parts.map((cell) => ({ cell, sign: -1 as const }))] });

/** Every interval the published figures imply, narrowed through the relations until nothing changes (the differencing attack). */
export function deduceIntervals(published: ReadonlyMap<string, Protected>, relations: readonly Relation[], maxPasses = 50): Map<string, [number, number]> {
  const bounds = new Map<string, [number, number]>();
  for (const [cell, value] of published) bounds.set(cell, intervalOf(value));
  for (let pass = 0, changed = true; changed && pass < maxPasses; pass++) {
    changed = false;
    for (const { terms } of relations) {
      // Bounds of Σ sign·x over all terms, counting infinite ends apart so they can be taken out again.
      let lo = 0, hi = 0, infLo = 0, infHi = 0;
      const ends = terms.map(({ cell, sign }) => {
        const [l, h] = bounds.get(cell) ?? [0, Infinity];
        const tLo = sign > 0 ? l : -h;
        const tHi = sign > 0 ? h : -l;
        if (Number.isFinite(tLo)) lo += tLo; else infLo++;
        if (Number.isFinite(tHi)) hi += tHi; else infHi++;
        return [tLo, tHi];
      });
      terms.forEach(({ cell, sign }, j) => {
        const [tLo, tHi] = ends[j];
        // The other terms sum to −(this term); their bounds bound this one.
        const othersLo = Number.isFinite(tLo) ? (infLo > 0 ? -Infinity : lo - tLo) : infLo > 1 ? -Infinity : lo;
        const othersHi = Number.isFinite(tHi) ? (infHi > 0 ? Infinity : hi - tHi) : infHi > 1 ? Infinity : hi;
        const [l, h] = bounds.get(cell) ?? [0, Infinity];
        const fromLo = sign > 0 ? -othersHi : othersLo;
        const fromHi = sign > 0 ? -othersLo : othersHi;
        const nl = Math.max(l, Math.ceil(fromLo));
        const nh = Math.min(h, Math.floor(fromHi));
        if (nl > nh) return; // inconsistent with the published figures: learn nothing rather than something false
        if (nl !== l || nh !== h) {
          bounds.set(cell, [nl, nh]);
          changed = true;
        }
      });
    }
  }
  return bounds;
}

/** Cells with a true count of 1–4 that the published figures pin to one value. */
export function disclosedSmallCounts(truth: ReadonlyMap<string, number>, published: ReadonlyMap<string, Protected>, relations: readonly Relation[]): string[] {
  const bounds = deduceIntervals(published, relations);
  return [...truth].filter(([cell, n]) => n > 0 && n < THRESHOLD && bounds.get(cell)?.[0] === bounds.get(cell)?.[1]).map(([cell]) => cell);
}

/**
 * Publishes a table of true counts: primary suppression and rounding per cell, then complementary suppression
 * until no count of 1–4 can be pinned through the relations. In a relation that pins a small count, the
 * smallest other figure not yet hidden is hidden, which leaves that relation without an exact anchor.
 */
export function protectCounts(truth: ReadonlyMap<string, number>, relations: readonly Relation[]): Map<string, Protected> {
  const published = new Map<string, Protected>([...truth].map(([cell, n]) => [cell, primaryCount(n)]));
  const relationsOf = new Map<string, Relation[]>();
  for (const r of relations) for (const { cell } of r.terms) relationsOf.set(cell, [...(relationsOf.get(cell) ?? []), r]);
  for (let round = 0; round < truth.size; round++) {
    const disclosed = disclosedSmallCounts(truth, published, relations);
    if (disclosed.length === 0) break;
    for (const cell of disclosed) {
      for (const r of relationsOf.get(cell) ?? []) {
        const candidates = r.terms.filter((t) => t.cell !== cell && published.get(t.cell) !== SECRET);
        if (candidates.length === 0 || r.terms.some((t) => t.cell !== cell && published.get(t.cell) === SECRET)) continue;
        const smallest = candidates.reduce((a, b) => ((truth.get(b.cell) ?? 0) < (truth.get(a.cell) ?? 0) ? b : a));
        published.set(smallest.cell, SECRET);
      }
      // A relation may have been opened already; if the cell is still pinned, hide it outright.
      if (disclosedSmallCounts(new Map([[cell, truth.get(cell)!]]), published, relations).length > 0) published.set(cell, SECRET);
    }
  }
  return published;
}

/** An amount of money and the people it is about (pseudonymous ids, never published). */
export interface MoneyCell {
  cents: number;
  people: ReadonlySet<string>;
}

const roundMoney = (cents: number) => Math.round(cents / MONEY_ROUNDING_CENTS) * MONEY_ROUNDING_CENTS;

/**
 * Publishes amounts: only for groups of at least five people, rounded to €100. In every sum relation the hidden
 * parts together must concern at least five people and be at least two figures (or none), otherwise the smallest
 * published part (or the total) is hidden as well — so what subtraction recovers is never about fewer than five.
 */
export function protectMoney(cells: ReadonlyMap<string, MoneyCell>, sums: readonly { total: string; parts: string[] }[]): Map<string, Protected> {
  const published = new Map<string, Protected>([...cells].map(([key, c]) => [key, c.people.size === 0 && c.cents === 0 ? 0 : c.people.size < THRESHOLD ? SMALL : roundMoney(c.cents)]));
  const hidden = (key: string) => typeof published.get(key) !== 'number';
  for (let changed = true; changed; ) {
    changed = false;
    for (const { total, parts } of sums) {
      if (hidden(total)) continue;
      const hiddenParts = parts.filter(hidden);
      if (hiddenParts.length === 0) continue;
      const people = new Set(hiddenParts.flatMap((p) => [...(cells.get(p)?.people ?? [])]));
      if (hiddenParts.length >= 2 && people.size >= THRESHOLD) continue;
      const shown = parts.filter((p) => !hidden(p));
      const next = shown.length > 0 ? shown.reduce((a, b) => ((cells.get(b)?.people.size ?? 0) < (cells.get(a)?.people.size ?? 0) ? b : a)) : total;
      published.set(next, SECRET);
      changed = true;
    }
  }
  return published;
}

/** A median, percentile or other figure about a group: only for groups of at least five people. */
export const forGroup = <T>(groupSize: number, value: T): T | typeof SMALL => (groupSize < THRESHOLD ? SMALL : value);

/** Utilisation from the published team count, so utilisation × capacity gives back no more than that count. */
export function protectedUtilisation(publishedTeamClients: Protected, capacity: number): number | typeof SMALL | typeof SECRET | null {
  if (capacity <= 0) return null;
  if (typeof publishedTeamClients !== 'number') return publishedTeamClients;
  return Math.round((publishedTeamClients / capacity) * 100) / 100;
}
