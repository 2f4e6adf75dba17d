import { ApiProperty } from '@nestjs/swagger';

/** How deliveries to a webhook are going; failure reasons are coarse (refused_by_policy, unreachable, timeout, http_<status>). */
export class WebhookDeliveryDto {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastDeliveredAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastFailureAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'timeout' }) lastFailureReason!: string | null;
  @ApiProperty() consecutiveFailures!: number;
  @ApiProperty({ description: 'events given up on (see dead-letters)' }) deadLetters!: number;
  @ApiProperty({ description: 'waiting before the next attempt after a failure' }) backingOff!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
}

/** A registered webhook as its owner sees it (never the secret). */
export class WebhookDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the integrator that registered it' }) owner!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ type: [String], description: 'domain event types delivered' }) eventTypes!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'global position of the last event delivered or dead-lettered' }) cursor!: number;
  @ApiProperty({ type: WebhookDeliveryDto }) delivery!: WebhookDeliveryDto;
}

/** A pseudonymised CloudEvent (1.0), as the stream and webhooks publish it. */
export class IntegrationEventDto {
  @ApiProperty({ enum: ['1.0'] }) specversion!: string;
  @ApiProperty() id!: string;
  @ApiProperty() source!: string;
  @ApiProperty({ example: 'nl.wijkzorg.budget.BudgetReleased.v1' }) type!: string;
  @ApiProperty({ description: 'pseudonymous subject' }) subject!: string;
  @ApiProperty({ format: 'date-time' }) time!: string;
  @ApiProperty({ enum: ['application/json'] }) datacontenttype!: string;
  @ApiProperty() dataschema!: string;
  @ApiProperty({ description: 'global log position (resume after it)' }) position!: number;
  @ApiProperty({ example: 'budget' }) category!: string;
  @ApiProperty({ format: 'date-time' }) recordedat!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'coded and aggregate-safe fields, person ids as pseudonyms (see the AsyncAPI document)' }) data!: Record<string, unknown>;
}

/** An event a webhook could not deliver, kept for redelivery. */
export class DeadLetterDto {
  @ApiProperty() webhookId!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() position!: number;
  @ApiProperty() attempts!: number;
  @ApiProperty({ description: 'coarse reason of the last failure', example: 'http_500' }) lastError!: string;
  @ApiProperty({ format: 'date-time' }) failedAt!: string;
  @ApiProperty({ type: IntegrationEventDto }) event!: IntegrationEventDto;
}
