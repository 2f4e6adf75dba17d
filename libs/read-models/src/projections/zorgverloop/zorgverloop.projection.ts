import { CareIntensity, CareSetting } from '@wijkzorg/domain';
import { ProjectedEvent, Projection, ProjectionContext, gemeenteOf, monthOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/**
 * The caseload month by month, per wijk: how the number of clients per care intensity and per setting changed in
 * a month (`change`, so the stock at the end of a month is the sum of the changes up to it) and the month's flows
 * (intakes, closures, steps up and down). Outcome measures (group `zorg`) read it; the caseload projection keeps
 * only today's stock.
 */
export interface ZorgMonth extends Doc {
  wijkCode: string;
  gemeenteCode: string;
  month: string;
  /** Net change of the month per metric: `clients`, `intensity:<intensity>`, `setting:<setting>`. */
  change: Record<string, number>;
  intakes: number;
  closures: number;
  erasures: number;
  scaledUp: number;
  scaledDown: number;
}

/** Where a client is counted now (until the trajectory is closed or the client erased). */
interface ZorgClient extends Doc {
  clientId: string;
  wijkCode: string;
  intensity: CareIntensity;
  setting: CareSetting;
}
type Counted = Pick<ZorgClient, 'wijkCode' | 'intensity' | 'setting'>;

const monthKey = (wijkCode: string, at: string): DocKey => ({ collection: 'month', id: `${wijkCode}:${monthOf(at)}` });
const clientKey = (clientId: string): DocKey => ({ collection: 'client', id: clientId });

function bump(ctx: ProjectionContext, wijkCode: string, at: string, change: (m: ZorgMonth) => void) {
  ctx.update<ZorgMonth>('month', `${wijkCode}:${monthOf(at)}`, (m) => {
    const doc = m ?? { wijkCode, gemeenteCode: gemeenteOf(wijkCode), month: monthOf(at), change: {}, intakes: 0, closures: 0, erasures: 0, scaledUp: 0, scaledDown: 0 };
    change(doc);
    return doc;
  });
}

function count(ctx: ProjectionContext, client: Counted, at: string, delta: 1 | -1) {
  bump(ctx, client.wijkCode, at, (m) => {
    for (const metric of ['clients', `intensity:${client.intensity}`, `setting:${client.setting}`]) m.change[metric] = (m.change[metric] ?? 0) + delta;
  });
}

/** Moves a counted client from where it was to `next` (null: out of the caseload); a client not counted stays uncounted. */
function recount(ctx: ProjectionContext, clientId: string, at: string, change: (was: Counted) => Counted | null) {
  const was = ctx.get<ZorgClient>('client', clientId);
  if (!was) return;
  const next = change(was);
  count(ctx, was, at, -1);
  if (next) count(ctx, next, at, 1);
  ctx.update<ZorgClient>('client', clientId, () => (next ? { clientId, ...next } : null));
}

export const zorgverloopProjection: Projection = {
  name: 'zorgverloop',
  version: 1,
  indexes: { month: ['wijkCode', 'gemeenteCode', 'month'] },
  handles: ['IntakeRegistered', 'CareScaledUp', 'CareScaledDown', 'ClientMovedIn', 'ClientMovedOut', 'ClientMoved', 'ClientTransferred', 'ClientDataErased', 'TrajectoryClosed'],

  keys(e: ProjectedEvent): DocKey[] {
    const { type, data: d } = e;
    switch (type) {
      case 'IntakeRegistered':
        return [monthKey(d.placement.wijkCode, e.occurredAt), clientKey(d.clientId)];
      case 'ClientTransferred':
        return [monthKey(d.from.wijkCode, e.occurredAt), monthKey(d.to.wijkCode, e.occurredAt), clientKey(d.clientId)];
      case 'ClientDataErased':
      case 'CareScaledUp':
      case 'CareScaledDown':
      case 'ClientMovedIn':
      case 'ClientMovedOut':
      case 'ClientMoved':
      case 'TrajectoryClosed':
        // The client document says where the client is counted; its wijk is the one the event names.
        return d.wijkCode ? [monthKey(d.wijkCode, e.occurredAt), clientKey(d.clientId)] : [clientKey(d.clientId)];
      default:
        return [];
    }
  },

  apply(e: ProjectedEvent, ctx: ProjectionContext): void {
    const { type, data: d } = e;
    switch (type) {
      case 'IntakeRegistered': {
        if (ctx.get<ZorgClient>('client', d.clientId)) return;
        const client: Counted = { wijkCode: d.placement.wijkCode, intensity: 'geen', setting: d.setting };
        count(ctx, client, e.occurredAt, 1);
        ctx.update<ZorgClient>('client', d.clientId, () => ({ clientId: d.clientId, ...client }));
        bump(ctx, client.wijkCode, e.occurredAt, (m) => (m.intakes += 1));
        return;
      }
      case 'CareScaledUp':
      case 'CareScaledDown':
        recount(ctx, d.clientId, e.occurredAt, (was) => ({ ...was, intensity: d.toIntensity }));
        bump(ctx, d.wijkCode, e.occurredAt, (m) => (type === 'CareScaledUp' ? (m.scaledUp += 1) : (m.scaledDown += 1)));
        return;
      case 'ClientMovedIn':
      case 'ClientMovedOut':
      case 'ClientMoved':
        recount(ctx, d.clientId, e.occurredAt, (was) => ({ ...was, setting: d.toSetting }));
        return;
      case 'ClientTransferred':
        recount(ctx, d.clientId, e.occurredAt, (was) => ({ ...was, wijkCode: d.to.wijkCode }));
        return;
      case 'TrajectoryClosed':
      case 'ClientDataErased': {
        const counted = ctx.get<ZorgClient>('client', d.clientId);
        if (!counted) return;
        recount(ctx, d.clientId, e.occurredAt, () => null);
        bump(ctx, counted.wijkCode, e.occurredAt, (m) => (type === 'TrajectoryClosed' ? (m.closures += 1) : (m.erasures += 1)));
        return;
      }
    }
  },
};
