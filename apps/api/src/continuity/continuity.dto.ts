import { BEGELEIDER_REASONS, BegeleiderReason, MAX_BEGELEIDER_NOTE_LENGTH, MAX_STAFF_HOURS_PER_WEEK, OFFER_OVERRIDE_REASONS, OVER_CAPACITY_REASONS, OfferOverrideReason, OverCapacityReason, STAFF_LEAVE_REASONS, StaffLeaveReason, TEAM_ROLES, TeamRole } from '@wijkzorg/domain';
import { CommandDto, Identifier, OneOf, StaffCode, Text, UtcTime, WholeNumber } from '../shared/fields';

export class JoinTeamDto extends CommandDto {
  @StaffCode() staffId: string;
  @OneOf(TEAM_ROLES, { description: 'every wooncirkel team should have an ervaringsdeskundige' }) role: TeamRole;
  @WholeNumber(1, MAX_STAFF_HOURS_PER_WEEK) hoursPerWeek: number;
}

export class LeaveTeamDto extends CommandDto {
  @OneOf(STAFF_LEAVE_REASONS) reason: StaffLeaveReason;
}

export class AssignBegeleiderDto extends CommandDto {
  @StaffCode({ description: 'a current member of the team of the client’s wooncirkel' }) staffId: string;
  @OneOf(BEGELEIDER_REASONS, { description: 'eerste_toewijzing for the first; a change names why it changes' }) reason: BegeleiderReason;
  @Text({ optional: true, max: MAX_BEGELEIDER_NOTE_LENGTH, description: 'sealed with the client’s key' }) note?: string;
}

export class GrantOverCapacityDto extends CommandDto {
  @Identifier({ description: 'an acute client of this wooncirkel' }) clientId: string;
  @StaffCode({ description: 'the teamleider who decides' }) decidedBy: string;
  @OneOf(OVER_CAPACITY_REASONS) reason: OverCapacityReason;
  @UtcTime({ description: 'end date of the over-capacity (at most 90 days ahead)' }) until: string;
}

export class OverrideTeamPlaceOfferDto extends CommandDto {
  @Identifier({ description: 'a client waiting for a place on this team' }) toClientId: string;
  @StaffCode({ description: 'the teamleider who decides' }) decidedBy: string;
  @OneOf(OFFER_OVERRIDE_REASONS) reason: OfferOverrideReason;
}
