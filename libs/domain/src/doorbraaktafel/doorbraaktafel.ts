import { DecisionContext, EventOf, event, rule, assertCents } from '../shared';
import { ClientState } from '../shared/client-state';

/**
 * The doorbraaktafel: a table where stuck cases are broken open, always with the person present and an
 * ervaringsdeskundige invited. Participants are recorded by role, never by name; each decision records
 * its breakthrough, what the solution cost and what it is estimated to avoid, so the table can show what it saved.
 */
export const DOORBRAAK_ROLES = ['woningcorporatie', 'zorg', 'welzijn', 'sociaal_team', 'ervaringsdeskundige', 'gemeente', 'schuldhulp', 'uwv', 'reclassering', 'politie', 'zorgkantoor', 'huisarts', 'naaste', 'overig'] as const;
export type DoorbraakRole = (typeof DOORBRAAK_ROLES)[number];
export const BREAKTHROUGH_TYPES = ['uitkering', 'woning', 'zorg', 'schulden', 'justitie', 'daginvulling', 'vervoer', 'overig'] as const;
export type BreakthroughType = (typeof BREAKTHROUGH_TYPES)[number];
/** What the solution is estimated to avoid. */
export const AVOIDED_COST_CATEGORIES = ['detentie', 'crisisopname', 'huisuitzetting', 'maatschappelijke_opvang', 'beschermd_wonen', 'politie_inzet', 'overig'] as const;
export type AvoidedCostCategory = (typeof AVOIDED_COST_CATEGORIES)[number];
/** The basis period of an avoided-cost estimate: at most ten years. */
export const MAX_AVOIDED_COST_MONTHS = 120;

export interface AvoidedCost {
  category: AvoidedCostCategory;
  /** Estimated cost avoided over `basisMonths` (e.g. € 50.000 detention over 12 months). */
  amountCents: number;
  basisMonths: number;
}

export interface EscalateCase {
  type: 'EscalateCase';
  caseId: string;
  reason: string;
}
export interface RecordDoorbraakDecision {
  type: 'RecordDoorbraakDecision';
  caseId: string;
  participants: DoorbraakRole[];
  clientPresent: boolean;
  ervaringsdeskundigeInvited: boolean;
  breakthroughType: BreakthroughType;
  /** Free text about the decision: personal, sealed with the client's key. */
  note?: string;
  solutionCostCents: number;
  avoidedCost?: AvoidedCost;
}
export interface CloseCase {
  type: 'CloseCase';
  caseId: string;
  outcome: string;
}
export type DoorbraakCommand = EscalateCase | RecordDoorbraakDecision | CloseCase;

/** v2 records roles, the breakthrough, cost and avoided cost; v1 (free-text decision and participants) is upcast. */
export const DOORBRAAK_DECISION_VERSION = 2;

export type CaseEscalated = EventOf<'CaseEscalated', { clientId: string; caseId: string; reason: string; wijkCode: string }>;
export type DoorbraakDecisionRecorded = EventOf<
  'DoorbraakDecisionRecorded',
  {
    clientId: string;
    caseId: string;
    wijkCode: string | null;
    participants: DoorbraakRole[];
    clientPresent: true;
    ervaringsdeskundigeInvited: boolean;
    breakthroughType: BreakthroughType;
    note: string | null;
    solutionCostCents: number | null;
    avoidedCost: AvoidedCost | null;
    escalatedAt: string | null;
    /** Whole days from escalation to this breakthrough. */
    leadTimeDays: number | null;
    /** Only in decisions upcast from v1: the free-text participants as they were written (sealed). */
    legacyParticipants?: unknown;
  }
>;
export type CaseClosed = EventOf<'CaseClosed', { clientId: string; caseId: string; outcome: string; decisions: number }>;
export type DoorbraakEvent = CaseEscalated | DoorbraakDecisionRecorded | CaseClosed;

const DAY_MS = 86_400_000;

function assertAvoidedCost(avoided: AvoidedCost) {
  rule(AVOIDED_COST_CATEGORIES.includes(avoided.category), 'invalid_avoided_cost_category', `avoidedCost.category must be one of ${AVOIDED_COST_CATEGORIES.join(', ')}`, 'avoidedCost.category');
  assertCents(avoided.amountCents, 'avoidedCost.amountCents', { positive: true });
  rule(Number.isInteger(avoided.basisMonths) && avoided.basisMonths >= 1 && avoided.basisMonths <= MAX_AVOIDED_COST_MONTHS, 'invalid_basis_period', `avoidedCost.basisMonths must be 1..${MAX_AVOIDED_COST_MONTHS} months`, 'avoidedCost.basisMonths');
}

export function decideDoorbraak(command: DoorbraakCommand, state: ClientState, { now }: DecisionContext): DoorbraakEvent[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  const clientId = state.clientId!;
  const existing = state.cases[command.caseId];
  switch (command.type) {
    case 'EscalateCase':
      rule(!existing, 'duplicate_case', `case ${command.caseId} exists already`, 'caseId');
      rule(command.reason.trim().length > 0, 'reason_required', 'reason must say why the case is stuck', 'reason');
      return [event('CaseEscalated', { clientId, caseId: command.caseId, reason: command.reason, wijkCode: state.placement!.wijkCode }, now)];
    case 'RecordDoorbraakDecision': {
      rule(existing?.status === 'open', 'case_not_open', `case ${command.caseId} is not open`, 'caseId');
      rule(command.clientPresent === true, 'client_not_present', 'doorbraaktafel decisions are taken with the person present', 'clientPresent');
      rule(command.ervaringsdeskundigeInvited === true, 'ervaringsdeskundige_not_invited', 'doorbraaktafel decisions are taken with an ervaringsdeskundige invited', 'ervaringsdeskundigeInvited');
      rule(command.participants.length > 0, 'participants_required', 'participants must name the roles that took part', 'participants');
      rule(
        command.participants.every((p) => DOORBRAAK_ROLES.includes(p)),
        'invalid_participant_role',
        `participants are roles, never names: each must be one of ${DOORBRAAK_ROLES.join(', ')}`,
        'participants',
      );
      rule(BREAKTHROUGH_TYPES.includes(command.breakthroughType), 'invalid_breakthrough_type', `breakthroughType must be one of ${BREAKTHROUGH_TYPES.join(', ')}`, 'breakthroughType');
      assertCents(command.solutionCostCents, 'solutionCostCents');
      if (command.avoidedCost) assertAvoidedCost(command.avoidedCost);
      const escalatedAt = existing.escalatedAt ?? null;
      const leadTimeDays = escalatedAt ? Math.max(0, Math.floor((Date.parse(now) - Date.parse(escalatedAt)) / DAY_MS)) : null;
      return [
        event(
          'DoorbraakDecisionRecorded',
          {
            clientId,
            caseId: command.caseId,
            wijkCode: state.placement!.wijkCode,
            participants: [...new Set(command.participants)],
            clientPresent: true as const,
            ervaringsdeskundigeInvited: true,
            breakthroughType: command.breakthroughType,
            note: command.note?.trim() || null,
            solutionCostCents: command.solutionCostCents,
            avoidedCost: command.avoidedCost ? { category: command.avoidedCost.category, amountCents: command.avoidedCost.amountCents, basisMonths: command.avoidedCost.basisMonths } : null,
            escalatedAt,
            leadTimeDays,
          },
          now,
          DOORBRAAK_DECISION_VERSION,
        ),
      ];
    }
    case 'CloseCase':
      rule(existing?.status === 'open', 'case_not_open', `case ${command.caseId} is not open`, 'caseId');
      return [event('CaseClosed', { clientId, caseId: command.caseId, outcome: command.outcome, decisions: existing.decisions }, now)];
  }
}

export function evolveDoorbraak(state: ClientState, e: DoorbraakEvent): ClientState {
  const current = state.cases[e.data.caseId];
  switch (e.type) {
    case 'CaseEscalated':
      return { ...state, cases: { ...state.cases, [e.data.caseId]: { status: 'open', decisions: 0, escalatedAt: e.occurredAt } } };
    case 'DoorbraakDecisionRecorded':
      return { ...state, cases: { ...state.cases, [e.data.caseId]: { ...current, decisions: current.decisions + 1 } } };
    case 'CaseClosed':
      return { ...state, cases: { ...state.cases, [e.data.caseId]: { ...current, status: 'closed' } } };
  }
}
