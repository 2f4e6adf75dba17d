import {
  AddHome,
  ChangeTeamCapacity,
  ClientCommand,
  ClientState,
  DomainError,
  OfferHousing,
  Placement,
  RegisterIntake,
  RegisterWijk,
  RegisterWooncirkel,
  ScaleCare,
  TransferClient,
  WooncirkelState,
  clientDecider,
  clientStream,
  needsTeamPlace,
  rule,
  teamHasCapacity,
  wijkDecider,
  wijkStream,
  wooncirkelDecider,
  wooncirkelStream,
} from '@wijkzorg/domain';
import { WrongExpectedRevisionError } from '@wijkzorg/event-store';
import { AggregateStore } from './aggregate-store';
import { CommandMeta, CommandOutcome } from './command-meta';
import { assertMayActFor, assertVisible, mayActFor } from './auth/access-denied';
import { ClientKeyStore } from './privacy/client-key-store';

/** Client commands as they arrive: facts from other aggregates are filled in here. */
export type ClientCommandInput =
  | (Omit<RegisterIntake, 'placement'> & { wooncirkelId: string })
  | Omit<ScaleCare, 'teamPlace'>
  | { type: 'OfferHousing'; offerId: string; corporation: string; wooncirkelId: string; homeId: string }
  | { type: 'TransferClient'; reason: string; toWooncirkelId: string }
  | Exclude<ClientCommand, RegisterIntake | ScaleCare | OfferHousing | TransferClient>;

type Compensation = () => Promise<unknown>;

/**
 * The command flows of the care domain. A client command may first claim a team place or a home
 * on its wooncirkel (so capacity is never oversubscribed), then append to the client stream, and
 * gives the claim back when the client command does not go through.
 */
export class CareCommands {
  constructor(
    readonly store: AggregateStore,
    private readonly keys?: ClientKeyStore,
  ) {}

  /**
   * AVG art. 17. The key goes first: once it is destroyed the data is unreadable, whatever happens
   * next; recording ClientDataErased then closes the trajectory (a retry completes an interrupted erasure).
   */
  async eraseClient(clientId: string, legalBasis: 'avg_art_17' | 'bewaartermijn_verstreken', meta: CommandMeta): Promise<CommandOutcome> {
    const { state } = await this.store.load(clientDecider, clientStream(clientId));
    rule(state.registered, 'unknown_client', `client ${clientId} has no intake`, 'clientId');
    if (!this.keys) throw new Error('no key store configured: personal data cannot be erased');
    this.keys.erase(clientId);
    return this.store.execute(clientDecider, clientStream(clientId), { type: 'EraseClientData', legalBasis }, meta);
  }

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

  async loadWooncirkel(wooncirkelId: string, field: string): Promise<WooncirkelState> {
    const { state } = await this.store.load(wooncirkelDecider, wooncirkelStream(wooncirkelId));
    rule(state.registered, 'unknown_wooncirkel', `wooncirkel ${wooncirkelId} is not registered`, field);
    return state;
  }

  async handleClient(clientId: string, input: ClientCommandInput, unbound: CommandMeta): Promise<CommandOutcome> {
    const streamId = clientStream(clientId);
    let meta: CommandMeta | undefined;
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.store.load(clientDecider, streamId);
      // Scope first: before it, nothing about the client (existence, revision, earlier outcomes) may show.
      assertMayTarget(unbound.actor, clientId, input, loaded.state);
      meta ??= this.store.bind(streamId, input, unbound);
      const previous = this.store.previousOutcome(streamId, loaded, meta);
      if (previous) return previous;
      this.store.checkExpectedRevision(streamId, loaded.revision, meta);

      const compensations: Compensation[] = [];
      const afterwards: Compensation[] = [];
      try {
        const command = await this.prepare(clientId, input, loaded.state, meta, compensations, afterwards);
        const decided = clientDecider.decide(command, loaded.state, this.store.context(meta));
        const outcome = await this.store.appendDecided(streamId, decided, loaded.revision, meta);
        for (const step of afterwards) await step();
        return outcome;
      } catch (error) {
        const retry = error instanceof WrongExpectedRevisionError && meta.expectedRevision === undefined && attempt < 5;
        if (!retry) for (const undo of compensations.reverse()) await undo();
        if (retry) continue;
        const previousNow = await this.store.outcomeAfterConflict(error, clientDecider, streamId, meta);
        if (previousNow) return previousNow;
        throw error;
      }
    }
  }

  /** Turns an input into a decider command, claiming what it needs on other aggregates first. */
  private async prepare(clientId: string, input: ClientCommandInput, client: ClientState, meta: CommandMeta, compensations: Compensation[], afterwards: Compensation[]): Promise<ClientCommand> {
    const claim = async (wooncirkelId: string, command: Parameters<typeof wooncirkelDecider.decide>[0], undo?: Parameters<typeof wooncirkelDecider.decide>[0]) => {
      const written = await this.store.sideEffect(wooncirkelDecider, wooncirkelStream(wooncirkelId), command, meta);
      if (written > 0 && undo) compensations.push(() => this.store.sideEffect(wooncirkelDecider, wooncirkelStream(wooncirkelId), undo, meta));
      return written;
    };
    const later = (wooncirkelId: string, command: Parameters<typeof wooncirkelDecider.decide>[0]) =>
      afterwards.push(() => this.store.sideEffect(wooncirkelDecider, wooncirkelStream(wooncirkelId), command, meta));

    switch (input.type) {
      case 'RegisterIntake': {
        const { wooncirkelId, ...rest } = input;
        const wooncirkel = await this.loadWooncirkel(wooncirkelId, 'wooncirkelId');
        return { ...rest, clientId, placement: placementOf(wooncirkel) };
      }
      case 'ScaleCare': {
        const placement = client.placement!;
        const needs = needsTeamPlace(input.toLevel);
        if (!needs) {
          if (client.holdsTeamPlace) later(placement.wooncirkelId, { type: 'ReleaseTeamPlace', clientId });
          return { ...input, teamPlace: 'not_needed' };
        }
        if (client.holdsTeamPlace) return { ...input, teamPlace: 'held' };
        if (input.toLevel === client.careLevel) return { ...input, teamPlace: 'held' }; // the decider refuses it
        const wooncirkel = await this.loadWooncirkel(placement.wooncirkelId, 'clientId');
        if (!teamHasCapacity(wooncirkel) && !wooncirkel.teamClientIds.includes(clientId)) return { ...input, teamPlace: 'unavailable' };
        try {
          await claim(placement.wooncirkelId, { type: 'ClaimTeamPlace', clientId }, { type: 'ReleaseTeamPlace', clientId });
        } catch (error) {
          if (error instanceof DomainError && error.code === 'team_full') return { ...input, teamPlace: 'unavailable' };
          throw error;
        }
        return { ...input, teamPlace: 'granted' };
      }
      case 'OfferHousing': {
        const wooncirkel = await this.loadWooncirkel(input.wooncirkelId, 'wooncirkelId');
        const home = wooncirkel.homes[input.homeId];
        rule(home, 'unknown_home', `home ${input.homeId} is not part of wooncirkel ${input.wooncirkelId}`, 'homeId');
        return {
          type: 'OfferHousing',
          offerId: input.offerId,
          corporation: input.corporation,
          home: { homeId: home.homeId, wooncirkelId: input.wooncirkelId, wijkCode: wooncirkel.wijkCode!, travelMinutesToKern: home.travelMinutesToKern, vacant: !home.occupantClientId },
        };
      }
      case 'MoveIn': {
        if (client.match && !client.home && client.match.wooncirkelId === client.placement?.wooncirkelId) {
          const { homeId, wooncirkelId } = client.match;
          await claim(wooncirkelId, { type: 'OccupyHome', homeId, clientId }, { type: 'VacateHome', homeId, clientId });
        }
        return input;
      }
      case 'MoveOut': {
        if (client.home) later(client.home.wooncirkelId, { type: 'VacateHome', homeId: client.home.homeId, clientId });
        return input;
      }
      case 'TransferClient': {
        const target = await this.loadWooncirkel(input.toWooncirkelId, 'toWooncirkelId');
        const from = client.placement!;
        if (client.holdsTeamPlace && from.wooncirkelId !== input.toWooncirkelId && !client.home) {
          await claim(input.toWooncirkelId, { type: 'ClaimTeamPlace', clientId }, { type: 'ReleaseTeamPlace', clientId }).catch((error) => {
            if (error instanceof DomainError && error.code === 'team_full') throw new DomainError('team_full', `team of wooncirkel ${input.toWooncirkelId} has no capacity for this client`, 'toWooncirkelId');
            throw error;
          });
          later(from.wooncirkelId, { type: 'ReleaseTeamPlace', clientId });
        }
        return { type: 'TransferClient', reason: input.reason, toPlacement: placementOf(target) };
      }
      default:
        return input;
    }
  }
}

/**
 * The scope check of a client command. An intake names its wooncirkel itself (403 when it is not the
 * actor's); any other command answers a client outside the actor's scope exactly like a missing one.
 */
function assertMayTarget(actor: CommandMeta['actor'], clientId: string, input: ClientCommandInput, client: ClientState): void {
  if (input.type !== 'RegisterIntake') return assertVisible(actor, { field: 'clientId', id: clientId }, client.registered ? { wooncirkelId: client.placement?.wooncirkelId } : undefined);
  assertMayActFor(actor, input.wooncirkelId);
  // The id is taken: say so exactly as for a client of one's own, without replaying someone else's outcome.
  if (client.registered && !mayActFor(actor, client.placement?.wooncirkelId)) throw new DomainError('already_registered', `client ${clientId} already has an intake`, 'clientId');
}

export function placementOf(wooncirkel: WooncirkelState): Placement {
  return { wooncirkelId: wooncirkel.wooncirkelId!, wijkCode: wooncirkel.wijkCode!, teamId: wooncirkel.team!.teamId, providerId: wooncirkel.team!.providerId };
}
