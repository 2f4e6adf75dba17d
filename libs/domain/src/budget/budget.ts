import { DecisionContext, EventOf, event, rule, assertCents, assertEffectiveTime, BUDGET_PURPOSES, BudgetPurpose } from '../shared';
import { AnyFunder, ClientState, Funder, budgetLineKey } from '../shared/client-state';
import { assertCurrentFunder, assertFundedByIndicatie, assertMayAllocate } from '../toegang/funding';

export interface AllocateBudget {
  type: 'AllocateBudget';
  year: number;
  funder: Funder;
  amountCents: number;
}
export interface ReleaseBudget {
  type: 'ReleaseBudget';
  releaseId: string;
  year: number;
  funder: Funder;
  purpose: BudgetPurpose;
  /** Free text about what the money is for: personal data, sealed with the client's key. */
  note?: string;
  amountCents: number;
  approvedBy: string;
  /** Maatwerk released at once by the doorbraaktafel, with a justification. */
  fastTrack: boolean;
  /** Release beyond the allocation: only the doorbraaktafel may, with a justification. */
  overrideAllocation: boolean;
  justification?: string;
  /** The doorbraaktafel case whose decision this release carries out (required for a release from a pot). */
  caseId?: string;
  /** Filled in by the command flow from the pot named in the input: the pot that pays instead of the allocation. */
  fromPot?: { potId: string; year: number; funder: Funder };
}
export interface SpendBudget {
  type: 'SpendBudget';
  releaseId: string;
  amountCents: number;
  description: string;
  spentAt: string;
}
export interface SettleBudget {
  type: 'SettleBudget';
  year: number;
  funder: Funder;
}
export type BudgetCommand = AllocateBudget | ReleaseBudget | SpendBudget | SettleBudget;

export type BudgetAllocated = EventOf<'BudgetAllocated', { clientId: string; year: number; funder: AnyFunder; amountCents: number; wijkCode: string }>;
/**
 * Schema versions written now; v1 had a free-text purpose, v2 did not say which pot paid (upcast in
 * libs/application/src/upcasters.ts: v2 releases read as person-following).
 */
export const BUDGET_RELEASED_VERSION = 3;
/** Which money paid a release: the client's own (person-following) allocation, or the gemeente's flex pot. */
export const RELEASE_SOURCES = ['persoonsvolgend', 'flexpot'] as const;
export type ReleaseSource = (typeof RELEASE_SOURCES)[number];
export const BUDGET_SPENT_VERSION = 2;
export type BudgetReleased = EventOf<
  'BudgetReleased',
  {
    clientId: string;
    releaseId: string;
    year: number;
    funder: AnyFunder;
    purpose: BudgetPurpose;
    note: string | null;
    amountCents: number;
    approvedBy: string;
    fastTrack: boolean;
    overrideAllocation: boolean;
    justification: string | null;
    wijkCode: string;
    source: ReleaseSource;
    /** The pot that paid; null for a person-following release (paid from the client's line year/funder). */
    potId: string | null;
    caseId: string | null;
  }
>;
export type BudgetSpent = EventOf<'BudgetSpent', { clientId: string; releaseId: string; year: number; funder: AnyFunder; purpose: BudgetPurpose; amountCents: number; description: string; wijkCode: string }>;
export type BudgetSettled = EventOf<'BudgetSettled', { clientId: string; year: number; funder: AnyFunder; allocatedCents: number; releasedCents: number; spentCents: number; unspentCents: number; wijkCode: string }>;
export type BudgetEvent = BudgetAllocated | BudgetReleased | BudgetSpent | BudgetSettled;

export function remainingCents(state: ClientState, year: number, funder: string): number {
  const line = state.budgetLines[budgetLineKey(year, funder)];
  return line ? line.allocatedCents - line.releasedCents : 0;
}

function assertYear(year: number) {
  rule(Number.isInteger(year) && year >= 2000 && year <= 2100, 'invalid_year', 'year must be a calendar year like 2026', 'year');
}

export function decideBudget(command: BudgetCommand, state: ClientState, { now, actor }: DecisionContext): BudgetEvent[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  const clientId = state.clientId!;
  const wijkCode = state.placement!.wijkCode;
  switch (command.type) {
    case 'AllocateBudget': {
      assertYear(command.year);
      assertCurrentFunder(command.funder);
      assertCents(command.amountCents, 'amountCents', { positive: true });
      assertMayAllocate(command.funder, state, actor);
      assertFundedByIndicatie(command.funder, state, command.year);
      rule(!state.budgetLines[budgetLineKey(command.year, command.funder)]?.settled, 'budget_settled', `budget ${command.year} ${command.funder} is settled`, 'year');
      return [event('BudgetAllocated', { clientId, year: command.year, funder: command.funder, amountCents: command.amountCents, wijkCode }, now)];
    }
    case 'ReleaseBudget': {
      assertYear(command.year);
      assertCents(command.amountCents, 'amountCents', { positive: true });
      rule(!state.releases[command.releaseId], 'duplicate_release', `release ${command.releaseId} exists already`, 'releaseId');
      rule(BUDGET_PURPOSES.includes(command.purpose), 'invalid_purpose', `purpose must be one of ${BUDGET_PURPOSES.join(', ')}`, 'purpose');
      assertCurrentFunder(command.funder);
      if (command.fromPot) return [releaseFromPot(command, command.fromPot, state, actor, now)];
      rule(command.caseId === undefined, 'case_only_for_pot', 'a case is named only when the release comes from a pot (potId)', 'caseId');
      // Fast-track maatwerk of the doorbraaktafel may pay before the indicatie is there.
      if (!command.fastTrack) assertFundedByIndicatie(command.funder, state, command.year);
      const line = state.budgetLines[budgetLineKey(command.year, command.funder)];
      rule(line, 'no_allocation', `no ${command.funder} budget allocated for ${command.year}`, 'funder');
      rule(!line.settled, 'budget_settled', `budget ${command.year} ${command.funder} is settled`, 'year');
      const justification = command.justification?.trim() || null;
      if (command.fastTrack || command.overrideAllocation) {
        const what = command.fastTrack ? 'fastTrack' : 'overrideAllocation';
        rule(actor.role === 'doorbraaktafel', 'doorbraaktafel_only', `${what} releases are decided by the doorbraaktafel`, what);
        rule(justification, 'justification_required', `${what} releases need a justification`, 'justification');
      }
      const beyondAllocation = line.releasedCents + command.amountCents > line.allocatedCents;
      rule(!beyondAllocation || command.overrideAllocation, 'exceeds_allocation', `release of ${command.amountCents} cents exceeds the remaining ${line.allocatedCents - line.releasedCents} cents; only a doorbraaktafel override may`, 'amountCents');
      return [
        event(
          'BudgetReleased',
          {
            clientId,
            releaseId: command.releaseId,
            year: command.year,
            funder: command.funder,
            purpose: command.purpose,
            note: command.note?.trim() || null,
            amountCents: command.amountCents,
            approvedBy: command.approvedBy,
            fastTrack: command.fastTrack,
            overrideAllocation: command.overrideAllocation && beyondAllocation,
            justification,
            wijkCode,
            source: 'persoonsvolgend' as const,
            potId: null,
            caseId: null,
          },
          now,
          BUDGET_RELEASED_VERSION,
        ),
      ];
    }
    case 'SpendBudget': {
      const release = state.releases[command.releaseId];
      rule(release, 'unknown_release', `release ${command.releaseId} does not exist`, 'releaseId');
      rule(!release.potId, 'paid_from_pot', `release ${command.releaseId} was paid from pot ${release.potId} at once: the pot records it, there is nothing to spend against`, 'releaseId');
      assertCents(command.amountCents, 'amountCents', { positive: true });
      assertEffectiveTime(command.spentAt, 'spentAt', state.registeredAt, now);
      rule(!state.budgetLines[budgetLineKey(release.year, release.funder)].settled, 'budget_settled', 'the budget of this release is settled', 'releaseId');
      rule(release.spentCents + command.amountCents <= release.amountCents, 'exceeds_release', `spending ${command.amountCents} cents exceeds the ${release.amountCents - release.spentCents} cents left on release ${release.releaseId}`, 'amountCents');
      return [event('BudgetSpent', { clientId, releaseId: release.releaseId, year: release.year, funder: release.funder, purpose: release.purpose as BudgetPurpose, amountCents: command.amountCents, description: command.description, wijkCode }, command.spentAt, BUDGET_SPENT_VERSION)];
    }
    case 'SettleBudget': {
      const line = state.budgetLines[budgetLineKey(command.year, command.funder)];
      rule(line, 'no_allocation', `no ${command.funder} budget allocated for ${command.year}`, 'funder');
      rule(!line.settled, 'budget_settled', `budget ${command.year} ${command.funder} is settled already`, 'year');
      return [
        event(
          'BudgetSettled',
          {
            clientId,
            year: line.year,
            funder: line.funder,
            allocatedCents: line.allocatedCents,
            releasedCents: line.releasedCents,
            spentCents: line.spentCents,
            unspentCents: line.allocatedCents - line.spentCents,
            wijkCode,
          },
          now,
        ),
      ];
    }
  }
}

export function evolveBudget(state: ClientState, e: BudgetEvent): ClientState {
  if (e.type === 'BudgetReleased' && e.data.potId) {
    // Paid from a pot: the client's own budget lines stay as they are.
    const { releaseId, year, funder, purpose, amountCents, potId } = e.data;
    return { ...state, releases: { ...state.releases, [releaseId]: { releaseId, year, funder, purpose, amountCents, spentCents: 0, potId } } };
  }
  const key = budgetLineKey(e.data.year, e.data.funder);
  const line = state.budgetLines[key] ?? { year: e.data.year, funder: e.data.funder, allocatedCents: 0, releasedCents: 0, spentCents: 0, settled: false };
  const withLine = (changed: typeof line) => ({ ...state.budgetLines, [key]: changed });
  switch (e.type) {
    case 'BudgetAllocated':
      return { ...state, budgetLines: withLine({ ...line, allocatedCents: line.allocatedCents + e.data.amountCents }) };
    case 'BudgetReleased':
      return {
        ...state,
        budgetLines: withLine({ ...line, releasedCents: line.releasedCents + e.data.amountCents }),
        releases: { ...state.releases, [e.data.releaseId]: { releaseId: e.data.releaseId, year: e.data.year, funder: e.data.funder, purpose: e.data.purpose, amountCents: e.data.amountCents, spentCents: 0 } },
      };
    case 'BudgetSpent': {
      const release = state.releases[e.data.releaseId];
      return {
        ...state,
        budgetLines: withLine({ ...line, spentCents: line.spentCents + e.data.amountCents }),
        releases: { ...state.releases, [e.data.releaseId]: { ...release, spentCents: release.spentCents + e.data.amountCents } },
      };
    }
    case 'BudgetSettled':
      return { ...state, budgetLines: withLine({ ...line, settled: true }) };
  }
}

/**
 * Fast maatwerk money from the gemeente's flex pot, decided at the doorbraaktafel without a prior
 * allocation: only the doorbraaktafel, only carrying out a decision it took on an open case of this client.
 * Whether the pot holds enough is the pot's claim (decided beforehand by the command flow).
 */
function releaseFromPot(command: ReleaseBudget, pot: { potId: string; year: number; funder: Funder }, state: ClientState, actor: DecisionContext['actor'], now: string): BudgetReleased {
  rule(actor.role === 'doorbraaktafel', 'doorbraaktafel_only', 'releases from the flex pot are decided by the doorbraaktafel', 'potId');
  rule(command.year === pot.year, 'pot_mismatch', `pot ${pot.potId} is the pot of ${pot.year}`, 'year');
  rule(command.funder === pot.funder, 'pot_mismatch', `pot ${pot.potId} is funded by ${pot.funder}`, 'funder');
  rule(!command.overrideAllocation, 'override_not_for_pot', 'a pot release is never beyond an allocation: leave overrideAllocation out', 'overrideAllocation');
  rule(command.caseId !== undefined, 'case_required', 'a release from the flex pot names the doorbraaktafel case it carries out', 'caseId');
  const theCase = state.cases[command.caseId];
  rule(theCase?.status === 'open' && theCase.decisions > 0, 'case_not_decided', `case ${command.caseId} has no decision of the doorbraaktafel on an open case`, 'caseId');
  return event(
    'BudgetReleased',
    {
      clientId: state.clientId!,
      releaseId: command.releaseId,
      year: pot.year,
      funder: pot.funder,
      purpose: command.purpose,
      note: command.note?.trim() || null,
      amountCents: command.amountCents,
      approvedBy: command.approvedBy,
      fastTrack: true,
      overrideAllocation: false,
      justification: command.justification?.trim() || null,
      wijkCode: state.placement!.wijkCode,
      source: 'flexpot' as const,
      potId: pot.potId,
      caseId: command.caseId,
    },
    now,
    BUDGET_RELEASED_VERSION,
  );
}
