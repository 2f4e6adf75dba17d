import { BudgetPotState, ClientCommand, ClientState, WooncirkelCommand, WooncirkelState, clientDecider, clientStream } from '@wijkzorg/domain';
import { AggregateStore, isRetriableConflict } from './aggregate-store';
import { ClaimLost, Compensation, FollowUpStep, PendingClaim, PendingPotClaim, runFollowUpSteps, writeClaims } from './claims';
import { CommandMeta, CommandOutcome } from './command-meta';

const MAX_CLIENT_ATTEMPTS = 5;

/**
 * What a capability's preparation sees and records: the client as loaded, the other aggregates it may
 * read, the claims the command needs (decided purely, written after the client decision) and the steps
 * to run once the client event is written.
 */
export interface ClientCommandPlan {
  readonly clientId: string;
  readonly client: ClientState;
  /** A registered wooncirkel, or a DomainError naming `field`. */
  loadWooncirkel(wooncirkelId: string, field: string): Promise<WooncirkelState>;
  claim(claim: PendingClaim): void;
  /** An open budget pot, or a DomainError naming `field`. */
  loadPot(potId: string, field: string): Promise<BudgetPotState>;
  claimFromPot(claim: PendingPotClaim): void;
  afterwards(wooncirkelId: string, command: WooncirkelCommand): void;
}

/** Turns an input of one capability into the decider command, filling in facts from other aggregates. */
export type ClientCommandPreparation<I> = (input: I, plan: ClientCommandPlan) => Promise<ClientCommand> | ClientCommand;

export interface ClientCommandFlowOptions<I> {
  prepare: ClientCommandPreparation<I>;
  loadWooncirkel: (wooncirkelId: string, field: string) => Promise<WooncirkelState>;
  loadPot: (potId: string, field: string) => Promise<BudgetPotState>;
  /** The scope rule, checked on every load before anything about the client shows. */
  guard: (client: ClientState) => void;
}

/**
 * A client command with its claims on wooncirkels, through `handleCommand`: decide against the claims it
 * would get, write the claims (so capacity is never oversubscribed), append to the client stream, and
 * give the claims back when that append does not go through. Once it went through, nothing is rolled
 * back: the follow-up steps run on their own (see `runFollowUpSteps`).
 */
export async function handleClientCommand<I extends { type: string }>(store: AggregateStore, clientId: string, input: I, unbound: CommandMeta, options: ClientCommandFlowOptions<I>): Promise<CommandOutcome> {
  const streamId = clientStream(clientId);
  const shouldRetry = (error: unknown, attempt: number) => (isRetriableConflict(error, unbound) || error instanceof ClaimLost) && attempt < MAX_CLIENT_ATTEMPTS;
  try {
    return await store.handleCommand(
      clientDecider,
      streamId,
      input,
      unbound,
      async (loaded, meta, attempt) => {
        const compensations: Compensation[] = [];
        const claims: (PendingClaim | PendingPotClaim)[] = [];
        const followUps: FollowUpStep[] = [];
        const plan: ClientCommandPlan = {
          clientId,
          client: loaded.state,
          loadWooncirkel: options.loadWooncirkel,
          claim: (claim) => claims.push(claim),
          loadPot: options.loadPot,
          claimFromPot: (claim) => claims.push(claim),
          afterwards: (wooncirkelId, command) => followUps.push({ wooncirkelId, command }),
        };
        let outcome: CommandOutcome;
        try {
          const command = await options.prepare(input, plan);
          const decided = clientDecider.decide(command, loaded.state, store.context(meta));
          await writeClaims(store, claims, compensations, meta);
          outcome = await store.appendDecided(streamId, decided, loaded.revision, meta);
        } catch (error) {
          // Claims stay held for the next attempt, which finds them its own; a final failure gives them back.
          if (!shouldRetry(error, attempt)) for (const undo of compensations.reverse()) await undo();
          throw error;
        }
        await runFollowUpSteps(store, followUps, meta);
        return outcome;
      },
      { guard: options.guard, shouldRetry },
    );
  } catch (error) {
    if (error instanceof ClaimLost) throw error.refusal;
    throw error;
  }
}
