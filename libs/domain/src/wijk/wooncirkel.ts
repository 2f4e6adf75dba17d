import { DecisionContext, Decider, EventOf, event, rule, assertClockTime, withPrototypeSafeMaps, ORGANISATION_CODE_PATTERN } from '../shared';
import { CareSetting } from '../shared/client-state';
import { TEAM_EVENT_TYPES, TeamCommand, TeamEvent, TeamState, decideTeam, evolveTeam, initialTeamState, placesAfterFreeing, teamPlaceClaimOf } from './team';
import { KernClosureState, KernCommand, KernEvent, decideKern, evolveKern } from './kern-closure';
import { DayAndNightCareCommand, DayAndNightCareEvent, DayAndNightCareState, decideDayAndNightCare, evolveDayAndNightCare } from './day-and-night-care';

/** Homes of a wooncirkel with the 10-minute rule lie within this many travel minutes of the kern. */
export const MAX_TRAVEL_MINUTES_TO_KERN = 10;
/** Any home, also a scattered Housing First home, lies within this many travel minutes of its team's base. */
export const MAX_RECORDED_TRAVEL_MINUTES = 240;

/**
 * How a home is lived in: an independent home in the circle around the kern, a home in a cluster with
 * intensive support, a scattered Housing First home, or a place in an intramural setting.
 */
export const HOUSING_TYPES = ['zelfstandig_in_cirkel', 'cluster', 'housing_first', 'intramuraal'] as const;
export type HousingType = (typeof HOUSING_TYPES)[number];
/** The setting a client lives in after moving into a home of this housing type (the one place this mapping lives). */
export function settingOfHome(housingType: HousingType): CareSetting {
  if (housingType === 'cluster') return 'clusterwoning';
  // An intramural place is not a home of the client's own in the circle.
  return housingType === 'intramuraal' ? 'elders' : 'eigen_woning_in_cirkel';
}

/** The home kinds of version 1 events (before housing types). */
export type LegacyHomeKind = 'cluster' | 'wooncirkel';
/** The one mapping of a v1 home kind to its housing type (upcasters and anything reading old homes use it). */
export const housingTypeOfLegacyKind = (kind: LegacyHomeKind): HousingType => (kind === 'cluster' ? 'cluster' : 'zelfstandig_in_cirkel');

/**
 * The form of a wooncirkel. Only a kern with its circle (Rochdale/Cordaan) has the 10-minute rule;
 * a Housing First team serves scattered homes ('s-Hertogenbosch Zuidoost), a cluster location is one site.
 */
export const WOONCIRKEL_FORMS = ['kern_met_cirkel', 'housing_first', 'clusterlocatie'] as const;
export type WooncirkelForm = (typeof WOONCIRKEL_FORMS)[number];
export const tenMinuteRuleApplies = (form: WooncirkelForm) => form === 'kern_met_cirkel';
/** Which housing types a wooncirkel of each form holds. */
export const HOUSING_TYPES_OF_FORM: Record<WooncirkelForm, readonly HousingType[]> = {
  kern_met_cirkel: ['zelfstandig_in_cirkel', 'cluster'],
  housing_first: ['housing_first'],
  clusterlocatie: ['cluster', 'intramuraal'],
};

/** Schema versions written now (v2: form, housing types and owners); older ones are upcast. */
export const WOONCIRKEL_REGISTERED_VERSION = 2;
export const HOME_ADDED_VERSION = 2;

export interface Home {
  homeId: string;
  address: string;
  housingType: HousingType;
  /** The corporation that owns (and alone offers) the home; null for homes registered before owners were recorded. */
  owner: string | null;
  travelMinutesToKern: number;
}
export interface Kern {
  name: string;
  opensAt: string;
  closesAt: string;
}
export interface Team {
  teamId: string;
  name: string;
  providerId: string;
  caseloadCapacity: number;
}

export interface RegisterWooncirkel {
  type: 'RegisterWooncirkel';
  wooncirkelId: string;
  wijkCode: string;
  name: string;
  form: WooncirkelForm;
  kern: Kern;
  team: Team;
  homes: Home[];
}
export interface AddHome {
  type: 'AddHome';
  home: Home;
}
export interface ChangeTeamCapacity {
  type: 'ChangeTeamCapacity';
  caseloadCapacity: number;
}
/** Internal commands, issued by the client command flow, that keep team places and homes consistent. */
export interface ClaimTeamPlace {
  type: 'ClaimTeamPlace';
  clientId: string;
}
export interface ReleaseTeamPlace {
  type: 'ReleaseTeamPlace';
  clientId: string;
}
export interface OccupyHome {
  type: 'OccupyHome';
  homeId: string;
  clientId: string;
}
export interface VacateHome {
  type: 'VacateHome';
  homeId: string;
  clientId: string;
}
/** An offer reserves the home for one client; the reservation holds through the match until move-in. */
export interface ReserveHome {
  type: 'ReserveHome';
  homeId: string;
  clientId: string;
  offerId: string;
}
export type ReservationReleaseReason = 'offer_declined' | 'offer_withdrawn' | 'client_erased' | 'trajectory_closed';
export interface ReleaseHomeReservation {
  type: 'ReleaseHomeReservation';
  homeId: string;
  clientId: string;
  reason: ReservationReleaseReason;
}
export type WooncirkelCommand = RegisterWooncirkel | AddHome | ChangeTeamCapacity | ClaimTeamPlace | ReleaseTeamPlace | OccupyHome | VacateHome | ReserveHome | ReleaseHomeReservation | TeamCommand | DayAndNightCareCommand | KernCommand;

export type WooncirkelRegistered = EventOf<'WooncirkelRegistered', Omit<RegisterWooncirkel, 'type'>>;
export type HomeAdded = EventOf<'HomeAdded', { wooncirkelId: string; home: Home }>;
export type TeamCapacityChanged = EventOf<'TeamCapacityChanged', { wooncirkelId: string; wijkCode: string; teamId: string; from: number; to: number }>;
export type TeamPlaceClaimed = EventOf<'TeamPlaceClaimed', { wooncirkelId: string; wijkCode: string; teamId: string; clientId: string }>;
export type TeamPlaceReleased = EventOf<'TeamPlaceReleased', { wooncirkelId: string; wijkCode: string; teamId: string; clientId: string }>;
export type HomeOccupied = EventOf<'HomeOccupied', { wooncirkelId: string; wijkCode: string; homeId: string; clientId: string }>;
export type HomeVacated = EventOf<'HomeVacated', { wooncirkelId: string; wijkCode: string; homeId: string; clientId: string }>;
export type HomeReserved = EventOf<'HomeReserved', { wooncirkelId: string; wijkCode: string; homeId: string; clientId: string; offerId: string }>;
export type HomeReservationReleased = EventOf<'HomeReservationReleased', { wooncirkelId: string; wijkCode: string; homeId: string; clientId: string; offerId: string; reason: ReservationReleaseReason }>;
export type WooncirkelEvent = WooncirkelRegistered | HomeAdded | TeamCapacityChanged | TeamPlaceClaimed | TeamPlaceReleased | HomeOccupied | HomeVacated | HomeReserved | HomeReservationReleased | TeamEvent | DayAndNightCareEvent | KernEvent;

export interface HomeState extends Home {
  occupantClientId?: string;
  reservedFor?: { clientId: string; offerId: string };
}

/** The team part (staff, waits for a place, offers, over-capacity) lives in ./team.ts. */
export interface WooncirkelState extends TeamState, DayAndNightCareState, KernClosureState {
  registered: boolean;
  wooncirkelId?: string;
  wijkCode?: string;
  name?: string;
  form?: WooncirkelForm;
  kern?: Kern;
  team?: Team;
  homes: Record<string, HomeState>;
  teamClientIds: string[];
}

function assertHome(home: Home, form: WooncirkelForm, field: string) {
  rule(Number.isInteger(home.travelMinutesToKern) && home.travelMinutesToKern >= 0 && home.travelMinutesToKern <= MAX_RECORDED_TRAVEL_MINUTES, 'invalid_travel_minutes', `${field}.travelMinutesToKern must be a whole number 0..${MAX_RECORDED_TRAVEL_MINUTES}`, `${field}.travelMinutesToKern`);
  rule(!tenMinuteRuleApplies(form) || home.travelMinutesToKern <= MAX_TRAVEL_MINUTES_TO_KERN, 'home_too_far_from_kern', `${field}.travelMinutesToKern must be 0..${MAX_TRAVEL_MINUTES_TO_KERN} minutes: homes of a wooncirkel (${form}) lie close to the kern`, `${field}.travelMinutesToKern`);
  rule(HOUSING_TYPES_OF_FORM[form].includes(home.housingType), 'housing_type_not_in_form', `${field}.housingType must be one of ${HOUSING_TYPES_OF_FORM[form].join(', ')} in a wooncirkel of form ${form}`, `${field}.housingType`);
  rule(typeof home.owner === 'string' && ORGANISATION_CODE_PATTERN.test(home.owner), 'invalid_owner', `${field}.owner must be the organisation code of the corporation that owns the home, e.g. parteon`, `${field}.owner`);
}

/** May this corporation offer the home? Only its owner; a home from before owners were recorded (owner null) by any corporation. */
export const mayOfferHome = (home: Pick<Home, 'owner'>, corporation: string) => home.owner === null || home.owner === corporation;

export function teamHasCapacity(state: WooncirkelState): boolean {
  return !!state.team && teamPlaceClaimOf(teamView(state), '') === 'grantable';
}

/** The team part as ./team.ts sees it. */
export const teamView = (state: WooncirkelState) => ({ ...state, caseloadCapacity: state.team?.caseloadCapacity ?? 0 });

/**
 * What a claim would get, decided purely against the loaded wooncirkel: the client command flow asks
 * this first, decides the client command with it, and only then writes the claim. The decider below
 * answers with the same functions, so both agree.
 */
export type ClaimOutcome = 'held' | 'grantable' | 'refused';
export interface HomeClaimOutcome {
  outcome: ClaimOutcome;
  /** Why it is refused. */
  code?: 'unknown_home' | 'home_occupied' | 'home_reserved';
}

export function teamPlaceClaim(state: WooncirkelState, clientId: string): ClaimOutcome {
  if (!state.team) return 'refused';
  // An offer reserves a place for its client; others get only a place nobody was offered.
  return teamPlaceClaimOf(teamView(state), clientId);
}

/** Reserving for an offer: a home under another offer, a match or an occupant is not available. */
export function homeReservationClaim(state: WooncirkelState, homeId: string, clientId: string, offerId: string): HomeClaimOutcome {
  const home = Object.hasOwn(state.homes, homeId) ? state.homes[homeId] : undefined;
  if (!home) return { outcome: 'refused', code: 'unknown_home' };
  if (home.reservedFor?.clientId === clientId && home.reservedFor.offerId === offerId) return { outcome: 'held' };
  if (home.occupantClientId) return { outcome: 'refused', code: 'home_occupied' };
  if (home.reservedFor) return { outcome: 'refused', code: 'home_reserved' };
  return { outcome: 'grantable' };
}

/** Moving in: the home must be empty and reserved for nobody else. */
export function homeOccupationClaim(state: WooncirkelState, homeId: string, clientId: string): HomeClaimOutcome {
  const home = Object.hasOwn(state.homes, homeId) ? state.homes[homeId] : undefined;
  if (!home) return { outcome: 'refused', code: 'unknown_home' };
  if (home.occupantClientId === clientId) return { outcome: 'held' };
  if (home.occupantClientId) return { outcome: 'refused', code: 'home_occupied' };
  if (home.reservedFor && home.reservedFor.clientId !== clientId) return { outcome: 'refused', code: 'home_reserved' };
  return { outcome: 'grantable' };
}

const homeClaimMessages = { unknown_home: 'is not part of this wooncirkel', home_occupied: 'is occupied', home_reserved: 'is reserved for another client' } as const;
function assertHomeClaim(claim: HomeClaimOutcome, homeId: string): boolean {
  if (claim.outcome === 'refused') rule(false, claim.code!, `home ${homeId} ${homeClaimMessages[claim.code!]}`, 'homeId');
  return claim.outcome === 'grantable';
}

export const wooncirkelDecider: Decider<WooncirkelCommand, WooncirkelState, WooncirkelEvent> = withPrototypeSafeMaps<WooncirkelCommand, WooncirkelState, WooncirkelEvent>(
  {
    initialState: { registered: false, homes: {}, teamClientIds: [], ...initialTeamState },
    snapshot: { kind: 'wooncirkel', version: 1 },

    decide(command, state, { now }: DecisionContext): WooncirkelEvent[] {
      if (command.type === 'RegisterWooncirkel') {
        rule(!state.registered, 'already_registered', `wooncirkel ${command.wooncirkelId} is already registered`, 'wooncirkelId');
        assertClockTime(command.kern.opensAt, 'kern.opensAt');
        assertClockTime(command.kern.closesAt, 'kern.closesAt');
        rule(command.kern.opensAt < command.kern.closesAt, 'invalid_opening_hours', 'kern.closesAt must be after kern.opensAt', 'kern.closesAt');
        rule(Number.isInteger(command.team.caseloadCapacity) && command.team.caseloadCapacity >= 0, 'invalid_capacity', 'team.caseloadCapacity must be a whole number >= 0', 'team.caseloadCapacity');
        rule(WOONCIRKEL_FORMS.includes(command.form), 'invalid_form', `form must be one of ${WOONCIRKEL_FORMS.join(', ')}`, 'form');
        command.homes.forEach((h, i) => assertHome(h, command.form, `homes[${i}]`));
        const ids = new Set(command.homes.map((h) => h.homeId));
        rule(ids.size === command.homes.length, 'duplicate_home', 'homes must have distinct homeId values', 'homes');
        const { type: _type, ...data } = command;
        return [event('WooncirkelRegistered', data, now, WOONCIRKEL_REGISTERED_VERSION)];
      }
      // Giving back is idempotent: nobody holds anything on a wooncirkel that was never registered.
      const givesBack = command.type === 'ReleaseTeamPlace' || command.type === 'VacateHome' || command.type === 'ReleaseHomeReservation';
      if (!state.registered && givesBack) return [];
      rule(state.registered, 'unknown_wooncirkel', 'wooncirkel is not registered', 'wooncirkelId');
      const wooncirkelId = state.wooncirkelId!;
      const wijkCode = state.wijkCode!;
      const teamId = state.team!.teamId;
      const ref = { wooncirkelId, wijkCode, teamId };
      switch (command.type) {
        case 'AddHome':
          assertHome(command.home, state.form!, 'home');
          rule(!state.homes[command.home.homeId], 'duplicate_home', `home ${command.home.homeId} already belongs to this wooncirkel`, 'home.homeId');
          return [event('HomeAdded', { wooncirkelId, home: command.home }, now, HOME_ADDED_VERSION)];
        case 'ChangeTeamCapacity': {
          rule(Number.isInteger(command.caseloadCapacity) && command.caseloadCapacity >= 0, 'invalid_capacity', 'caseloadCapacity must be a whole number >= 0', 'caseloadCapacity');
          rule(command.caseloadCapacity >= state.teamClientIds.length, 'capacity_below_team', `caseloadCapacity may not drop below the ${state.teamClientIds.length} clients on the team now`, 'caseloadCapacity');
          const changed = event('TeamCapacityChanged', { wooncirkelId, wijkCode, teamId, from: state.team!.caseloadCapacity, to: command.caseloadCapacity }, now);
          // More capacity frees places: they go to the wachtlijst (./team.ts).
          return [changed, ...placesAfterFreeing(teamView({ ...state, team: { ...state.team!, caseloadCapacity: command.caseloadCapacity } }), ref, now)];
        }
        case 'ClaimTeamPlace': {
          const claim = teamPlaceClaim(state, command.clientId);
          if (claim === 'held') return [];
          rule(claim === 'grantable', 'team_full', `team ${teamId} has no caseload capacity left`, 'toIntensity');
          return [event('TeamPlaceClaimed', { wooncirkelId, wijkCode, teamId, clientId: command.clientId }, now)];
        }
        case 'ReleaseTeamPlace': {
          if (!state.teamClientIds.includes(command.clientId)) return [];
          // A freed place absorbs an over-capacity first, then goes to the wachtlijst (./team.ts).
          const released = event('TeamPlaceReleased', { wooncirkelId, wijkCode, teamId, clientId: command.clientId }, now);
          return [released, ...placesAfterFreeing(teamView({ ...state, teamClientIds: state.teamClientIds.filter((id) => id !== command.clientId) }), ref, now)];
        }
        case 'OccupyHome': {
          if (!assertHomeClaim(homeOccupationClaim(state, command.homeId, command.clientId), command.homeId)) return [];
          return [event('HomeOccupied', { wooncirkelId, wijkCode, homeId: command.homeId, clientId: command.clientId }, now)];
        }
        case 'ReserveHome':
          if (!assertHomeClaim(homeReservationClaim(state, command.homeId, command.clientId, command.offerId), command.homeId)) return [];
          return [event('HomeReserved', { wooncirkelId, wijkCode, homeId: command.homeId, clientId: command.clientId, offerId: command.offerId }, now)];
        case 'ReleaseHomeReservation': {
          const reservation = Object.hasOwn(state.homes, command.homeId) ? state.homes[command.homeId].reservedFor : undefined;
          if (!reservation || reservation.clientId !== command.clientId) return [];
          return [event('HomeReservationReleased', { wooncirkelId, wijkCode, homeId: command.homeId, clientId: command.clientId, offerId: reservation.offerId, reason: command.reason }, now)];
        }
        case 'VacateHome': {
          const home = Object.hasOwn(state.homes, command.homeId) ? state.homes[command.homeId] : undefined;
          if (!home || home.occupantClientId !== command.clientId) return [];
          return [event('HomeVacated', { wooncirkelId, wijkCode, homeId: command.homeId, clientId: command.clientId }, now)];
        }
        case 'OfferDayAndNightCare':
        case 'WithdrawDayAndNightCare':
          return decideDayAndNightCare(command, state, ref, now);
        case 'CloseKern':
        case 'ReopenKern':
          return decideKern(command, state, { wooncirkelId, wijkCode }, now);
        default:
          return decideTeam(command, teamView(state), ref, now);
      }
    },

    evolve(state, e): WooncirkelState {
      switch (e.type) {
        case 'WooncirkelRegistered':
          return {
            registered: true,
            wooncirkelId: e.data.wooncirkelId,
            wijkCode: e.data.wijkCode,
            name: e.data.name,
            form: e.data.form,
            kern: e.data.kern,
            team: e.data.team,
            homes: Object.fromEntries(e.data.homes.map((h) => [h.homeId, { ...h }])),
            teamClientIds: [],
            ...initialTeamState,
          };
        case 'HomeAdded':
          return { ...state, homes: { ...state.homes, [e.data.home.homeId]: { ...e.data.home } } };
        case 'TeamCapacityChanged':
          return { ...state, team: { ...state.team!, caseloadCapacity: e.data.to } };
        case 'TeamPlaceClaimed':
          return evolveTeam({ ...state, teamClientIds: [...state.teamClientIds, e.data.clientId] }, e);
        case 'TeamPlaceReleased':
          return { ...state, teamClientIds: state.teamClientIds.filter((id) => id !== e.data.clientId) };
        case 'HomeOccupied':
          // Moving in uses up the client's reservation of the home.
          return { ...state, homes: { ...state.homes, [e.data.homeId]: { ...state.homes[e.data.homeId], occupantClientId: e.data.clientId, reservedFor: undefined } } };
        case 'HomeReserved':
          return { ...state, homes: { ...state.homes, [e.data.homeId]: { ...state.homes[e.data.homeId], reservedFor: { clientId: e.data.clientId, offerId: e.data.offerId } } } };
        case 'HomeReservationReleased':
          return { ...state, homes: { ...state.homes, [e.data.homeId]: { ...state.homes[e.data.homeId], reservedFor: undefined } } };
        case 'HomeVacated':
          return { ...state, homes: { ...state.homes, [e.data.homeId]: { ...state.homes[e.data.homeId], occupantClientId: undefined } } };
        case 'DayAndNightCareOffered':
        case 'DayAndNightCareWithdrawn':
          return evolveDayAndNightCare(state, e);
        case 'KernClosed':
        case 'KernReopened':
          return evolveKern(state, e);
        default:
          return TEAM_EVENT_TYPES.includes(e.type) ? evolveTeam(state, e) : state;
      }
    },
  },
  ['homes', 'staff', 'teamPlaceOffers'],
);

export const wooncirkelStream = (wooncirkelId: string) => `wooncirkel-${wooncirkelId}`;
