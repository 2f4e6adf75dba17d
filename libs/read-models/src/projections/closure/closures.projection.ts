import { ProjectedEvent, Projection, ProjectionContext, gemeenteOf, monthOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/** Closures (afsluitingen) of one wijk in one month for one reason: a count, nothing about persons. */
export interface ClosureCount extends Doc {
  wijkCode: string;
  gemeenteCode: string;
  month: string;
  reason: string;
  closures: number;
}

const countId = (wijkCode: string, month: string, reason: string) => `${wijkCode}:${month}:${reason}`;

/** Closures per reason per wijk and month (the month the trajectory ended). */
export const closuresProjection: Projection = {
  name: 'closures',
  version: 1,
  indexes: { count: ['wijkCode', 'gemeenteCode', 'month', 'reason'] },
  handles: ['TrajectoryClosed'],

  keys(e: ProjectedEvent): DocKey[] {
    if (e.type !== 'TrajectoryClosed') return [];
    return [{ collection: 'count', id: countId(e.data.wijkCode, monthOf(e.occurredAt), e.data.reason) }];
  },

  apply(e: ProjectedEvent, ctx: ProjectionContext): void {
    if (e.type !== 'TrajectoryClosed') return;
    const { wijkCode, reason } = e.data;
    const month = monthOf(e.occurredAt);
    ctx.update<ClosureCount>('count', countId(wijkCode, month, reason), (c) => (c ? { ...c, closures: c.closures + 1 } : { wijkCode, gemeenteCode: gemeenteOf(wijkCode), month, reason, closures: 1 }));
  },
};
