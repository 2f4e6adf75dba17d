import { ClientCommand, Placement, RegisterIntake, WooncirkelState } from '@wijkzorg/domain';
import { ClientCommandPlan } from '../command-handling/client-command-flow';

/** An intake as it arrives: it names its wooncirkel, whose team and wijk become the placement. */
export type IntakeInput = Omit<RegisterIntake, 'placement'> & { wooncirkelId: string };

export async function prepareIntake(input: IntakeInput, plan: ClientCommandPlan): Promise<ClientCommand> {
  const { wooncirkelId, ...rest } = input;
  const wooncirkel = await plan.loadWooncirkel(wooncirkelId, 'wooncirkelId');
  return { ...rest, clientId: plan.clientId, placement: placementOf(wooncirkel) };
}

export function placementOf(wooncirkel: WooncirkelState): Placement {
  return { wooncirkelId: wooncirkel.wooncirkelId!, wijkCode: wooncirkel.wijkCode!, teamId: wooncirkel.team!.teamId, providerId: wooncirkel.team!.providerId };
}
