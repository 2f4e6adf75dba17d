import { ApiProperty } from '@nestjs/swagger';
import { NullableProtectedCountSchema, ProtectedCountSchema, ProtectedCountsByKeySchema } from '../shared/response-schemas';

type Protected = number | '<5' | 'x';

export class NetworkMemberViewDto {
  @ApiProperty() memberId!: string;
  @ApiProperty() relation!: string;
  @ApiProperty({ description: 'opened for the purpose given (ERASED after erasure)', nullable: true, type: String }) name!: unknown;
  @ApiProperty({ nullable: true, type: String }) contact!: unknown;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) leftAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) leaveReason!: string | null;
}
export class InformalSupportViewDto {
  @ApiProperty() supportId!: string;
  @ApiProperty() memberId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() hoursPerWeek!: number;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) endedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) endReason!: string | null;
}
export class ReferralViewDto {
  @ApiProperty() referralId!: string;
  @ApiProperty({ enum: ['made', 'avoided'] }) outcome!: 'made' | 'avoided';
  @ApiProperty() care!: string;
  @ApiProperty({ nullable: true, type: String }) referredTo!: string | null;
  @ApiProperty({ nullable: true, type: String }) solution!: string | null;
  @ApiProperty({ nullable: true, type: String }) supportId!: string | null;
  @ApiProperty({ nullable: true, type: String }) memberId!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}
/** A client's network (person level). */
export class NetworkViewDto {
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'whether some informal support is active now (an afschaling may then be carried by the network)' }) carries!: boolean;
  @ApiProperty() weeklyInformalHours!: number;
  @ApiProperty({ type: [NetworkMemberViewDto] }) members!: NetworkMemberViewDto[];
  @ApiProperty({ type: [InformalSupportViewDto] }) supports!: InformalSupportViewDto[];
  @ApiProperty({ type: [ReferralViewDto] }) referrals!: ReferralViewDto[];
}

export class NetworkMonthFiguresDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty(ProtectedCountSchema) membersAdded!: Protected;
  @ApiProperty(ProtectedCountSchema) supportsStarted!: Protected;
  @ApiProperty(ProtectedCountSchema) supportsEnded!: Protected;
  @ApiProperty(ProtectedCountSchema) referralsMade!: Protected;
  @ApiProperty(ProtectedCountSchema) referralsAvoided!: Protected;
  @ApiProperty(ProtectedCountSchema) afschalingen!: Protected;
  @ApiProperty(ProtectedCountSchema) afschalingenCarriedByNetwork!: Protected;
}
export class NetworkAreaFiguresDto {
  @ApiProperty({ example: 'WK047901' }) code!: string;
  @ApiProperty({ enum: ['wijk', 'gemeente', 'all'] }) level!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty({ ...ProtectedCountSchema, description: 'clients with active informal support now' }) clientsWithSupport!: Protected;
  @ApiProperty(ProtectedCountSchema) activeSupports!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'hours a week of active informal support (for five clients or more, rounded to 5 hours)' }) weeklyInformalHours!: Protected;
  @ApiProperty({ ...NullableProtectedCountSchema, description: 'clientsWithSupport / clients of the area, from published figures' }) supportedShare!: Protected | null;
  @ApiProperty({ ...ProtectedCountsByKeySchema, description: 'the monthly figures summed over all months' }) totals!: Record<string, Protected>;
  @ApiProperty({ ...NullableProtectedCountSchema, description: 'referrals avoided / (made + avoided), from published totals' }) avoidedShare!: Protected | null;
  @ApiProperty({ type: [NetworkMonthFiguresDto] }) months!: NetworkMonthFiguresDto[];
}
export class NetworkFiguresDto {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: [NetworkAreaFiguresDto] }) rows!: NetworkAreaFiguresDto[];
}
