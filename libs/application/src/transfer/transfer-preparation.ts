import { ClientCommand, DomainError, teamPlaceClaim } from '@wijkzorg/domain';
import { ClientCommandPlan } from '../command-handling/client-command-flow';
import { placementOf } from '../intake/intake-preparation';

/** A transfer as it arrives: it names the target wooncirkel, whose team and wijk become the placement. */
export interface TransferInput {
  type: 'TransferClient';
  reason: string;
  toWooncirkelId: string;
}

/**
 * A client holding a team place (and no home to keep it) claims one on the target team; the old place
 * is given back afterwards.
 */
export async function prepareTransfer(input: TransferInput, plan: ClientCommandPlan): Promise<ClientCommand> {
  const { client, clientId } = plan;
  const target = await plan.loadWooncirkel(input.toWooncirkelId, 'toWooncirkelId');
  const from = client.placement!;
  if (client.holdsTeamPlace && from.wooncirkelId !== input.toWooncirkelId && !client.home) {
    const claim = teamPlaceClaim(target, clientId);
    plan.claim({
      wooncirkelId: input.toWooncirkelId,
      command: { type: 'ClaimTeamPlace', clientId },
      undo: { type: 'ReleaseTeamPlace', clientId },
      refused: claim === 'refused' ? new DomainError('team_full', `team of wooncirkel ${input.toWooncirkelId} has no capacity for this client`, 'toWooncirkelId') : undefined,
    });
    plan.afterwards(from.wooncirkelId, { type: 'ReleaseTeamPlace', clientId });
  }
  return { type: 'TransferClient', reason: input.reason, toPlacement: placementOf(target) };
}
