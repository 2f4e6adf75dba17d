import { applyDecorators, Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsObject,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import { WIJK_CODE_PATTERN, isValidBsn } from '@wijkzorg/domain';

/**
 * Field decorators for request bodies: each one validates and documents (OpenAPI) a kind of value,
 * so DTOs read as a list of fields and every rule lives in one place.
 */
interface FieldOptions {
  optional?: boolean;
  description?: string;
  example?: unknown;
}
const doc = (o: FieldOptions, extra: Record<string, unknown> = {}) => (o.optional ? ApiPropertyOptional({ description: o.description, example: o.example, ...extra }) : ApiProperty({ description: o.description, example: o.example, ...extra }));
const presence = (o: FieldOptions) => (o.optional ? [IsOptional()] : []);

export const Text = (o: FieldOptions & { max?: number } = {}) =>
  applyDecorators(...presence(o), IsString(), IsNotEmpty(), MaxLength(o.max ?? 2000), doc(o, { type: String, maxLength: o.max ?? 2000 }));

export const Identifier = (o: FieldOptions = {}) =>
  applyDecorators(...presence(o), IsString(), Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, { message: '$property must be 1-100 letters, digits, or . _ : -' }), doc(o, { type: String, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$' }));

export const WijkCode = (o: FieldOptions = {}) =>
  applyDecorators(...presence(o), IsString(), Matches(WIJK_CODE_PATTERN, { message: '$property must be a CBS wijk code: WK + 4-digit gemeente + 2-digit wijk, e.g. WK036301' }), doc({ example: 'WK036301', ...o }, { type: String, pattern: WIJK_CODE_PATTERN.source }));

export const GemeenteCode = (o: FieldOptions = {}) =>
  applyDecorators(...presence(o), IsString(), Matches(/^GM\d{4}$/, { message: '$property must be a CBS gemeente code like GM0363' }), doc({ example: 'GM0363', ...o }, { type: String }));

export const OneOf = (values: readonly string[], o: FieldOptions = {}) =>
  applyDecorators(...presence(o), IsIn([...values], { message: `$property must be one of: ${values.join(', ')}` }), doc(o, { enum: [...values] }));

export const ListOf = (values: readonly string[], o: FieldOptions & { minSize?: number } = {}) =>
  applyDecorators(...presence(o), IsArray(), ArrayMaxSize(values.length), IsIn([...values], { each: true, message: `each value in $property must be one of: ${values.join(', ')}` }), doc(o, { enum: [...values], isArray: true }));

export const TextList = (o: FieldOptions & { maxItems?: number } = {}) =>
  applyDecorators(...presence(o), IsArray(), ArrayMaxSize(o.maxItems ?? 50), IsString({ each: true }), IsNotEmpty({ each: true }), MaxLength(500, { each: true }), doc(o, { type: [String] }));

export const WholeNumber = (min: number, max: number, o: FieldOptions = {}) =>
  applyDecorators(...presence(o), IsInt({ message: '$property must be a whole number' }), Min(min), Max(max), doc(o, { type: Number, minimum: min, maximum: max }));

/** Money: integer euro cents, never negative. */
export const Cents = (o: FieldOptions = {}) =>
  applyDecorators(...presence(o), IsInt({ message: '$property must be a whole number of euro cents' }), Min(0, { message: '$property must not be negative' }), Max(Number.MAX_SAFE_INTEGER), doc({ description: 'integer euro cents', ...o }, { type: Number, minimum: 0 }));

export const Flag = (o: FieldOptions = {}) => applyDecorators(...presence(o), IsBoolean(), doc(o, { type: Boolean }));

const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** ISO-8601 UTC timestamp (ending in Z) that is a real date. */
export const UtcTime = (o: FieldOptions = {}) =>
  applyDecorators(
    ...presence(o),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isUtcTime',
        target: target.constructor,
        propertyName: propertyName as string,
        validator: {
          validate: (value: unknown) => typeof value === 'string' && UTC_TIME.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().slice(0, 10) === value.slice(0, 10),
          defaultMessage: () => `${String(propertyName)} must be an ISO-8601 UTC time like 2026-03-01T09:00:00Z`,
        },
      }),
    doc({ example: '2026-03-01T09:00:00Z', ...o }, { type: String, format: 'date-time' }),
  );

/** Dutch citizen service number, checked with the elfproef. */
export const Bsn = (o: FieldOptions = {}) =>
  applyDecorators(
    ...presence(o),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isBsn',
        target: target.constructor,
        propertyName: propertyName as string,
        validator: { validate: (value: unknown) => typeof value === 'string' && isValidBsn(value), defaultMessage: () => `${String(propertyName)} must be a 9-digit BSN that passes the elfproef` },
      }),
    doc(o, { type: String, pattern: '^\\d{9}$' }),
  );

export const Nested = (type: () => ClassType, o: FieldOptions & { each?: boolean } = {}) =>
  applyDecorators(
    ...(o.optional ? [IsOptional()] : [IsDefined({ message: '$property is required' })]),
    ...(o.each ? [IsArray(), ArrayMaxSize(500), IsObject({ each: true, message: 'each value in $property must be an object' })] : [IsObject({ message: '$property must be an object' })]),
    ValidateNested({ each: o.each }),
    Type(type),
    doc(o, { type: o.each ? [type()] : type() }),
  );

/** Every command body may carry these two. */
export class CommandDto {
  @Identifier({ optional: true, description: 'Your id for this command: sending the same command again returns the first outcome instead of acting twice; a different command under the same id is refused with 409.' })
  commandId?: string;

  @WholeNumber(-1, Number.MAX_SAFE_INTEGER, { optional: true, description: 'The stream revision you last saw; a stale one is refused with 409 and the current revision.' })
  expectedRevision?: number;
}
