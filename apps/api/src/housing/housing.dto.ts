import { Matches } from 'class-validator';
import { CARE_SETTINGS, CLIENT_ORIGINS, CareSetting, ClientOrigin, MAX_RECIPROCITY_HOURS_PER_MONTH, MAX_RECIPROCITY_TIMES_PER_MONTH, MONTH_PATTERN, MOVE_REASONS, MoveReason, ORGANISATION_CODE_PATTERN, RECIPROCITY_CONTRIBUTIONS, ReciprocityContribution } from '@wijkzorg/domain';
import { CommandDto, Flag, Identifier, ListOf, OneOf, Text, UtcTime, WholeNumber } from '../shared/fields';

export class RequestHousingDto extends CommandDto {
  @Text() reason: string;
  @OneOf(CLIENT_ORIGINS, { description: 'where the client lives now: so uitstroom from intramural care can be counted' }) origin: ClientOrigin;
}
export class OfferHousingDto extends CommandDto {
  @Identifier() offerId: string;
  @Text({ max: 50, optional: true, description: 'optional: the offering corporation is the organisation you speak for (token claim org); when given, it must name that same organisation' })
  @Matches(ORGANISATION_CODE_PATTERN, { message: 'corporation must be an organisation code: lower-case letters, digits and hyphens, e.g. parteon' })
  corporation?: string;
  @Identifier() wooncirkelId: string;
  @Identifier() homeId: string;
}
export class DeclineHousingOfferDto extends CommandDto {
  @Text() reason: string;
  @Flag({ description: 'declined because the home is not in the preferred wijk' }) becauseOfPreference: boolean;
}
export class AcceptHousingOfferDto extends CommandDto {
  @ListOf(RECIPROCITY_CONTRIBUTIONS, { description: 'what the client contributes to the circle' }) reciprocity: ReciprocityContribution[];
  @Text({ optional: true, description: 'required when the home is outside the preferred wijk' }) deviationReason?: string;
}
export class MoveInDto extends CommandDto {
  @UtcTime() movedInAt: string;
  @OneOf(MOVE_REASONS, { optional: true, description: 'why the client moves (default passende_woning)' }) reason?: MoveReason;
}
export class MoveOutDto extends CommandDto {
  @UtcTime() movedOutAt: string;
  @OneOf(MOVE_REASONS, { description: 'why the client moves out' }) reason: MoveReason;
  @OneOf(CARE_SETTINGS, { optional: true, description: 'where the client goes (default elders)' }) toSetting?: CareSetting;
  @Text({ optional: true, description: 'optional note about the move (personal: sealed)' }) note?: string;
}
/** A move that is not into or out of a wooncirkel home. */
export class RecordMoveDto extends CommandDto {
  @UtcTime() movedAt: string;
  @OneOf(CARE_SETTINGS, { description: 'where the client lives from now on' }) toSetting: CareSetting;
  @OneOf(MOVE_REASONS, { description: 'why the client moves' }) reason: MoveReason;
  @Text({ optional: true, description: 'optional note about the move (personal: sealed)' }) note?: string;
}
export class RecordReciprocityDeliveryDto extends CommandDto {
  @OneOf(RECIPROCITY_CONTRIBUTIONS, { description: 'one of the agreed contributions' }) contribution: ReciprocityContribution;
  @Text({ max: 7, example: '2026-03', description: 'the month delivered (YYYY-MM), not in the future' })
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' })
  month: string;
  @WholeNumber(1, MAX_RECIPROCITY_HOURS_PER_MONTH, { optional: true, description: 'whole hours delivered in the month (give hours or times)' }) hours?: number;
  @WholeNumber(1, MAX_RECIPROCITY_TIMES_PER_MONTH, { optional: true, description: 'times delivered in the month (give hours or times)' }) times?: number;
}
export class ChangeReciprocityAgreementDto extends CommandDto {
  @ListOf(RECIPROCITY_CONTRIBUTIONS, { description: 'the contributions agreed from now on' }) contributions: ReciprocityContribution[];
  @Text({ description: 'why, as agreed with the client' }) reason: string;
}
