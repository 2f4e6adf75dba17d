import { DecisionContext, EventOf, event, rule } from '../shared';
import { ClientState } from '../shared/client-state';

/** The doorbraaktafel: a table where stuck cases are broken open, always with the person present. */
export interface EscalateCase {
  type: 'EscalateCase';
  caseId: string;
  reason: string;
}
export interface RecordDoorbraakDecision {
  type: 'RecordDoorbraakDecision';
  caseId: string;
  decision: string;
  participants: string[];
  clientPresent: boolean;
}
export interface CloseCase {
  type: 'CloseCase';
  caseId: string;
  outcome: string;
}
export type DoorbraakCommand = EscalateCase | RecordDoorbraakDecision | CloseCase;

export type CaseEscalated = EventOf<'CaseEscalated', { clientId: string; caseId: string; reason: string; wijkCode: string }>;
export type DoorbraakDecisionRecorded = EventOf<'DoorbraakDecisionRecorded', { clientId: string; caseId: string; decision: string; participants: string[]; clientPresent: true }>;
export type CaseClosed = EventOf<'CaseClosed', { clientId: string; caseId: string; outcome: string; decisions: number }>;
export type DoorbraakEvent = CaseEscalated | DoorbraakDecisionRecorded | CaseClosed;

export function decideDoorbraak(command: DoorbraakCommand, state: ClientState, { now }: DecisionContext): DoorbraakEvent[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  const clientId = state.clientId!;
  const existing = state.cases[command.caseId];
  switch (command.type) {
    case 'EscalateCase':
      rule(!existing, 'duplicate_case', `case ${command.caseId} exists already`, 'caseId');
      rule(command.reason.trim().length > 0, 'reason_required', 'reason must say why the case is stuck', 'reason');
      return [event('CaseEscalated', { clientId, caseId: command.caseId, reason: command.reason, wijkCode: state.placement!.wijkCode }, now)];
    case 'RecordDoorbraakDecision':
      rule(existing?.status === 'open', 'case_not_open', `case ${command.caseId} is not open`, 'caseId');
      rule(command.clientPresent === true, 'client_not_present', 'doorbraaktafel decisions are taken with the person present', 'clientPresent');
      rule(command.participants.length > 0, 'participants_required', 'participants must name who took part', 'participants');
      return [event('DoorbraakDecisionRecorded', { clientId, caseId: command.caseId, decision: command.decision, participants: command.participants, clientPresent: true as const }, now)];
    case 'CloseCase':
      rule(existing?.status === 'open', 'case_not_open', `case ${command.caseId} is not open`, 'caseId');
      return [event('CaseClosed', { clientId, caseId: command.caseId, outcome: command.outcome, decisions: existing.decisions }, now)];
  }
}

export function evolveDoorbraak(state: ClientState, e: DoorbraakEvent): ClientState {
  const current = state.cases[e.data.caseId];
  switch (e.type) {
    case 'CaseEscalated':
      return { ...state, cases: { ...state.cases, [e.data.caseId]: { status: 'open', decisions: 0 } } };
    case 'DoorbraakDecisionRecorded':
      return { ...state, cases: { ...state.cases, [e.data.caseId]: { ...current, decisions: current.decisions + 1 } } };
    case 'CaseClosed':
      return { ...state, cases: { ...state.cases, [e.data.caseId]: { ...current, status: 'closed' } } };
  }
}
