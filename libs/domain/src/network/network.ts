import { DecisionContext, EventOf, event, rule, assertText, ORGANISATION_CODE_PATTERN } from '../shared';
import { ClientState } from '../shared/client-state';

/** How a network member stands to the client. */
export const NETWORK_RELATIONS = ['mantelzorger', 'naaste', 'familie', 'vriend', 'buur', 'vrijwilliger', 'ervaringsdeskundige', 'overig'] as const;
export type NetworkRelation = (typeof NETWORK_RELATIONS)[number];

export const MEMBER_LEAVE_REASONS = ['verhuisd', 'overleden', 'contact_verbroken', 'overbelast', 'op_verzoek_client', 'overig'] as const;
export type MemberLeaveReason = (typeof MEMBER_LEAVE_REASONS)[number];

/** What informal support a member gives. */
export const INFORMAL_SUPPORT_KINDS = ['boodschappen', 'gezelschap', 'vervoer', 'administratie', 'toezicht', 'huishouden', 'maaltijden', 'klussen', 'dagstructuur', 'lotgenotencontact', 'overig'] as const;
export type InformalSupportKind = (typeof INFORMAL_SUPPORT_KINDS)[number];

/** Why informal support ended; `netwerklid_vertrokken` is written when its member leaves the network. */
export const SUPPORT_END_REASONS = ['doel_bereikt', 'niet_meer_nodig', 'overgenomen_door_professional', 'overbelasting', 'op_verzoek_client', 'verhuizing', 'netwerklid_vertrokken', 'overig'] as const;
export type SupportEndReason = (typeof SUPPORT_END_REASONS)[number];

/** Indicated (geïndiceerde) care a referral goes, or would have gone, to. */
export const INDICATED_CARE = ['wmo_begeleiding', 'beschermd_wonen', 'ggz_behandeling', 'wlz', 'dagbesteding_geindiceerd', 'huishoudelijke_hulp', 'wijkverpleging', 'overig_geindiceerd'] as const;
export type IndicatedCare = (typeof INDICATED_CARE)[number];

/** What replaced an avoided referral. The first three are carried by a network member's informal support. */
export const INFORMAL_SOLUTIONS = ['informele_steun', 'vrijwilligersinzet', 'ervaringsdeskundige', 'buurtplein', 'algemene_voorziening', 'vrij_toegankelijke_dagbesteding', 'lotgenotengroep', 'overig'] as const;
export type InformalSolution = (typeof INFORMAL_SOLUTIONS)[number];
const CARRIED_BY_A_MEMBER: readonly InformalSolution[] = ['informele_steun', 'vrijwilligersinzet', 'ervaringsdeskundige'];

/** A volunteer or naaste gives hours, not a job: more than 40 a week is professional care, not informal support. */
export const MAX_INFORMAL_HOURS_PER_WEEK = 40;
/** Bounds on one client's network, so a state never grows without end. */
export const MAX_NETWORK_MEMBERS = 50;
export const MAX_INFORMAL_SUPPORTS = 200;
export const MAX_REFERRALS = 200;

/** Name and contact of a network member: identifying, sealed with the client's key. */
export interface MemberPersonalData {
  name: string;
  contact?: string;
}

export interface AddNetworkMember {
  type: 'AddNetworkMember';
  /** Pseudonymous: chosen by the professional, never the member's name. */
  memberId: string;
  relation: NetworkRelation;
  personal: MemberPersonalData;
}
export interface RemoveNetworkMember {
  type: 'RemoveNetworkMember';
  memberId: string;
  reason: MemberLeaveReason;
}
export interface StartInformalSupport {
  type: 'StartInformalSupport';
  supportId: string;
  memberId: string;
  kind: InformalSupportKind;
  hoursPerWeek: number;
  /** Free text about the arrangement: personal data, sealed. */
  note?: string;
}
export interface EndInformalSupport {
  type: 'EndInformalSupport';
  supportId: string;
  reason: SupportEndReason;
}
export interface RecordReferralMade {
  type: 'RecordReferralMade';
  referralId: string;
  care: IndicatedCare;
  /** The organisation referred to (a code), when known. */
  referredTo?: string;
}
export interface RecordReferralAvoided {
  type: 'RecordReferralAvoided';
  referralId: string;
  /** The indicated care the client would have been referred to. */
  care: IndicatedCare;
  solution: InformalSolution;
  /** The informal support that carries the solution (required for solutions carried by a member). */
  supportId?: string;
  note?: string;
}
export type NetworkCommand = AddNetworkMember | RemoveNetworkMember | StartInformalSupport | EndInformalSupport | RecordReferralMade | RecordReferralAvoided;

export type NetworkMemberAdded = EventOf<'NetworkMemberAdded', { clientId: string; memberId: string; relation: NetworkRelation; personal: MemberPersonalData; wijkCode: string }>;
export type NetworkMemberLeft = EventOf<'NetworkMemberLeft', { clientId: string; memberId: string; relation: NetworkRelation; reason: MemberLeaveReason; wijkCode: string }>;
export type InformalSupportStarted = EventOf<'InformalSupportStarted', { clientId: string; supportId: string; memberId: string; relation: NetworkRelation; kind: InformalSupportKind; hoursPerWeek: number; note: string | null; wijkCode: string }>;
export type InformalSupportEnded = EventOf<'InformalSupportEnded', { clientId: string; supportId: string; memberId: string; kind: InformalSupportKind; hoursPerWeek: number; reason: SupportEndReason; startedAt: string; wijkCode: string }>;
export type ReferralMade = EventOf<'ReferralMade', { clientId: string; referralId: string; care: IndicatedCare; referredTo: string | null; wijkCode: string }>;
export type ReferralAvoided = EventOf<'ReferralAvoided', { clientId: string; referralId: string; care: IndicatedCare; solution: InformalSolution; supportId: string | null; memberId: string | null; note: string | null; wijkCode: string }>;
export type NetworkEvent = NetworkMemberAdded | NetworkMemberLeft | InformalSupportStarted | InformalSupportEnded | ReferralMade | ReferralAvoided;

/** One member of the client's network as the decider needs it (no personal data in state). */
export interface NetworkMemberState {
  relation: NetworkRelation;
  active: boolean;
}
export interface InformalSupportState {
  memberId: string;
  kind: InformalSupportKind;
  hoursPerWeek: number;
  since: string;
  active: boolean;
}

const activeSupports = (state: ClientState) => Object.entries(state.informalSupports).filter(([, s]) => s.active);

/** Whether the client's network carries care now: some informal support is active. The rule behind an afschaling carried by the network. */
export const networkCarries = (state: ClientState): boolean => activeSupports(state).length > 0;

const oneOf = <T extends string>(values: readonly T[], value: T, field: string) => rule(values.includes(value), `invalid_${field}`, `${field} must be one of ${values.join(', ')}`, field);
const optionalNote = (note: string | undefined) => {
  if (note === undefined) return null;
  assertText(note, 'note', { max: 1000, multiline: true });
  return note.trim();
};

export function decideNetwork(command: NetworkCommand, state: ClientState, { now }: DecisionContext): NetworkEvent[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  const clientId = state.clientId!;
  const wijkCode = state.placement!.wijkCode;
  switch (command.type) {
    case 'AddNetworkMember': {
      rule(!state.networkMembers[command.memberId], 'member_exists', `memberId ${command.memberId} is already used in this network`, 'memberId');
      rule(Object.keys(state.networkMembers).length < MAX_NETWORK_MEMBERS, 'network_full', `a network holds at most ${MAX_NETWORK_MEMBERS} members`, 'memberId');
      oneOf(NETWORK_RELATIONS, command.relation, 'relation');
      assertText(command.personal?.name, 'personal.name', { max: 200 });
      if (command.personal.contact !== undefined) assertText(command.personal.contact, 'personal.contact', { max: 200 });
      const personal: MemberPersonalData = { name: command.personal.name.trim(), ...(command.personal.contact !== undefined ? { contact: command.personal.contact.trim() } : {}) };
      return [event('NetworkMemberAdded', { clientId, memberId: command.memberId, relation: command.relation, personal, wijkCode }, now)];
    }
    case 'RemoveNetworkMember': {
      const member = state.networkMembers[command.memberId];
      rule(member?.active, 'unknown_member', `memberId ${command.memberId} is no active member of this network`, 'memberId');
      oneOf(MEMBER_LEAVE_REASONS, command.reason, 'reason');
      // Support a member gave ends with the member: no support is carried by someone who left.
      const ended = activeSupports(state)
        .filter(([, s]) => s.memberId === command.memberId)
        .map(([supportId, s]) => event('InformalSupportEnded', { clientId, supportId, memberId: s.memberId, kind: s.kind, hoursPerWeek: s.hoursPerWeek, reason: 'netwerklid_vertrokken' as const, startedAt: s.since, wijkCode }, now));
      return [...ended, event('NetworkMemberLeft', { clientId, memberId: command.memberId, relation: member.relation, reason: command.reason, wijkCode }, now)];
    }
    case 'StartInformalSupport': {
      rule(!state.informalSupports[command.supportId], 'support_exists', `supportId ${command.supportId} is already used for this client`, 'supportId');
      rule(Object.keys(state.informalSupports).length < MAX_INFORMAL_SUPPORTS, 'too_many_supports', `a client has at most ${MAX_INFORMAL_SUPPORTS} informal supports`, 'supportId');
      const member = state.networkMembers[command.memberId];
      rule(member?.active, 'unknown_member', `memberId ${command.memberId} is no active member of this network`, 'memberId');
      oneOf(INFORMAL_SUPPORT_KINDS, command.kind, 'kind');
      rule(Number.isInteger(command.hoursPerWeek) && command.hoursPerWeek >= 1 && command.hoursPerWeek <= MAX_INFORMAL_HOURS_PER_WEEK, 'invalid_hours', `hoursPerWeek must be a whole number of hours from 1 to ${MAX_INFORMAL_HOURS_PER_WEEK}`, 'hoursPerWeek');
      rule(!activeSupports(state).some(([, s]) => s.memberId === command.memberId && s.kind === command.kind), 'support_already_active', `member ${command.memberId} already gives ${command.kind}`, 'kind');
      return [event('InformalSupportStarted', { clientId, supportId: command.supportId, memberId: command.memberId, relation: member.relation, kind: command.kind, hoursPerWeek: command.hoursPerWeek, note: optionalNote(command.note), wijkCode }, now)];
    }
    case 'EndInformalSupport': {
      const support = state.informalSupports[command.supportId];
      rule(support?.active, 'unknown_support', `supportId ${command.supportId} is no active informal support of this client`, 'supportId');
      oneOf(SUPPORT_END_REASONS, command.reason, 'reason');
      return [event('InformalSupportEnded', { clientId, supportId: command.supportId, memberId: support.memberId, kind: support.kind, hoursPerWeek: support.hoursPerWeek, reason: command.reason, startedAt: support.since, wijkCode }, now)];
    }
    case 'RecordReferralMade': {
      assertNewReferral(state, command.referralId);
      oneOf(INDICATED_CARE, command.care, 'care');
      if (command.referredTo !== undefined) rule(ORGANISATION_CODE_PATTERN.test(command.referredTo), 'invalid_referred_to', 'referredTo must be an organisation code like prov-leviaan (lower-case letters, digits, hyphens)', 'referredTo');
      return [event('ReferralMade', { clientId, referralId: command.referralId, care: command.care, referredTo: command.referredTo ?? null, wijkCode }, now)];
    }
    case 'RecordReferralAvoided': {
      assertNewReferral(state, command.referralId);
      oneOf(INDICATED_CARE, command.care, 'care');
      oneOf(INFORMAL_SOLUTIONS, command.solution, 'solution');
      const support = command.supportId === undefined ? undefined : state.informalSupports[command.supportId];
      if (command.supportId !== undefined) rule(support?.active, 'unknown_support', `supportId ${command.supportId} is no active informal support of this client`, 'supportId');
      if (CARRIED_BY_A_MEMBER.includes(command.solution)) rule(support, 'support_required', `a solution of kind ${command.solution} is carried by a network member: supportId must name the informal support that carries it`, 'supportId');
      return [event('ReferralAvoided', { clientId, referralId: command.referralId, care: command.care, solution: command.solution, supportId: command.supportId ?? null, memberId: support?.memberId ?? null, note: optionalNote(command.note), wijkCode }, now)];
    }
  }
}

function assertNewReferral(state: ClientState, referralId: string) {
  rule(!state.referrals[referralId], 'referral_exists', `referralId ${referralId} is already recorded for this client`, 'referralId');
  rule(Object.keys(state.referrals).length < MAX_REFERRALS, 'too_many_referrals', `a client has at most ${MAX_REFERRALS} referrals`, 'referralId');
}

export function evolveNetwork(state: ClientState, e: NetworkEvent): ClientState {
  switch (e.type) {
    case 'NetworkMemberAdded':
      return { ...state, networkMembers: { ...state.networkMembers, [e.data.memberId]: { relation: e.data.relation, active: true } } };
    case 'NetworkMemberLeft': {
      const member = state.networkMembers[e.data.memberId];
      return member ? { ...state, networkMembers: { ...state.networkMembers, [e.data.memberId]: { ...member, active: false } } } : state;
    }
    case 'InformalSupportStarted':
      return { ...state, informalSupports: { ...state.informalSupports, [e.data.supportId]: { memberId: e.data.memberId, kind: e.data.kind, hoursPerWeek: e.data.hoursPerWeek, since: e.occurredAt, active: true } } };
    case 'InformalSupportEnded': {
      const support = state.informalSupports[e.data.supportId];
      return support ? { ...state, informalSupports: { ...state.informalSupports, [e.data.supportId]: { ...support, active: false } } } : state;
    }
    case 'ReferralMade':
      return { ...state, referrals: { ...state.referrals, [e.data.referralId]: 'made' } };
    case 'ReferralAvoided':
      return { ...state, referrals: { ...state.referrals, [e.data.referralId]: 'avoided' } };
  }
}
