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
/** Schema versions written now; v1 had a free-text purpose (upcast in libs/application/src/upcasters.ts). */
export const BUDGET_RELEASED_VERSION = 2;
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
          },
          now,
          BUDGET_RELEASED_VERSION,
        ),
      ];
    }
    case 'SpendBudget': {
      const release = state.releases[command.releaseId];
      rule(release, 'unknown_release', `release ${command.releaseId} does not exist`, 'releaseId');
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
