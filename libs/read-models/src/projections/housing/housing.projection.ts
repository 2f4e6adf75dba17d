import { CLIENT_ORIGINS, HousingType, ReciprocityContribution, WooncirkelForm } from '@wijkzorg/domain';
import { ProjectedEvent, Projection, ProjectionContext, gemeenteOf, monthOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

export const HOME_STATES = ['vacant', 'reserved', 'occupied'] as const;
export type HomeStatus = (typeof HOME_STATES)[number];

/** One home as its owner sees it: where, what kind, and whether it is free. Names no client. */
export interface HomeDoc extends Doc {
  homeId: string;
  wooncirkelId: string;
  wijkCode: string;
  gemeenteCode: string;
  housingType: HousingType;
  /** The owning corporation; 'onbekend' for homes registered before owners were recorded. */
  owner: string;
  travelMinutesToKern: number;
  status: HomeStatus;
  /** Since when the home has its status. */
  since: string;
}

/** What 'origin' a request from before origins were recorded counts under. */
export const ORIGIN_NOT_RECORDED = 'niet_vastgelegd';
export const ORIGIN_KEYS = [...CLIENT_ORIGINS, ORIGIN_NOT_RECORDED] as const;
export type OriginKey = (typeof ORIGIN_KEYS)[number];

/** Housing requests of one wijk in one month, by where the clients came from. */
export interface HousingOriginMonth extends Doc {
  wijkCode: string;
  gemeenteCode: string;
  month: string;
  requests: number;
  byOrigin: Record<OriginKey, number>;
}

export interface ContributionDelivered {
  hours: number;
  times: number;
  /** Months in which something of it was delivered. */
  months: string[];
}

/** Wederkerigheid of one client (person level, pseudonymous id): agreed now, and delivered over time. */
export interface ReciprocityDoc extends Doc {
  clientId: string;
  wooncirkelId: string;
  wijkCode: string;
  gemeenteCode: string;
  agreed: ReciprocityContribution[];
  agreedSince: string;
  changes: number;
  delivered: Partial<Record<ReciprocityContribution, ContributionDelivered>>;
  /** Agreed contributions with at least one delivery. */
  agreedDelivered: number;
  lastDeliveredMonth: string | null;
}

/** Where a wooncirkel lies and its form: a home added later is placed by it. */
export interface WooncirkelPlace extends Doc {
  wooncirkelId: string;
  wijkCode: string;
  form: WooncirkelForm;
}

const wooncirkelKey = (wooncirkelId: string): DocKey => ({ collection: 'wooncirkel', id: wooncirkelId });
const homeKey = (wooncirkelId: string, homeId: string): DocKey => ({ collection: 'home', id: `${wooncirkelId}:${homeId}` });
const originKey = (wijkCode: string, at: string): DocKey => ({ collection: 'origin', id: `${wijkCode}:${monthOf(at)}` });
const reciprocityKey = (clientId: string): DocKey => ({ collection: 'reciprocity', id: clientId });

const zeroOrigins = () => Object.fromEntries(ORIGIN_KEYS.map((o) => [o, 0])) as Record<OriginKey, number>;

function setStatus(ctx: ProjectionContext, wooncirkelId: string, homeId: string, status: HomeStatus, since: string) {
  ctx.update<HomeDoc>('home', `${wooncirkelId}:${homeId}`, (h) => (h ? { ...h, status, since } : null));
}

function addHome(ctx: ProjectionContext, wooncirkelId: string, wijkCode: string, home: { homeId: string; housingType: HousingType; owner: string | null; travelMinutesToKern: number }, at: string) {
  ctx.update<HomeDoc>('home', `${wooncirkelId}:${home.homeId}`, () => ({
    homeId: home.homeId,
    wooncirkelId,
    wijkCode,
    gemeenteCode: gemeenteOf(wijkCode),
    housingType: home.housingType,
    owner: home.owner ?? 'onbekend',
    travelMinutesToKern: home.travelMinutesToKern,
    status: 'vacant',
    since: at,
  }));
}

const countAgreedDelivered = (doc: ReciprocityDoc) => doc.agreed.filter((c) => (doc.delivered[c]?.months.length ?? 0) > 0).length;

/**
 * Housing: the homes per owning corporation and their state, where housing requests come from (uitstroom
 * from intramural care), and reciprocity agreed vs delivered per client.
 */
export const housingProjection: Projection = {
  name: 'housing',
  version: 1,
  indexes: { home: ['owner', 'wijkCode', 'gemeenteCode', 'status', 'housingType'], origin: ['wijkCode', 'gemeenteCode', 'month'], reciprocity: ['wooncirkelId', 'wijkCode', 'gemeenteCode'] },
  handles: ['WooncirkelRegistered', 'HomeAdded', 'HomeReserved', 'HomeReservationReleased', 'HomeOccupied', 'HomeVacated', 'HousingRequested', 'HousingMatched', 'ReciprocityAgreementChanged', 'ReciprocityDelivered', 'ClientTransferred', 'ClientDataErased'],

  keys(e: ProjectedEvent): DocKey[] {
    const { type, data: d } = e;
    switch (type) {
      case 'WooncirkelRegistered':
        return [wooncirkelKey(d.wooncirkelId), ...d.homes.map((h) => homeKey(d.wooncirkelId, h.homeId))];
      case 'HomeAdded':
        return [wooncirkelKey(d.wooncirkelId), homeKey(d.wooncirkelId, d.home.homeId)];
      case 'HomeReserved':
      case 'HomeReservationReleased':
      case 'HomeOccupied':
      case 'HomeVacated':
        return [homeKey(d.wooncirkelId, d.homeId)];
      case 'HousingRequested':
        return [originKey(d.wijkCode, e.occurredAt)];
      case 'HousingMatched':
      case 'ReciprocityAgreementChanged':
      case 'ReciprocityDelivered':
      case 'ClientTransferred':
      case 'ClientDataErased':
        return [reciprocityKey(d.clientId)];
      default:
        return [];
    }
  },

  apply(e: ProjectedEvent, ctx: ProjectionContext): void {
    const { type, data: d } = e;
    switch (type) {
      case 'WooncirkelRegistered':
        ctx.update<WooncirkelPlace>('wooncirkel', d.wooncirkelId, () => ({ wooncirkelId: d.wooncirkelId, wijkCode: d.wijkCode, form: d.form }));
        for (const h of d.homes) addHome(ctx, d.wooncirkelId, d.wijkCode, h, e.occurredAt);
        return;
      case 'HomeAdded': {
        const place = ctx.get<WooncirkelPlace>('wooncirkel', d.wooncirkelId);
        if (place) addHome(ctx, d.wooncirkelId, place.wijkCode, d.home, e.occurredAt);
        return;
      }
      case 'HomeReserved':
        setStatus(ctx, d.wooncirkelId, d.homeId, 'reserved', e.occurredAt);
        return;
      case 'HomeOccupied':
        setStatus(ctx, d.wooncirkelId, d.homeId, 'occupied', e.occurredAt);
        return;
      case 'HomeReservationReleased':
      case 'HomeVacated':
        setStatus(ctx, d.wooncirkelId, d.homeId, 'vacant', e.occurredAt);
        return;
      case 'HousingRequested':
        ctx.update<HousingOriginMonth>('origin', `${d.wijkCode}:${monthOf(e.occurredAt)}`, (m) => {
          const doc = m ?? { wijkCode: d.wijkCode, gemeenteCode: gemeenteOf(d.wijkCode), month: monthOf(e.occurredAt), requests: 0, byOrigin: zeroOrigins() };
          doc.requests += 1;
          doc.byOrigin[d.origin ?? ORIGIN_NOT_RECORDED] += 1;
          return doc;
        });
        return;
      case 'HousingMatched':
        ctx.update<ReciprocityDoc>('reciprocity', d.clientId, (r) => {
          const doc: ReciprocityDoc = r ?? { clientId: d.clientId, wooncirkelId: d.wooncirkelId, wijkCode: d.wijkCode, gemeenteCode: gemeenteOf(d.wijkCode), agreed: [], agreedSince: e.occurredAt, changes: 0, delivered: {}, agreedDelivered: 0, lastDeliveredMonth: null };
          // A later match (a new home) makes a new agreement.
          doc.agreed = [...d.reciprocity];
          doc.agreedSince = e.occurredAt;
          doc.agreedDelivered = countAgreedDelivered(doc);
          return doc;
        });
        return;
      case 'ReciprocityAgreementChanged':
        ctx.update<ReciprocityDoc>('reciprocity', d.clientId, (r) => {
          if (!r) return null;
          r.agreed = [...d.to];
          r.changes += 1;
          r.agreedDelivered = countAgreedDelivered(r);
          return r;
        });
        return;
      case 'ReciprocityDelivered':
        ctx.update<ReciprocityDoc>('reciprocity', d.clientId, (r) => {
          if (!r) return null;
          const c = r.delivered[d.contribution] ?? { hours: 0, times: 0, months: [] };
          c.hours += d.hours ?? 0;
          c.times += d.times ?? 0;
          if (!c.months.includes(d.month)) c.months = [...c.months, d.month].sort();
          r.delivered = { ...r.delivered, [d.contribution]: c };
          r.agreedDelivered = countAgreedDelivered(r);
          r.lastDeliveredMonth = r.lastDeliveredMonth && r.lastDeliveredMonth > d.month ? r.lastDeliveredMonth : d.month;
          return r;
        });
        return;
      case 'ClientTransferred':
        ctx.update<ReciprocityDoc>('reciprocity', d.clientId, (r) => (r ? { ...r, wooncirkelId: d.to.wooncirkelId, wijkCode: d.to.wijkCode, gemeenteCode: gemeenteOf(d.to.wijkCode) } : null));
        return;
      case 'ClientDataErased':
        // Person-level: an erased client's reciprocity leaves the read model.
        ctx.update<ReciprocityDoc>('reciprocity', d.clientId, () => null);
        return;
    }
  },
};
