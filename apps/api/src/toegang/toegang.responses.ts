import { ApiProperty } from '@nestjs/swagger';
import { ACCESS_EXCEPTION_GROUNDS, ACCESS_INTENSITIES } from '@wijkzorg/domain';

/** Care started without an indicatie and its regularisation (pseudonymous ids only). */
export class AccessExceptionDto {
  @ApiProperty() clientId!: string;
  @ApiProperty() exceptionId!: string;
  @ApiProperty() wooncirkelId!: string;
  @ApiProperty({ example: 'WK047901' }) wijkCode!: string;
  @ApiProperty({ example: 'GM0479' }) gemeenteCode!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the centrumgemeente of the client’s gemeente' }) centrumgemeente!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the zorgkantoor of the client’s region' }) zorgkantoor!: string | null;
  @ApiProperty({ enum: ACCESS_EXCEPTION_GROUNDS }) grounds!: string;
  @ApiProperty({ enum: ACCESS_INTENSITIES }) intensity!: string;
  @ApiProperty({ format: 'date-time' }) stepAt!: string;
  @ApiProperty({ format: 'date-time' }) regulariseBefore!: string;
  @ApiProperty({ description: 'not regularised yet' }) open!: boolean;
  @ApiProperty({ description: 'open and past regulariseBefore' }) overdue!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) regularisedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the indicatie that regularised it' }) regularisedBy!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'regularised after regulariseBefore' }) regularisedLate!: boolean | null;
}
