import { ClientCommand, ScaleCare, needsTeamPlace, teamPlaceClaim } from '@wijkzorg/domain';
import { ClientCommandPlan } from '../command-handling/client-command-flow';

/** A scaling step as it arrives: whether it gets a team place is decided here. */
export type ScaleCareInput = Omit<ScaleCare, 'teamPlace'>;

/** Scaling up claims a team place on the client's wooncirkel; scaling down gives it back afterwards. */
export async function prepareScaleCare(input: ScaleCareInput, plan: ClientCommandPlan): Promise<ClientCommand> {
  const { client, clientId } = plan;
  const placement = client.placement!;
  if (!needsTeamPlace(input.toIntensity)) {
    if (client.holdsTeamPlace) plan.afterwards(placement.wooncirkelId, { type: 'ReleaseTeamPlace', clientId });
    if (client.waiting.care) plan.afterwards(placement.wooncirkelId, { type: 'EndTeamPlaceWait', clientId, ending: 'no_longer_needed' });
    return { ...input, teamPlace: 'not_needed' };
  }
  if (client.holdsTeamPlace) return { ...input, teamPlace: 'held' };
  if (input.toIntensity === client.intensity) return { ...input, teamPlace: 'held' }; // the decider refuses it
  const claim = teamPlaceClaim(await plan.loadWooncirkel(placement.wooncirkelId, 'clientId'), clientId);
  if (claim === 'refused') {
    // The wait goes on the team's wachtlijst: a freed place is offered by policy (libs/domain/src/wijk/team.ts).
    plan.afterwards(placement.wooncirkelId, { type: 'WaitForTeamPlace', clientId, kind: 'care', urgency: client.urgency ?? 'regulier' });
    return { ...input, teamPlace: 'unavailable' };
  }
  // A place already on the team without the client holding it (an interrupted command) becomes this one's.
  plan.claim({ wooncirkelId: placement.wooncirkelId, command: { type: 'ClaimTeamPlace', clientId }, undo: { type: 'ReleaseTeamPlace', clientId } });
  return { ...input, teamPlace: 'granted' };
}
