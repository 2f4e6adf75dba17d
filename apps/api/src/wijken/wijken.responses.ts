import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HOUSING_TYPES, WOONCIRKEL_FORMS } from '@wijkzorg/domain';

export class WijkStateDto {
  @ApiProperty({ description: 'false for a wijk never registered (then only this field is present)' }) registered!: boolean;
  @ApiPropertyOptional({ example: 'WK047901' }) wijkCode?: string;
  @ApiPropertyOptional({ example: 'Poelenburg' }) wijkName?: string;
  @ApiPropertyOptional({ example: 'GM0479' }) gemeenteCode?: string;
  @ApiPropertyOptional({ example: 'Zaanstad' }) gemeenteName?: string;
}

/** A wijk as its stream tells it, with the revision to send as expectedRevision. */
export class WijkAnswerDto {
  @ApiProperty({ description: 'revision of the wijk stream' }) revision!: number;
  @ApiProperty({ type: WijkStateDto }) state!: WijkStateDto;
}

export class KernDto {
  @ApiProperty() name!: string;
  @ApiProperty({ example: '07:30' }) opensAt!: string;
  @ApiProperty({ example: '22:30' }) closesAt!: string;
}

export class TeamDto {
  @ApiProperty() teamId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty({ description: 'clients the team can carry' }) caseloadCapacity!: number;
}

export class HomeReservationDto {
  @ApiProperty() clientId!: string;
  @ApiProperty() offerId!: string;
}

export class HomeStateDto {
  @ApiProperty() homeId!: string;
  @ApiProperty() address!: string;
  @ApiProperty({ enum: HOUSING_TYPES }) housingType!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the owning corporation; null for homes registered before owners were recorded' }) owner!: string | null;
  @ApiProperty() travelMinutesToKern!: number;
  @ApiPropertyOptional({ description: 'pseudonymous client living there' }) occupantClientId?: string;
  @ApiPropertyOptional({ type: HomeReservationDto }) reservedFor?: HomeReservationDto;
}

export class WooncirkelStateDto {
  @ApiProperty() registered!: boolean;
  @ApiPropertyOptional() wooncirkelId?: string;
  @ApiPropertyOptional() wijkCode?: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ enum: WOONCIRKEL_FORMS, description: 'kern_met_cirkel has the 10-minute rule' }) form?: string;
  @ApiPropertyOptional({ type: KernDto }) kern?: KernDto;
  @ApiPropertyOptional({ type: TeamDto }) team?: TeamDto;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/HomeStateDto' }, description: 'per homeId' }) homes!: Record<string, HomeStateDto>;
  @ApiProperty({ type: [String], description: 'pseudonymous clients on the team' }) teamClientIds!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object', properties: { staffId: { type: 'string' }, role: { type: 'string' }, hoursPerWeek: { type: 'integer' }, since: { type: 'string', format: 'date-time' } } }, description: 'team staff per staff code' }) staff!: Record<
    string,
    unknown
  >;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { clientId: { type: 'string' }, kind: { type: 'string', enum: ['care', 'transfer'] }, urgency: { type: 'string' }, since: { type: 'string', format: 'date-time' } } }, description: 'clients waiting for a team place' })
  teamPlaceWaits!: unknown[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { offerId: { type: 'string' }, clientId: { type: 'string' }, kind: { type: 'string', enum: ['care', 'transfer'] }, reservedUntil: { type: 'string', format: 'date-time' }, overCapacity: { type: 'boolean' } } },
    description: 'open offers of a team place per offerId',
  })
  teamPlaceOffers!: Record<string, unknown>;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', properties: { clientId: { type: 'string' }, decidedBy: { type: 'string' }, reason: { type: 'string' }, until: { type: 'string', format: 'date-time' }, grantedAt: { type: 'string', format: 'date-time' } } },
    description: 'open over-capacity grants',
  })
  overCapacityGrants!: unknown[];
  @ApiProperty({ description: 'team-place offers made so far' }) offersMade!: number;
}

export class WooncirkelAnswerDto {
  @ApiProperty({ description: 'revision of the wooncirkel stream' }) revision!: number;
  @ApiProperty({ type: WooncirkelStateDto }) state!: WooncirkelStateDto;
}
