import { ProjectedEvent, Projection, ProjectionContext, gemeenteOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

export interface TeamStaffMember {
  staffId: string;
  role: string;
  hoursPerWeek: number;
  since: string;
}
export interface OpenTeamPlaceOffer {
  offerId: string;
  clientId: string;
  kind: string;
  urgency: string;
  waitingSince: string;
  reservedUntil: string;
  overCapacity: boolean;
  offeredAt: string;
  overriddenBy: string | null;
}
export interface TeamPlaceWaiter {
  clientId: string;
  kind: string;
  urgency: string;
  since: string;
}
export interface ActiveOverCapacity {
  clientId: string;
  decidedBy: string;
  reason: string;
  grantedAt: string;
  until: string;
}

/**
 * One wooncirkel team: who works in it (staff codes, roles, hours), which clients hold a place and who
 * their vaste begeleider is, who waits for a place, open offers of freed places, over-capacity.
 * Person-level (staff codes, client ids): read per wooncirkel by those who work there.
 */
export interface TeamComposition extends Doc {
  wooncirkelId: string;
  wijkCode: string;
  gemeenteCode: string;
  teamId: string;
  providerId: string;
  caseloadCapacity: number;
  staff: TeamStaffMember[];
  staffCount: number;
  hoursPerWeek: number;
  hasErvaringsdeskundige: boolean;
  teamClientIds: string[];
  /** Vaste begeleider per client of this wooncirkel (a staff code). */
  begeleiderOf: Record<string, string>;
  /** Clients holding a team place whose begeleider is missing or has left the team. */
  withoutBegeleider: string[];
  waiting: TeamPlaceWaiter[];
  openOffers: OpenTeamPlaceOffer[];
  overCapacity: ActiveOverCapacity[];
}

/** One client's continuity: how often its vaste begeleider changed. */
export interface ClientContinuity extends Doc {
  clientId: string;
  wooncirkelId: string;
  begeleiderStaffId: string | null;
  begeleiderSince: string | null;
  assignments: number;
  /** Changes of begeleider while one was assigned (first assignments excluded). */
  changes: number;
}

const teamKey = (wooncirkelId: string): DocKey => ({ collection: 'team', id: wooncirkelId });
const clientKey = (clientId: string): DocKey => ({ collection: 'client', id: clientId });

function refresh(team: TeamComposition): TeamComposition {
  team.staffCount = team.staff.length;
  team.hoursPerWeek = team.staff.reduce((sum, s) => sum + s.hoursPerWeek, 0);
  team.hasErvaringsdeskundige = team.staff.some((s) => s.role === 'ervaringsdeskundige');
  const onTeam = new Set(team.staff.map((s) => s.staffId));
  team.withoutBegeleider = team.teamClientIds.filter((c) => !Object.hasOwn(team.begeleiderOf, c) || !onTeam.has(team.begeleiderOf[c])).sort();
  return team;
}

/** Team composition per wooncirkel, clients without vaste begeleider, open place offers, begeleider changes per client. */
export const continuityProjection: Projection = {
  name: 'continuity',
  version: 1,
  indexes: { team: ['wooncirkelId', 'wijkCode', 'gemeenteCode', 'hasErvaringsdeskundige'], client: ['wooncirkelId'] },
  handles: [
    'WooncirkelRegistered',
    'TeamCapacityChanged',
    'TeamPlaceClaimed',
    'TeamPlaceReleased',
    'StaffJoinedTeam',
    'StaffLeftTeam',
    'TeamPlaceWaitStarted',
    'TeamPlaceWaitEnded',
    'TeamPlaceOffered',
    'TeamPlaceOfferOverridden',
    'TeamOverCapacityGranted',
    'TeamOverCapacityAbsorbed',
    'BegeleiderAssigned',
    'ClientTransferred',
    'ClientDataErased',
  ],

  keys(e: ProjectedEvent): DocKey[] {
    switch (e.type) {
      case 'BegeleiderAssigned':
        return [teamKey(e.data.wooncirkelId), clientKey(e.data.clientId)];
      case 'ClientTransferred':
        return [teamKey(e.data.from.wooncirkelId), clientKey(e.data.clientId)];
      case 'ClientDataErased':
        return [clientKey(e.data.clientId)];
      default:
        return 'wooncirkelId' in e.data && typeof e.data.wooncirkelId === 'string' ? [teamKey(e.data.wooncirkelId)] : [];
    }
  },

  apply(e: ProjectedEvent, ctx: ProjectionContext): void {
    const onTeam = (wooncirkelId: string, change: (team: TeamComposition) => void) =>
      ctx.update<TeamComposition>('team', wooncirkelId, (team) => {
        if (!team) return null;
        change(team);
        return refresh(team);
      });
    switch (e.type) {
      case 'WooncirkelRegistered': {
        const d = e.data;
        ctx.update<TeamComposition>('team', d.wooncirkelId, () =>
          refresh({
            wooncirkelId: d.wooncirkelId,
            wijkCode: d.wijkCode,
            gemeenteCode: gemeenteOf(d.wijkCode),
            teamId: d.team.teamId,
            providerId: d.team.providerId,
            caseloadCapacity: d.team.caseloadCapacity,
            staff: [],
            staffCount: 0,
            hoursPerWeek: 0,
            hasErvaringsdeskundige: false,
            teamClientIds: [],
            begeleiderOf: {},
            withoutBegeleider: [],
            waiting: [],
            openOffers: [],
            overCapacity: [],
          }),
        );
        return;
      }
      case 'TeamCapacityChanged':
        return onTeam(e.data.wooncirkelId, (t) => void (t.caseloadCapacity = e.data.to));
      case 'TeamPlaceClaimed':
        return onTeam(e.data.wooncirkelId, (t) => {
          t.teamClientIds = [...new Set([...t.teamClientIds, e.data.clientId])];
          t.waiting = t.waiting.filter((w) => w.clientId !== e.data.clientId);
          t.openOffers = t.openOffers.filter((o) => o.clientId !== e.data.clientId);
        });
      case 'TeamPlaceReleased':
        return onTeam(e.data.wooncirkelId, (t) => void (t.teamClientIds = t.teamClientIds.filter((c) => c !== e.data.clientId)));
      case 'StaffJoinedTeam':
        return onTeam(e.data.wooncirkelId, (t) => void (t.staff = [...t.staff.filter((s) => s.staffId !== e.data.staffId), { staffId: e.data.staffId, role: e.data.role, hoursPerWeek: e.data.hoursPerWeek, since: e.occurredAt }]));
      case 'StaffLeftTeam':
        return onTeam(e.data.wooncirkelId, (t) => void (t.staff = t.staff.filter((s) => s.staffId !== e.data.staffId)));
      case 'TeamPlaceWaitStarted':
        return onTeam(e.data.wooncirkelId, (t) => void (t.waiting = [...t.waiting.filter((w) => w.clientId !== e.data.clientId), { clientId: e.data.clientId, kind: e.data.kind, urgency: e.data.urgency, since: e.occurredAt }]));
      case 'TeamPlaceWaitEnded':
        return onTeam(e.data.wooncirkelId, (t) => {
          t.waiting = t.waiting.filter((w) => w.clientId !== e.data.clientId);
          t.openOffers = t.openOffers.filter((o) => o.clientId !== e.data.clientId);
        });
      case 'TeamPlaceOffered': {
        const d = e.data;
        return onTeam(d.wooncirkelId, (t) => void t.openOffers.push({ offerId: d.offerId, clientId: d.clientId, kind: d.kind, urgency: d.urgency, waitingSince: d.waitingSince, reservedUntil: d.reservedUntil, overCapacity: d.overCapacity, offeredAt: e.occurredAt, overriddenBy: null }));
      }
      case 'TeamPlaceOfferOverridden': {
        const d = e.data;
        return onTeam(d.wooncirkelId, (t) => {
          const waiter = t.waiting.find((w) => w.clientId === d.toClientId);
          t.openOffers = t.openOffers.map((o) => (o.offerId === d.offerId ? { ...o, clientId: d.toClientId, kind: d.kind, urgency: waiter?.urgency ?? o.urgency, waitingSince: waiter?.since ?? o.waitingSince, reservedUntil: d.reservedUntil, overriddenBy: d.decidedBy } : o));
        });
      }
      case 'TeamOverCapacityGranted': {
        const d = e.data;
        return onTeam(d.wooncirkelId, (t) => void t.overCapacity.push({ clientId: d.clientId, decidedBy: d.decidedBy, reason: d.reason, grantedAt: e.occurredAt, until: d.until }));
      }
      case 'TeamOverCapacityAbsorbed':
        return onTeam(e.data.wooncirkelId, (t) => {
          const index = t.overCapacity.findIndex((g) => g.clientId === e.data.clientId && g.grantedAt === e.data.grantedAt);
          if (index >= 0) t.overCapacity.splice(index, 1);
        });
      case 'BegeleiderAssigned': {
        const d = e.data;
        // In place: the map holds every client ever assigned, and a copy per assignment made rebuilds quadratic.
        // Defined, not assigned: a client id may be "__proto__" (ids are user-chosen), which must stay an own key.
        onTeam(d.wooncirkelId, (t) => void Object.defineProperty(t.begeleiderOf, d.clientId, { value: d.staffId, enumerable: true, writable: true, configurable: true }));
        ctx.update<ClientContinuity>('client', d.clientId, (c) => ({
          clientId: d.clientId,
          wooncirkelId: d.wooncirkelId,
          begeleiderStaffId: d.staffId,
          begeleiderSince: e.occurredAt,
          assignments: (c?.assignments ?? 0) + 1,
          changes: (c?.changes ?? 0) + (d.previousStaffId ? 1 : 0),
        }));
        return;
      }
      case 'ClientTransferred': {
        const d = e.data;
        // The old team's begeleider stays behind: on the new team the client has none until assigned.
        onTeam(d.from.wooncirkelId, (t) => {
          delete t.begeleiderOf[d.clientId];
        });
        ctx.update<ClientContinuity>('client', d.clientId, (c) => (c ? { ...c, wooncirkelId: d.to.wooncirkelId, begeleiderStaffId: null, begeleiderSince: null } : null));
        return;
      }
      case 'ClientDataErased':
        ctx.update<ClientContinuity>('client', e.data.clientId, () => null);
        return;
    }
  },
};
