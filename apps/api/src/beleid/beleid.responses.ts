import { ApiProperty } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CARE_INTENSITIES, CARE_SETTINGS } from '@wijkzorg/domain';
import { WAIT_KINDS } from '@wijkzorg/read-models';
import { NullableProtectedCountSchema, ProtectedCountSchema, ProtectedCountsByKeySchema } from '../shared/response-schemas';

type Protected = number | '<5' | 'x';

/** A policymaker's row of one wijk or gemeente: every figure disclosure-controlled. */
export class BeleidAreaRowDto {
  @ApiProperty({ description: 'wijk or gemeente code', example: 'WK047901' }) code!: string;
  @ApiProperty({ example: 'Poelenburg' }) name!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty({ example: 'Zaanstad' }) gemeenteName!: string;
  @ApiProperty(ProtectedCountSchema) clients!: Protected;
  @ApiProperty({ description: 'places the teams can take' }) teamCapacity!: number;
  @ApiProperty({ ...NullableProtectedCountSchema, description: 'team clients / team capacity' }) utilisation!: Protected | null;
  @ApiProperty(ProtectedCountSchema) scaledUp!: Protected;
  @ApiProperty(ProtectedCountSchema) scaledDown!: Protected;
  @ApiProperty(ProtectedCountSchema) stayedInHomeSteps!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'waiting now, for anything' }) waiting!: Protected;
  @ApiProperty(NullableProtectedCountSchema) medianWaitingDays!: Protected | null;
  @ApiProperty(NullableProtectedCountSchema) p90WaitingDays!: Protected | null;
  @ApiProperty({ ...ProtectedCountSchema, description: 'euro cents allocated in the year asked (rounded, protected)' }) budgetAllocatedCents!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'euro cents spent in the year asked (rounded, protected)' }) budgetSpentCents!: Protected;
  @ApiProperty({ ...ProtectedCountsByKeySchema, description: 'euro cents spent per purpose code' }) spentByPurposeCents!: Record<string, Protected>;
}
// The breakdowns are flat columns (clients_<care intensity>, clients_<setting>, waiting_<wait kind>) so the CSV has one cell per figure.
const protectedColumn = (name: string, description: string) => {
  // What TypeScript would have emitted for a declared `number | '<5' | 'x'` property.
  Reflect.defineMetadata('design:type', Object, BeleidAreaRowDto.prototype, name);
  ApiProperty({ ...ProtectedCountSchema, description })(BeleidAreaRowDto.prototype, name);
};
for (const intensity of CARE_INTENSITIES) protectedColumn(`clients_${intensity}`, `clients at care intensity ${intensity}`);
for (const setting of CARE_SETTINGS) protectedColumn(`clients_${setting}`, `clients living in setting ${setting}`);
for (const kind of WAIT_KINDS) protectedColumn(`waiting_${kind}`, kind === 'indicatie' ? 'waiting for the decision on an aanvraag for an indicatie' : `waiting for ${kind}`);

/** Figures per wijk or per gemeente, all from one protected snapshot. */
export class BeleidOverviewDto {
  @ApiProperty({ enum: ['wijk', 'gemeente'] }) level!: string;
  @ApiProperty({ description: 'the budget year of the money columns' }) year!: number;
  @ApiProperty({ format: 'date-time', description: 'the moment the figures describe' }) asOf!: string;
  @ApiProperty({ type: [BeleidAreaRowDto] }) rows!: BeleidAreaRowDto[];
}

/** The figures of one area in one month. */
export class BeleidMonthDto {
  @ApiProperty({ example: '2026-03', pattern: '^\\d{4}-\\d{2}$' }) month!: string;
  @ApiProperty(ProtectedCountSchema) inflow!: Protected;
  @ApiProperty(ProtectedCountSchema) outflow!: Protected;
  @ApiProperty(ProtectedCountSchema) scaledUp!: Protected;
  @ApiProperty(ProtectedCountSchema) scaledDown!: Protected;
  @ApiProperty(ProtectedCountSchema) stayedInHomeSteps!: Protected;
  @ApiProperty({ ...ProtectedCountSchema, description: 'waiting at the end of the month' }) waiting!: Protected;
  @ApiProperty(ProtectedCountSchema) joinedWaitlist!: Protected;
  @ApiProperty(ProtectedCountSchema) leftWaitlist!: Protected;
  @ApiProperty(NullableProtectedCountSchema) medianWaitingDays!: Protected | null;
  @ApiProperty({ ...ProtectedCountSchema, description: 'euro cents spent in the month (rounded, protected)' }) spentCents!: Protected;
  @ApiProperty(ProtectedCountsByKeySchema) spentByPurposeCents!: Record<string, Protected>;
}

/** One area (wijk, gemeente or all) month by month. */
export class BeleidTimelineDto {
  @ApiProperty({ description: 'the wijk or gemeente code, or "all"', example: 'all' }) area!: string;
  @ApiProperty({ type: [BeleidMonthDto], description: 'oldest month first' }) rows!: BeleidMonthDto[];
}

/** ?format=csv: the rows as CSV with a header row; breakdowns by key as JSON in their cell. */
export const BELEID_CSV: SchemaObject = { type: 'string', description: 'text/csv; charset=utf-8, one line per row, the same columns as the JSON rows' };
