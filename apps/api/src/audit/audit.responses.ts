import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const HEX_HASH = { pattern: '^[0-9a-f]{64}$', description: 'SHA-256, hex' };

/** One read of personal data (NEN 7513): who read whose data, when and why. */
export class AccessLogEntryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'zorgprofessional' }) actorRole!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty({ description: 'what was read', example: 'client-state' }) resource!: string;
  @ApiProperty({ description: 'the purpose given with X-Access-Purpose', example: 'zorgverlening' }) purpose!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the query string of the read, client ids replaced by access references' }) query!: string | null;
  @ApiProperty({ description: 'global position of the access event' }) position!: number;
  @ApiProperty({ description: 'the client read about, or [gewist] once its data is erased' }) clientId!: string;
}

/** A signed statement of the log's head. */
export class HeadCheckpointDto {
  @ApiProperty({ description: '1, 2, 3, … in the order taken', minimum: 1 }) sequence!: number;
  @ApiProperty({ description: 'global position of the head anchored' }) position!: number;
  @ApiProperty({ ...HEX_HASH, description: 'log hash at position' }) hash!: string;
  @ApiProperty({ description: 'events in the log up to position' }) eventCount!: number;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ ...HEX_HASH, description: 'digest of the previous checkpoint; 64 zeros for the first' }) previous!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{16}$', description: 'which key signed' }) keyId!: string;
  @ApiProperty({ description: 'Ed25519 signature (base64) over the signed statement' }) signature!: string;
}

/** The key that verifies checkpoint signatures. */
export class PublishedKeyDto {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{16}$' }) keyId!: string;
  @ApiProperty({ description: 'SPKI public key, PEM' }) publicKeyPem!: string;
}

/** Signed checkpoints, oldest first, with the key that verifies them and how to rebuild the signed bytes. */
export class CheckpointPageDto extends PublishedKeyDto {
  @ApiProperty({ description: 'the template of the signed statement, one field a line' }) statement!: string;
  @ApiProperty({ type: [HeadCheckpointDto] }) items!: HeadCheckpointDto[];
  @ApiPropertyOptional({ description: 'the `after` for the next page, when there may be more' }) next?: number;
}

export class ChainAnchorDto {
  @ApiProperty() position!: number;
  @ApiProperty(HEX_HASH) hash!: string;
  @ApiPropertyOptional() eventCount?: number;
}

export class BrokenLinkDto {
  @ApiProperty() position!: number;
  @ApiProperty() streamId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() reason!: string;
}

export class BrokenAnchorDto {
  @ApiProperty({ type: ChainAnchorDto }) anchor!: ChainAnchorDto;
  @ApiProperty({ enum: ['truncated', 'rewritten'] }) kind!: string;
  @ApiProperty() reason!: string;
}

export class VerificationProblemDto {
  @ApiProperty({ enum: ['broken-link', 'truncated', 'rewritten', 'bad-signature', 'broken-checkpoint-sequence'] }) kind!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ description: 'global position concerned' }) position?: number;
  @ApiPropertyOptional({ description: 'sequence number of the checkpoint concerned' }) checkpoint?: number;
  @ApiPropertyOptional({ description: "which checkpoints: 'stored', 'request' or 'expected-head'" }) source?: string;
}

export class CheckpointsVerifiedDto {
  @ApiProperty({ description: 'checkpoints whose signature and sequence hold and that the log passes through' }) verified!: number;
  @ApiProperty({ description: 'the key they were verified with' }) keyId!: string;
  @ApiPropertyOptional({ type: HeadCheckpointDto }) latest?: HeadCheckpointDto;
}

/** The recomputed hash chain: intact or where it first breaks. */
class ChainVerificationDto {
  @ApiProperty({ description: 'true when every link and every anchor holds' }) ok!: boolean;
  @ApiProperty({ description: 'events checked' }) checked!: number;
  @ApiProperty({ ...HEX_HASH, description: 'log hash at the head: publish it to anchor the log' }) headHash!: string;
  @ApiProperty({ description: 'global position of the last event checked (0 when none)' }) headPosition!: number;
  @ApiProperty() eventCount!: number;
  @ApiProperty({ description: 'anchors the log was found to pass through' }) anchorsChecked!: number;
  @ApiPropertyOptional({ type: BrokenLinkDto }) firstBrokenLink?: BrokenLinkDto;
  @ApiPropertyOptional({ type: BrokenAnchorDto }) brokenAnchor?: BrokenAnchorDto;
}

/** GET /audit/verify: one stream's chain, or the whole log anchored in the stored checkpoints (then with checkpoints). */
export class VerificationReportDto extends ChainVerificationDto {
  @ApiPropertyOptional({ type: CheckpointsVerifiedDto, description: 'whole log only' }) checkpoints?: CheckpointsVerifiedDto;
  @ApiPropertyOptional({ type: ChainAnchorDto, description: 'whole log only: the head given' }) expectedHead?: ChainAnchorDto;
  @ApiPropertyOptional({ type: VerificationProblemDto, description: 'whole log only: the first problem found' }) firstProblem?: VerificationProblemDto;
}

/** The whole log verified against checkpoints and an expected head. */
export class AnchoredVerificationDto extends ChainVerificationDto {
  @ApiProperty({ type: CheckpointsVerifiedDto }) checkpoints!: CheckpointsVerifiedDto;
  @ApiPropertyOptional({ type: ChainAnchorDto, description: 'the head given' }) expectedHead?: ChainAnchorDto;
  @ApiPropertyOptional({ type: VerificationProblemDto, description: 'the first problem found' }) firstProblem?: VerificationProblemDto;
}
