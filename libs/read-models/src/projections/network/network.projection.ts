import { ProjectedEvent, Projection, ProjectionContext, gemeenteOf, monthOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/** Informal support carried by a wijk's networks now (codes and counts only; no member, no client). */
export interface WijkNetwork extends Doc {
  wijkCode: string;
  gemeenteCode: string;
  /** Clients with at least one active informal support. */
  clientsWithSupport: number;
  activeSupports: number;
  /** Hours a week of all active informal support. */
  weeklyHours: number;
}

/** What the networks of a wijk did in one month. */
export interface WijkNetworkMonth extends Doc {
  wijkCode: string;
  gemeenteCode: string;
  month: string;
  membersAdded: number;
  supportsStarted: number;
  supportsEnded: number;
  referralsMade: number;
  referralsAvoided: number;
  /** Every afschaling (CareScaledDown), and those carried by the network. */
  afschalingen: number;
  afschalingenCarriedByNetwork: number;
  /** Net change this month of the wijk's clients with informal support and of its weekly hours: the sum up to a month is the stock at its end. */
  clientsWithSupportChange: number;
  weeklyHoursChange: number;
}

/** Bookkeeping per client: where it is served and which supports are active (to move or drop them on a transfer or erasure). */
export interface ClientNetwork extends Doc {
  clientId: string;
  wijkCode: string;
  supports: { supportId: string; hoursPerWeek: number }[];
}

const clientKey = (clientId: string): DocKey => ({ collection: 'client', id: clientId });
const wijkKey = (wijkCode: string): DocKey => ({ collection: 'wijk', id: wijkCode });
const monthKey = (wijkCode: string, at: string): DocKey => ({ collection: 'month', id: `${wijkCode}:${monthOf(at)}` });

type MonthCounter = 'membersAdded' | 'supportsStarted' | 'supportsEnded' | 'referralsMade' | 'referralsAvoided' | 'afschalingen' | 'afschalingenCarriedByNetwork';
const emptyMonth = (wijkCode: string, month: string): WijkNetworkMonth => ({
  wijkCode,
  gemeenteCode: gemeenteOf(wijkCode),
  month,
  membersAdded: 0,
  supportsStarted: 0,
  supportsEnded: 0,
  referralsMade: 0,
  referralsAvoided: 0,
  afschalingen: 0,
  afschalingenCarriedByNetwork: 0,
  clientsWithSupportChange: 0,
  weeklyHoursChange: 0,
});

function bump(ctx: ProjectionContext, wijkCode: string, at: string, ...counters: MonthCounter[]) {
  changeMonth(ctx, wijkCode, at, (doc) => {
    for (const c of counters) doc[c] += 1;
  });
}

function changeMonth(ctx: ProjectionContext, wijkCode: string, at: string, change: (doc: WijkNetworkMonth) => void) {
  ctx.update<WijkNetworkMonth>('month', `${wijkCode}:${monthOf(at)}`, (m) => {
    const doc = m ?? emptyMonth(wijkCode, monthOf(at));
    change(doc);
    return doc;
  });
}

/** Adds (sign 1) or takes away (-1) a client's active supports from a wijk's current figures, and from the change of the month of `at`. */
function carry(ctx: ProjectionContext, wijkCode: string, supports: ClientNetwork['supports'], sign: 1 | -1, at: string) {
  if (supports.length === 0) return;
  const hours = supports.reduce((sum, s) => sum + s.hoursPerWeek, 0);
  ctx.update<WijkNetwork>('wijk', wijkCode, (w) => {
    const doc = w ?? { wijkCode, gemeenteCode: gemeenteOf(wijkCode), clientsWithSupport: 0, activeSupports: 0, weeklyHours: 0 };
    doc.clientsWithSupport += sign;
    doc.activeSupports += sign * supports.length;
    doc.weeklyHours += sign * hours;
    return doc;
  });
  changeMonth(ctx, wijkCode, at, (m) => {
    m.clientsWithSupportChange += sign;
    m.weeklyHoursChange += sign * hours;
  });
}

/** Replaces a client's active supports: the wijk figures lose the old set and gain the new one. */
function setSupports(ctx: ProjectionContext, clientId: string, wijkCode: string, at: string, change: (supports: ClientNetwork['supports']) => ClientNetwork['supports']) {
  const before = ctx.get<ClientNetwork>('client', clientId);
  const old = before?.supports ?? [];
  const next = change(old);
  carry(ctx, before?.wijkCode ?? wijkCode, old, -1, at);
  carry(ctx, wijkCode, next, 1, at);
  ctx.update<ClientNetwork>('client', clientId, () => ({ clientId, wijkCode, supports: next }));
}

/** "Van formeel naar informeel": informal support, referrals made and avoided, afschalingen carried by the network, per wijk and month. */
export const networkProjection: Projection = {
  name: 'network',
  version: 2,
  indexes: { wijk: ['gemeenteCode'], month: ['wijkCode', 'gemeenteCode', 'month'] },
  handles: ['NetworkMemberAdded', 'InformalSupportStarted', 'InformalSupportEnded', 'ReferralMade', 'ReferralAvoided', 'CareScaledDown', 'ClientTransferred', 'ClientDataErased', 'TrajectoryClosed'],

  keys(e: ProjectedEvent): DocKey[] {
    const { type, data: d } = e;
    switch (type) {
      case 'NetworkMemberAdded':
      case 'ReferralMade':
      case 'ReferralAvoided':
      case 'CareScaledDown':
        return [monthKey(d.wijkCode, e.occurredAt)];
      case 'InformalSupportStarted':
      case 'InformalSupportEnded':
        return [clientKey(d.clientId), wijkKey(d.wijkCode), monthKey(d.wijkCode, e.occurredAt)];
      case 'ClientTransferred':
        return [clientKey(d.clientId), wijkKey(d.from.wijkCode), wijkKey(d.to.wijkCode), monthKey(d.from.wijkCode, e.occurredAt), monthKey(d.to.wijkCode, e.occurredAt)];
      case 'ClientDataErased':
      case 'TrajectoryClosed':
        return [clientKey(d.clientId), wijkKey(d.wijkCode), monthKey(d.wijkCode, e.occurredAt)];
      default:
        return [];
    }
  },

  apply(e: ProjectedEvent, ctx: ProjectionContext): void {
    const { type, data: d } = e;
    switch (type) {
      case 'NetworkMemberAdded':
        return bump(ctx, d.wijkCode, e.occurredAt, 'membersAdded');
      case 'ReferralMade':
        return bump(ctx, d.wijkCode, e.occurredAt, 'referralsMade');
      case 'ReferralAvoided':
        return bump(ctx, d.wijkCode, e.occurredAt, 'referralsAvoided');
      case 'CareScaledDown':
        // carriedByNetwork is written on afschalingen since the network capability; older ones were not carried.
        return (d as { carriedByNetwork?: boolean }).carriedByNetwork === true ? bump(ctx, d.wijkCode, e.occurredAt, 'afschalingen', 'afschalingenCarriedByNetwork') : bump(ctx, d.wijkCode, e.occurredAt, 'afschalingen');
      case 'InformalSupportStarted':
        setSupports(ctx, d.clientId, d.wijkCode, e.occurredAt, (supports) => [...supports.filter((s) => s.supportId !== d.supportId), { supportId: d.supportId, hoursPerWeek: d.hoursPerWeek }]);
        return bump(ctx, d.wijkCode, e.occurredAt, 'supportsStarted');
      case 'InformalSupportEnded':
        setSupports(ctx, d.clientId, d.wijkCode, e.occurredAt, (supports) => supports.filter((s) => s.supportId !== d.supportId));
        return bump(ctx, d.wijkCode, e.occurredAt, 'supportsEnded');
      case 'ClientTransferred':
        // The support goes along with the client (the network is the person's, not the wijk's).
        if (ctx.get<ClientNetwork>('client', d.clientId)) setSupports(ctx, d.clientId, d.to.wijkCode, e.occurredAt, (supports) => supports);
        return;
      // A closed trajectory takes no more commands: its supports can no longer end, so they stop counting with it.
      case 'ClientDataErased':
      case 'TrajectoryClosed':
        if (ctx.get<ClientNetwork>('client', d.clientId)) setSupports(ctx, d.clientId, d.wijkCode, e.occurredAt, () => []);
        return;
    }
  },
};
