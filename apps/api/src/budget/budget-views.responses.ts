import { ApiProperty } from '@nestjs/swagger';
import { FUNDERS } from '@wijkzorg/domain';
import { ProtectedCountSchema, ProtectedCountsByKeySchema } from '../shared/response-schemas';

type Protected = number | '<5' | 'x';

/** One budget line of a client: a year and a funder, in euro cents. */
export class BudgetLineViewDto {
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ enum: FUNDERS }) funder!: string;
  @ApiProperty({ description: 'euro cents' }) allocatedCents!: number;
  @ApiProperty({ description: 'euro cents' }) releasedCents!: number;
  @ApiProperty({ description: 'euro cents' }) spentCents!: number;
  @ApiProperty({ description: 'allocated minus released, euro cents' }) unreleasedCents!: number;
  @ApiProperty({ description: 'allocated minus spent, euro cents' }) unspentCents!: number;
  @ApiProperty() settled!: boolean;
}

export class BudgetTransferLineDto {
  @ApiProperty() year!: number;
  @ApiProperty({ enum: FUNDERS }) funder!: string;
  @ApiProperty({ description: 'euro cents' }) unreleasedCents!: number;
  @ApiProperty({ description: 'euro cents' }) unspentCents!: number;
}

/** The budget following the client to another wijk or provider. */
export class BudgetTransferViewDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() fromWijk!: string;
  @ApiProperty() toWijk!: string;
  @ApiProperty() fromProvider!: string;
  @ApiProperty() toProvider!: string;
  @ApiProperty({ type: [BudgetTransferLineDto] }) lines!: BudgetTransferLineDto[];
}

/** The person-following budget of one client (pseudonymous id). */
export class ClientBudgetDto {
  @ApiProperty() clientId!: string;
  @ApiProperty() wooncirkelId!: string;
  @ApiProperty({ example: 'WK047901' }) wijkCode!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/BudgetLineViewDto' }, description: 'per line key <year>:<funder>' }) lines!: Record<string, BudgetLineViewDto>;
  @ApiProperty({ description: 'euro cents, all lines' }) allocatedCents!: number;
  @ApiProperty({ description: 'euro cents, all lines' }) releasedCents!: number;
  @ApiProperty({ description: 'euro cents, all lines' }) spentCents!: number;
  @ApiProperty({ description: 'euro cents, all lines' }) unreleasedCents!: number;
  @ApiProperty({ description: 'euro cents, all lines' }) unspentCents!: number;
  @ApiProperty({ type: [BudgetTransferViewDto], description: 'oldest first' }) transfers!: BudgetTransferViewDto[];
}

/** Money flows of one wijk in one year: protected (rounded, "<5", "x") for policymakers, exact for auditors. */
export class WijkBudgetDto {
  @ApiProperty({ example: 'WK047901' }) wijkCode!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ ...ProtectedCountSchema, description: 'euro cents' }) allocatedCents!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'euro cents' }) releasedCents!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'euro cents' }) spentCents!: Protected;
  @ApiProperty({ ...ProtectedCountsByKeySchema, description: 'euro cents per purpose code' }) spentByPurpose!: Record<string, Protected>;
  @ApiProperty({ ...ProtectedCountsByKeySchema, description: 'euro cents per funder' }) releasedByFunder!: Record<string, Protected>;
  @ApiProperty({ ...ProtectedCountSchema, description: 'releases beyond the allocation' }) overrideReleases!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'maatwerk released at once by the doorbraaktafel' }) fastTrackReleases!: Protected;
  @ApiProperty(ProtectedCountSchema) transfersIn!: Protected;
  @ApiProperty(ProtectedCountSchema) transfersOut!: Protected;
}
