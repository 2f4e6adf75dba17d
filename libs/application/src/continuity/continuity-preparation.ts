import { AssignBegeleider, ClientCommand, isTeamMember } from '@wijkzorg/domain';
import { ClientCommandPlan } from '../command-handling/client-command-flow';

/** An assignment as it arrives: whether the staff member is on the client's team is looked up here. */
export type AssignBegeleiderInput = Omit<AssignBegeleider, 'onTeam'>;

export async function prepareAssignBegeleider(input: AssignBegeleiderInput, plan: ClientCommandPlan): Promise<ClientCommand> {
  const placement = plan.client.placement;
  if (!placement) return { ...input, onTeam: false }; // no intake: the decider refuses it
  const wooncirkel = await plan.loadWooncirkel(placement.wooncirkelId, 'clientId');
  return { ...input, onTeam: isTeamMember(wooncirkel, input.staffId) };
}
