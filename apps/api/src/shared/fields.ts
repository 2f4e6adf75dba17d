import { applyDecorators, Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsObject, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateNested, registerDecorator } from 'class-validator';
import { GEMEENTE_CODE_PATTERN, MAX_CENTS, MAX_TEXT_LENGTH, STAFF_ID_PATTERN, WIJK_CODE_PATTERN, isValidBsn, isoUtcProblem, textProblem } from '@wijkzorg/domain';

/** Ids in bodies and paths: 1-100 letters, digits, or . _ : - (so stream names stay unambiguous). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

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

/** A validation rule whose message comes from the same function that decides (so the 400 says exactly what is wrong). */
const checkedBy =
  (name: string, problemOf: (value: unknown, field: string) => string | null, each = false) =>
  (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { each },
      validator: {
        validate: (value: unknown) => problemOf(value, String(propertyName)) === null,
        defaultMessage: (args) => problemOf(args?.value, String(propertyName)) ?? `${String(propertyName)} is invalid`,
      },
    });

/**
 * Free text: not blank (whitespace or zero-width characters only), no control characters, at most `max`
 * characters (default 2000). Long notes (max above 300) may span lines; short fields are one line.
 */
export const Text = (o: FieldOptions & { max?: number; multiline?: boolean } = {}) => {
  const max = o.max ?? MAX_TEXT_LENGTH;
  const multiline = o.multiline ?? max > 300;
  return applyDecorators(
    ...presence(o),
    checkedBy('isText', (value, field) => textProblem(value, field, { max, multiline })),
    doc(o, { type: String, minLength: 1, maxLength: max }),
  );
};

export const Identifier = (o: FieldOptions = {}) => applyDecorators(...presence(o), IsString(), Matches(ID_PATTERN, { message: '$property must be 1-100 letters, digits, or . _ : -' }), doc(o, { type: String, pattern: ID_PATTERN.source }));

export const WijkCode = (o: FieldOptions = {}) =>
  applyDecorators(...presence(o), IsString(), Matches(WIJK_CODE_PATTERN, { message: '$property must be a CBS wijk code: WK + 4-digit gemeente code + 2 digits or capitals, e.g. WK047901 or WK0363TA' }), doc({ example: 'WK047901', ...o }, { type: String, pattern: WIJK_CODE_PATTERN.source }));

export const GemeenteCode = (o: FieldOptions = {}) => applyDecorators(...presence(o), IsString(), Matches(GEMEENTE_CODE_PATTERN, { message: '$property must be a CBS gemeente code like GM0363' }), doc({ example: 'GM0363', ...o }, { type: String }));

export const OneOf = (values: readonly string[], o: FieldOptions = {}) => applyDecorators(...presence(o), IsIn([...values], { message: `$property must be one of: ${values.join(', ')}` }), doc(o, { enum: [...values] }));

export const ListOf = (values: readonly string[], o: FieldOptions & { minSize?: number } = {}) =>
  applyDecorators(...presence(o), IsArray(), ArrayMaxSize(values.length), IsIn([...values], { each: true, message: `each value in $property must be one of: ${values.join(', ')}` }), doc(o, { enum: [...values], isArray: true }));

export const TextList = (o: FieldOptions & { maxItems?: number } = {}) =>
  applyDecorators(
    ...presence(o),
    IsArray(),
    ArrayMaxSize(o.maxItems ?? 50),
    checkedBy('isText', (value, field) => textProblem(value, `each value in ${field}`, { max: 500 }), true),
    doc(o, { type: [String] }),
  );

export const WholeNumber = (min: number, max: number, o: FieldOptions = {}) => applyDecorators(...presence(o), IsInt({ message: '$property must be a whole number' }), Min(min), Max(max), doc(o, { type: Number, minimum: min, maximum: max }));

/** Money: integer euro cents, never negative, at most MAX_CENTS (€ 1 bn) per amount. */
export const Cents = (o: FieldOptions = {}) =>
  applyDecorators(
    ...presence(o),
    IsInt({ message: '$property must be a whole number of euro cents' }),
    Min(0, { message: '$property must not be negative' }),
    Max(MAX_CENTS, { message: `$property must be at most ${MAX_CENTS} cents (€ 1 bn)` }),
    doc({ description: 'integer euro cents', ...o }, { type: Number, minimum: 0, maximum: MAX_CENTS }),
  );

export const Flag = (o: FieldOptions = {}) => applyDecorators(...presence(o), IsBoolean(), doc(o, { type: Boolean }));

/** A query string can only say 'true' or 'false': read as the boolean it names (anything else stays, and is refused). */
const booleanOfQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
/** An optional true/false filter in a query string. */
export const QueryFlag = (description: string) => applyDecorators(ApiPropertyOptional({ description }), IsOptional(), Transform(booleanOfQuery), IsBoolean({ message: '$property must be true or false' }));

/** Validation only (for query strings): an ISO-8601 UTC time that exists in the calendar, not before 1900. */
export const IsUtcTime = () => checkedBy('isUtcTime', isoUtcProblem);

/** ISO-8601 UTC timestamp (ending in Z) that is a real date. */
export const UtcTime = (o: FieldOptions = {}) => applyDecorators(...presence(o), IsUtcTime(), doc({ example: '2026-03-01T09:00:00Z', ...o }, { type: String, format: 'date-time' }));

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

/** A staff code (a person of a team): lowercase letters, digits and dashes; published only as a keyed pseudonym. */
export const StaffCode = (o: FieldOptions = {}) =>
  applyDecorators(...presence(o), IsString(), Matches(STAFF_ID_PATTERN, { message: '$property must be a staff code: 2-50 lowercase letters, digits or dashes, e.g. pb-anouk-01' }), doc({ example: 'pb-anouk-01', ...o }, { type: String, pattern: STAFF_ID_PATTERN.source }));
