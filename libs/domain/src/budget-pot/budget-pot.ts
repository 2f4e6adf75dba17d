import { DecisionContext, Decider, EventOf, event, rule, assertCents, assertWijkCode, gemeenteCodeOfWijk, GEMEENTE_CODE_PATTERN, withPrototypeSafeMaps, BUDGET_PURPOSES, BudgetPurpose } from '../shared';
import { FUNDERS, Funder } from '../shared/client-state';

/**
 * Budget pots of a gemeente, beside the person-following budgets: a wijkgebonden budget per wijk, funder
 * and year, and the gemeente's flex pot per year from which the doorbraaktafel releases fast maatwerk
 * money without a prior client allocation. Stream budget-pot-<potId>; codes and counts only (a client
 * is named by its pseudonymous id, as on a wooncirkel).
 */
export const POT_KINDS = ['wijk', 'flex'] as const;
export type PotKind = (typeof POT_KINDS)[number];

/** What a wijkgebonden budget pays for in the wijk (no client): coded, grouped and published by code. */
export const WIJK_ACTIVITIES = ['buurtplein', 'buurtonderzoek', 'kern_ontmoeting', 'vrijwilligers', 'ervaringsdeskundigheid', 'mantelzorgondersteuning', 'preventie', 'overig'] as const;
export type WijkActivity = (typeof WIJK_ACTIVITIES)[number];

/** One pot per wijk, funder and year; one flex pot per gemeente and year: the id says which. */
export const wijkPotId = (wijkCode: string, funder: string, year: number) => `wijk-${wijkCode}-${funder}-${year}`;
export const flexPotId = (gemeenteCode: string, year: number) => `flex-${gemeenteCode}-${year}`;
export const budgetPotStream = (potId: string) => `budget-pot-${potId}`;

export interface OpenBudgetPot {
  type: 'OpenBudgetPot';
  kind: PotKind;
  gemeenteCode: string;
  /** Only for a wijk pot. */
  wijkCode?: string;
  funder: Funder;
  year: number;
  amountCents: number;
}
export interface TopUpBudgetPot {
  type: 'TopUpBudgetPot';
  amountCents: number;
}
/** Money from a wijk pot for an activity in the wijk: no client. */
export interface ReleaseForWijkActivity {
  type: 'ReleaseForWijkActivity';
  releaseId: string;
  activity: WijkActivity;
  amountCents: number;
}
/** Internal, issued by the client command flow: the flex pot pays a client's release decided at the doorbraaktafel. */
export interface ReleaseForClient {
  type: 'ReleaseForClient';
  releaseId: string;
  clientId: string;
  purpose: BudgetPurpose;
  amountCents: number;
}
/** Internal compensation: the client's release did not go through, the pot gets the money back. */
export interface ReturnClientRelease {
  type: 'ReturnClientRelease';
  releaseId: string;
  clientId: string;
}
export type BudgetPotCommand = OpenBudgetPot | TopUpBudgetPot | ReleaseForWijkActivity | ReleaseForClient | ReturnClientRelease;

interface PotFacts {
  potId: string;
  kind: PotKind;
  gemeenteCode: string;
  wijkCode: string | null;
  funder: Funder;
  year: number;
}
export type BudgetPotOpened = EventOf<'BudgetPotOpened', PotFacts & { amountCents: number }>;
export type BudgetPotToppedUp = EventOf<'BudgetPotToppedUp', PotFacts & { amountCents: number }>;
export type BudgetPotReleased = EventOf<'BudgetPotReleased', PotFacts & { releaseId: string; clientId: string | null; activity: WijkActivity | null; purpose: BudgetPurpose | null; amountCents: number }>;
export type BudgetPotReleaseReturned = EventOf<'BudgetPotReleaseReturned', PotFacts & { releaseId: string; clientId: string; amountCents: number }>;
export type BudgetPotEvent = BudgetPotOpened | BudgetPotToppedUp | BudgetPotReleased | BudgetPotReleaseReturned;

export interface PotRelease {
  releaseId: string;
  clientId: string | null;
  amountCents: number;
  returned: boolean;
}
export interface BudgetPotState {
  opened: boolean;
  facts?: PotFacts;
  openedCents: number;
  releasedCents: number;
  releases: Record<string, PotRelease>;
}

export const potRemainingCents = (state: BudgetPotState) => state.openedCents - state.releasedCents;

/**
 * What a client release from this pot would get, decided purely against the loaded pot (the client flow
 * asks first, decides the client command, then writes the claim; the decider answers the same way).
 */
export function potReleaseClaim(state: BudgetPotState, releaseId: string, clientId: string, amountCents: number): { outcome: 'held' | 'grantable' | 'refused'; code?: 'not_a_flex_pot' | 'exceeds_pot' | 'duplicate_release' } {
  const existing = Object.hasOwn(state.releases, releaseId) ? state.releases[releaseId] : undefined;
  if (existing && existing.clientId === clientId && !existing.returned) return { outcome: 'held' };
  if (existing) return { outcome: 'refused', code: 'duplicate_release' };
  if (state.facts?.kind !== 'flex') return { outcome: 'refused', code: 'not_a_flex_pot' };
  return amountCents <= potRemainingCents(state) ? { outcome: 'grantable' } : { outcome: 'refused', code: 'exceeds_pot' };
}

function assertYear(year: number) {
  rule(Number.isInteger(year) && year >= 2000 && year <= 2100, 'invalid_year', 'year must be a calendar year like 2026', 'year');
}

function exceedsPot(state: BudgetPotState, amountCents: number): never {
  rule(false, 'exceeds_pot', `release of ${amountCents} cents exceeds the ${potRemainingCents(state)} cents left in pot ${state.facts!.potId}`, 'amountCents');
}

export const budgetPotDecider: Decider<BudgetPotCommand, BudgetPotState, BudgetPotEvent> = withPrototypeSafeMaps<BudgetPotCommand, BudgetPotState, BudgetPotEvent>(
  {
    initialState: { opened: false, openedCents: 0, releasedCents: 0, releases: {} },
    snapshot: { kind: 'budget-pot', version: 1 },

    decide(command, state, { now }: DecisionContext): BudgetPotEvent[] {
      if (command.type === 'OpenBudgetPot') {
        rule(POT_KINDS.includes(command.kind), 'invalid_kind', `kind must be one of ${POT_KINDS.join(', ')}`, 'kind');
        rule(GEMEENTE_CODE_PATTERN.test(command.gemeenteCode), 'invalid_gemeente_code', 'gemeenteCode must look like GM0363', 'gemeenteCode');
        rule(FUNDERS.includes(command.funder), 'invalid_funder', `funder must be one of ${FUNDERS.join(', ')}`, 'funder');
        assertYear(command.year);
        assertCents(command.amountCents, 'amountCents', { positive: true });
        let wijkCode: string | null = null;
        if (command.kind === 'wijk') {
          rule(command.wijkCode, 'wijk_required', 'a wijk pot names its wijk', 'wijkCode');
          assertWijkCode(command.wijkCode, 'wijkCode');
          rule(gemeenteCodeOfWijk(command.wijkCode) === command.gemeenteCode, 'wijk_not_in_gemeente', `wijk ${command.wijkCode} does not lie in gemeente ${command.gemeenteCode}`, 'wijkCode');
          wijkCode = command.wijkCode;
        } else {
          rule(command.wijkCode === undefined, 'flex_pot_has_no_wijk', 'the flex pot belongs to the whole gemeente: leave wijkCode out', 'wijkCode');
        }
        const potId = command.kind === 'wijk' ? wijkPotId(wijkCode!, command.funder, command.year) : flexPotId(command.gemeenteCode, command.year);
        rule(!state.opened, 'pot_exists', `pot ${potId} is open already: top it up instead`, command.kind === 'wijk' ? 'wijkCode' : 'year');
        return [event('BudgetPotOpened', { potId, kind: command.kind, gemeenteCode: command.gemeenteCode, wijkCode, funder: command.funder, year: command.year, amountCents: command.amountCents }, now)];
      }
      rule(state.opened, 'unknown_pot', 'no such budget pot', 'potId');
      const facts = state.facts!;
      switch (command.type) {
        case 'TopUpBudgetPot':
          assertCents(command.amountCents, 'amountCents', { positive: true });
          rule(state.openedCents + command.amountCents <= Number.MAX_SAFE_INTEGER, 'amount_too_large', 'the pot would grow beyond what can be counted', 'amountCents');
          return [event('BudgetPotToppedUp', { ...facts, amountCents: command.amountCents }, now)];
        case 'ReleaseForWijkActivity':
          rule(facts.kind === 'wijk', 'not_a_wijk_pot', 'wijk activities are paid from a wijk pot; the flex pot pays doorbraaktafel maatwerk for a client', 'potId');
          rule(WIJK_ACTIVITIES.includes(command.activity), 'invalid_activity', `activity must be one of ${WIJK_ACTIVITIES.join(', ')}`, 'activity');
          assertCents(command.amountCents, 'amountCents', { positive: true });
          rule(!Object.hasOwn(state.releases, command.releaseId), 'duplicate_release', `release ${command.releaseId} exists already`, 'releaseId');
          if (command.amountCents > potRemainingCents(state)) exceedsPot(state, command.amountCents);
          return [event('BudgetPotReleased', { ...facts, releaseId: command.releaseId, clientId: null, activity: command.activity, purpose: null, amountCents: command.amountCents }, now)];
        case 'ReleaseForClient': {
          rule(BUDGET_PURPOSES.includes(command.purpose), 'invalid_purpose', `purpose must be one of ${BUDGET_PURPOSES.join(', ')}`, 'purpose');
          assertCents(command.amountCents, 'amountCents', { positive: true });
          const claim = potReleaseClaim(state, command.releaseId, command.clientId, command.amountCents);
          if (claim.outcome === 'held') return [];
          rule(claim.code !== 'duplicate_release', 'duplicate_release', `release ${command.releaseId} exists already`, 'releaseId');
          rule(claim.code !== 'not_a_flex_pot', 'not_a_flex_pot', 'client releases come from the flex pot only', 'potId');
          if (claim.code === 'exceeds_pot') exceedsPot(state, command.amountCents);
          return [event('BudgetPotReleased', { ...facts, releaseId: command.releaseId, clientId: command.clientId, activity: null, purpose: command.purpose, amountCents: command.amountCents }, now)];
        }
        case 'ReturnClientRelease': {
          const release = Object.hasOwn(state.releases, command.releaseId) ? state.releases[command.releaseId] : undefined;
          if (!release || release.returned || release.clientId !== command.clientId) return [];
          return [event('BudgetPotReleaseReturned', { ...facts, releaseId: release.releaseId, clientId: command.clientId, amountCents: release.amountCents }, now)];
        }
      }
    },

    evolve(state, e): BudgetPotState {
      switch (e.type) {
        case 'BudgetPotOpened': {
          const { amountCents, ...facts } = e.data;
          return { ...state, opened: true, facts, openedCents: amountCents };
        }
        case 'BudgetPotToppedUp':
          return { ...state, openedCents: state.openedCents + e.data.amountCents };
        case 'BudgetPotReleased':
          return { ...state, releasedCents: state.releasedCents + e.data.amountCents, releases: { ...state.releases, [e.data.releaseId]: { releaseId: e.data.releaseId, clientId: e.data.clientId, amountCents: e.data.amountCents, returned: false } } };
        case 'BudgetPotReleaseReturned': {
          const release = state.releases[e.data.releaseId];
          return { ...state, releasedCents: state.releasedCents - e.data.amountCents, releases: { ...state.releases, [e.data.releaseId]: { ...release, returned: true } } };
        }
        default:
          return state;
      }
    },
  },
  ['releases'],
);
