import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FUNDERS, POT_KINDS } from '@wijkzorg/domain';

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
