import { ApiProperty } from '@nestjs/swagger';
import { NullableProtectedCountSchema, ProtectedCountSchema, ProtectedCountsByKeySchema } from '../shared/response-schemas';

type Protected = number | '<5' | 'x';

/** Caseload of one wijk: protected figures for policymakers, exact numbers for auditors. */
export class WijkCaseloadDto {
  @ApiProperty({ example: 'WK047901' }) wijkCode!: string;
  @ApiProperty({ example: 'Poelenburg' }) wijkName!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty({ example: 'Zaanstad' }) gemeenteName!: string;
  @ApiProperty({ description: 'number of wooncirkels in the wijk' }) wooncirkels!: number;
  @ApiProperty(ProtectedCountSchema) clients!: Protected;
  @ApiProperty({ ...ProtectedCountsByKeySchema, description: 'clients per care intensity' }) clientsByIntensity!: Record<string, Protected>;
  @ApiProperty({ ...ProtectedCountsByKeySchema, description: 'clients per setting (where they live)' }) clientsBySetting!: Record<string, Protected>;
  @ApiProperty({ description: 'places the teams can take' }) teamCapacity!: number;
  @ApiProperty(ProtectedCountSchema) teamClients!: Protected;
  @ApiProperty({ ...NullableProtectedCountSchema, description: 'teamClients / teamCapacity' }) utilisation!: Protected | null;
  @ApiProperty(ProtectedCountSchema) scaledUp!: Protected;
  @ApiProperty(ProtectedCountSchema) scaledDown!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'scaling steps taken while the client stayed in the same home' }) stayedInHomeSteps!: Protected;
}

export class WooncirkelCaseloadDto {
  @ApiProperty({ example: 'wc-1' }) wooncirkelId!: string;
  @ApiProperty({ example: 'WK047901' }) wijkCode!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty() name!: string;
  @ApiProperty() teamId!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() teamCapacity!: number;
  @ApiProperty(ProtectedCountSchema) teamClients!: Protected;
  @ApiProperty(NullableProtectedCountSchema) utilisation!: Protected | null;
  @ApiProperty(ProtectedCountSchema) clients!: Protected;
  @ApiProperty({ ...ProtectedCountsByKeySchema, description: 'clients per care intensity' }) clientsByIntensity!: Record<string, Protected>;
  @ApiProperty({ ...ProtectedCountsByKeySchema, description: 'clients per setting (where they live)' }) clientsBySetting!: Record<string, Protected>;
}

/** Flows of one wijk in one month. */
export class CaseloadMonthDto {
  @ApiProperty({ example: 'WK047901' }) wijkCode!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty({ example: '2026-03', pattern: '^\\d{4}-\\d{2}$' }) month!: string;
  @ApiProperty(ProtectedCountSchema) inflow!: Protected;
  @ApiProperty(ProtectedCountSchema) outflow!: Protected;
  @ApiProperty(ProtectedCountSchema) scaledUp!: Protected;
  @ApiProperty(ProtectedCountSchema) scaledDown!: Protected;
  @ApiProperty(ProtectedCountSchema) stayedInHomeSteps!: Protected;
}

/** One wijk with its wooncirkels and its months. */
export class WijkCaseloadDetailDto extends WijkCaseloadDto {
  @ApiProperty({ type: [WooncirkelCaseloadDto] }) wooncirkelList!: WooncirkelCaseloadDto[];
  @ApiProperty({ type: [CaseloadMonthDto] }) months!: CaseloadMonthDto[];
}
