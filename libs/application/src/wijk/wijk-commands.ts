import { AddHome, ChangeTeamCapacity, DayAndNightCareCommand, KernCommand, RegisterWijk, RegisterWooncirkel, WooncirkelState, rule, wijkDecider, wijkStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { AggregateStore } from '../command-handling/aggregate-store';
import { CommandMeta, CommandOutcome } from '../command-handling/command-meta';
import { assertMayActFor } from '../auth/access-denied';

/** Wijken and their wooncirkels: registration and changes to homes and team capacity. */
export class WijkCommands {
  constructor(private readonly store: AggregateStore) {}

  registerWijk(command: RegisterWijk, meta: CommandMeta): Promise<CommandOutcome> {
    return this.store.execute(wijkDecider, wijkStream(command.wijkCode), command, meta);
  }

  async registerWooncirkel(command: RegisterWooncirkel, meta: CommandMeta): Promise<CommandOutcome> {
    const wijk = await this.store.load(wijkDecider, wijkStream(command.wijkCode));
    rule(wijk.state.registered, 'unknown_wijk', `wijk ${command.wijkCode} is not registered`, 'wijkCode');
    return this.store.execute(wooncirkelDecider, wooncirkelStream(command.wooncirkelId), command, meta);
  }

  async changeWooncirkel(wooncirkelId: string, command: AddHome | ChangeTeamCapacity, meta: CommandMeta): Promise<CommandOutcome> {
    return this.store.execute(wooncirkelDecider, wooncirkelStream(wooncirkelId), command, meta);
  }

  /** 24-uurs zorg and the kern's closure are declared by the team of the wooncirkel (a zorgprofessional of it) or an admin. */
  changeDayAndNightCare(wooncirkelId: string, command: DayAndNightCareCommand | KernCommand, meta: CommandMeta): Promise<CommandOutcome> {
    assertMayActFor(meta.actor, wooncirkelId);
    return this.store.execute(wooncirkelDecider, wooncirkelStream(wooncirkelId), command, meta);
  }

  /** A registered wooncirkel, or a DomainError (unknown_wooncirkel) naming `field`. */
  async loadWooncirkel(wooncirkelId: string, field: string): Promise<WooncirkelState> {
    const { state } = await this.store.loadLatest(wooncirkelDecider, wooncirkelStream(wooncirkelId));
    rule(state.registered, 'unknown_wooncirkel', `wooncirkel ${wooncirkelId} is not registered`, field);
    return state;
  }
}
