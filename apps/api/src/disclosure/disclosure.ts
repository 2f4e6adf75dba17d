import { runInTurns, runToEnd } from '../shared/event-loop-slices';

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
export function deduceIntervals(published: ReadonlyMap<string, Protected>, relations: readonly Relation[], maxEvaluationsPerRelation = 100): Map<string, [number, number]> {
  return runToEnd(deduceIntervalsInSteps(published, relations, maxEvaluationsPerRelation));
}

/** How long the solver works between two turns of the event loop, looked at every 512 relation evaluations. */
const STEP_MS = 5;

function* deduceIntervalsInSteps(published: ReadonlyMap<string, Protected>, relations: readonly Relation[], maxEvaluationsPerRelation: number): Generator<void, Map<string, [number, number]>> {
  const table = compileTable(published.keys(), relations);
  const { lo, hi } = yield* narrowInSteps(table, published, maxEvaluationsPerRelation);
  return new Map([...table.index].map(([cell, id]) => [cell, [lo[id], hi[id]] as [number, number]]));
}

/** Cells numbered once and relations as lists of cell numbers: a table is compiled once, then narrowed round after round. */
interface CompiledTable {
  index: Map<string, number>;
  cells: string[];
  relations: { ids: number[]; signs: number[] }[];
  relationsOf: number[][];
  widest: number;
}

function compileTable(cells: Iterable<string>, relations: readonly Relation[]): CompiledTable {
  return runToEnd(compileTableInSteps(cells, relations));
}

/** The same, a turn of the event loop after each STEP_MS of work: a region's table names its cells some 100k times. */
function* compileTableInSteps(cells: Iterable<string>, relations: readonly Relation[]): Generator<void, CompiledTable> {
  const index = new Map<string, number>();
  const names: string[] = [];
  const idOf = (cell: string) => {
    let id = index.get(cell);
    if (id === undefined) {
      id = names.length;
      index.set(cell, id);
      names.push(cell);
    }
    return id;
  };
  let stepEnds = performance.now() + STEP_MS;
  const stepDone = () => performance.now() >= stepEnds;
  let n = 0;
  for (const cell of cells) {
    idOf(cell);
    if ((++n & 1023) === 0 && stepDone()) (yield, (stepEnds = performance.now() + STEP_MS));
  }
  const compiled: CompiledTable['relations'] = [];
  for (const r of relations) {
    compiled.push({ ids: r.terms.map((t) => idOf(t.cell)), signs: r.terms.map((t) => t.sign as number) });
    if ((compiled.length & 63) === 0 && stepDone()) (yield, (stepEnds = performance.now() + STEP_MS));
  }
  const relationsOf: number[][] = names.map(() => []);
  compiled.forEach((r, i) => r.ids.forEach((id) => relationsOf[id].push(i)));
  return { index, cells: names, relations: compiled, relationsOf, widest: compiled.reduce((m, r) => Math.max(m, r.ids.length), 0) };
}

/** The intervals of every cell of a compiled table, from the published figures (a cell not published is [0, ∞]). */
function* narrowInSteps(table: CompiledTable, published: ReadonlyMap<string, Protected>, maxEvaluationsPerRelation: number): Generator<void, { lo: Float64Array; hi: Float64Array }> {
  const { relations: compiled, relationsOf } = table;
  const lo = new Float64Array(table.cells.length);
  const hi = new Float64Array(table.cells.length);
  table.cells.forEach((cell, id) => {
    const value = published.get(cell);
    const [l, h] = value !== undefined ? intervalOf(value) : [0, Infinity];
    lo[id] = l;
    hi[id] = h;
  });
  const tLo = new Float64Array(table.widest);
  const tHi = new Float64Array(table.widest);
  const queued = new Uint8Array(compiled.length).fill(1);
  const queue = compiled.map((_, i) => i);
  let budget = maxEvaluationsPerRelation * Math.max(1, compiled.length);
  let stepEnds = performance.now() + STEP_MS;
  for (let head = 0; head < queue.length && budget-- > 0; head++) {
    if ((head & 511) === 511 && performance.now() >= stepEnds) {
      yield;
      stepEnds = performance.now() + STEP_MS;
    }
    const r = queue[head];
    queued[r] = 0;
    const { ids, signs } = compiled[r];
    // Bounds of Σ sign·x over all terms, counting infinite ends apart so they can be taken out again.
    let sumLo = 0,
      sumHi = 0,
      infLo = 0,
      infHi = 0;
    for (let j = 0; j < ids.length; j++) {
      const l = signs[j] > 0 ? lo[ids[j]] : -hi[ids[j]];
      const h = signs[j] > 0 ? hi[ids[j]] : -lo[ids[j]];
      tLo[j] = l;
      tHi[j] = h;
      if (Number.isFinite(l)) sumLo += l;
      else infLo++;
      if (Number.isFinite(h)) sumHi += h;
      else infHi++;
    }
    for (let j = 0; j < ids.length; j++) {
      // The other terms sum to −(this term); their bounds bound this one.
      const othersLo = Number.isFinite(tLo[j]) ? (infLo > 0 ? -Infinity : sumLo - tLo[j]) : infLo > 1 ? -Infinity : sumLo;
      const othersHi = Number.isFinite(tHi[j]) ? (infHi > 0 ? Infinity : sumHi - tHi[j]) : infHi > 1 ? Infinity : sumHi;
      const id = ids[j];
      const nl = Math.max(lo[id], signs[j] > 0 ? -othersHi : othersLo);
      const nh = Math.min(hi[id], signs[j] > 0 ? -othersLo : othersHi);
      if (nl > nh) continue; // inconsistent with the published figures: learn nothing rather than something false
      if (nl !== lo[id] || nh !== hi[id]) {
        lo[id] = nl;
        hi[id] = nh;
        for (const other of relationsOf[id]) if (!queued[other]) ((queued[other] = 1), queue.push(other));
      }
    }
  }
  return { lo, hi };
}

/** Cells with a true count of 1–4 that the published figures pin to one value. */
export function disclosedSmallCounts(truth: ReadonlyMap<string, number>, published: ReadonlyMap<string, Protected>, relations: readonly Relation[]): string[] {
  return runToEnd(disclosedSmallCountsInSteps(truth, published, relations));
}

function* disclosedSmallCountsInSteps(truth: ReadonlyMap<string, number>, published: ReadonlyMap<string, Protected>, relations: readonly Relation[], compiled?: CompiledTable, smallCells?: string[]): Generator<void, string[]> {
  // The published cells first, then those only relations name: the order deduceIntervals numbers them in.
  const table = compiled ?? compileTable(published.keys(), relations);
  const { lo, hi } = yield* narrowInSteps(table, published, 100);
  const pinned = (cell: string) => {
    const id = table.index.get(cell);
    return id === undefined || lo[id] === hi[id];
  };
  return (smallCells ?? smallCellsOf(truth)).filter(pinned);
}

/** The cells with a true count of 1–4, in the table's order. */
const smallCellsOf = (truth: ReadonlyMap<string, number>) => [...truth].filter(([, n]) => n > 0 && n < THRESHOLD).map(([cell]) => cell);

/**
 * Publishes a table of true counts: primary suppression and rounding per cell, then complementary suppression
 * until no count of 1–4 can be pinned through the relations. In a relation that pins a small count, the
 * smallest other figure not yet hidden is hidden, which leaves that relation without an exact anchor; a count
 * still pinned when its relations are all open is hidden itself.
 */
export function protectCounts(truth: ReadonlyMap<string, number>, relations: readonly Relation[]): Map<string, Protected> {
  return runToEnd(protectCountsInRounds(truth, relations));
}

/** The same, giving the event loop a turn every few thousand relation evaluations, so /health stays quick. */
export function protectCountsYielding(truth: ReadonlyMap<string, number>, relations: readonly Relation[]): Promise<Map<string, Protected>> {
  return runInTurns(protectCountsInRounds(truth, relations));
}

/**
 * One table's last solve: its counts in order, the compiled table (its cells and relations, the memo's own copy) and
 * what was published. The same table solved again (the next minute, after a write) mostly has the same cells and
 * relations: then the compiled table is reused, and with the same counts too the published figures. The solve is a
 * function of exactly these inputs, so a reused answer is the one a fresh solve gives. Nothing of the caller's is kept:
 * a caller may change its relations in place and solve again. The published map is shared: read it, never change it.
 */
export class CountSolverMemo {
  last?: { counts: number[]; table: CompiledTable; published: ReadonlyMap<string, Protected> };
}

/** protectCountsYielding, remembering the table in `memo` (one memo per table that is solved again and again). */
export function protectCountsRemembered(truth: ReadonlyMap<string, number>, relations: readonly Relation[], memo: CountSolverMemo): Promise<ReadonlyMap<string, Protected>> {
  return runInTurns(protectCountsRememberedInSteps(truth, relations, memo));
}

function* protectCountsRememberedInSteps(truth: ReadonlyMap<string, number>, relations: readonly Relation[], memo: CountSolverMemo): Generator<void, ReadonlyMap<string, Protected>> {
  const last = memo.last;
  const same = last ? yield* sameTableInSteps(last, truth, relations) : 'other';
  if (last && same === 'sameCounts') return last.published;
  const table = last && same === 'sameShape' ? last.table : yield* compileTableInSteps(truth.keys(), relations);
  const published = yield* protectCountsInRounds(truth, relations, table);
  memo.last = { counts: [...truth.values()], table, published };
  return published;
}

/** Whether a table has the last solve's cells (in order) and relations ('sameShape'), and its counts too ('sameCounts'). */
function* sameTableInSteps(last: NonNullable<CountSolverMemo['last']>, truth: ReadonlyMap<string, number>, relations: readonly Relation[]): Generator<void, 'sameCounts' | 'sameShape' | 'other'> {
  // Compared with the compiled table (the memo's own copy), never with the caller's arrays: they may have been changed in place.
  const { cells, relations: compiled } = last.table;
  if (truth.size !== last.counts.length || relations.length !== compiled.length) return 'other';
  let stepEnds = performance.now() + STEP_MS;
  const stepDone = () => performance.now() >= stepEnds;
  let i = 0;
  let sameCounts = true;
  for (const [cell, count] of truth) {
    if (cell !== cells[i]) return 'other';
    if (count !== last.counts[i]) sameCounts = false;
    if ((++i & 4095) === 0 && stepDone()) (yield, (stepEnds = performance.now() + STEP_MS));
  }
  for (let r = 0; r < relations.length; r++) {
    const terms = relations[r].terms;
    const { ids, signs } = compiled[r];
    if (terms.length !== ids.length) return 'other';
    for (let t = 0; t < terms.length; t++) if (terms[t].cell !== cells[ids[t]] || terms[t].sign !== signs[t]) return 'other';
    if ((r & 511) === 511 && stepDone()) (yield, (stepEnds = performance.now() + STEP_MS));
  }
  return sameCounts ? 'sameCounts' : 'sameShape';
}

function* protectCountsInRounds(truth: ReadonlyMap<string, number>, relations: readonly Relation[], compiled?: CompiledTable): Generator<void, Map<string, Protected>> {
  const published = new Map<string, Protected>([...truth].map(([cell, n]) => [cell, primaryCount(n)]));
  // Rounds only hide figures: the cells and relations stay the same, so they are numbered once (the published cells
  // first, then those only relations name, in the order of the relations), and a cell's relations are the table's.
  const table = compiled ?? (yield* compileTableInSteps(published.keys(), relations));
  const relationsOf = (cell: string) => table.relationsOf[table.index.get(cell)!].map((i) => relations[i]);
  yield;
  const smallCells = smallCellsOf(truth);
  let hiddenCount = 0;
  const hide = (cell: string) => {
    if (published.get(cell) !== SECRET) hiddenCount++;
    published.set(cell, SECRET);
  };
  for (let round = 0; round <= truth.size; round++) {
    const disclosed = yield* disclosedSmallCountsInSteps(truth, published, relations, table, smallCells);
    if (disclosed.length === 0) break;
    yield;
    const hiddenBefore = hiddenCount;
    for (const cell of disclosed) {
      let opened = false;
      for (const r of relationsOf(cell)) {
        const others = r.terms.filter((t) => t.cell !== cell);
        if (others.some((t) => published.get(t.cell) === SECRET)) continue;
        const smallest = others.reduce((a, b) => ((truth.get(b.cell) ?? 0) < (truth.get(a.cell) ?? 0) ? b : a));
        hide(smallest.cell);
        opened = true;
      }
      if (!opened) hide(cell);
    }
    // Still pinned with every relation already opened once: hide every figure next to it (rare, but it must end).
    if (hiddenCount === hiddenBefore) {
      for (const cell of disclosed) for (const r of relationsOf(cell)) for (const t of r.terms) hide(t.cell);
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
 * figures — the total counts as one of them, since a hidden total can be worked back from its parts — must be none,
 * or at least two concerning at least five people together; otherwise the smallest published part (or the total)
 * is hidden as well, until nothing changes — so what subtraction recovers is never about fewer than five.
 */
export function protectMoney(cells: ReadonlyMap<string, MoneyCell>, sums: readonly { total: string; parts: string[] }[]): Map<string, Protected> {
  return runToEnd(protectMoneyInSteps(cells, sums));
}

/** The same, giving the event loop a turn after each STEP_MS of work (a region's money table has some 100k sums). */
export function protectMoneyYielding(cells: ReadonlyMap<string, MoneyCell>, sums: readonly { total: string; parts: string[] }[]): Promise<Map<string, Protected>> {
  return runInTurns(protectMoneyInSteps(cells, sums));
}

function* protectMoneyInSteps(cells: ReadonlyMap<string, MoneyCell>, sums: readonly { total: string; parts: string[] }[]): Generator<void, Map<string, Protected>> {
  let stepEnds = performance.now() + STEP_MS;
  const published = new Map<string, Protected>([...cells].map(([key, c]) => [key, c.people.size === 0 && c.cents === 0 ? 0 : c.people.size < THRESHOLD ? SMALL : roundMoney(c.cents)]));
  const hidden = (key: string) => typeof published.get(key) !== 'number';
  // Whether the hidden figures together concern at least five people: counted until the fifth, not the whole union.
  const atLeastFivePeople = (keys: string[]) => {
    const people = new Set<string>();
    for (const key of keys) for (const id of cells.get(key)?.people ?? []) if (people.add(id).size >= THRESHOLD) return true;
    return false;
  };
  // A sum's verdict depends only on which of its figures are hidden, so a pass looks again only at the sums one of
  // whose figures was hidden since it last looked: the same figures are hidden, in the same order, as by full passes.
  const sumsOf = new Map<string, number[]>();
  sums.forEach(({ total, parts }, i) => {
    for (const key of new Set([total, ...parts])) (sumsOf.get(key) ?? sumsOf.set(key, []).get(key)!).push(i);
  });
  const stale = new Uint8Array(sums.length).fill(1);
  yield;
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < sums.length; i++) {
      if ((i & 255) === 255 && performance.now() >= stepEnds) (yield, (stepEnds = performance.now() + STEP_MS));
      if (!stale[i]) continue;
      stale[i] = 0;
      const { total, parts } = sums[i];
      const hiddenCells = [total, ...parts].filter(hidden);
      if (hiddenCells.length === 0) continue;
      if (hiddenCells.length >= 2 && atLeastFivePeople(hiddenCells)) continue;
      const shown = parts.filter((p) => !hidden(p));
      const next = shown.length > 0 ? shown.reduce((a, b) => ((cells.get(b)?.people.size ?? 0) < (cells.get(a)?.people.size ?? 0) ? b : a)) : hidden(total) ? undefined : total;
      if (next === undefined) continue; // everything in the relation is hidden already: it tells nothing
      published.set(next, SECRET);
      for (const j of sumsOf.get(next) ?? []) stale[j] = 1;
      changed = true;
    }
  }
  return published;
}

/** A median, percentile or other figure about a group: only for groups of at least five people. */
export const forGroup = <T>(groupSize: number, value: T): T | typeof SMALL => (groupSize < THRESHOLD ? SMALL : value);

/**
 * A median or percentile of a group whose count is suppressed stays suppressed with it: showing it would
 * tell that the group holds five or more, which narrows the suppressed count for a differencing attack.
 */
export const forPublishedGroup = <T>(publishedCount: Protected, groupSize: number, value: T): T | typeof SMALL | typeof SECRET => suppressedWith(publishedCount, forGroup(groupSize, value));

/** `value` where its group's count is published, else the count's own suppression mark. */
export const suppressedWith = <T>(publishedCount: Protected, value: T): T | typeof SMALL | typeof SECRET => (typeof publishedCount === 'number' ? value : publishedCount);

/** Utilisation from the published team count, so utilisation × capacity gives back no more than that count. */
export function protectedUtilisation(publishedTeamClients: Protected, capacity: number): number | typeof SMALL | typeof SECRET | null {
  if (capacity <= 0) return null;
  if (typeof publishedTeamClients !== 'number') return publishedTeamClients;
  return Math.round((publishedTeamClients / capacity) * 100) / 100;
}
