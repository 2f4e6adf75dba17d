import { Doc, DocKey } from '../../read-model-store.port';
import { ProjectedEvent, Projection, addOnce } from '../../projection';

/** A budget pot: opened, released (for wijk activities and for clients), remaining. */
export interface BudgetPotView extends Doc {
  potId: string;
  kind: string;
  gemeenteCode: string;
  wijkCode: string | null;
  funder: string;
  year: number;
  openedCents: number;
  releasedCents: number;
  remainingCents: number;
  activityReleases: number;
  releasedForActivitiesCents: number;
  releasedByActivity: Record<string, number>;
  clientReleases: number;
  releasedForClientsCents: number;
  /** Who client releases were for (pseudonymous): for disclosure control only, never published. */
  clientIds: string[];
}

export const budgetPotsProjection: Projection = {
  name: 'budget_pots',
  version: 1,
  indexes: { pot: ['gemeenteCode', 'wijkCode', 'year', 'kind'] },
  handles: ['BudgetPotOpened', 'BudgetPotToppedUp', 'BudgetPotReleased', 'BudgetPotReleaseReturned'],

  keys(e: ProjectedEvent): DocKey[] {
    switch (e.type) {
      case 'BudgetPotOpened':
      case 'BudgetPotToppedUp':
      case 'BudgetPotReleased':
      case 'BudgetPotReleaseReturned':
        return [{ collection: 'pot', id: e.data.potId }];
      default:
        return [];
    }
  },

  apply(e, ctx) {
    const change = (potId: string, how: (p: BudgetPotView) => void) =>
      ctx.update<BudgetPotView>('pot', potId, (p) => {
        if (!p) return null;
        how(p);
        p.remainingCents = p.openedCents - p.releasedCents;
        return p;
      });
    switch (e.type) {
      case 'BudgetPotOpened': {
        const d = e.data;
        ctx.update<BudgetPotView>('pot', d.potId, () => ({
          potId: d.potId,
          kind: d.kind,
          gemeenteCode: d.gemeenteCode,
          wijkCode: d.wijkCode,
          funder: d.funder,
          year: d.year,
          openedCents: d.amountCents,
          releasedCents: 0,
          remainingCents: d.amountCents,
          activityReleases: 0,
          releasedForActivitiesCents: 0,
          releasedByActivity: {},
          clientReleases: 0,
          releasedForClientsCents: 0,
          clientIds: [],
        }));
        return;
      }
      case 'BudgetPotToppedUp':
        change(e.data.potId, (p) => (p.openedCents += e.data.amountCents));
        return;
      case 'BudgetPotReleased': {
        const d = e.data;
        change(d.potId, (p) => {
          p.releasedCents += d.amountCents;
          if (d.clientId === null) {
            p.activityReleases += 1;
            p.releasedForActivitiesCents += d.amountCents;
            if (d.activity) p.releasedByActivity[d.activity] = (p.releasedByActivity[d.activity] ?? 0) + d.amountCents;
            return;
          }
          p.clientReleases += 1;
          p.releasedForClientsCents += d.amountCents;
          addOnce(p.clientIds, d.clientId);
        });
        return;
      }
      case 'BudgetPotReleaseReturned': {
        const d = e.data;
        change(d.potId, (p) => {
          p.releasedCents -= d.amountCents;
          p.clientReleases -= 1;
          p.releasedForClientsCents -= d.amountCents;
        });
        return;
      }
    }
  },
};
