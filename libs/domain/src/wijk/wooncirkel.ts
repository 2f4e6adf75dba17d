import { DecisionContext, Decider, EventOf, event, rule, assertClockTime, withPrototypeSafeMaps } from '../shared';

/** Homes of a wooncirkel lie within this many travel minutes of the kern. */
export const MAX_TRAVEL_MINUTES_TO_KERN = 10;

export type HomeKind = 'cluster' | 'wooncirkel';
export interface Home {
  homeId: string;
  address: string;
  kind: HomeKind;
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
export type WooncirkelCommand = RegisterWooncirkel | AddHome | ChangeTeamCapacity | ClaimTeamPlace | ReleaseTeamPlace | OccupyHome | VacateHome;

export type WooncirkelRegistered = EventOf<'WooncirkelRegistered', Omit<RegisterWooncirkel, 'type'>>;
export type HomeAdded = EventOf<'HomeAdded', { wooncirkelId: string; home: Home }>;
export type TeamCapacityChanged = EventOf<'TeamCapacityChanged', { wooncirkelId: string; wijkCode: string; teamId: string; from: number; to: number }>;
export type TeamPlaceClaimed = EventOf<'TeamPlaceClaimed', { wooncirkelId: string; wijkCode: string; teamId: string; clientId: string }>;
export type TeamPlaceReleased = EventOf<'TeamPlaceReleased', { wooncirkelId: string; wijkCode: string; teamId: string; clientId: string }>;
export type HomeOccupied = EventOf<'HomeOccupied', { wooncirkelId: string; wijkCode: string; homeId: string; clientId: string }>;
export type HomeVacated = EventOf<'HomeVacated', { wooncirkelId: string; wijkCode: string; homeId: string; clientId: string }>;
export type WooncirkelEvent = WooncirkelRegistered | HomeAdded | TeamCapacityChanged | TeamPlaceClaimed | TeamPlaceReleased | HomeOccupied | HomeVacated;

export interface WooncirkelState {
  registered: boolean;
  wooncirkelId?: string;
  wijkCode?: string;
  name?: string;
  kern?: Kern;
  team?: Team;
  homes: Record<string, Home & { occupantClientId?: string }>;
  teamClientIds: string[];
}

function assertHome(home: Home, field: string) {
  rule(
    Number.isInteger(home.travelMinutesToKern) && home.travelMinutesToKern >= 0 && home.travelMinutesToKern <= MAX_TRAVEL_MINUTES_TO_KERN,
    'home_too_far_from_kern',
    `${field}.travelMinutesToKern must be 0..${MAX_TRAVEL_MINUTES_TO_KERN} minutes: homes of a wooncirkel lie close to the kern`,
    `${field}.travelMinutesToKern`,
  );
}

export function teamHasCapacity(state: WooncirkelState): boolean {
  return !!state.team && state.teamClientIds.length < state.team.caseloadCapacity;
}

export const wooncirkelDecider: Decider<WooncirkelCommand, WooncirkelState, WooncirkelEvent> = withPrototypeSafeMaps<WooncirkelCommand, WooncirkelState, WooncirkelEvent>({
  initialState: { registered: false, homes: {}, teamClientIds: [] },

  decide(command, state, { now }: DecisionContext): WooncirkelEvent[] {
    if (command.type === 'RegisterWooncirkel') {
      rule(!state.registered, 'already_registered', `wooncirkel ${command.wooncirkelId} is already registered`, 'wooncirkelId');
      assertClockTime(command.kern.opensAt, 'kern.opensAt');
      assertClockTime(command.kern.closesAt, 'kern.closesAt');
      rule(command.kern.opensAt < command.kern.closesAt, 'invalid_opening_hours', 'kern.closesAt must be after kern.opensAt', 'kern.closesAt');
      rule(Number.isInteger(command.team.caseloadCapacity) && command.team.caseloadCapacity >= 0, 'invalid_capacity', 'team.caseloadCapacity must be a whole number >= 0', 'team.caseloadCapacity');
      command.homes.forEach((h, i) => assertHome(h, `homes[${i}]`));
      const ids = new Set(command.homes.map((h) => h.homeId));
      rule(ids.size === command.homes.length, 'duplicate_home', 'homes must have distinct homeId values', 'homes');
      const { type: _type, ...data } = command;
      return [event('WooncirkelRegistered', data, now)];
    }
    rule(state.registered, 'unknown_wooncirkel', 'wooncirkel is not registered', 'wooncirkelId');
    const wooncirkelId = state.wooncirkelId!;
    const wijkCode = state.wijkCode!;
    const teamId = state.team!.teamId;
    switch (command.type) {
      case 'AddHome':
        assertHome(command.home, 'home');
        rule(!state.homes[command.home.homeId], 'duplicate_home', `home ${command.home.homeId} already belongs to this wooncirkel`, 'home.homeId');
        return [event('HomeAdded', { wooncirkelId, home: command.home }, now)];
      case 'ChangeTeamCapacity':
        rule(Number.isInteger(command.caseloadCapacity) && command.caseloadCapacity >= 0, 'invalid_capacity', 'caseloadCapacity must be a whole number >= 0', 'caseloadCapacity');
        return [event('TeamCapacityChanged', { wooncirkelId, wijkCode, teamId, from: state.team!.caseloadCapacity, to: command.caseloadCapacity }, now)];
      case 'ClaimTeamPlace':
        if (state.teamClientIds.includes(command.clientId)) return [];
        rule(teamHasCapacity(state), 'team_full', `team ${teamId} has no caseload capacity left`, 'toLevel');
        return [event('TeamPlaceClaimed', { wooncirkelId, wijkCode, teamId, clientId: command.clientId }, now)];
      case 'ReleaseTeamPlace':
        if (!state.teamClientIds.includes(command.clientId)) return [];
        return [event('TeamPlaceReleased', { wooncirkelId, wijkCode, teamId, clientId: command.clientId }, now)];
      case 'OccupyHome': {
        const home = state.homes[command.homeId];
        rule(home, 'unknown_home', `home ${command.homeId} is not part of wooncirkel ${wooncirkelId}`, 'homeId');
        if (home.occupantClientId === command.clientId) return [];
        rule(!home.occupantClientId, 'home_occupied', `home ${command.homeId} is occupied`, 'homeId');
        return [event('HomeOccupied', { wooncirkelId, wijkCode, homeId: command.homeId, clientId: command.clientId }, now)];
      }
      case 'VacateHome': {
        const home = state.homes[command.homeId];
        if (!home || home.occupantClientId !== command.clientId) return [];
        return [event('HomeVacated', { wooncirkelId, wijkCode, homeId: command.homeId, clientId: command.clientId }, now)];
      }
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
          kern: e.data.kern,
          team: e.data.team,
          homes: Object.fromEntries(e.data.homes.map((h) => [h.homeId, { ...h }])),
          teamClientIds: [],
        };
      case 'HomeAdded':
        return { ...state, homes: { ...state.homes, [e.data.home.homeId]: { ...e.data.home } } };
      case 'TeamCapacityChanged':
        return { ...state, team: { ...state.team!, caseloadCapacity: e.data.to } };
      case 'TeamPlaceClaimed':
        return { ...state, teamClientIds: [...state.teamClientIds, e.data.clientId] };
      case 'TeamPlaceReleased':
        return { ...state, teamClientIds: state.teamClientIds.filter((id) => id !== e.data.clientId) };
      case 'HomeOccupied':
        return { ...state, homes: { ...state.homes, [e.data.homeId]: { ...state.homes[e.data.homeId], occupantClientId: e.data.clientId } } };
      case 'HomeVacated':
        return { ...state, homes: { ...state.homes, [e.data.homeId]: { ...state.homes[e.data.homeId], occupantClientId: undefined } } };
    }
  },
}, ['homes']);

export const wooncirkelStream = (wooncirkelId: string) => `wooncirkel-${wooncirkelId}`;
