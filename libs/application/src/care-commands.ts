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
  WooncirkelCommand,
  clientStream,
  holdingsOf,
  homeOccupationClaim,
  homeReservationClaim,
  needsTeamPlace,
  rule,
  teamPlaceClaim,
  wijkDecider,
  wijkStream,
  wooncirkelDecider,
  wooncirkelStream,
} from '@wijkzorg/domain';
import { AggregateStore, isRetriableConflict } from './aggregate-store';
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
 * A claim on a wooncirkel a client command needs, decided purely in advance: written only after the
 * client command was decided, so a refused command writes nothing anywhere. `refused` holds the
 * error to raise when the claim would not be granted.
 */
interface PendingClaim {
  wooncirkelId: string;
  command: WooncirkelCommand;
  undo?: WooncirkelCommand;
  refused?: DomainError;
}

/** The wooncirkel changed between deciding and claiming (a concurrent claim won): decide again. */
class ClaimLost extends Error {
  constructor(readonly refusal: DomainError) {
    super(refusal.message);
  }
}

/**
 * The command flows of the care domain. A client command is decided first against the claims it would
 * get on its wooncirkel; then those claims are written (so capacity is never oversubscribed), then the
 * client stream is appended to, and the claims are given back when that append does not go through.
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
    const streamId = clientStream(clientId);
    const loaded = await this.store.load(clientDecider, streamId);
    const { state } = loaded;
    rule(state.registered, 'unknown_client', `client ${clientId} has no intake`, 'clientId');
    if (!this.keys) throw new Error('no key store configured: personal data cannot be erased');
    // Every refusal comes before the key is destroyed: a reused commandId, a stale revision or a rule.
    const command = { type: 'EraseClientData' as const, legalBasis };
    const bound = this.store.bind(streamId, command, meta);
    const previous = this.store.previousOutcome(streamId, loaded, bound);
    if (!previous && !state.erased) {
      this.store.checkExpectedRevision(streamId, loaded.revision, bound);
      clientDecider.decide(command, state, this.store.context(bound));
    }
    this.keys.erase(clientId);
    if (state.erased) {
      await this.giveBackHoldings(clientId, state, meta); // finishes an interrupted erasure, then replays or refuses
      return this.store.execute(clientDecider, clientStream(clientId), { type: 'EraseClientData', legalBasis }, meta);
    }
    const outcome = await this.store.execute(clientDecider, clientStream(clientId), { type: 'EraseClientData', legalBasis }, meta);
    await this.giveBackHoldings(clientId, (await this.store.load(clientDecider, clientStream(clientId))).state, meta);
    return outcome;
  }

  /** An erased client gives back its team place, its home and its home reservations (each idempotent). */
  private async giveBackHoldings(clientId: string, state: ClientState, meta: CommandMeta): Promise<void> {
    const holdings = holdingsOf(state);
    const onWooncirkel = (wooncirkelId: string, command: WooncirkelCommand) => this.store.sideEffect(wooncirkelDecider, wooncirkelStream(wooncirkelId), command, meta);
    for (const r of holdings.reservations) await onWooncirkel(r.wooncirkelId, { type: 'ReleaseHomeReservation', homeId: r.homeId, clientId, reason: 'client_erased' });
    if (holdings.home) await onWooncirkel(holdings.home.wooncirkelId, { type: 'VacateHome', homeId: holdings.home.homeId, clientId });
    if (holdings.teamPlace) await onWooncirkel(holdings.teamPlace, { type: 'ReleaseTeamPlace', clientId });
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
    const shouldRetry = (error: unknown, attempt: number) => (isRetriableConflict(error, unbound) || error instanceof ClaimLost) && attempt < 5;
    try {
      return await this.store.handleCommand(
        clientDecider,
        streamId,
        input,
        unbound,
        async (loaded, meta, attempt) => {
          const compensations: Compensation[] = [];
          const claims: PendingClaim[] = [];
          const afterwards: Compensation[] = [];
          try {
            const command = await this.prepare(clientId, input, loaded.state, claims, afterwards, meta);
            const decided = clientDecider.decide(command, loaded.state, this.store.context(meta));
            await this.writeClaims(claims, compensations, meta);
            const outcome = await this.store.appendDecided(streamId, decided, loaded.revision, meta);
            for (const step of afterwards) await step();
            return outcome;
          } catch (error) {
            // Claims stay held for the next attempt, which finds them its own; a final failure gives them back.
            if (!shouldRetry(error, attempt)) for (const undo of compensations.reverse()) await undo();
            throw error;
          }
        },
        // Scope first: before it, nothing about the client (existence, revision, earlier outcomes) may show.
        { guard: (state) => assertMayTarget(unbound.actor, clientId, input, state), shouldRetry },
      );
    } catch (error) {
      if (error instanceof ClaimLost) throw error.refusal;
      throw error;
    }
  }

  /** Refusals first, so nothing is written when any claim would be refused; then each claim in turn. */
  private async writeClaims(claims: PendingClaim[], compensations: Compensation[], meta: CommandMeta): Promise<void> {
    for (const claim of claims) if (claim.refused) throw claim.refused;
    for (const { wooncirkelId, command, undo } of claims) {
      let written: number;
      try {
        written = await this.store.sideEffect(wooncirkelDecider, wooncirkelStream(wooncirkelId), command, meta);
      } catch (error) {
        if (error instanceof DomainError) throw new ClaimLost(error);
        throw error;
      }
      if (written > 0 && undo) compensations.push(() => this.store.sideEffect(wooncirkelDecider, wooncirkelStream(wooncirkelId), undo, meta));
    }
  }

  /**
   * Turns an input into a decider command. Reads other aggregates only: the claims the command needs
   * are decided purely here (with the outcome they would get) and written after the client decision.
   */
  private async prepare(clientId: string, input: ClientCommandInput, client: ClientState, claims: PendingClaim[], afterwards: Compensation[], meta: CommandMeta): Promise<ClientCommand> {
    const later = (wooncirkelId: string, command: WooncirkelCommand) => afterwards.push(() => this.store.sideEffect(wooncirkelDecider, wooncirkelStream(wooncirkelId), command, meta));

    switch (input.type) {
      case 'RegisterIntake': {
        const { wooncirkelId, ...rest } = input;
        const wooncirkel = await this.loadWooncirkel(wooncirkelId, 'wooncirkelId');
        return { ...rest, clientId, placement: placementOf(wooncirkel) };
      }
      case 'ScaleCare': {
        const placement = client.placement!;
        if (!needsTeamPlace(input.toLevel)) {
          if (client.holdsTeamPlace) later(placement.wooncirkelId, { type: 'ReleaseTeamPlace', clientId });
          return { ...input, teamPlace: 'not_needed' };
        }
        if (client.holdsTeamPlace) return { ...input, teamPlace: 'held' };
        if (input.toLevel === client.careLevel) return { ...input, teamPlace: 'held' }; // the decider refuses it
        const claim = teamPlaceClaim(await this.loadWooncirkel(placement.wooncirkelId, 'clientId'), clientId);
        if (claim === 'refused') return { ...input, teamPlace: 'unavailable' };
        // A place already on the team without the client holding it (an interrupted command) becomes this one's.
        claims.push({ wooncirkelId: placement.wooncirkelId, command: { type: 'ClaimTeamPlace', clientId }, undo: { type: 'ReleaseTeamPlace', clientId } });
        return { ...input, teamPlace: 'granted' };
      }
      case 'OfferHousing': {
        const wooncirkel = await this.loadWooncirkel(input.wooncirkelId, 'wooncirkelId');
        const home = Object.hasOwn(wooncirkel.homes, input.homeId) ? wooncirkel.homes[input.homeId] : undefined;
        rule(home, 'unknown_home', `home ${input.homeId} is not part of wooncirkel ${input.wooncirkelId}`, 'homeId');
        const reservation = homeReservationClaim(wooncirkel, input.homeId, clientId, input.offerId);
        if (reservation.outcome === 'grantable') {
          claims.push({ wooncirkelId: input.wooncirkelId, command: { type: 'ReserveHome', homeId: input.homeId, clientId, offerId: input.offerId }, undo: { type: 'ReleaseHomeReservation', homeId: input.homeId, clientId, reason: 'offer_withdrawn' } });
        }
        return {
          type: 'OfferHousing',
          offerId: input.offerId,
          corporation: input.corporation,
          home: { homeId: home.homeId, wooncirkelId: input.wooncirkelId, wijkCode: wooncirkel.wijkCode!, travelMinutesToKern: home.travelMinutesToKern, vacant: !home.occupantClientId, reserved: reservation.code === 'home_reserved' },
        };
      }
      case 'DeclineHousingOffer': {
        const offer = Object.hasOwn(client.offers, input.offerId) ? client.offers[input.offerId] : undefined;
        if (offer?.status === 'open') later(offer.wooncirkelId, { type: 'ReleaseHomeReservation', homeId: offer.homeId, clientId, reason: 'offer_declined' });
        return input;
      }
      case 'AcceptHousingOffer': {
        const offer = Object.hasOwn(client.offers, input.offerId) ? client.offers[input.offerId] : undefined;
        if (offer?.status !== 'open' || client.match) return input; // the decider refuses it
        // The offer's reservation carries the match; offers from before reservations existed reserve now.
        const reservation = homeReservationClaim(await this.loadWooncirkel(offer.wooncirkelId, 'offerId'), offer.homeId, clientId, offer.offerId);
        if (reservation.outcome !== 'held') {
          claims.push({
            wooncirkelId: offer.wooncirkelId,
            command: { type: 'ReserveHome', homeId: offer.homeId, clientId, offerId: offer.offerId },
            undo: { type: 'ReleaseHomeReservation', homeId: offer.homeId, clientId, reason: 'offer_withdrawn' },
            refused: reservation.outcome === 'refused' ? new DomainError(reservation.code!, `home ${offer.homeId} of offer ${offer.offerId} is no longer available (${reservation.code})`, 'offerId') : undefined,
          });
        }
        for (const other of Object.values(client.offers)) {
          if (other.status === 'open' && other.offerId !== offer.offerId) later(other.wooncirkelId, { type: 'ReleaseHomeReservation', homeId: other.homeId, clientId, reason: 'offer_withdrawn' });
        }
        return input;
      }
      case 'MoveIn': {
        if (client.match && !client.home && client.match.wooncirkelId === client.placement?.wooncirkelId) {
          const { homeId, wooncirkelId } = client.match;
          const occupation = homeOccupationClaim(await this.loadWooncirkel(wooncirkelId, 'clientId'), homeId, clientId);
          if (occupation.outcome !== 'held') {
            claims.push({
              wooncirkelId,
              command: { type: 'OccupyHome', homeId, clientId },
              undo: { type: 'VacateHome', homeId, clientId },
              refused: occupation.outcome === 'refused' ? new DomainError(occupation.code!, `home ${homeId} is not available to move into (${occupation.code})`, 'homeId') : undefined,
            });
          }
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
          const claim = teamPlaceClaim(target, clientId);
          claims.push({
            wooncirkelId: input.toWooncirkelId,
            command: { type: 'ClaimTeamPlace', clientId },
            undo: { type: 'ReleaseTeamPlace', clientId },
            refused: claim === 'refused' ? new DomainError('team_full', `team of wooncirkel ${input.toWooncirkelId} has no capacity for this client`, 'toWooncirkelId') : undefined,
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
