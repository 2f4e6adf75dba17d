import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CheckpointFormatError, HeadCheckpoint, PublishedKey } from '@wijkzorg/event-store';
import { Checkpointing } from './anchor.module';

export class CheckpointPageQueryDto {
  @ApiPropertyOptional({ description: 'checkpoints after this sequence number (0: from the first)', minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'after must be a whole number' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(1000)
  limit?: number;
}

export interface CheckpointPage extends PublishedKey {
  /** How to rebuild the signed bytes: see docs/tamper-evidence.md. */
  statement: string;
  items: HeadCheckpoint[];
  /** The `after` for the next page, when there may be more. */
  next?: number;
}

/** The signed checkpoints with the key that verifies them: what outsiders keep copies of. */
export async function checkpointPage(checkpointing: Checkpointing, query: CheckpointPageQueryDto): Promise<CheckpointPage> {
  const limit = query.limit ?? 1000;
  const items = await checkpointing.store.list({ afterSequence: query.after ?? 0, limit });
  return {
    ...checkpointing.signer.published,
    statement: 'wijkzorg-checkpoint-v1\\n{sequence}\\n{position}\\n{hash}\\n{eventCount}\\n{recordedAt}\\n{previous}\\n{keyId}',
    items,
    ...(items.length === limit ? { next: items[items.length - 1].sequence } : {}),
  };
}

/** A malformed expected head or checkpoint copy is the caller's mistake: 400 naming the field. */
export function badAnchorInput(field: string, error: unknown): never {
  if (!(error instanceof CheckpointFormatError)) throw error;
  throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: error.message, fields: [{ field, problems: [error.message] }] });
}
