import { EventOf, event, rule, assertIsoUtc } from '../shared';
import { Urgency } from '../shared/client-state';

/**
 * The team half of a wooncirkel: who works in it (staff codes with a role and hours), who waits for a
 * team place, which freed place is offered to whom, and the documented temporary over-capacity for
 * acute cases. Staff are persons: named only by a staff code (published as a keyed pseudonym).
 */
export const TEAM_ROLES = ['persoonlijk_begeleider', 'woonbegeleider', 'wijkverpleegkundige', 'ervaringsdeskundige', 'teamleider', 'gedragsdeskundige', 'ggz_verpleegkundige', 'maatschappelijk_werker'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const STAFF_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,49}$/;
export const MAX_STAFF_HOURS_PER_WEEK = 40;
export const STAFF_LEAVE_REASONS = ['uit_dienst', 'ander_team', 'langdurig_verzuim', 'einde_inzet'] as const;
export type StaffLeaveReason = (typeof STAFF_LEAVE_REASONS)[number];
/** Why a team goes over its capacity for an acute case (coded: a wooncirkel stream carries no free text). */
export const OVER_CAPACITY_REASONS = ['acute_crisis', 'dreigende_dakloosheid', 'uitstroom_zonder_vervolg', 'veiligheid', 'doorbraaktafel_besluit'] as const;
export type OverCapacityReason = (typeof OVER_CAPACITY_REASONS)[number];
/** A temporary over-capacity lasts at most this long; by its end date the team is back within capacity. */
export const MAX_OVER_CAPACITY_DAYS = 90;
/** Why a teamleider gives an offered place to another waiting client than the policy chose. */
export const OFFER_OVERRIDE_REASONS = ['zorginhoudelijke_match', 'veiligheid', 'continuiteit_begeleider', 'doorbraaktafel_besluit', 'aanbod_verlopen', 'client_onbereikbaar'] as const;
export type OfferOverrideReason = (typeof OFFER_OVERRIDE_REASONS)[number];
/** An offered team place stays reserved for its client this many days (docs/wachtlijst-policy.md). */
export const TEAM_PLACE_OFFER_DAYS = 5;
/** What a client waits for on this team: a place for more care, or a place to transfer into. */
export const TEAM_PLACE_WAIT_KINDS = ['care', 'transfer'] as const;
export type TeamPlaceWaitKind = (typeof TEAM_PLACE_WAIT_KINDS)[number];
export const TEAM_PLACE_WAIT_ENDINGS = ['no_longer_needed', 'transferred_elsewhere', 'client_erased', 'trajectory_closed'] as const;
export type TeamPlaceWaitEnding = (typeof TEAM_PLACE_WAIT_ENDINGS)[number];

const DAY = 86_400_000;

export interface StaffMember {
  staffId: string;
  role: TeamRole;
  hoursPerWeek: number;
  since: string;
}
export interface TeamPlaceWait {
  clientId: string;
  kind: TeamPlaceWaitKind;
  urgency: Urgency;
  since: string;
}
export interface TeamPlaceOffer {
  offerId: string;
  clientId: string;
  kind: TeamPlaceWaitKind;
  reservedUntil: string;
  /** Offered beyond capacity under an over-capacity grant. */
  overCapacity: boolean;
}
export interface OverCapacityGrant {
  clientId: string;
  decidedBy: string;
  reason: OverCapacityReason;
  until: string;
  grantedAt: string;
}
export interface TeamState {
  staff: Record<string, StaffMember>;
  teamPlaceWaits: TeamPlaceWait[];
  teamPlaceOffers: Record<string, TeamPlaceOffer>;
  overCapacityGrants: OverCapacityGrant[];
  offersMade: number;
}
export const initialTeamState: TeamState = { staff: {}, teamPlaceWaits: [], teamPlaceOffers: {}, overCapacityGrants: [], offersMade: 0 };

export interface JoinTeam {
  type: 'JoinTeam';
  staffId: string;
  role: TeamRole;
  hoursPerWeek: number;
}
export interface LeaveTeam {
  type: 'LeaveTeam';
  staffId: string;
  reason: StaffLeaveReason;
}
/** Internal: the client command flow puts a client who could not get a place on the team's wait. */
export interface WaitForTeamPlace {
  type: 'WaitForTeamPlace';
  clientId: string;
  kind: TeamPlaceWaitKind;
  urgency: Urgency;
}
/** Internal: a client no longer waits here (scaled back, transferred elsewhere, erased, closed). */
export interface EndTeamPlaceWait {
  type: 'EndTeamPlaceWait';
  clientId: string;
  ending: TeamPlaceWaitEnding;
}
export interface GrantOverCapacity {
  type: 'GrantOverCapacity';
  clientId: string;
  /** Staff code of the teamleider who decides. */
  decidedBy: string;
  reason: OverCapacityReason;
  until: string;
  /** Filled in by the flow from the client's trajectory: only an acute client of this wooncirkel may get it. */
  client: { urgency: Urgency | null; onThisWooncirkel: boolean; holdsTeamPlace: boolean };
}
export interface OverrideTeamPlaceOffer {
  type: 'OverrideTeamPlaceOffer';
  offerId: string;
  toClientId: string;
  decidedBy: string;
  reason: OfferOverrideReason;
}
export type TeamCommand = JoinTeam | LeaveTeam | WaitForTeamPlace | EndTeamPlaceWait | GrantOverCapacity | OverrideTeamPlaceOffer;

interface TeamRef {
  wooncirkelId: string;
  wijkCode: string;
  teamId: string;
}
export type StaffJoinedTeam = EventOf<'StaffJoinedTeam', TeamRef & { staffId: string; role: TeamRole; hoursPerWeek: number }>;
export type StaffLeftTeam = EventOf<'StaffLeftTeam', TeamRef & { staffId: string; role: TeamRole; reason: StaffLeaveReason }>;
export type TeamPlaceWaitStarted = EventOf<'TeamPlaceWaitStarted', TeamRef & { clientId: string; kind: TeamPlaceWaitKind; urgency: Urgency }>;
export type TeamPlaceWaitEnded = EventOf<'TeamPlaceWaitEnded', TeamRef & { clientId: string; kind: TeamPlaceWaitKind; ending: TeamPlaceWaitEnding; withdrawnOfferId: string | null }>;
export type TeamPlaceOffered = EventOf<'TeamPlaceOffered', TeamRef & { offerId: string; clientId: string; kind: TeamPlaceWaitKind; urgency: Urgency; waitingSince: string; reservedUntil: string; overCapacity: boolean }>;
export type TeamPlaceOfferOverridden = EventOf<'TeamPlaceOfferOverridden', TeamRef & { offerId: string; fromClientId: string; toClientId: string; kind: TeamPlaceWaitKind; decidedBy: string; reason: OfferOverrideReason; reservedUntil: string }>;
export type TeamOverCapacityGranted = EventOf<'TeamOverCapacityGranted', TeamRef & { clientId: string; decidedBy: string; reason: OverCapacityReason; until: string; caseloadCapacity: number; placesTaken: number }>;
/** The team is back within capacity: a freed place absorbed the grant instead of going to the wachtlijst. */
export type TeamOverCapacityAbsorbed = EventOf<'TeamOverCapacityAbsorbed', TeamRef & { clientId: string; grantedAt: string; until: string; caseloadCapacity: number; placesTaken: number }>;
export type TeamEvent = StaffJoinedTeam | StaffLeftTeam | TeamPlaceWaitStarted | TeamPlaceWaitEnded | TeamPlaceOffered | TeamPlaceOfferOverridden | TeamOverCapacityGranted | TeamOverCapacityAbsorbed;
export const TEAM_EVENT_TYPES: readonly TeamEvent['type'][] = ['StaffJoinedTeam', 'StaffLeftTeam', 'TeamPlaceWaitStarted', 'TeamPlaceWaitEnded', 'TeamPlaceOffered', 'TeamPlaceOfferOverridden', 'TeamOverCapacityGranted', 'TeamOverCapacityAbsorbed'];

/** What the team part needs to know of the rest of the wooncirkel. */
export interface TeamView extends TeamState {
  caseloadCapacity: number;
  teamClientIds: string[];
}

const URGENCY_RANK: Record<Urgency, number> = { acuut: 0, hoog: 1, regulier: 2 };
/** The wachtlijst policy (docs/wachtlijst-policy.md): urgency acuut > hoog > regulier, then the longest wait. */
export function byWachtlijstPolicy(a: TeamPlaceWait, b: TeamPlaceWait): number {
  return URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] || a.since.localeCompare(b.since) || a.clientId.localeCompare(b.clientId);
}

const openOffers = (team: TeamView) => Object.values(team.teamPlaceOffers);
const offerFor = (team: TeamView, clientId: string) => openOffers(team).find((o) => o.clientId === clientId);
/** Places taken or promised: clients on the team plus places reserved by an open offer. */
export const placesTaken = (team: TeamView) => team.teamClientIds.length + openOffers(team).length;
export const freeTeamPlaces = (team: TeamView) => Math.max(0, team.caseloadCapacity - placesTaken(team));
export const hasErvaringsdeskundige = (team: Pick<TeamState, 'staff'>) => Object.values(team.staff).some((s) => s.role === 'ervaringsdeskundige');
export const isTeamMember = (team: Pick<TeamState, 'staff'>, staffId: string) => Object.hasOwn(team.staff, staffId);

/** A claim on a team place: an offer reserved for the client is its own; otherwise only a free place. */
export function teamPlaceClaimOf(team: TeamView, clientId: string): 'held' | 'grantable' | 'refused' {
  if (team.teamClientIds.includes(clientId)) return 'held';
  if (offerFor(team, clientId)) return 'grantable';
  return freeTeamPlaces(team) > 0 ? 'grantable' : 'refused';
}

export function evolveTeam<T extends TeamState>(state: T, e: TeamEvent | { type: 'TeamPlaceClaimed'; data: { clientId: string } }): T {
  switch (e.type) {
    case 'StaffJoinedTeam':
      return { ...state, staff: { ...state.staff, [e.data.staffId]: { staffId: e.data.staffId, role: e.data.role, hoursPerWeek: e.data.hoursPerWeek, since: (e as StaffJoinedTeam).occurredAt } } };
    case 'StaffLeftTeam': {
      const staff = { ...state.staff };
      delete staff[e.data.staffId];
      return { ...state, staff };
    }
    case 'TeamPlaceWaitStarted':
      return { ...state, teamPlaceWaits: [...state.teamPlaceWaits, { clientId: e.data.clientId, kind: e.data.kind, urgency: e.data.urgency, since: e.occurredAt }] };
    case 'TeamPlaceWaitEnded':
      return withoutOfferFor({ ...state, teamPlaceWaits: state.teamPlaceWaits.filter((w) => w.clientId !== e.data.clientId) }, e.data.clientId);
    case 'TeamPlaceOffered':
      return { ...state, offersMade: state.offersMade + 1, teamPlaceOffers: { ...state.teamPlaceOffers, [e.data.offerId]: { offerId: e.data.offerId, clientId: e.data.clientId, kind: e.data.kind, reservedUntil: e.data.reservedUntil, overCapacity: e.data.overCapacity } } };
    case 'TeamPlaceOfferOverridden':
      return { ...state, teamPlaceOffers: { ...state.teamPlaceOffers, [e.data.offerId]: { ...state.teamPlaceOffers[e.data.offerId], clientId: e.data.toClientId, kind: e.data.kind, reservedUntil: e.data.reservedUntil } } };
    case 'TeamOverCapacityGranted':
      return { ...state, overCapacityGrants: [...state.overCapacityGrants, { clientId: e.data.clientId, decidedBy: e.data.decidedBy, reason: e.data.reason, until: e.data.until, grantedAt: e.occurredAt }] };
    case 'TeamOverCapacityAbsorbed': {
      const index = state.overCapacityGrants.findIndex((g) => g.clientId === e.data.clientId && g.grantedAt === e.data.grantedAt);
      return { ...state, overCapacityGrants: state.overCapacityGrants.filter((_, i) => i !== index) };
    }
    case 'TeamPlaceClaimed':
      // Taking the place uses up the client's offer and ends its wait.
      return withoutOfferFor({ ...state, teamPlaceWaits: state.teamPlaceWaits.filter((w) => w.clientId !== e.data.clientId) }, e.data.clientId);
  }
}

function withoutOfferFor<T extends TeamState>(state: T, clientId: string): T {
  return { ...state, teamPlaceOffers: Object.fromEntries(Object.entries(state.teamPlaceOffers).filter(([, o]) => o.clientId !== clientId)) };
}

const reservedUntil = (now: string) => new Date(Date.parse(now) + TEAM_PLACE_OFFER_DAYS * DAY).toISOString();

/**
 * After a place frees (or capacity grows): grants of over-capacity are absorbed first, oldest first,
 * for as long as the team is still over capacity; then every free place goes to the waiting client the
 * policy puts first. Pure: the events follow from the state after the freeing event.
 */
export function placesAfterFreeing(state: TeamView, ref: TeamRef, now: string): TeamEvent[] {
  const events: TeamEvent[] = [];
  let team = state;
  const over = () => placesTaken(team) - team.caseloadCapacity;
  for (const grant of [...team.overCapacityGrants].sort((a, b) => a.grantedAt.localeCompare(b.grantedAt))) {
    if (over() >= team.overCapacityGrants.length) break;
    const absorbed = event('TeamOverCapacityAbsorbed', { ...ref, clientId: grant.clientId, grantedAt: grant.grantedAt, until: grant.until, caseloadCapacity: team.caseloadCapacity, placesTaken: placesTaken(team) }, now);
    events.push(absorbed);
    team = evolveTeam(team, absorbed);
  }
  const waiting = team.teamPlaceWaits.filter((w) => !offerFor(team, w.clientId)).sort(byWachtlijstPolicy);
  for (const wait of waiting) {
    if (freeTeamPlaces(team) === 0) break;
    const offered = event('TeamPlaceOffered', { ...ref, offerId: `${ref.teamId}-plaats-${team.offersMade + 1}`, clientId: wait.clientId, kind: wait.kind, urgency: wait.urgency, waitingSince: wait.since, reservedUntil: reservedUntil(now), overCapacity: false }, now);
    events.push(offered);
    team = evolveTeam(team, offered);
  }
  return events;
}

function assertStaffId(staffId: string, field: string) {
  rule(typeof staffId === 'string' && STAFF_ID_PATTERN.test(staffId), 'invalid_staff_id', `${field} must be a staff code (lowercase letters, digits, dashes)`, field);
}
function assertTeamleider(team: TeamView, staffId: string) {
  assertStaffId(staffId, 'decidedBy');
  rule(isTeamMember(team, staffId) && team.staff[staffId].role === 'teamleider', 'not_a_teamleider', `decidedBy ${staffId} is not a teamleider of this team`, 'decidedBy');
}

export function decideTeam(command: TeamCommand, team: TeamView, ref: TeamRef, now: string): TeamEvent[] {
  switch (command.type) {
    case 'JoinTeam':
      assertStaffId(command.staffId, 'staffId');
      rule(TEAM_ROLES.includes(command.role), 'invalid_role', `role must be one of ${TEAM_ROLES.join(', ')}`, 'role');
      rule(Number.isInteger(command.hoursPerWeek) && command.hoursPerWeek >= 1 && command.hoursPerWeek <= MAX_STAFF_HOURS_PER_WEEK, 'invalid_hours', `hoursPerWeek must be a whole number 1..${MAX_STAFF_HOURS_PER_WEEK}`, 'hoursPerWeek');
      rule(!isTeamMember(team, command.staffId), 'already_on_team', `staff member ${command.staffId} is already on this team`, 'staffId');
      return [event('StaffJoinedTeam', { ...ref, staffId: command.staffId, role: command.role, hoursPerWeek: command.hoursPerWeek }, now)];
    case 'LeaveTeam':
      assertStaffId(command.staffId, 'staffId');
      rule(isTeamMember(team, command.staffId), 'not_on_team', `staff member ${command.staffId} is not on this team`, 'staffId');
      rule(STAFF_LEAVE_REASONS.includes(command.reason), 'invalid_reason', `reason must be one of ${STAFF_LEAVE_REASONS.join(', ')}`, 'reason');
      return [event('StaffLeftTeam', { ...ref, staffId: command.staffId, role: team.staff[command.staffId].role, reason: command.reason }, now)];
    case 'WaitForTeamPlace': {
      if (team.teamClientIds.includes(command.clientId)) return [];
      const current = team.teamPlaceWaits.find((w) => w.clientId === command.clientId);
      if (current?.kind === command.kind) return [];
      const events: TeamEvent[] = [];
      // A client waits once per team: a new kind of wait replaces the old (its place in line starts anew).
      if (current) events.push(event('TeamPlaceWaitEnded', { ...ref, clientId: command.clientId, kind: current.kind, ending: 'no_longer_needed' as const, withdrawnOfferId: offerFor(team, command.clientId)?.offerId ?? null }, now));
      const started = event('TeamPlaceWaitStarted', { ...ref, clientId: command.clientId, kind: command.kind, urgency: command.urgency }, now);
      events.push(started);
      const after = events.reduce((s, e) => evolveTeam(s, e), team);
      return [...events, ...placesAfterFreeing(after, ref, now)];
    }
    case 'EndTeamPlaceWait': {
      const wait = team.teamPlaceWaits.find((w) => w.clientId === command.clientId);
      if (!wait) return [];
      const ended = event('TeamPlaceWaitEnded', { ...ref, clientId: command.clientId, kind: wait.kind, ending: command.ending, withdrawnOfferId: offerFor(team, command.clientId)?.offerId ?? null }, now);
      // A withdrawn offer frees its place for the next in line.
      return [ended, ...placesAfterFreeing(evolveTeam(team, ended), ref, now)];
    }
    case 'GrantOverCapacity': {
      rule(command.client.onThisWooncirkel, 'not_on_wooncirkel', `client ${command.clientId} is not served by this wooncirkel`, 'clientId');
      rule(command.client.urgency === 'acuut', 'not_acute', 'over-capacity is granted only for a client with urgency acuut', 'clientId');
      rule(!command.client.holdsTeamPlace && !team.teamClientIds.includes(command.clientId), 'already_on_team', `client ${command.clientId} already holds a team place`, 'clientId');
      rule(!offerFor(team, command.clientId), 'place_already_offered', `a team place is already offered to client ${command.clientId}`, 'clientId');
      assertTeamleider(team, command.decidedBy);
      rule(OVER_CAPACITY_REASONS.includes(command.reason), 'invalid_reason', `reason must be one of ${OVER_CAPACITY_REASONS.join(', ')}`, 'reason');
      assertIsoUtc(command.until, 'until');
      rule(command.until > now, 'until_in_past', 'until must lie in the future', 'until');
      rule(Date.parse(command.until) - Date.parse(now) <= MAX_OVER_CAPACITY_DAYS * DAY, 'over_capacity_too_long', `an over-capacity lasts at most ${MAX_OVER_CAPACITY_DAYS} days`, 'until');
      rule(freeTeamPlaces(team) === 0, 'team_has_capacity', 'the team still has a free place: no over-capacity is needed', 'clientId');
      const granted = event('TeamOverCapacityGranted', { ...ref, clientId: command.clientId, decidedBy: command.decidedBy, reason: command.reason, until: command.until, caseloadCapacity: team.caseloadCapacity, placesTaken: placesTaken(team) }, now);
      const wait = team.teamPlaceWaits.find((w) => w.clientId === command.clientId);
      // The granted place is reserved for the client at once, as an offer beyond capacity.
      const offered = event('TeamPlaceOffered', { ...ref, offerId: `${ref.teamId}-plaats-${team.offersMade + 1}`, clientId: command.clientId, kind: wait?.kind ?? 'care', urgency: 'acuut' as const, waitingSince: wait?.since ?? now, reservedUntil: reservedUntil(now), overCapacity: true }, now);
      return [granted, offered];
    }
    case 'OverrideTeamPlaceOffer': {
      const offer = Object.hasOwn(team.teamPlaceOffers, command.offerId) ? team.teamPlaceOffers[command.offerId] : undefined;
      rule(!!offer, 'unknown_offer', `no open team-place offer ${command.offerId} on this team`, 'offerId');
      rule(!offer!.overCapacity, 'over_capacity_offer', 'a place granted over capacity belongs to its acute client and is not passed on', 'offerId');
      assertTeamleider(team, command.decidedBy);
      rule(OFFER_OVERRIDE_REASONS.includes(command.reason), 'invalid_reason', `reason must be one of ${OFFER_OVERRIDE_REASONS.join(', ')}`, 'reason');
      rule(command.toClientId !== offer!.clientId, 'same_client', `the place is already offered to client ${command.toClientId}`, 'toClientId');
      const wait = team.teamPlaceWaits.find((w) => w.clientId === command.toClientId);
      rule(!!wait, 'not_waiting', `client ${command.toClientId} does not wait for a place on this team`, 'toClientId');
      rule(!offerFor(team, command.toClientId), 'place_already_offered', `a team place is already offered to client ${command.toClientId}`, 'toClientId');
      return [event('TeamPlaceOfferOverridden', { ...ref, offerId: command.offerId, fromClientId: offer!.clientId, toClientId: command.toClientId, kind: wait!.kind, decidedBy: command.decidedBy, reason: command.reason, reservedUntil: reservedUntil(now) }, now)];
    }
  }
}
