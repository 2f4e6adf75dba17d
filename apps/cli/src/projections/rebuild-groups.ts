/**
 * Each projection's share of a full rebuild's work, relative to one another: the CPU time of rebuilding it alone
 * less that of reading the log (CLI rebuild of each projection alone, 113k events, docs/performance.md, Rebuilds).
 * Only used to balance threads; a projection missing here counts as 1.
 */
export const REBUILD_WORK: Readonly<Record<string, number>> = {
  wachtlijst: 3.65,
  scaling_outcomes: 1.53,
  money_flows: 1.18,
  zorgverloop: 1.12,
  budget: 1.08,
  network: 0.88,
  continuity: 0.86,
  housing_outcomes: 0.86,
  housing: 0.83,
  doorbraak_cases: 0.75,
  caseload: 0.69,
  dekking: 0.6,
  buurt: 0.54,
  closures: 0.46,
  doorbraaktafel: 0.4,
  budget_pots: 0.33,
  toegang: 0.32,
  planned_steps: 0.11,
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
