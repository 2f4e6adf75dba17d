import { FUNDERS, Funder, POT_KINDS, PotKind, WIJK_ACTIVITIES, WijkActivity } from '@wijkzorg/domain';
import { Cents, CommandDto, GemeenteCode, Identifier, OneOf, WholeNumber, WijkCode } from '../shared/fields';

export class OpenBudgetPotDto extends CommandDto {
  @OneOf(POT_KINDS, { description: 'wijk: a wijkgebonden budget for one wijk, funder and year; flex: the gemeente flex pot of a year (doorbraaktafel maatwerk)' }) kind: PotKind;
  @GemeenteCode({ description: 'the gemeente opening the pot: must be the organisation the caller speaks for' }) gemeenteCode: string;
  @WijkCode({ optional: true, description: 'only for a wijk pot' }) wijkCode?: string;
  @OneOf(FUNDERS) funder: Funder;
  @WholeNumber(2000, 2100) year: number;
  @Cents() amountCents: number;
}
export class TopUpBudgetPotDto extends CommandDto {
  @Cents() amountCents: number;
}
export class ReleaseForWijkActivityDto extends CommandDto {
  @Identifier() releaseId: string;
  @OneOf(WIJK_ACTIVITIES, { description: 'what the wijk money pays for, as a code' }) activity: WijkActivity;
  @Cents() amountCents: number;
}
