import { GrantOverCapacity, JoinTeam, LeaveTeam, OverrideTeamPlaceOffer, clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { AggregateStore } from '../command-handling/aggregate-store';
import { CommandMeta, CommandOutcome } from '../command-handling/command-meta';
import { assertMayActFor } from '../auth/access-denied';

export type TeamChange = JoinTeam | LeaveTeam | OverrideTeamPlaceOffer;
/** A grant as it arrives: the client's urgency and place are looked up here. */
export type GrantOverCapacityInput = Omit<GrantOverCapacity, 'client'>;

/** Team composition, offers of freed places and over-capacity on a wooncirkel the actor works for. */
export class TeamCommands {
  constructor(private readonly store: AggregateStore) {}

  changeTeam(wooncirkelId: string, command: TeamChange, meta: CommandMeta): Promise<CommandOutcome> {
    assertMayActFor(meta.actor, wooncirkelId);
    return this.store.execute(wooncirkelDecider, wooncirkelStream(wooncirkelId), command, meta);
  }

  /**
   * Over-capacity is for an acute client of this wooncirkel: its urgency and place come from its own
   * trajectory (a client elsewhere or unknown reads the same: not on this wooncirkel).
   */
  async grantOverCapacity(wooncirkelId: string, input: GrantOverCapacityInput, meta: CommandMeta): Promise<CommandOutcome> {
    assertMayActFor(meta.actor, wooncirkelId);
    const { state: client } = await this.store.load(clientDecider, clientStream(input.clientId));
    const onThisWooncirkel = client.registered && !client.erased && !client.closed && client.placement?.wooncirkelId === wooncirkelId;
    const command: GrantOverCapacity = { ...input, client: { urgency: onThisWooncirkel ? (client.urgency ?? null) : null, onThisWooncirkel, holdsTeamPlace: onThisWooncirkel && client.holdsTeamPlace } };
    return this.store.execute(wooncirkelDecider, wooncirkelStream(wooncirkelId), command, meta);
  }
}
