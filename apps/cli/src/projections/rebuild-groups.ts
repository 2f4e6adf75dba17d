/**
 * Each projection's share of a full rebuild's work, relative to one another: the CPU time of rebuilding it alone
 * less about that of reading the log (CLI rebuild of each projection alone at 1M events, docs/performance.md, Rebuilds).
 * Only used to balance threads; a projection missing here counts as 1.
 */
export const REBUILD_WORK: Readonly<Record<string, number>> = {
  wachtlijst: 20.9,
  budget: 6.9,
  caseload: 5.0,
  scaling_outcomes: 4.9,
  zorgverloop: 3.8,
  money_flows: 3.3,
  housing_outcomes: 3.3,
  continuity: 3.1,
  network: 2.1,
  housing: 1.8,
  planned_steps: 1.6,
  toegang: 1.5,
  buurt: 1.0,
  doorbraaktafel: 0.8,
  doorbraak_cases: 0.8,
  dekking: 0.8,
  closures: 0.5,
  budget_pots: 0.2,
  accesslog: 0.1,
};

/**
 * Splits the projections into at most `threads` groups of about equal work (the largest first, each to the group
 * with the least so far), each in the order given: every group is one pass over the log in a thread of its own.
 */
export function rebuildGroups(names: readonly string[], threads: number, work: Readonly<Record<string, number>> = REBUILD_WORK): string[][] {
  const count = Math.max(1, Math.min(Math.floor(threads), names.length));
  const groups = Array.from({ length: count }, () => ({ names: [] as string[], work: 0 }));
  const heaviestFirst = [...names].sort((a, b) => (work[b] ?? 1) - (work[a] ?? 1) || names.indexOf(a) - names.indexOf(b));
  for (const name of heaviestFirst) {
    const lightest = groups.reduce((least, group) => (group.work < least.work ? group : least));
    lightest.names.push(name);
    lightest.work += work[name] ?? 1;
  }
  return groups.map((group) => group.names.sort((a, b) => names.indexOf(a) - names.indexOf(b))).filter((group) => group.length > 0);
}
