import { ClientCommand, CloseTrajectory, givingBack } from '@wijkzorg/domain';
import { ClientCommandPlan } from '../command-handling/client-command-flow';

/** Closing gives back afterwards what the client holds, with the same idempotent steps as erasure. */
export function prepareCloseTrajectory(input: CloseTrajectory, plan: ClientCommandPlan): ClientCommand {
  if (!plan.client.closed) for (const { wooncirkelId, command } of givingBack(plan.client, plan.clientId, 'trajectory_closed')) plan.afterwards(wooncirkelId, command);
  return input;
}
