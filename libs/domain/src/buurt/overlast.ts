import { DecisionContext, Decider, EventOf, assertWijkCode, event, gemeenteCodeOfWijk, rule } from '../shared';
import { OVERLAST_CATEGORIES, OVERLAST_OUTCOMES, OVERLAST_RESPONSES, OVERLAST_SOURCES, OverlastCategory, OverlastOutcome, OverlastResponse, OverlastSource, assertBuurtTime, assertCount, daysBetween } from './buurt-codes';

/**
 * A nuisance report (overlast melding) in a wijk, handled with the neighbourhood: reported, talked
 * through in a buurtgesprek (with or without the client), answered, resolved. Stream: overlast-<reportId>.
 */
export interface ReportOverlast {
  type: 'ReportOverlast';
  reportId: string;
  wijkCode: string;
  source: OverlastSource;
  category: OverlastCategory;
  reportedAt: string;
  /** A client named on purpose by a professional; pseudonymous. */
  clientId?: string;
  /** Filled in by the command flow: the wijk the named client lives in (undefined when unknown or not visible to the actor). */
  clientWijkCode?: string;
}
export interface RecordBuurtgesprek {
  type: 'RecordBuurtgesprek';
  heldAt: string;
  withClient: boolean;
  residents: number;
  professionals: number;
}
export interface DecideOverlastResponse {
  type: 'DecideOverlastResponse';
  responses: OverlastResponse[];
  decidedAt: string;
}
export interface ResolveOverlast {
  type: 'ResolveOverlast';
  outcome: OverlastOutcome;
  resolvedAt: string;
}
export type OverlastCommand = ReportOverlast | RecordBuurtgesprek | DecideOverlastResponse | ResolveOverlast;

export type OverlastReported = EventOf<'OverlastReported', { reportId: string; wijkCode: string; gemeenteCode: string; source: OverlastSource; category: OverlastCategory; reportedAt: string; reportedByRole: string; organisation?: string; clientId?: string }>;
export type BuurtgesprekHeld = EventOf<'BuurtgesprekHeld', { reportId: string; wijkCode: string; heldAt: string; withClient: boolean; residents: number; professionals: number }>;
/**
 * `careStepExpected`: scaling up was decided for a named client. The care step itself is the client's own
 * ScaleCare on its trajectory, taken by its zorgprofessional; this stream never writes into a client stream.
 */
export type OverlastResponseDecided = EventOf<'OverlastResponseDecided', { reportId: string; wijkCode: string; responses: OverlastResponse[]; decidedAt: string; clientId?: string; careStepExpected: boolean }>;
export type OverlastResolved = EventOf<'OverlastResolved', { reportId: string; wijkCode: string; outcome: OverlastOutcome; resolvedAt: string; resolutionDays: number; buurtgesprekken: number }>;
export type OverlastEvent = OverlastReported | BuurtgesprekHeld | OverlastResponseDecided | OverlastResolved;

export interface OverlastState {
  reported: boolean;
  reportId?: string;
  wijkCode?: string;
  gemeenteCode?: string;
  reportedAt?: string;
  clientId?: string;
  buurtgesprekken: number;
  responded: boolean;
  resolved: boolean;
}

/** Roles that may name a client in a report: the professionals who know the client. */
const NAMES_CLIENTS = ['zorgprofessional', 'wijkteam'];

export const overlastDecider: Decider<OverlastCommand, OverlastState, OverlastEvent> = {
  initialState: { reported: false, buurtgesprekken: 0, responded: false, resolved: false },

  decide(command, state, { now, actor }: DecisionContext): OverlastEvent[] {
    if (command.type === 'ReportOverlast') {
      rule(!state.reported, 'already_reported', `overlast report ${command.reportId} exists already`, 'reportId');
      assertWijkCode(command.wijkCode, 'wijkCode');
      rule((OVERLAST_SOURCES as readonly string[]).includes(command.source), 'invalid_source', `source must be one of ${OVERLAST_SOURCES.join(', ')}`, 'source');
      rule((OVERLAST_CATEGORIES as readonly string[]).includes(command.category), 'invalid_category', `category must be one of ${OVERLAST_CATEGORIES.join(', ')}`, 'category');
      rule(actor.role !== 'woningcorporatie' || command.source === 'corporatie', 'source_is_reporter', 'a woningcorporatie reports with source corporatie', 'source');
      assertBuurtTime(command.reportedAt, 'reportedAt', undefined, now);
      if (command.clientId !== undefined) {
        rule(NAMES_CLIENTS.includes(actor.role), 'client_link_not_allowed', 'only a professional who knows the client (zorgprofessional, wijkteam) may name a client', 'clientId');
        rule(command.clientWijkCode === command.wijkCode, 'client_not_in_wijk', `clientId is not a known client of wijk ${command.wijkCode}`, 'clientId');
      }
      const { reportId, wijkCode, source, category, reportedAt, clientId } = command;
      return [event('OverlastReported', { reportId, wijkCode, gemeenteCode: gemeenteCodeOfWijk(wijkCode), source, category, reportedAt, reportedByRole: actor.role, ...(actor.organisation ? { organisation: actor.organisation } : {}), ...(clientId !== undefined ? { clientId } : {}) }, now)];
    }
    rule(state.reported, 'unknown_overlast_report', 'overlast report not found', 'reportId');
    rule(!state.resolved, 'overlast_resolved', `overlast report ${state.reportId} is resolved already`, 'reportId');
    const reportId = state.reportId!;
    const wijkCode = state.wijkCode!;
    switch (command.type) {
      case 'RecordBuurtgesprek':
        assertBuurtTime(command.heldAt, 'heldAt', state.reportedAt, now);
        assertCount(command.residents, 'residents');
        assertCount(command.professionals, 'professionals');
        rule(command.residents > 0, 'no_residents', 'a buurtgesprek is held with at least one resident', 'residents');
        // With the client only when a client is named: otherwise there is no "the client" to invite.
        rule(!command.withClient || state.clientId !== undefined, 'no_client_linked', 'withClient needs a client named in the report', 'withClient');
        return [event('BuurtgesprekHeld', { reportId, wijkCode, heldAt: command.heldAt, withClient: command.withClient, residents: command.residents, professionals: command.professionals }, now)];
      case 'DecideOverlastResponse': {
        const responses = [...new Set(command.responses)];
        rule(responses.length > 0, 'responses_required', 'responses must name at least one response', 'responses');
        rule(
          responses.every((r) => (OVERLAST_RESPONSES as readonly string[]).includes(r)),
          'invalid_response',
          `responses must be among ${OVERLAST_RESPONSES.join(', ')}`,
          'responses',
        );
        rule(!responses.includes('geen_actie') || responses.length === 1, 'geen_actie_alone', 'geen_actie cannot be combined with other responses', 'responses');
        assertBuurtTime(command.decidedAt, 'decidedAt', state.reportedAt, now);
        const clientId = state.clientId;
        return [event('OverlastResponseDecided', { reportId, wijkCode, responses, decidedAt: command.decidedAt, ...(clientId !== undefined ? { clientId } : {}), careStepExpected: clientId !== undefined && responses.includes('opschalen_zorg') }, now)];
      }
      case 'ResolveOverlast':
        rule(state.responded, 'no_response_decided', 'decide a response before resolving the report', 'outcome');
        rule((OVERLAST_OUTCOMES as readonly string[]).includes(command.outcome), 'invalid_outcome', `outcome must be one of ${OVERLAST_OUTCOMES.join(', ')}`, 'outcome');
        assertBuurtTime(command.resolvedAt, 'resolvedAt', state.reportedAt, now);
        return [event('OverlastResolved', { reportId, wijkCode, outcome: command.outcome, resolvedAt: command.resolvedAt, resolutionDays: daysBetween(state.reportedAt!, command.resolvedAt), buurtgesprekken: state.buurtgesprekken }, now)];
    }
  },

  evolve(state, e): OverlastState {
    switch (e.type) {
      case 'OverlastReported':
        return { ...state, reported: true, reportId: e.data.reportId, wijkCode: e.data.wijkCode, gemeenteCode: e.data.gemeenteCode, reportedAt: e.data.reportedAt, clientId: e.data.clientId };
      case 'BuurtgesprekHeld':
        return { ...state, buurtgesprekken: state.buurtgesprekken + 1 };
      case 'OverlastResponseDecided':
        return { ...state, responded: true };
      case 'OverlastResolved':
        return { ...state, resolved: true };
    }
  },
};

export const overlastStream = (reportId: string) => `overlast-${reportId}`;
