import { Actor, budgetPotDecider, budgetPotStream, clientDecider, clientStream } from '@wijkzorg/domain';
import { AggregateStore } from '../command-handling/aggregate-store';

export interface PotReconcileReport {
  pots: number;
  returnedReleases: { potId: string; releaseId: string; clientId: string }[];
}

/**
 * A client's release from the flex pot is written on the pot before the client stream. If the process
 * dies in between (or the compensation itself fails), the pot has paid a release no client holds. This
 * gives such releases back — only those older than `olderThanMs`, so a command still in flight keeps its claim.
 */
export async function reconcilePotReleases(store: AggregateStore, options: { olderThanMs: number; actor: Actor }): Promise<PotReconcileReport> {
  const report: PotReconcileReport = { pots: 0, returnedReleases: [] };
  const cutoff = Date.now() - options.olderThanMs;
  const potIds = new Set<string>();
  for (let after = 0; ;) {
    const page = await store.events.readAll({ afterPosition: after, maxCount: 10_000 });
    if (page.length === 0) break;
    for (const e of page) if (e.type === 'BudgetPotOpened') potIds.add((e.data as { potId: string }).potId);
    after = page[page.length - 1].globalPosition;
  }
  for (const potId of potIds) {
    report.pots++;
    const { state, events } = await store.load(budgetPotDecider, budgetPotStream(potId));
    const paidAt = new Map<string, number>();
    for (const e of events) if (e.type === 'BudgetPotReleased') paidAt.set((e.data as { releaseId: string }).releaseId, Date.parse(e.recordedAt));
    for (const release of Object.values(state.releases)) {
      if (release.clientId === null || release.returned || (paidAt.get(release.releaseId) ?? 0) >= cutoff) continue;
      const client = (await store.load(clientDecider, clientStream(release.clientId))).state;
      const held = Object.hasOwn(client.releases, release.releaseId) ? client.releases[release.releaseId] : undefined;
      if (held?.potId === potId) continue;
      await store.sideEffect(budgetPotDecider, budgetPotStream(potId), { type: 'ReturnClientRelease', releaseId: release.releaseId, clientId: release.clientId }, { actor: options.actor });
      report.returnedReleases.push({ potId, releaseId: release.releaseId, clientId: release.clientId });
    }
  }
  return report;
}
