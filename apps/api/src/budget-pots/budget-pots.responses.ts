import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FUNDERS, POT_KINDS } from '@wijkzorg/domain';
import { NullableProtectedCountSchema, ProtectedCountSchema, ProtectedCountsByKeySchema } from '../shared/response-schemas';

export class PotReleaseDto {
  @ApiProperty() releaseId!: string;
  @ApiProperty({ description: 'integer euro cents' }) amountCents!: number;
  @ApiProperty({ description: "true for a client's release decided at the doorbraaktafel (the client's trajectory names this pot); false for a wijk activity" }) forClient!: boolean;
  @ApiProperty({ description: "the client's release did not go through: the money came back" }) returned!: boolean;
}

export class BudgetPotDto {
  @ApiProperty({ example: 'flex-GM0796-2026' }) potId!: string;
  @ApiProperty({ enum: [...POT_KINDS] }) kind!: string;
  @ApiProperty({ example: 'GM0796' }) gemeenteCode!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'WK079601', description: 'null for the flex pot' }) wijkCode!: string | null;
  @ApiProperty({ enum: [...FUNDERS] }) funder!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'opened plus topped up, integer euro cents' }) openedCents!: number;
  @ApiProperty() releasedCents!: number;
  @ApiProperty({ description: 'never below zero' }) remainingCents!: number;
  @ApiProperty({ type: [PotReleaseDto] }) releases!: PotReleaseDto[];
}

/** A pot as its stream tells it, with the revision to send as expectedRevision. */
export class BudgetPotAnswerDto {
  @ApiProperty({ description: 'revision of the pot stream' }) revision!: number;
  @ApiProperty({ type: BudgetPotDto }) pot!: BudgetPotDto;
}

type Protected = number | '<5' | 'x';

/** A pot in the list: exact for the gemeente that owns it and for auditors; money for clients protected for everyone else. */
export class BudgetPotRowDto {
  @ApiProperty({ example: 'flex-GM0796-2026' }) potId!: string;
  @ApiProperty({ enum: [...POT_KINDS] }) kind!: string;
  @ApiProperty({ example: 'GM0796' }) gemeenteCode!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'WK079601' }) wijkCode!: string | null;
  @ApiProperty({ enum: [...FUNDERS] }) funder!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'euro cents' }) openedCents!: number;
  @ApiProperty({ ...ProtectedCountSchema, description: 'euro cents' }) releasedCents!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'euro cents' }) remainingCents!: Protected;
  @ApiProperty() activityReleases!: number;
  @ApiProperty({ description: 'euro cents' }) releasedForActivitiesCents!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'euro cents per wijk activity code' }) releasedByActivity!: Record<string, number>;
  @ApiProperty(ProtectedCountSchema) clientReleases!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'euro cents' }) releasedForClientsCents!: Protected;
}

export class DecisionMoneyDto {
  @ApiProperty(ProtectedCountSchema) decisions!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'euro cents' }) solutionCostCents!: Protected;
}
export class AvoidedCostFiguresDto extends DecisionMoneyDto {
  @ApiProperty({ ...ProtectedCountSchema, description: 'euro cents, as estimated over each basis period' }) avoidedCents!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'euro cents per year (amount × 12 / basis months)' }) avoidedCentsPerYear!: Protected;
}

/** The doorbraaktafel of one gemeente in one year: protected (rounded, "<5", "x") except for auditors. */
export class DoorbraakFiguresDto {
  @ApiProperty({ example: 'GM0796' }) gemeenteCode!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ ...ProtectedCountSchema, description: 'cases escalated' }) cases!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'decisions (breakthroughs) taken' }) breakthroughs!: Protected;
  @ApiProperty({ ...ProtectedCountsByKeySchema, description: 'per breakthrough type' }) breakthroughsByType!: Record<string, Protected>;
  @ApiProperty({ ...NullableProtectedCountSchema, description: 'median whole days from escalation to breakthrough' }) leadTimeMedianDays!: Protected | null;
  @ApiProperty({ ...ProtectedCountSchema, description: 'euro cents' }) solutionCostCents!: Protected;
  @ApiProperty({ type: DecisionMoneyDto, description: 'decisions without an avoided-cost estimate' }) withoutEstimate!: DecisionMoneyDto;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/AvoidedCostFiguresDto' }, description: 'per avoided-cost category' }) avoidedCost!: Record<string, AvoidedCostFiguresDto>;
}
