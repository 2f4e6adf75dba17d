/**
 * What a reader of a protected table can deduce: each published cell gives bounds on its true count ('<5': 1–4,
 * 'x': anything, a number n ≥ 5: n ± 2, 0: 0), and every sum relation (total = Σ parts) narrows them further.
 * A small count (1–4) whose bounds close to one value is pinned: a disclosure.
 */
export type Bounds = [number, number];

export function boundsOfPublished(value: unknown): Bounds {
  if (value === '<5') return [1, 4];
  if (value === 'x' || value === null || value === undefined) return [0, Infinity];
  const n = value as number;
  return n === 0 ? [0, 0] : [Math.max(5, n - 2), n + 2];
}

/** Is `published` what disclosure control may publish for the true count: itself rounded to 5, '<5' for 1–4, or 'x'? */
export function isProtectedFormOf(published: unknown, truth: number): boolean {
  if (published === 'x') return true;
  if (truth === 0) return published === 0;
  if (truth < 5) return published === '<5';
  return published === Math.round(truth / 5) * 5;
}

export function deduceBounds(known: Map<string, Bounds>, sums: { total: string; parts: string[] }[]): Map<string, Bounds> {
  return narrowBounds(
    known,
    sums.map(({ total, parts }) => [{ cell: total, sign: 1 }, ...parts.map((cell) => ({ cell, sign: -1 }))]),
  );
}

/** Narrows every interval along Σ sign·x = 0 until nothing moves (cells not published are unknowns ≥ `floor`). */
export function narrowBounds(known: Map<string, Bounds>, relations: { cell: string; sign: number }[][], { floor = 0, maxPasses = 200 } = {}): Map<string, Bounds> {
  const b = new Map(known);
  const get = (c: string): Bounds => b.get(c) ?? [floor, Infinity];
  for (let pass = 0, changed = true; changed && pass < maxPasses; pass++) {
    changed = false;
    for (const terms of relations) {
      for (const target of terms) {
        let lo = 0;
        let hi = 0;
        for (const o of terms) {
          if (o === target) continue;
          const [l, h] = get(o.cell);
          lo += o.sign > 0 ? l : -h;
          hi += o.sign > 0 ? h : -l;
        }
        const [l, h] = get(target.cell);
        const nl = Math.max(l, target.sign > 0 ? -hi : lo);
        const nh = Math.min(h, target.sign > 0 ? -lo : hi);
        if (Number.isNaN(nl) || Number.isNaN(nh) || nl > nh) continue;
        if (nl !== l || nh !== h) {
          b.set(target.cell, [nl, nh]);
          changed = true;
        }
      }
    }
  }
  return b;
}
