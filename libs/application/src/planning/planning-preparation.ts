import { ClientCommand, CloseTrajectory, ScaleCare } from '@wijkzorg/domain';
import { ClientCommandPlan } from '../command-handling/client-command-flow';
import { ScaleCareInput } from '../care-scaling/care-scaling-preparation';

/** The runner's input: which plan takes effect now; the step itself is read from the client's state. */
export interface TakePlannedStepInput {
  type: 'TakePlannedStep';
  planId: string;
}

/** A planned step is prepared exactly like the command it stands for (its claims included), by `prepareStep`. */
export async function prepareTakePlannedStep(input: TakePlannedStepInput, plan: ClientCommandPlan, prepareStep: (step: ScaleCareInput | CloseTrajectory, plan: ClientCommandPlan) => Promise<ClientCommand> | ClientCommand): Promise<ClientCommand> {
  const planned = Object.hasOwn(plan.client.plannedSteps, input.planId) ? plan.client.plannedSteps[input.planId] : undefined;
  // Not pending or not due: the decider refuses it before the step is needed, so nothing is claimed.
  if (planned?.status !== 'planned' || plan.client.closed || plan.client.erased) return input;
  const command = (await prepareStep(planned.step, plan)) as ScaleCare | CloseTrajectory;
  return { type: 'TakePlannedStep', planId: input.planId, command };
}
