import { AcceptHousingOffer, ClientCommand, DeclineHousingOffer, DomainError, MoveIn, MoveOut, homeOccupationClaim, homeReservationClaim, rule, settingOfHome, tenMinuteRuleApplies } from '@wijkzorg/domain';
import { ClientCommandPlan } from '../command-handling/client-command-flow';

/** An offer as it arrives from a corporation (the actor's organisation): the home's facts are read from its wooncirkel. */
export interface OfferHousingInput {
  type: 'OfferHousing';
  offerId: string;
  /** Optional: when given, it must name the actor's own organisation. */
  corporation?: string;
  wooncirkelId: string;
  homeId: string;
}

/** An offer reserves its home, so no second client gets it offered or matched. */
export async function prepareOfferHousing(input: OfferHousingInput, plan: ClientCommandPlan): Promise<ClientCommand> {
  const { clientId } = plan;
  const wooncirkel = await plan.loadWooncirkel(input.wooncirkelId, 'wooncirkelId');
  const home = Object.hasOwn(wooncirkel.homes, input.homeId) ? wooncirkel.homes[input.homeId] : undefined;
  rule(home, 'unknown_home', `home ${input.homeId} is not part of wooncirkel ${input.wooncirkelId}`, 'homeId');
  const reservation = homeReservationClaim(wooncirkel, input.homeId, clientId, input.offerId);
  if (reservation.outcome === 'grantable') {
    plan.claim({ wooncirkelId: input.wooncirkelId, command: { type: 'ReserveHome', homeId: input.homeId, clientId, offerId: input.offerId }, undo: { type: 'ReleaseHomeReservation', homeId: input.homeId, clientId, reason: 'offer_withdrawn' } });
  }
  return {
    type: 'OfferHousing',
    offerId: input.offerId,
    corporation: input.corporation,
    home: {
      homeId: home.homeId,
      wooncirkelId: input.wooncirkelId,
      wijkCode: wooncirkel.wijkCode!,
      travelMinutesToKern: home.travelMinutesToKern,
      vacant: !home.occupantClientId,
      reserved: reservation.code === 'home_reserved',
      owner: home.owner,
      housingType: home.housingType,
      tenMinuteRule: tenMinuteRuleApplies(wooncirkel.form!),
    },
  };
}

/** A declined offer gives its home's reservation back afterwards. */
export function prepareDeclineHousingOffer(input: DeclineHousingOffer, plan: ClientCommandPlan): ClientCommand {
  const { client, clientId } = plan;
  const offer = Object.hasOwn(client.offers, input.offerId) ? client.offers[input.offerId] : undefined;
  if (offer?.status === 'open') plan.afterwards(offer.wooncirkelId, { type: 'ReleaseHomeReservation', homeId: offer.homeId, clientId, reason: 'offer_declined' });
  return input;
}

/** The accepted offer's reservation carries the match; the other open offers give their homes back. */
export async function prepareAcceptHousingOffer(input: AcceptHousingOffer, plan: ClientCommandPlan): Promise<ClientCommand> {
  const { client, clientId } = plan;
  const offer = Object.hasOwn(client.offers, input.offerId) ? client.offers[input.offerId] : undefined;
  if (offer?.status !== 'open' || client.match) return input; // the decider refuses it
  // Offers from before reservations existed reserve now.
  const reservation = homeReservationClaim(await plan.loadWooncirkel(offer.wooncirkelId, 'offerId'), offer.homeId, clientId, offer.offerId);
  if (reservation.outcome !== 'held') {
    plan.claim({
      wooncirkelId: offer.wooncirkelId,
      command: { type: 'ReserveHome', homeId: offer.homeId, clientId, offerId: offer.offerId },
      undo: { type: 'ReleaseHomeReservation', homeId: offer.homeId, clientId, reason: 'offer_withdrawn' },
      refused: reservation.outcome === 'refused' ? new DomainError(reservation.code!, `home ${offer.homeId} of offer ${offer.offerId} is no longer available (${reservation.code})`, 'offerId') : undefined,
    });
  }
  for (const other of Object.values(client.offers)) {
    if (other.status === 'open' && other.offerId !== offer.offerId) plan.afterwards(other.wooncirkelId, { type: 'ReleaseHomeReservation', homeId: other.homeId, clientId, reason: 'offer_withdrawn' });
  }
  return input;
}

/** Moving into the matched home (on the client's own wooncirkel) occupies it; the home's kind gives the new setting. */
export async function prepareMoveIn(input: MoveIn, plan: ClientCommandPlan): Promise<ClientCommand> {
  const { client, clientId } = plan;
  if (client.match && !client.home && client.match.wooncirkelId === client.placement?.wooncirkelId) {
    const { homeId, wooncirkelId } = client.match;
    const wooncirkel = await plan.loadWooncirkel(wooncirkelId, 'clientId');
    const home = Object.hasOwn(wooncirkel.homes, homeId) ? wooncirkel.homes[homeId] : undefined;
    const occupation = homeOccupationClaim(wooncirkel, homeId, clientId);
    if (occupation.outcome !== 'held') {
      plan.claim({
        wooncirkelId,
        command: { type: 'OccupyHome', homeId, clientId },
        undo: { type: 'VacateHome', homeId, clientId },
        refused: occupation.outcome === 'refused' ? new DomainError(occupation.code!, `home ${homeId} is not available to move into (${occupation.code})`, 'homeId') : undefined,
      });
    }
    return { ...input, homeSetting: home ? settingOfHome(home.housingType) : undefined };
  }
  return input;
}

/** Moving out vacates the home afterwards. */
export function prepareMoveOut(input: MoveOut, plan: ClientCommandPlan): ClientCommand {
  const { client, clientId } = plan;
  if (client.home) plan.afterwards(client.home.wooncirkelId, { type: 'VacateHome', homeId: client.home.homeId, clientId });
  return input;
}
