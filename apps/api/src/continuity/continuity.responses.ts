import { ApiProperty } from '@nestjs/swagger';
import { TEAM_PLACE_WAIT_KINDS, TEAM_ROLES, URGENCIES } from '@wijkzorg/domain';

export class TeamStaffMemberDto {
  @ApiProperty({ example: 'pb-anouk-01', description: 'staff code' }) staffId!: string;
  @ApiProperty({ enum: TEAM_ROLES }) role!: string;
  @ApiProperty() hoursPerWeek!: number;
  @ApiProperty({ format: 'date-time' }) since!: string;
}
export class TeamPlaceWaiterDto {
  @ApiProperty() clientId!: string;
  @ApiProperty({ enum: TEAM_PLACE_WAIT_KINDS }) kind!: string;
  @ApiProperty({ enum: URGENCIES }) urgency!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
}
export class OpenTeamPlaceOfferDto {
  @ApiProperty() offerId!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty({ enum: TEAM_PLACE_WAIT_KINDS }) kind!: string;
  @ApiProperty({ enum: URGENCIES }) urgency!: string;
  @ApiProperty({ format: 'date-time' }) waitingSince!: string;
  @ApiProperty({ format: 'date-time', description: 'the place is reserved for the client until then' }) reservedUntil!: string;
  @ApiProperty({ description: 'granted beyond capacity for an acute client' }) overCapacity!: boolean;
  @ApiProperty({ format: 'date-time' }) offeredAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'staff code of the teamleider who passed the offer on' }) overriddenBy!: string | null;
}
export class ActiveOverCapacityDto {
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'staff code of the teamleider' }) decidedBy!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ format: 'date-time' }) until!: string;
}
export class TeamBegeleiderDto {
  @ApiProperty() clientId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'staff code of the vaste begeleider' }) staffId!: string | null;
}

/** One wooncirkel team, person-level. */
export class TeamCompositionDto {
  @ApiProperty({ example: 'wc-1' }) wooncirkelId!: string;
  @ApiProperty({ example: 'WK047901' }) wijkCode!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty() teamId!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() caseloadCapacity!: number;
  @ApiProperty({ type: [TeamStaffMemberDto] }) staff!: TeamStaffMemberDto[];
  @ApiProperty() staffCount!: number;
  @ApiProperty() hoursPerWeek!: number;
  @ApiProperty() hasErvaringsdeskundige!: boolean;
  @ApiProperty({ type: [String] }) teamClientIds!: string[];
  @ApiProperty({ type: [TeamBegeleiderDto] }) begeleiders!: TeamBegeleiderDto[];
  @ApiProperty({ type: [String], description: 'clients on the team without a vaste begeleider (none assigned, or theirs left the team)' }) withoutBegeleider!: string[];
  @ApiProperty({ type: [TeamPlaceWaiterDto] }) waiting!: TeamPlaceWaiterDto[];
  @ApiProperty({ type: [OpenTeamPlaceOfferDto] }) openOffers!: OpenTeamPlaceOfferDto[];
  @ApiProperty({ type: [ActiveOverCapacityDto] }) overCapacity!: ActiveOverCapacityDto[];
}

/** Wooncirkel-level facts of a team: counts, no persons. */
export class TeamFactsDto {
  @ApiProperty({ example: 'wc-1' }) wooncirkelId!: string;
  @ApiProperty({ example: 'WK047901' }) wijkCode!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty() teamId!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() caseloadCapacity!: number;
  @ApiProperty() teamClients!: number;
  @ApiProperty() staffCount!: number;
  @ApiProperty() hoursPerWeek!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'staff per role' }) roles!: Record<string, number>;
  @ApiProperty() hasErvaringsdeskundige!: boolean;
  @ApiProperty() clientsWithoutBegeleider!: number;
  @ApiProperty() waitingForPlace!: number;
  @ApiProperty() openOffers!: number;
  @ApiProperty({ description: 'open over-capacity grants' }) overCapacity!: number;
}
