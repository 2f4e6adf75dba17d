import { Matches } from 'class-validator';
import {
  INDICATED_CARE,
  INFORMAL_SOLUTIONS,
  INFORMAL_SUPPORT_KINDS,
  IndicatedCare,
  InformalSolution,
  InformalSupportKind,
  MAX_INFORMAL_HOURS_PER_WEEK,
  MEMBER_LEAVE_REASONS,
  MemberLeaveReason,
  NETWORK_RELATIONS,
  NetworkRelation,
  ORGANISATION_CODE_PATTERN,
  SUPPORT_END_REASONS,
  SupportEndReason,
} from '@wijkzorg/domain';
import { CommandDto, Identifier, Nested, OneOf, Text, WholeNumber } from '../shared/fields';

export class MemberPersonalDto {
  @Text({ max: 200, description: "the member's name: identifying, sealed with the client's key, never published" }) name: string;
  @Text({ optional: true, max: 200, description: 'how to reach the member (phone, e-mail): identifying, sealed' }) contact?: string;
}

export class AddNetworkMemberDto extends CommandDto {
  @Identifier({ description: "your pseudonymous id for the member within this client's network (never the name)", example: 'm-1' }) memberId: string;
  @OneOf(NETWORK_RELATIONS, { description: 'how the member stands to the client' }) relation: NetworkRelation;
  @Nested(() => MemberPersonalDto) personal: MemberPersonalDto;
}
export class RemoveNetworkMemberDto extends CommandDto {
  @OneOf(MEMBER_LEAVE_REASONS, { description: 'why the member leaves the network; support the member gave ends with it' }) reason: MemberLeaveReason;
}
export class StartInformalSupportDto extends CommandDto {
  @Identifier({ example: 's-1' }) supportId: string;
  @Identifier({ description: 'the network member who gives the support', example: 'm-1' }) memberId: string;
  @OneOf(INFORMAL_SUPPORT_KINDS, { description: 'what the support is' }) kind: InformalSupportKind;
  @WholeNumber(1, MAX_INFORMAL_HOURS_PER_WEEK, { description: 'hours a week, whole hours', example: 2 }) hoursPerWeek: number;
  @Text({ optional: true, max: 1000, description: "free text about the arrangement: personal data, sealed with the client's key, never published" }) note?: string;
}
export class EndInformalSupportDto extends CommandDto {
  @OneOf(SUPPORT_END_REASONS) reason: SupportEndReason;
}
export class RecordReferralMadeDto extends CommandDto {
  @Identifier({ example: 'r-1' }) referralId: string;
  @OneOf(INDICATED_CARE, { description: 'the indicated care referred to' }) care: IndicatedCare;
  @Text({ optional: true, max: 50, description: 'organisation code referred to, e.g. prov-ggz-nhn' })
  @Matches(ORGANISATION_CODE_PATTERN, { message: 'referredTo must be an organisation code: lower-case letters, digits and hyphens, e.g. prov-ggz-nhn' })
  referredTo?: string;
}
export class RecordReferralAvoidedDto extends CommandDto {
  @Identifier({ example: 'r-2' }) referralId: string;
  @OneOf(INDICATED_CARE, { description: 'the indicated care the client would have been referred to' }) care: IndicatedCare;
  @OneOf(INFORMAL_SOLUTIONS, { description: 'what replaced the referral; informele_steun, vrijwilligersinzet and ervaringsdeskundige need supportId' }) solution: InformalSolution;
  @Identifier({ optional: true, description: 'the active informal support that carries the solution' }) supportId?: string;
  @Text({ optional: true, max: 1000, description: "free text: personal data, sealed with the client's key, never published" }) note?: string;
}
