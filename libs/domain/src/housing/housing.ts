import { DecisionContext, EventOf, event, rule, assertEffectiveTime, ORGANISATION_CODE_PATTERN } from '../shared';
import { CARE_SETTINGS, CareSetting, ClientState, MOVE_REASONS, MoveReason, RECIPROCITY_CONTRIBUTIONS, ReciprocityContribution } from '../shared/client-state';
import { HousingType, MAX_TRAVEL_MINUTES_TO_KERN, mayOfferHome } from '../wijk/wooncirkel';

/**
 * Where the client lives when asking for housing: so uitstroom from intramural care (Breda), from
 * beschermd wonen and from the opvang can be counted.
 */
export const CLIENT_ORIGINS = ['thuis', 'intramurale_ggz', 'beschermd_wonen', 'maatschappelijke_opvang', 'detentie', 'ziekenhuis', 'dakloos', 'overig'] as const;
export type ClientOrigin = (typeof CLIENT_ORIGINS)[number];

/** v2: with the client's origin. */
export const HOUSING_REQUESTED_VERSION = 2;

export interface RequestHousing {
  type: 'RequestHousing';
  reason: string;
  origin: ClientOrigin;
}
/**
 * The offered home's facts are filled in by the command flow from the wooncirkel it belongs to; the
 * offering corporation is the actor's organisation (`corporation`, when given, must name the same).
 */
export interface OfferHousing {
  type: 'OfferHousing';
  offerId: string;
  corporation?: string;
  home: {
    homeId: string;
    wooncirkelId: string;
    wijkCode: string;
    travelMinutesToKern: number;
    vacant: boolean;
    /** Under another open offer or a match. */
    reserved?: boolean;
    /** Null: registered before owners were recorded. */
    owner?: string | null;
    housingType?: HousingType;
    /** Whether the home's wooncirkel has the 10-minute rule (all wooncirkels of version 1 had it). */
    tenMinuteRule?: boolean;
  };
}
export interface DeclineHousingOffer {
  type: 'DeclineHousingOffer';
  offerId: string;
  reason: string;
  /** Declined because it is not in the preferred wijk: the client then waits for that preference. */
  becauseOfPreference: boolean;
}
export interface AcceptHousingOffer {
  type: 'AcceptHousingOffer';
  offerId: string;
  reciprocity: ReciprocityContribution[];
  /** Required when the home is outside the client's preferred wijk. */
  deviationReason?: string;
}
export interface MoveIn {
  type: 'MoveIn';
  movedInAt: string;
  /** Default: passende_woning. */
  reason?: MoveReason;
  /** Filled in by the command flow from the housing type of the matched home (settingOfHome); default eigen_woning_in_cirkel. */
  homeSetting?: CareSetting;
}
export interface MoveOut {
  type: 'MoveOut';
  movedOutAt: string;
  reason: MoveReason;
  /** Where the client goes. Default: elders. */
  toSetting?: CareSetting;
  note?: string;
}
/** Schema version 2 of ClientMovedIn/ClientMovedOut: a coded reason and the setting before and after. */
export const CLIENT_MOVED_VERSION = 2;
export type HousingCommand = RequestHousing | OfferHousing | DeclineHousingOffer | AcceptHousingOffer | MoveIn | MoveOut;

/** Version 1 requests (before origins) read with origin null: not recorded. */
export type HousingRequested = EventOf<'HousingRequested', { clientId: string; wijkCode: string; preferredWijk: string; reason: string; origin: ClientOrigin | null }>;
export type HousingOffered = EventOf<'HousingOffered', { clientId: string; offerId: string; homeId: string; wooncirkelId: string; wijkCode: string; corporation: string; travelMinutesToKern: number }>;
export type HousingOfferDeclined = EventOf<'HousingOfferDeclined', { clientId: string; offerId: string; reason: string; becauseOfPreference: boolean }>;
export type HousingOfferAccepted = EventOf<'HousingOfferAccepted', { clientId: string; offerId: string }>;
export type HousingMatched = EventOf<
  'HousingMatched',
  { clientId: string; offerId: string; homeId: string; wooncirkelId: string; wijkCode: string; preferredWijk: string; preferredWijkHonoured: boolean; deviationReason: string | null; reciprocity: ReciprocityContribution[]; waitedSince: string | null }
>;
export type ClientMovedIn = EventOf<'ClientMovedIn', { clientId: string; homeId: string; wooncirkelId: string; wijkCode: string; fromSetting: CareSetting; toSetting: CareSetting; reason: MoveReason }>;
export type ClientMovedOut = EventOf<'ClientMovedOut', { clientId: string; homeId: string; wooncirkelId: string; wijkCode: string; fromSetting: CareSetting; toSetting: CareSetting; reason: MoveReason; note: string | null }>;
export type HousingEvent = HousingRequested | HousingOffered | HousingOfferDeclined | HousingOfferAccepted | HousingMatched | ClientMovedIn | ClientMovedOut;

export function decideHousing(command: HousingCommand, state: ClientState, { now, actor }: DecisionContext): HousingEvent[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  const clientId = state.clientId!;
  switch (command.type) {
    case 'RequestHousing':
      rule(!state.waiting.housing, 'already_waiting', 'client already waits for housing', 'clientId');
      rule(!state.match, 'already_matched', 'client already has a matched home to move into', 'clientId');
      rule(CLIENT_ORIGINS.includes(command.origin), 'invalid_origin', `origin must be one of ${CLIENT_ORIGINS.join(', ')}`, 'origin');
      return [event('HousingRequested', { clientId, wijkCode: state.placement!.wijkCode, preferredWijk: state.preferredWijk!, reason: command.reason, origin: command.origin }, now, HOUSING_REQUESTED_VERSION)];

    case 'OfferHousing': {
      if (command.corporation !== undefined) rule(ORGANISATION_CODE_PATTERN.test(command.corporation), 'invalid_corporation', 'corporation must be an organisation code like parteon (lower-case letters, digits, hyphens)', 'corporation');
      const corporation = actor.organisation;
      rule(corporation && ORGANISATION_CODE_PATTERN.test(corporation), 'organisation_required', 'only a corporation that speaks for its organisation (token claim org) may offer a home', 'corporation');
      rule(command.corporation === undefined || command.corporation === corporation, 'corporation_mismatch', `corporation must be the organisation you speak for (${corporation})`, 'corporation');
      rule(state.waiting.housing, 'not_waiting_for_housing', 'client does not wait for housing: request housing first', 'clientId');
      rule(!state.offers[command.offerId], 'duplicate_offer', `offer ${command.offerId} exists already`, 'offerId');
      rule(mayOfferHome({ owner: command.home.owner ?? null }, corporation), 'not_home_owner', `home ${command.home.homeId} is owned by ${command.home.owner}: only its owner offers it`, 'homeId');
      rule(command.home.vacant, 'home_occupied', `home ${command.home.homeId} is occupied`, 'homeId');
      rule(!command.home.reserved, 'home_reserved', `home ${command.home.homeId} is reserved for another client`, 'homeId');
      rule(command.home.tenMinuteRule === false || command.home.travelMinutesToKern <= MAX_TRAVEL_MINUTES_TO_KERN, 'home_too_far_from_kern', `home lies more than ${MAX_TRAVEL_MINUTES_TO_KERN} minutes from the kern of a wooncirkel with the 10-minute rule`, 'homeId');
      const { homeId, wooncirkelId, wijkCode, travelMinutesToKern } = command.home;
      return [event('HousingOffered', { clientId, offerId: command.offerId, homeId, wooncirkelId, wijkCode, corporation, travelMinutesToKern }, now)];
    }

    case 'DeclineHousingOffer': {
      const offer = state.offers[command.offerId];
      rule(offer, 'unknown_offer', `offer ${command.offerId} does not exist`, 'offerId');
      rule(offer.status === 'open', 'offer_closed', `offer ${command.offerId} is ${offer.status}`, 'offerId');
      return [event('HousingOfferDeclined', { clientId, offerId: command.offerId, reason: command.reason, becauseOfPreference: command.becauseOfPreference }, now)];
    }

    case 'AcceptHousingOffer': {
      const offer = state.offers[command.offerId];
      rule(offer, 'unknown_offer', `offer ${command.offerId} does not exist`, 'offerId');
      rule(offer.status === 'open', 'offer_closed', `offer ${command.offerId} is ${offer.status}`, 'offerId');
      rule(!state.match, 'already_matched', 'client already has a matched home to move into', 'offerId');
      rule(
        command.reciprocity.every((r) => RECIPROCITY_CONTRIBUTIONS.includes(r)),
        'invalid_reciprocity',
        `reciprocity may only hold ${RECIPROCITY_CONTRIBUTIONS.join(', ')}`,
        'reciprocity',
      );
      const honoured = offer.wijkCode === state.preferredWijk;
      const deviationReason = command.deviationReason?.trim() || null;
      rule(honoured || deviationReason, 'deviation_reason_required', `the home lies in ${offer.wijkCode}, not the preferred wijk ${state.preferredWijk}: record a deviationReason`, 'deviationReason');
      return [
        event('HousingOfferAccepted', { clientId, offerId: offer.offerId }, now),
        event(
          'HousingMatched',
          {
            clientId,
            offerId: offer.offerId,
            homeId: offer.homeId,
            wooncirkelId: offer.wooncirkelId,
            wijkCode: offer.wijkCode,
            preferredWijk: state.preferredWijk!,
            preferredWijkHonoured: honoured,
            deviationReason: honoured ? null : deviationReason,
            reciprocity: [...new Set(command.reciprocity)],
            waitedSince: state.waiting.housing?.since ?? null,
          },
          now,
        ),
      ];
    }

    case 'MoveIn': {
      rule(state.match, 'not_matched', 'client has no matched home', 'clientId');
      rule(!state.home, 'already_housed', 'client already lives in a home: move out first', 'clientId');
      rule(state.match.wooncirkelId === state.placement!.wooncirkelId, 'transfer_first', `the matched home lies in wooncirkel ${state.match.wooncirkelId}: transfer the client there first`, 'clientId');
      assertEffectiveTime(command.movedInAt, 'movedInAt', state.registeredAt, now);
      const reason = command.reason ?? 'passende_woning';
      rule(MOVE_REASONS.includes(reason), 'invalid_move_reason', `reason must be one of ${MOVE_REASONS.join(', ')}`, 'reason');
      const toSetting = command.homeSetting ?? 'eigen_woning_in_cirkel';
      rule(CARE_SETTINGS.includes(toSetting), 'invalid_setting', 'the setting of the matched home is unknown', 'homeId');
      const { homeId, wooncirkelId, wijkCode } = state.match;
      return [event('ClientMovedIn', { clientId, homeId, wooncirkelId, wijkCode, fromSetting: state.setting, toSetting, reason }, command.movedInAt, CLIENT_MOVED_VERSION)];
    }

    case 'MoveOut': {
      rule(state.home, 'not_housed', 'client does not live in a wooncirkel home', 'clientId');
      assertEffectiveTime(command.movedOutAt, 'movedOutAt', state.home.since, now);
      rule(MOVE_REASONS.includes(command.reason), 'invalid_move_reason', `reason must be one of ${MOVE_REASONS.join(', ')}`, 'reason');
      const toSetting = command.toSetting ?? 'elders';
      rule(CARE_SETTINGS.includes(toSetting), 'invalid_setting', `toSetting must be one of ${CARE_SETTINGS.join(', ')}`, 'toSetting');
      const note = command.note?.trim() || null;
      const { homeId, wooncirkelId } = state.home;
      return [event('ClientMovedOut', { clientId, homeId, wooncirkelId, wijkCode: state.placement!.wijkCode, fromSetting: state.setting, toSetting, reason: command.reason, note }, command.movedOutAt, CLIENT_MOVED_VERSION)];
    }
  }
}

export function evolveHousing(state: ClientState, e: HousingEvent): ClientState {
  switch (e.type) {
    case 'HousingRequested':
      return { ...state, waiting: { ...state.waiting, housing: { since: e.occurredAt } }, waitingForPreference: false };
    case 'HousingOffered': {
      const { offerId, homeId, wooncirkelId, wijkCode } = e.data;
      return { ...state, offers: { ...state.offers, [offerId]: { offerId, homeId, wooncirkelId, wijkCode, corporation: e.data.corporation, status: 'open' } } };
    }
    case 'HousingOfferDeclined':
      return {
        ...state,
        offers: { ...state.offers, [e.data.offerId]: { ...state.offers[e.data.offerId], status: 'declined' } },
        waitingForPreference: state.waitingForPreference || e.data.becauseOfPreference,
      };
    case 'HousingOfferAccepted':
      return { ...state, offers: { ...state.offers, [e.data.offerId]: { ...state.offers[e.data.offerId], status: 'accepted' } } };
    case 'HousingMatched': {
      const { housing: _closed, ...waiting } = state.waiting;
      // The other open offers lapse: one client, one matched home.
      const offers = Object.fromEntries(Object.entries(state.offers).map(([id, o]) => [id, o.status === 'open' && id !== e.data.offerId ? { ...o, status: 'withdrawn' as const } : o]));
      return {
        ...state,
        waiting,
        offers,
        waitingForPreference: false,
        match: { homeId: e.data.homeId, wooncirkelId: e.data.wooncirkelId, wijkCode: e.data.wijkCode, offerId: e.data.offerId },
        reciprocity: { agreed: e.data.reciprocity, since: e.occurredAt },
      };
    }
    case 'ClientMovedIn':
      return { ...state, match: undefined, setting: e.data.toSetting, home: { homeId: e.data.homeId, wooncirkelId: e.data.wooncirkelId, since: e.occurredAt } };
    case 'ClientMovedOut':
      return { ...state, setting: e.data.toSetting, home: undefined };
  }
}
