import { Type } from '@nestjs/common';
import { ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** A disclosure-controlled figure: the number, "<5" for a small group, or "x" where it would reveal one (secondary suppression). */
export const ProtectedCountSchema: ApiPropertyOptions = {
  oneOf: [{ type: 'number' }, { type: 'string', enum: ['<5', 'x'] }],
  description: 'a number, "<5" (small group) or "x" (suppressed to protect another cell)',
};

/** A protected figure that is null where it has no meaning (a ratio without capacity). */
export const NullableProtectedCountSchema: ApiPropertyOptions = {
  oneOf: [
    { type: 'number', nullable: true },
    { type: 'string', enum: ['<5', 'x'] },
  ],
  description: ProtectedCountSchema.description,
};

/** Counts per care level (or kind), each protected. */
export const ProtectedCountsByKeySchema: ApiPropertyOptions = { type: 'object', additionalProperties: { oneOf: ProtectedCountSchema.oneOf } };

/** A page of a list whose items are documented by a DTO class. */
export const pageSchemaOf = (item: Type<unknown>): SchemaObject => ({
  type: 'object',
  required: ['items', 'total', 'limit', 'offset'],
  properties: {
    items: { type: 'array', items: { $ref: getSchemaPath(item) } },
    total: { type: 'integer', minimum: 0 },
    limit: { type: 'integer', minimum: 1 },
    offset: { type: 'integer', minimum: 0 },
    nextCursor: { type: 'string', description: 'pass as `cursor` for the next page; absent on the last page' },
  },
});
