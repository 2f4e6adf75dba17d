import { CARE_INTENSITIES, CARE_SETTINGS, CareIntensity, CareSetting } from '@wijkzorg/domain';
import { ProjectedEvent, Projection, ProjectionContext, gemeenteOf, monthOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/** "Caseload of wijken instead of caseload of clients": per wijk, wooncirkel and month. */
export type IntensityCounts = Record<CareIntensity, number>;
export type SettingCounts = Record<CareSetting, number>;

export interface WijkCaseload extends Doc {
  wijkCode: string;
  wijkName: string;
  gemeenteCode: string;
  gemeenteName: string;
  wooncirkels: number;
  clients: number;
  clientsByIntensity: IntensityCounts;
  clientsBySetting: SettingCounts;
  teamCapacity: number;
  teamClients: number;
  /** teamClients / teamCapacity, 0 when there is no capacity. */
  utilisation: number;
  scaledUp: number;
  scaledDown: number;
  /** Scaling steps taken while the client stayed in the same home. */
  stayedInHomeSteps: number;
}

export interface WooncirkelCaseload extends Doc {
  wooncirkelId: string;
  wijkCode: string;
  gemeenteCode: string;
  name: string;
  teamId: string;
  providerId: string;
  teamCapacity: number;
  teamClients: number;
  utilisation: number;
  clients: number;
  clientsByIntensity: IntensityCounts;
  clientsBySetting: SettingCounts;
}

/** Where each client is counted now: v1 steps upcast with the setting their old level implied, so a step can change the setting of old data. */
interface CaseloadClient extends Doc {
  clientId: string;
  wijkCode: string;
  wooncirkelId: string;
  intensity: CareIntensity;
  setting: CareSetting;
}
type Counted = Pick<CaseloadClient, 'wijkCode' | 'wooncirkelId' | 'intensity' | 'setting'>;

/**
 * Flows of one wijk in one month. Inflow: intakes and clients transferred in from another wijk;
 * outflow: clients transferred to another wijk, erased clients and closed trajectories. A move between two wooncirkels of
 * one wijk is no flow of that wijk. A move between two wijken of one gemeente is a flow of both wijken
 * but not of the gemeente: summing to the gemeente, subtract `inflowWithinGemeente` and
 * `outflowWithinGemeente` (the part of inflow and outflow that stayed inside the gemeente). Summing to the
 * whole region, subtract `inflowWithinRegion` and `outflowWithinRegion` (every move from or to another wijk:
 * every wijk a client can be placed in is part of the region), which leaves intakes and erasures.
 */
export interface WijkMonth extends Doc {
  wijkCode: string;
  gemeenteCode: string;
  month: string;
  inflow: number;
  outflow: number;
  inflowWithinGemeente: number;
  outflowWithinGemeente: number;
  inflowWithinRegion: number;
  outflowWithinRegion: number;
  scaledUp: number;
  scaledDown: number;
  stayedInHomeSteps: number;
}

const zeroIntensities = (): IntensityCounts => Object.fromEntries(CARE_INTENSITIES.map((i) => [i, 0])) as IntensityCounts;
const zeroSettings = (): SettingCounts => Object.fromEntries(CARE_SETTINGS.map((s) => [s, 0])) as SettingCounts;
const utilisation = (clients: number, capacity: number) => (capacity > 0 ? Math.round((clients / capacity) * 1000) / 1000 : 0);

const wijkKey = (wijkCode: string): DocKey => ({ collection: 'wijk', id: wijkCode });
const wooncirkelKey = (id: string): DocKey => ({ collection: 'wooncirkel', id });
const clientKey = (clientId: string): DocKey => ({ collection: 'client', id: clientId });
const monthKey = (wijkCode: string, at: string): DocKey => ({ collection: 'month', id: `${wijkCode}:${monthOf(at)}` });

function bumpMonth(ctx: ProjectionContext, wijkCode: string, at: string, change: (m: WijkMonth) => void) {
  ctx.update<WijkMonth>('month', `${wijkCode}:${monthOf(at)}`, (m) => {
    const doc = m ?? { wijkCode, gemeenteCode: gemeenteOf(wijkCode), month: monthOf(at), inflow: 0, outflow: 0, inflowWithinGemeente: 0, outflowWithinGemeente: 0, inflowWithinRegion: 0, outflowWithinRegion: 0, scaledUp: 0, scaledDown: 0, stayedInHomeSteps: 0 };
    change(doc);
    return doc;
  });
}

function count(ctx: ProjectionContext, client: Counted, delta: 1 | -1) {
  for (const [collection, id] of [
    ['wijk', client.wijkCode],
    ['wooncirkel', client.wooncirkelId],
  ] as const) {
    ctx.update<WijkCaseload | WooncirkelCaseload>(collection, id, (doc) => {
      if (!doc) return null;
      doc.clients += delta;
      doc.clientsByIntensity[client.intensity] += delta;
      doc.clientsBySetting[client.setting] += delta;
      return doc;
    });
  }
}

/** Moves the client's count from where it was (its client document, or `fallback` for a client not seen) to `next`. */
function recount(ctx: ProjectionContext, clientId: string, fallback: Counted, change: (was: Counted) => Counted | null) {
  const was = ctx.get<CaseloadClient>('client', clientId) ?? fallback;
  const next = change(was);
  count(ctx, was, -1);
  if (next) count(ctx, next, 1);
  ctx.update<CaseloadClient>('client', clientId, () => (next ? { clientId, wijkCode: next.wijkCode, wooncirkelId: next.wooncirkelId, intensity: next.intensity, setting: next.setting } : null));
}

export const caseloadProjection: Projection = {
  name: 'caseload',
  version: 4,
  indexes: { wijk: ['gemeenteCode'], wooncirkel: ['wijkCode', 'gemeenteCode'], month: ['wijkCode', 'gemeenteCode'] },
  handles: ['WijkRegistered', 'WooncirkelRegistered', 'TeamCapacityChanged', 'TeamPlaceClaimed', 'TeamPlaceReleased', 'IntakeRegistered', 'CareScaledUp', 'CareScaledDown', 'ClientMovedIn', 'ClientMovedOut', 'ClientMoved', 'ClientTransferred', 'ClientDataErased', 'TrajectoryClosed'],

  keys(e: ProjectedEvent): DocKey[] {
    const { type, data: d } = e;
    switch (type) {
      case 'WijkRegistered':
        return [wijkKey(d.wijkCode)];
      case 'WooncirkelRegistered':
      case 'TeamCapacityChanged':
      case 'TeamPlaceClaimed':
      case 'TeamPlaceReleased':
        return [wijkKey(d.wijkCode), wooncirkelKey(d.wooncirkelId)];
      case 'IntakeRegistered':
        return [wijkKey(d.placement.wijkCode), wooncirkelKey(d.placement.wooncirkelId), monthKey(d.placement.wijkCode, e.occurredAt), clientKey(d.clientId)];
      case 'CareScaledUp':
      case 'CareScaledDown':
        return [wijkKey(d.wijkCode), wooncirkelKey(d.wooncirkelId), monthKey(d.wijkCode, e.occurredAt), clientKey(d.clientId)];
      case 'ClientMovedIn':
      case 'ClientMovedOut':
      case 'ClientMoved':
        return [wijkKey(d.wijkCode), wooncirkelKey(d.wooncirkelId), clientKey(d.clientId)];
      case 'ClientTransferred':
        return [wijkKey(d.from.wijkCode), wooncirkelKey(d.from.wooncirkelId), monthKey(d.from.wijkCode, e.occurredAt), wijkKey(d.to.wijkCode), wooncirkelKey(d.to.wooncirkelId), monthKey(d.to.wijkCode, e.occurredAt), clientKey(d.clientId)];
      case 'ClientDataErased':
        // Version 1 erasures (upcast with wooncirkelId null) did not say where the client was: they stay counted.
        return d.wooncirkelId ? [wijkKey(d.wijkCode), wooncirkelKey(d.wooncirkelId), monthKey(d.wijkCode, e.occurredAt), clientKey(d.clientId)] : [];
      case 'TrajectoryClosed':
        return [wijkKey(d.wijkCode), wooncirkelKey(d.wooncirkelId), monthKey(d.wijkCode, e.occurredAt), clientKey(d.clientId)];
      default:
        return [];
    }
  },

  apply(e: ProjectedEvent, ctx: ProjectionContext): void {
    const { type, data: d } = e;
    switch (type) {
      case 'WijkRegistered':
        ctx.update<WijkCaseload>('wijk', d.wijkCode, () => ({
          wijkCode: d.wijkCode,
          wijkName: d.wijkName,
          gemeenteCode: d.gemeenteCode,
          gemeenteName: d.gemeenteName,
          wooncirkels: 0,
          clients: 0,
          clientsByIntensity: zeroIntensities(),
          clientsBySetting: zeroSettings(),
          teamCapacity: 0,
          teamClients: 0,
          utilisation: 0,
          scaledUp: 0,
          scaledDown: 0,
          stayedInHomeSteps: 0,
        }));
        return;
      case 'WooncirkelRegistered':
        ctx.update<WooncirkelCaseload>('wooncirkel', d.wooncirkelId, () => ({
          wooncirkelId: d.wooncirkelId,
          wijkCode: d.wijkCode,
          gemeenteCode: gemeenteOf(d.wijkCode),
          name: d.name,
          teamId: d.team.teamId,
          providerId: d.team.providerId,
          teamCapacity: d.team.caseloadCapacity,
          teamClients: 0,
          utilisation: 0,
          clients: 0,
          clientsByIntensity: zeroIntensities(),
          clientsBySetting: zeroSettings(),
        }));
        ctx.update<WijkCaseload>('wijk', d.wijkCode, (w) => {
          if (!w) return null;
          w.wooncirkels += 1;
          w.teamCapacity += d.team.caseloadCapacity;
          w.utilisation = utilisation(w.teamClients, w.teamCapacity);
          return w;
        });
        return;
      case 'TeamCapacityChanged':
      case 'TeamPlaceClaimed':
      case 'TeamPlaceReleased': {
        const capacityDelta = type === 'TeamCapacityChanged' ? d.to - d.from : 0;
        const clientDelta = e.type === 'TeamPlaceClaimed' ? 1 : e.type === 'TeamPlaceReleased' ? -1 : 0;
        for (const collection of ['wijk', 'wooncirkel'] as const) {
          ctx.update<WijkCaseload | WooncirkelCaseload>(collection, collection === 'wijk' ? d.wijkCode : d.wooncirkelId, (doc) => {
            if (!doc) return null;
            doc.teamCapacity += capacityDelta;
            doc.teamClients += clientDelta;
            doc.utilisation = utilisation(doc.teamClients, doc.teamCapacity);
            return doc;
          });
        }
        return;
      }
      case 'IntakeRegistered': {
        const client: Counted = { wijkCode: d.placement.wijkCode, wooncirkelId: d.placement.wooncirkelId, intensity: 'geen', setting: d.setting };
        count(ctx, client, 1);
        ctx.update<CaseloadClient>('client', d.clientId, () => ({ clientId: d.clientId, ...client }));
        bumpMonth(ctx, d.placement.wijkCode, e.occurredAt, (m) => (m.inflow += 1));
        return;
      }
      case 'CareScaledUp':
      case 'CareScaledDown': {
        const up = e.type === 'CareScaledUp';
        const fallback: Counted = { wijkCode: d.wijkCode, wooncirkelId: d.wooncirkelId, intensity: d.fromIntensity, setting: d.setting };
        recount(ctx, d.clientId, fallback, (was) => ({ ...was, intensity: d.toIntensity, setting: d.setting }));
        ctx.update<WijkCaseload>('wijk', d.wijkCode, (w) => {
          if (!w) return null;
          if (up) w.scaledUp += 1;
          else w.scaledDown += 1;
          if (d.stayedInHome) w.stayedInHomeSteps += 1;
          return w;
        });
        bumpMonth(ctx, d.wijkCode, e.occurredAt, (m) => {
          if (up) m.scaledUp += 1;
          else m.scaledDown += 1;
          if (d.stayedInHome) m.stayedInHomeSteps += 1;
        });
        return;
      }
      case 'ClientMovedIn':
      case 'ClientMovedOut':
      case 'ClientMoved': {
        const fallback: Counted = { wijkCode: d.wijkCode, wooncirkelId: d.wooncirkelId, intensity: 'geen', setting: d.fromSetting };
        recount(ctx, d.clientId, fallback, (was) => ({ ...was, setting: d.toSetting }));
        return;
      }
      case 'ClientTransferred': {
        const fallback: Counted = { wijkCode: d.from.wijkCode, wooncirkelId: d.from.wooncirkelId, intensity: d.intensity, setting: d.setting };
        recount(ctx, d.clientId, fallback, (was) => ({ ...was, wijkCode: d.to.wijkCode, wooncirkelId: d.to.wooncirkelId }));
        if (d.from.wijkCode === d.to.wijkCode) return;
        const withinGemeente = gemeenteOf(d.from.wijkCode) === gemeenteOf(d.to.wijkCode) ? 1 : 0;
        bumpMonth(ctx, d.from.wijkCode, e.occurredAt, (m) => {
          m.outflow += 1;
          m.outflowWithinGemeente += withinGemeente;
          m.outflowWithinRegion += 1;
        });
        bumpMonth(ctx, d.to.wijkCode, e.occurredAt, (m) => {
          m.inflow += 1;
          m.inflowWithinGemeente += withinGemeente;
          m.inflowWithinRegion += 1;
        });
        return;
      }
      case 'ClientDataErased':
        // An erased client leaves the caseload; its team place comes back as TeamPlaceReleased.
        if (!d.wooncirkelId || !d.intensity || !d.setting) return;
        recount(ctx, d.clientId, { wijkCode: d.wijkCode, wooncirkelId: d.wooncirkelId, intensity: d.intensity, setting: d.setting }, () => null);
        bumpMonth(ctx, d.wijkCode, e.occurredAt, (m) => (m.outflow += 1));
        return;
      case 'TrajectoryClosed':
        // A closed trajectory leaves the caseload like an erased one (its team place comes back as TeamPlaceReleased).
        recount(ctx, d.clientId, { wijkCode: d.wijkCode, wooncirkelId: d.wooncirkelId, intensity: d.intensity, setting: d.setting }, () => null);
        bumpMonth(ctx, d.wijkCode, e.occurredAt, (m) => (m.outflow += 1));
        return;
    }
  },
};
