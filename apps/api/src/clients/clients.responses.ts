import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class EventActorDto {
  @ApiProperty({ example: 'zorgprofessional' }) role!: string;
  @ApiProperty() id!: string;
}

export class EventMetadataDto {
  @ApiProperty({ type: EventActorDto }) actor!: EventActorDto;
  @ApiProperty() correlationId!: string;
  @ApiProperty({ type: String, nullable: true }) causationId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the client-supplied command id (idempotency)' }) commandId!: string | null;
  @ApiPropertyOptional() commandType?: string;
  @ApiPropertyOptional({ description: 'keyed hash of the command body a reused command id must match' }) commandFingerprint?: string;
}

/** One stored event; personal data in data stays sealed unless the purpose allows opening it. */
export class ClientEventDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'client-c-1' }) streamId!: string;
  @ApiProperty({ description: '0-based position within the stream' }) revision!: number;
  @ApiProperty({ description: 'position in the whole log' }) globalPosition!: number;
  @ApiProperty({ example: 'ClientRegistered' }) type!: string;
  @ApiProperty() schemaVersion!: number;
  @ApiProperty({ type: 'object', description: 'the event fields, as in the event catalog', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: EventMetadataDto }) metadata!: EventMetadataDto;
  @ApiPropertyOptional({ description: 'hash chaining this event to the one before it' }) hash?: string;
}

export class ClientEventsDto {
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'revision of the client stream' }) revision!: number;
  @ApiProperty({ type: [ClientEventDto], description: 'oldest first' }) events!: ClientEventDto[];
}
