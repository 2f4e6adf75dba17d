import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MEASURE_UNITS } from './measure-table';

class MeasureDefinitionDto {
  @ApiProperty({ example: 'stappen_zonder_verhuizing' }) key!: string;
  @ApiProperty({ example: 'Schaalstappen zonder verhuizing' }) label!: string;
  @ApiProperty({ enum: MEASURE_UNITS }) unit!: string;
  @ApiProperty({ description: 'numerator, denominator and period (docs/uitkomsten/)' }) definition!: string;
}

class MeasureChartDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['vergelijking', 'verloop'] }) kind!: string;
  @ApiProperty({ type: [String] }) measures!: string[];
}

class MeasureRowDto {
  @ApiProperty({ enum: ['regio', 'gemeente', 'wijk'] }) level!: string;
  @ApiProperty({ example: 'GM0479' }) code!: string;
  @ApiProperty({ example: 'Zaanstad' }) name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) gemeenteCode!: string | null;
  @ApiProperty({ description: 'the period asked for, or one month of the series', example: '2025' }) period!: string;
  @ApiProperty({ description: 'per measure key: a number, "<5" (fewer than five), "x" (hidden against subtraction) or null (undefined)', type: 'object', additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string', enum: ['<5', 'x'] }], nullable: true } })
  values!: Record<string, number | string | null>;
}

export class MeasureGroupDto {
  @ApiProperty({ example: 'verhuizingen' }) group!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [MeasureDefinitionDto] }) definitions!: MeasureDefinitionDto[];
  @ApiProperty({ type: [MeasureChartDto] }) charts!: MeasureChartDto[];
}

export class MeasureCatalogueDto {
  @ApiProperty({ type: [MeasureGroupDto] }) groups!: MeasureGroupDto[];
}

export class MeasureTableDto extends MeasureGroupDto {
  @ApiProperty() asOf!: string;
  @ApiProperty({ example: '2025' }) period!: string;
  @ApiProperty({ enum: ['maand', 'kwartaal', 'jaar'] }) periodKind!: string;
  @ApiProperty({ type: [String], example: ['2025-01', '2025-02'] }) months!: string[];
  @ApiProperty({ enum: ['regio', 'gemeente', 'wijk'] }) level!: string;
  @ApiProperty({ description: 'true for auditors (exact figures); false: disclosure-controlled' }) exact!: boolean;
  @ApiProperty({ type: [MeasureRowDto] }) rows!: MeasureRowDto[];
}

export const MEASURE_CSV = { type: 'string' as const, example: 'niveau;code;naam;gemeentecode;periode;Schaalstappen zonder verhuizing (aantal)\r\ngemeente;GM0479;Zaanstad;GM0479;2025;35\r\n' };
