import { CARE_SETTINGS, CareSetting, LIFE_DOMAINS, LifeDomain, REFERRAL_SOURCES, ReferralSource, URGENCIES, Urgency } from '@wijkzorg/domain';
import { Bsn, CommandDto, Flag, Identifier, ListOf, Nested, OneOf, Text, TextList, UtcTime, WijkCode } from '../shared/fields';

export class PersonalDataDto {
  @Bsn({ optional: true, example: '111222333' }) bsn?: string;
  @Text({ optional: true, max: 200 }) name?: string;
}

export class RegisterIntakeDto extends CommandDto {
  @Identifier({ optional: true, description: 'pseudonymous client id; generated when absent' }) clientId?: string;
  @Identifier({ description: 'the wooncirkel doing the intake' }) wooncirkelId: string;
  @WijkCode({ description: "the client's preferred wijk: the client's wish is leading" }) preferredWijk: string;
  @ListOf(LIFE_DOMAINS) lifeDomains: LifeDomain[];
  @OneOf(URGENCIES) urgency: Urgency;
  @Flag({ description: 'acute confused behaviour (verward gedrag): counts as acute' }) acuteConfusedBehaviour: boolean;
  @TextList({ description: 'goals and dreams in the client’s own words' }) goals: string[];
  @OneOf(REFERRAL_SOURCES) referralSource: ReferralSource;
  @OneOf(CARE_SETTINGS, { optional: true, description: 'where the client lives at intake (default eigen_woning_in_cirkel); later changes are moves' }) setting?: CareSetting;
  @Nested(() => PersonalDataDto, { optional: true }) personal?: PersonalDataDto;
  @UtcTime({ optional: true, description: 'when the aanmelding happened, if earlier than now' }) intakeAt?: string;
}
