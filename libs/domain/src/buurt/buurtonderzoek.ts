import { DecisionContext, Decider, EventOf, assertWijkCode, event, gemeenteCodeOfWijk, rule } from '../shared';
import { BUURTONDERZOEK_REASONS, BUURT_FINDINGS, GESPREK_FORMS, PLAN_CHANNELS, BuurtFinding, BuurtonderzoekReason, GesprekForm, PlanChannel, assertBuurtTime, assertCount } from './buurt-codes';

/**
 * A buurtonderzoek: conversations with residents and professionals of a wijk about what is there and what
 * is needed, findings, and a plan of approach shared with the residents (Breda, source 004).
 * Stream: buurtonderzoek-<onderzoekId>. Counts and codes only.
 */
export interface StartBuurtonderzoek {
  type: 'StartBuurtonderzoek';
  onderzoekId: string;
  wijkCode: string;
  reason: BuurtonderzoekReason;
  startedAt: string;
}
export interface RecordBuurtonderzoekGesprekken {
  type: 'RecordBuurtonderzoekGesprekken';
  heldAt: string;
  form: GesprekForm;
  residents: number;
  professionals: number;
}
export interface RecordBuurtonderzoekFindings {
  type: 'RecordBuurtonderzoekFindings';
  findings: BuurtFinding[];
  recordedAt: string;
}
export interface ShareBuurtonderzoekPlan {
  type: 'ShareBuurtonderzoekPlan';
  sharedAt: string;
  channel: PlanChannel;
  residentsReached: number;
}
export type BuurtonderzoekCommand = StartBuurtonderzoek | RecordBuurtonderzoekGesprekken | RecordBuurtonderzoekFindings | ShareBuurtonderzoekPlan;

export type BuurtonderzoekStarted = EventOf<'BuurtonderzoekStarted', { onderzoekId: string; wijkCode: string; gemeenteCode: string; reason: BuurtonderzoekReason; startedAt: string; startedByRole: string; organisation?: string }>;
export type BuurtonderzoekGesprekkenRecorded = EventOf<'BuurtonderzoekGesprekkenRecorded', { onderzoekId: string; wijkCode: string; heldAt: string; form: GesprekForm; residents: number; professionals: number }>;
export type BuurtonderzoekFindingsRecorded = EventOf<'BuurtonderzoekFindingsRecorded', { onderzoekId: string; wijkCode: string; findings: BuurtFinding[]; recordedAt: string }>;
export type BuurtonderzoekPlanShared = EventOf<'BuurtonderzoekPlanShared', { onderzoekId: string; wijkCode: string; sharedAt: string; channel: PlanChannel; residentsReached: number; residentsSpokenTo: number; professionalsSpokenTo: number; durationDays: number }>;
export type BuurtonderzoekEvent = BuurtonderzoekStarted | BuurtonderzoekGesprekkenRecorded | BuurtonderzoekFindingsRecorded | BuurtonderzoekPlanShared;

export interface BuurtonderzoekState {
  started: boolean;
  onderzoekId?: string;
  wijkCode?: string;
  gemeenteCode?: string;
  organisation?: string;
  startedAt?: string;
  residentsSpokenTo: number;
  professionalsSpokenTo: number;
  findings: BuurtFinding[];
  planShared: boolean;
}

export const buurtonderzoekDecider: Decider<BuurtonderzoekCommand, BuurtonderzoekState, BuurtonderzoekEvent> = {
  initialState: { started: false, residentsSpokenTo: 0, professionalsSpokenTo: 0, findings: [], planShared: false },

  decide(command, state, { now, actor }: DecisionContext): BuurtonderzoekEvent[] {
    if (command.type === 'StartBuurtonderzoek') {
      rule(!state.started, 'already_started', `buurtonderzoek ${command.onderzoekId} exists already`, 'onderzoekId');
      assertWijkCode(command.wijkCode, 'wijkCode');
      rule((BUURTONDERZOEK_REASONS as readonly string[]).includes(command.reason), 'invalid_reason', `reason must be one of ${BUURTONDERZOEK_REASONS.join(', ')}`, 'reason');
      assertBuurtTime(command.startedAt, 'startedAt', undefined, now);
      const { onderzoekId, wijkCode, reason, startedAt } = command;
      return [event('BuurtonderzoekStarted', { onderzoekId, wijkCode, gemeenteCode: gemeenteCodeOfWijk(wijkCode), reason, startedAt, startedByRole: actor.role, ...(actor.organisation ? { organisation: actor.organisation } : {}) }, now)];
    }
    rule(state.started, 'unknown_buurtonderzoek', 'buurtonderzoek not found', 'onderzoekId');
    rule(!state.planShared, 'buurtonderzoek_completed', `buurtonderzoek ${state.onderzoekId} is completed: its plan was shared`, 'onderzoekId');
    const onderzoekId = state.onderzoekId!;
    const wijkCode = state.wijkCode!;
    switch (command.type) {
      case 'RecordBuurtonderzoekGesprekken':
        assertBuurtTime(command.heldAt, 'heldAt', state.startedAt, now);
        rule((GESPREK_FORMS as readonly string[]).includes(command.form), 'invalid_form', `form must be one of ${GESPREK_FORMS.join(', ')}`, 'form');
        assertCount(command.residents, 'residents');
        assertCount(command.professionals, 'professionals');
        rule(command.residents + command.professionals > 0, 'nobody_spoken_to', 'a conversation has at least one resident or professional', 'residents');
        return [event('BuurtonderzoekGesprekkenRecorded', { onderzoekId, wijkCode, heldAt: command.heldAt, form: command.form, residents: command.residents, professionals: command.professionals }, now)];
      case 'RecordBuurtonderzoekFindings': {
        const findings = [...new Set(command.findings)];
        rule(findings.length > 0, 'findings_required', 'findings must name at least one finding', 'findings');
        rule(
          findings.every((f) => (BUURT_FINDINGS as readonly string[]).includes(f)),
          'invalid_finding',
          `findings must be among ${BUURT_FINDINGS.join(', ')}`,
          'findings',
        );
        rule(state.residentsSpokenTo + state.professionalsSpokenTo > 0, 'no_conversations', 'findings come from conversations: record them first', 'findings');
        assertBuurtTime(command.recordedAt, 'recordedAt', state.startedAt, now);
        return [event('BuurtonderzoekFindingsRecorded', { onderzoekId, wijkCode, findings, recordedAt: command.recordedAt }, now)];
      }
      case 'ShareBuurtonderzoekPlan':
        rule(state.findings.length > 0, 'no_findings', 'a plan of approach follows from findings: record them first', 'sharedAt');
        rule((PLAN_CHANNELS as readonly string[]).includes(command.channel), 'invalid_channel', `channel must be one of ${PLAN_CHANNELS.join(', ')}`, 'channel');
        assertCount(command.residentsReached, 'residentsReached', 100_000);
        assertBuurtTime(command.sharedAt, 'sharedAt', state.startedAt, now);
        return [
          event(
            'BuurtonderzoekPlanShared',
            {
              onderzoekId,
              wijkCode,
              sharedAt: command.sharedAt,
              channel: command.channel,
              residentsReached: command.residentsReached,
              residentsSpokenTo: state.residentsSpokenTo,
              professionalsSpokenTo: state.professionalsSpokenTo,
              durationDays: Math.round((Date.parse(command.sharedAt) - Date.parse(state.startedAt!)) / 86_400_000),
            },
            now,
          ),
        ];
    }
  },

  evolve(state, e): BuurtonderzoekState {
    switch (e.type) {
      case 'BuurtonderzoekStarted':
        return { ...state, started: true, onderzoekId: e.data.onderzoekId, wijkCode: e.data.wijkCode, gemeenteCode: e.data.gemeenteCode, organisation: e.data.organisation, startedAt: e.data.startedAt };
      case 'BuurtonderzoekGesprekkenRecorded':
        return { ...state, residentsSpokenTo: state.residentsSpokenTo + e.data.residents, professionalsSpokenTo: state.professionalsSpokenTo + e.data.professionals };
      case 'BuurtonderzoekFindingsRecorded':
        return { ...state, findings: [...new Set([...state.findings, ...e.data.findings])] };
      case 'BuurtonderzoekPlanShared':
        return { ...state, planShared: true };
    }
  },
};

export const buurtonderzoekStream = (onderzoekId: string) => `buurtonderzoek-${onderzoekId}`;
