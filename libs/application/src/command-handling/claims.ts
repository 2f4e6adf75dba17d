import { BudgetPotCommand, DomainError, WooncirkelCommand, budgetPotDecider, budgetPotStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { WrongExpectedRevisionError } from '@wijkzorg/event-store';
import { AggregateStore } from './aggregate-store';
import { CommandMeta } from './command-meta';

/**
 * A claim on a wooncirkel a client command needs, decided purely in advance: written only after the
 * client command was decided, so a refused command writes nothing anywhere. `refused` holds the
 * error to raise when the claim would not be granted.
 */
export interface PendingClaim {
  wooncirkelId: string;
  command: WooncirkelCommand;
  undo?: WooncirkelCommand;
  refused?: DomainError;
}

/** The same, on a budget pot: the flex pot pays a client's release decided at the doorbraaktafel. */
export interface PendingPotClaim {
  potId: string;
  command: BudgetPotCommand;
  undo?: BudgetPotCommand;
  refused?: DomainError;
}

/** Writes one claim command (or its undo) on the aggregate the claim is on. */
function onClaimTarget(store: AggregateStore, claim: PendingClaim | PendingPotClaim, command: WooncirkelCommand | BudgetPotCommand, meta: CommandMeta): Promise<number> {
  if ('potId' in claim) return store.sideEffect(budgetPotDecider, budgetPotStream(claim.potId), command as BudgetPotCommand, meta);
  return store.sideEffect(wooncirkelDecider, wooncirkelStream(claim.wooncirkelId), command as WooncirkelCommand, meta);
}

/** A step on a wooncirkel once the client event is written (release the old team place, vacate a home). */
export interface FollowUpStep {
  wooncirkelId: string;
  command: WooncirkelCommand;
}

export type Compensation = () => Promise<unknown>;

/** The wooncirkel changed between deciding and claiming (a concurrent claim won): decide again. */
export class ClaimLost extends Error {
  constructor(readonly refusal: DomainError) {
    super(refusal.message);
  }
}

/**
 * Refusals first, so nothing is written when any claim would be refused; then each claim in turn.
 * Each claim written pushes its compensation, to be run when the client command does not go through.
 */
export async function writeClaims(store: AggregateStore, claims: (PendingClaim | PendingPotClaim)[], compensations: Compensation[], meta: CommandMeta): Promise<void> {
  for (const claim of claims) if (claim.refused) throw claim.refused;
  for (const claim of claims) {
    let written: number;
    try {
      written = await onClaimTarget(store, claim, claim.command, meta);
    } catch (error) {
      if (error instanceof DomainError) throw new ClaimLost(error);
      throw error;
    }
    const undo = claim.undo;
    if (written > 0 && undo) compensations.push(() => onClaimTarget(store, claim, undo, meta));
  }
}

/**
 * Runs the follow-up steps of a client command whose event is already written. They are idempotent
 * give-backs, retried on concurrent writes by `sideEffect`; one that still loses is not the command's
 * failure (nothing may be rolled back now) and is left to `reconcileClaims`, which gives back what no
 * client holds any more. Returns the steps left over.
 */
export async function runFollowUpSteps(store: AggregateStore, steps: FollowUpStep[], meta: CommandMeta): Promise<FollowUpStep[]> {
  const leftOver: FollowUpStep[] = [];
  for (const step of steps) {
    try {
      await store.sideEffect(wooncirkelDecider, wooncirkelStream(step.wooncirkelId), step.command, meta);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      leftOver.push(step);
    }
  }
  return leftOver;
}
