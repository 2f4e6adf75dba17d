import { ApiProperty } from '@nestjs/swagger';

/** Where one read model stands against the log. */
export class ProjectionStatusDto {
  @ApiProperty({ example: 'caseload' }) name!: string;
  @ApiProperty({ description: 'version of the projection code' }) version!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'version the stored read model was built with; null before the first run' }) storedVersion!: number | null;
  @ApiProperty({ description: 'global position of the last event projected' }) position!: number;
  @ApiProperty({ description: 'global position of the newest event in the log' }) headPosition!: number;
  @ApiProperty({ description: 'events not yet projected' }) lag!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the api instance (WIJKZORG_INSTANCE_ID) holding the lease that applies this projection; null while nobody holds it' }) owner!: string | null;
}
