import { Matches } from 'class-validator';
import { ORGANISATION_CODE_PATTERN, RECIPROCITY_CONTRIBUTIONS, ReciprocityContribution } from '@wijkzorg/domain';
import { CommandDto, Flag, Identifier, ListOf, Text, UtcTime } from '../shared/fields';

export class RequestHousingDto extends CommandDto {
  @Text() reason: string;
}
export class OfferHousingDto extends CommandDto {
  @Identifier() offerId: string;
  @Text({ max: 50, description: 'code of the housing corporation making the offer: lower-case letters, digits and hyphens, e.g. parteon' })
  @Matches(ORGANISATION_CODE_PATTERN, { message: 'corporation must be an organisation code: lower-case letters, digits and hyphens, e.g. parteon' })
  corporation: string;
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
}
export class MoveOutDto extends CommandDto {
  @UtcTime() movedOutAt: string;
  @Text() reason: string;
}
