import { DecisionContext, EventOf, event, rule, assertEffectiveTime } from '../shared';
import { CareIntensity, CareSetting, ClientState } from '../shared/client-state';
import { CLIENT_MOVED_VERSION, ClientMovedOut } from '../housing/housing';

/** Why a trajectory ends (afsluiting / uitstroom): coded, so closures can be counted per reason. */
export const CLOSURE_REASONS = ['hersteld', 'verhuisd_buiten_regio', 'overleden', 'naar_wlz_instelling', 'zorg_elders', 'client_weigert_zorg', 'overig'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** The waits a closure ends (the wachtlijst shows them ended by the closure). */
export type ClosedWait = 'care' | 'housing' | 'daginvulling';

export interface CloseTrajectory {
  type: 'CloseTrajectory';
  reason: ClosureReason;
  effectiveAt: string;
  /** Free text about the person: sealed with the client's key. Required for reason `overig`. */
  note?: string;
}

/**
 * Afsluiting. The client's team place, home reservations and open waits end with it; a home is left by
 * its own move event (ClientMovedOut) just before. Budget lines are not settled here: they stay open
 * (counted in `openBudgetLines`) until the funder settles them, which a closed trajectory still allows.
 */
export const TRAJECTORY_CLOSED_VERSION = 1;
export type TrajectoryClosed = EventOf<
  'TrajectoryClosed',
  { clientId: string; reason: ClosureReason; note: string | null; wooncirkelId: string; wijkCode: string; teamId: string; intensity: CareIntensity; setting: CareSetting; heldTeamPlace: boolean; homeId: string | null; endedWaits: ClosedWait[]; openBudgetLines: number }
>;
export type ClosureEvent = TrajectoryClosed;

/** Commands a closed trajectory still takes: settling its budget, erasure, the doorbraaktafel closing its case, recording that a planned step could not take effect. */
export const ALLOWED_AFTER_CLOSURE: readonly string[] = ['SettleBudget', 'EraseClientData', 'CloseCase', 'RecordPlannedStepFailure'];

/**
 * A closed trajectory stays closed: a returning client starts a new trajectory (new intake, new clientId),
 * so the closed one's waits, budget and closure reason remain the facts they were.
 */
export function assertNotClosed(state: ClientState, commandType: string): void {
  if (!state.closed || ALLOWED_AFTER_CLOSURE.includes(commandType)) return;
  rule(false, 'trajectory_closed', `the trajectory was closed (${state.closed.reason}) on ${state.closed.at}: a returning client starts a new trajectory with a new intake and clientId`, 'clientId');
}

export function decideClosure(command: CloseTrajectory, state: ClientState, { now }: DecisionContext): (ClientMovedOut | TrajectoryClosed)[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  rule(CLOSURE_REASONS.includes(command.reason), 'invalid_closure_reason', `reason must be one of ${CLOSURE_REASONS.join(', ')}`, 'reason');
  const note = command.note?.trim() || null;
  rule(command.reason !== 'overig' || note, 'note_required', 'a closure for reason overig needs a note saying why', 'note');
  // Not before the intake, the move into its home, or any wait it ends.
  const notBefore = [state.registeredAt, state.home?.since, ...Object.values(state.waiting).map((w) => w?.since)]
    .filter((t): t is string => !!t)
    .sort()
    .at(-1);
  assertEffectiveTime(command.effectiveAt, 'effectiveAt', notBefore, now);
  const clientId = state.clientId!;
  const placement = state.placement!;
  // Leaving the home is a move of its own (reason afsluiting); the closure's note stays on TrajectoryClosed.
  const movedOut: ClientMovedOut[] = state.home
    ? [event('ClientMovedOut', { clientId, homeId: state.home.homeId, wooncirkelId: state.home.wooncirkelId, wijkCode: placement.wijkCode, fromSetting: state.setting, toSetting: 'elders', reason: 'afsluiting', note: null }, command.effectiveAt, CLIENT_MOVED_VERSION)]
    : [];
  const openBudgetLines = Object.values(state.budgetLines).filter((l) => !l.settled).length;
  return [
    ...movedOut,
    event(
      'TrajectoryClosed',
      {
        clientId,
        reason: command.reason,
        note,
        wooncirkelId: placement.wooncirkelId,
        wijkCode: placement.wijkCode,
        teamId: placement.teamId,
        // The intensity and setting the client leaves the caseload with (after leaving a home: elders).
        intensity: state.intensity,
        setting: state.home ? 'elders' : state.setting,
        heldTeamPlace: state.holdsTeamPlace,
        homeId: state.home?.homeId ?? null,
        endedWaits: (['care', 'housing', 'daginvulling'] as const).filter((w) => state.waiting[w]),
        openBudgetLines,
      },
      command.effectiveAt,
      TRAJECTORY_CLOSED_VERSION,
    ),
  ];
}

/** Closed: no waits, no team place, no match; open offers lapse. The budget lines stay as they are. */
export function evolveClosure(state: ClientState, e: TrajectoryClosed): ClientState {
  const offers = Object.fromEntries(Object.entries(state.offers).map(([id, o]) => [id, o.status === 'open' ? { ...o, status: 'withdrawn' as const } : o]));
  return { ...state, closed: { reason: e.data.reason, at: e.occurredAt }, waiting: {}, waitingPaused: false, waitingForPreference: false, holdsTeamPlace: false, match: undefined, offers };
}
