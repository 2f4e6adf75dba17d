import { DomainError, ReleaseBudget, gemeenteCodeOfWijk, potReleaseClaim, potRemainingCents, rule } from '@wijkzorg/domain';
import { ClientCommandPlan } from '../command-handling/client-command-flow';

/** A release as it arrives: `potId` names the pot that pays instead of the client's allocation. */
export type ReleaseBudgetInput = Omit<ReleaseBudget, 'fromPot'> & { potId?: string };

/**
 * A release from a pot: the pot must be the flex pot of the client's own gemeente; the pot's payment is a
 * claim decided now and written after the client decision (so a refused release writes nothing anywhere,
 * and the pot never goes below zero).
 */
export async function prepareReleaseBudget({ potId, ...input }: ReleaseBudgetInput, plan: ClientCommandPlan): Promise<ReleaseBudget> {
  if (potId === undefined || !plan.client.registered) return input;
  const pot = await plan.loadPot(potId, 'potId');
  const facts = pot.facts!;
  const clientGemeente = gemeenteCodeOfWijk(plan.client.placement!.wijkCode);
  rule(facts.kind === 'flex', 'not_a_flex_pot', `pot ${potId} is a wijk pot: client releases come from the flex pot`, 'potId');
  rule(facts.gemeenteCode === clientGemeente, 'pot_of_other_gemeente', `pot ${potId} belongs to gemeente ${facts.gemeenteCode}, the client lives in ${clientGemeente}`, 'potId');
  const claim = potReleaseClaim(pot, input.releaseId, plan.clientId, input.amountCents);
  plan.claimFromPot({
    potId,
    command: { type: 'ReleaseForClient', releaseId: input.releaseId, clientId: plan.clientId, purpose: input.purpose, amountCents: input.amountCents },
    undo: { type: 'ReturnClientRelease', releaseId: input.releaseId, clientId: plan.clientId },
    refused:
      claim.outcome !== 'refused'
        ? undefined
        : claim.code === 'exceeds_pot'
          ? new DomainError('exceeds_pot', `release of ${input.amountCents} cents exceeds the ${potRemainingCents(pot)} cents left in pot ${potId}`, 'amountCents')
          : new DomainError(claim.code!, `pot ${potId} cannot pay release ${input.releaseId}`, claim.code === 'duplicate_release' ? 'releaseId' : 'potId'),
  });
  return { ...input, fromPot: { potId, year: facts.year, funder: facts.funder } };
}
