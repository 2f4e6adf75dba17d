import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** The furthest a page may start: deeper paging is a scan, not a page (filter or sort instead). */
export const MAX_OFFSET = 1_000_000;
export const MAX_LIMIT = 500;

/** Paging, sort direction and read-your-writes for every read-model query. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(MAX_LIMIT, { message: `limit must be at most ${MAX_LIMIT}` })
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0, { message: 'offset must not be negative' })
  @Max(MAX_OFFSET, { message: `offset must be at most ${MAX_OFFSET}` })
  offset?: number;

  @ApiPropertyOptional({ description: 'where the page starts: the `nextCursor` of the previous page (same filters and sort). Unlike `offset` it neither repeats nor skips items when the list changes between pages, and is as fast on the last page as on the first', maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'cursor must be the nextCursor of a previous page' })
  @MaxLength(2000, { message: 'cursor must be the nextCursor of a previous page' })
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'] })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'direction must be asc or desc' })
  direction?: 'asc' | 'desc';

  @ApiPropertyOptional({ description: 'wait (up to 5 s) until the read models include this global position, e.g. the position a command returned' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'minPosition must be a whole number' })
  @Min(0, { message: 'minPosition must not be negative' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'minPosition must be a global position' })
  minPosition?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}
