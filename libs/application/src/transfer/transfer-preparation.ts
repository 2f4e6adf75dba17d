import { ClientCommand, teamPlaceClaim } from '@wijkzorg/domain';
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
 * is given back afterwards. Into a full team the transfer waits there (TransferWaitlisted) until a
 * place is offered to it; any other wait of the client for a team place ends when it moves.
 */
export async function prepareTransfer(input: TransferInput, plan: ClientCommandPlan): Promise<ClientCommand> {
  const { client, clientId } = plan;
  const target = await plan.loadWooncirkel(input.toWooncirkelId, 'toWooncirkelId');
  const from = client.placement!;
  if (client.holdsTeamPlace && from.wooncirkelId !== input.toWooncirkelId && !client.home) {
    if (teamPlaceClaim(target, clientId) === 'refused') {
      plan.afterwards(input.toWooncirkelId, { type: 'WaitForTeamPlace', clientId, kind: 'transfer', urgency: client.urgency ?? 'regulier' });
      const waitedElsewhere = client.waiting.transfer && client.waiting.transfer.toWooncirkelId !== input.toWooncirkelId;
      if (waitedElsewhere) plan.afterwards(client.waiting.transfer!.toWooncirkelId, { type: 'EndTeamPlaceWait', clientId, ending: 'transferred_elsewhere' });
      return { type: 'TransferClient', reason: input.reason, toPlacement: placementOf(target), teamPlace: 'unavailable' };
    }
    plan.claim({ wooncirkelId: input.toWooncirkelId, command: { type: 'ClaimTeamPlace', clientId }, undo: { type: 'ReleaseTeamPlace', clientId } });
    plan.afterwards(from.wooncirkelId, { type: 'ReleaseTeamPlace', clientId });
  }
  if (from.wooncirkelId !== input.toWooncirkelId) {
    if (client.waiting.care) plan.afterwards(from.wooncirkelId, { type: 'EndTeamPlaceWait', clientId, ending: 'transferred_elsewhere' });
    const waitsElsewhere = client.waiting.transfer && client.waiting.transfer.toWooncirkelId !== input.toWooncirkelId;
    if (waitsElsewhere) plan.afterwards(client.waiting.transfer!.toWooncirkelId, { type: 'EndTeamPlaceWait', clientId, ending: 'transferred_elsewhere' });
  }
  return { type: 'TransferClient', reason: input.reason, toPlacement: placementOf(target) };
}
