import { ApiProperty } from '@nestjs/swagger';
import { CLIENT_ORIGINS, HOUSING_TYPES, RECIPROCITY_CONTRIBUTIONS } from '@wijkzorg/domain';
import { HOME_STATES } from '@wijkzorg/read-models';
import { ProtectedCountSchema, ProtectedCountsByKeySchema } from '../shared/response-schemas';

type Protected = number | '<5' | 'x';

/** One home as its owning corporation sees it: no address, no client. */
export class OwnedHomeDto {
  @ApiProperty({ example: 'wc-wk047901-1-h3' }) homeId!: string;
  @ApiProperty({ example: 'wc-wk047901-1' }) wooncirkelId!: string;
  @ApiProperty({ example: 'WK047901' }) wijkCode!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty({ enum: HOUSING_TYPES }) housingType!: string;
  @ApiProperty({ example: 'parteon', description: "the owning corporation; 'onbekend' for homes registered before owners were recorded" }) owner!: string;
  @ApiProperty() travelMinutesToKern!: number;
  @ApiProperty({ enum: HOME_STATES }) status!: string;
  @ApiProperty({ format: 'date-time', description: 'since when the home has this status' }) since!: string;
}

export class OriginFiguresDto {
  @ApiProperty(ProtectedCountSchema) requests!: Protected;
  @ApiProperty({ ...ProtectedCountsByKeySchema, description: `per origin: ${CLIENT_ORIGINS.join(', ')}, niet_vastgelegd (requests from before origins were recorded)` }) byOrigin!: Record<string, Protected>;
}
export class OriginMonthDto extends OriginFiguresDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
}
/** Where clients came from when they asked for housing, per month of the request, in one area. */
export class HousingOriginsDto {
  @ApiProperty({ description: 'the area: a wijk code, a gemeente code or "regio"' }) area!: string;
  @ApiProperty({ type: OriginFiguresDto }) total!: OriginFiguresDto;
  @ApiProperty({ type: [OriginMonthDto] }) months!: OriginMonthDto[];
  @ApiProperty({ description: 'exact counts (auditors) or disclosure-controlled ones' }) exact!: boolean;
}

export class DeliveredDto {
  @ApiProperty() hours!: number;
  @ApiProperty() times!: number;
  @ApiProperty({ type: [String], description: 'months (YYYY-MM) with a delivery' }) months!: string[];
}
/** Reciprocity of one client: agreed now, delivered over time (pseudonymous id). */
export class ReciprocityDto {
  @ApiProperty() clientId!: string;
  @ApiProperty() wooncirkelId!: string;
  @ApiProperty() wijkCode!: string;
  @ApiProperty() gemeenteCode!: string;
  @ApiProperty({ enum: RECIPROCITY_CONTRIBUTIONS, isArray: true }) agreed!: string[];
  @ApiProperty({ format: 'date-time', description: 'the match at which reciprocity was agreed' }) agreedSince!: string;
  @ApiProperty({ description: 'changes of the agreement since' }) changes!: number;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/DeliveredDto' }, description: 'per contribution' }) delivered!: Record<string, DeliveredDto>;
  @ApiProperty({ description: 'agreed contributions with at least one delivery' }) agreedDelivered!: number;
  @ApiProperty({ nullable: true, type: String }) lastDeliveredMonth!: string | null;
}

export class ContributionFiguresDto {
  @ApiProperty({ ...ProtectedCountSchema, description: 'clients whose agreement holds it' }) agreedClients!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'of them, clients who delivered it at least once' }) deliveringClients!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'hours delivered (shown for groups of five or more, rounded to 5)' }) hours!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'times delivered (shown for groups of five or more, rounded to 5)' }) times!: Protected;
}
/** Reciprocity agreed vs delivered in one area. */
export class ReciprocityStatisticsDto {
  @ApiProperty() area!: string;
  @ApiProperty({ ...ProtectedCountSchema, description: 'clients with a reciprocity agreement' }) clientsWithAgreement!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'of them, clients who delivered something of it' }) clientsDelivering!: Protected;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/ContributionFiguresDto' } }) byContribution!: Record<string, ContributionFiguresDto>;
  @ApiProperty() exact!: boolean;
}
