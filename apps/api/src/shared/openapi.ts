import { applyDecorators, INestApplication, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from './problem';

export class FieldProblemDto {
  @ApiProperty({ description: 'the body property (dotted, with [i] for list items), query or path parameter, or header', example: 'amountCents' })
  field!: string;
  @ApiProperty({ type: [String], example: ['amountCents must be a whole number of euro cents'] })
  problems!: string[];
}

/** RFC 9457 problem details, as every error answer carries them. */
export class ProblemDto {
  @ApiProperty({ description: `a stable URI per kind of problem: ${PROBLEM_TYPE_BASE}<code>`, example: `${PROBLEM_TYPE_BASE}exceeds_allocation` })
  type!: string;
  @ApiProperty({ description: 'short, the same for every problem of this type', example: 'Exceeds allocation' })
  title!: string;
  @ApiProperty({ description: 'the HTTP status', example: 422 })
  status!: number;
  @ApiProperty({ description: 'what went wrong this time, without personal data', example: 'amountCents exceeds the allocation for this line' })
  detail!: string;
  @ApiProperty({ description: 'the request path', example: '/v1/clients/c-1/budget/releases' })
  instance!: string;
  @ApiProperty({ description: 'the domain code (snake_case), or the status name (bad_request, not_found …) where no rule is involved', example: 'exceeds_allocation' })
  code!: string;
  @ApiProperty({ type: [FieldProblemDto], description: 'each field at fault, with its problems; empty when the request as a whole is refused' })
  errors!: FieldProblemDto[];
  @ApiPropertyOptional({ description: 'on 409 wrong_expected_revision: the revision the stream is at now' })
  currentRevision?: number;
}

class RecordedEventDto {
  @ApiProperty({ example: 'BudgetReleased' })
  type!: string;
  @ApiProperty({ example: 4 })
  revision!: number;
}

/** What every command answers: where its events went. */
export class CommandOutcomeDto {
  @ApiProperty({ example: 'client-c-1' })
  streamId!: string;
  @ApiProperty({ description: 'revision of the stream after the command; send it as expectedRevision next time', example: 4 })
  revision!: number;
  @ApiProperty({ description: 'global position of the last event written; read models answer for it with ?minPosition=', example: 1234 })
  position!: number;
  @ApiProperty({ type: [RecordedEventDto] })
  events!: RecordedEventDto[];
  @ApiProperty({ description: 'true when this commandId had been handled before and nothing new was written' })
  replayed!: boolean;
}

const PROBLEM_MEANING: Record<number, string> = {
  400: 'malformed request: each field at fault is named in errors',
  401: 'no or invalid credentials',
  403: 'the role or scope of the credential does not allow this',
  404: 'unknown, or outside your scope',
  409: 'conflict: stale expectedRevision (with currentRevision) or a reused commandId',
  413: 'body too large',
  422: 'refused by a business rule: the domain code says which',
  429: 'too many requests for this credential',
  504: 'read models did not reach minPosition in time',
};

/** Documents error answers as problem+json. */
export const ApiProblems = (...statuses: number[]) => applyDecorators(ApiExtraModels(ProblemDto), ...statuses.map((status) => ApiResponse({ status, description: PROBLEM_MEANING[status] ?? STATUS_CODES[status], content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } } })));

const AUTHENTICATED = [401, 403, 429];

/** A command: its body is validated (400, 413), rules may refuse it (422), revisions and command ids may conflict (409). */
export const ApiCommand = (summary: string, options: { status?: 200 | 201; description?: string } = {}) =>
  applyDecorators(ApiOperation({ summary, description: options.description }), ApiExtraModels(CommandOutcomeDto), ApiResponse({ status: options.status ?? 201, description: 'the command was recorded (or replayed)', type: CommandOutcomeDto }), ApiProblems(400, ...AUTHENTICATED, 404, 409, 413, 422));

/** The JSON schema of an answer documented by a DTO class (or a list of them). */
const schemaOfType = (type: Type<unknown> | [Type<unknown>]): SchemaObject | ReferenceObject => (Array.isArray(type) ? { type: 'array', items: { $ref: getSchemaPath(type[0]) } } : { $ref: getSchemaPath(type) });

/**
 * Any other operation: its answer's schema (a DTO class or a schema object) and the problems it can answer with.
 * `alsoAs` documents other representations of the same answer (e.g. text/csv for ?format=csv) beside the JSON one.
 */
export const ApiOperationOf = (summary: string, answer: { status?: number; type?: Type<unknown> | [Type<unknown>]; schema?: SchemaObject; description?: string; contentType?: string; alsoAs?: Record<string, SchemaObject> }, problems: number[]) =>
  applyDecorators(
    ApiOperation({ summary }),
    ...(answer.type ? [ApiExtraModels(...(Array.isArray(answer.type) ? answer.type : [answer.type]))] : []),
    ApiResponse({
      status: answer.status ?? 200,
      description: answer.description ?? 'the answer',
      ...(answer.contentType
        ? { content: { [answer.contentType]: { schema: answer.schema ?? { type: 'string' } } } }
        : answer.alsoAs
          ? { content: { 'application/json': { schema: answer.type ? schemaOfType(answer.type) : (answer.schema ?? { type: 'object' }) }, ...Object.fromEntries(Object.entries(answer.alsoAs).map(([type, schema]) => [type, { schema }])) } }
          : answer.type
            ? { type: answer.type }
            : { schema: answer.schema ?? { type: 'object' } }),
    }),
    ApiProblems(...problems),
  );

/** A person-level or aggregate read behind a credential: bad query (400), credentials and rate (401/403/429). */
export const ApiRead = (summary: string, answer: Parameters<typeof ApiOperationOf>[1] = {}, extraProblems: number[] = []) => ApiOperationOf(summary, answer, [400, ...AUTHENTICATED, ...extraProblems]);

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * `<capability>_<method>`, e.g. budget_release: stable while the controller and handler keep their names,
 * which is what generated clients key on.
 */
export const operationIdOf = (controllerKey: string, methodKey: string) => `${lowerFirst(controllerKey.replace(/Controller$/, ''))}_${methodKey}`;

/** The OpenAPI document of the running application: stable operation ids and the problem schema. */
export function createOpenApiDocument(app: INestApplication, config: Omit<OpenAPIObject, 'paths'>): OpenAPIObject {
  return SwaggerModule.createDocument(app, config, { operationIdFactory: operationIdOf, extraModels: [ProblemDto, CommandOutcomeDto] });
}

export const HEALTH_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', example: 'ok' },
    eventStore: { type: 'object', properties: { status: { type: 'string' }, headPosition: { type: 'integer' } } },
    readModels: { type: 'object', description: 'catchingUp: the first catch-up after start has not reached the head yet (reads without minPosition wait, then 503)', properties: { catchingUp: { type: 'boolean' }, position: { type: 'integer' }, headPosition: { type: 'integer' } } },
  },
};

/** One terminus health indicator: up or down, with what it measured. */
const INDICATOR_SCHEMA: SchemaObject = { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['up', 'down'] } }, additionalProperties: true };

/** A terminus health-check result: overall status and one entry per indicator. */
export const TERMINUS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: { type: 'object', description: 'the indicators that are up', additionalProperties: INDICATOR_SCHEMA },
    error: { type: 'object', description: 'the indicators that are down', additionalProperties: INDICATOR_SCHEMA },
    details: { type: 'object', description: 'every indicator', additionalProperties: INDICATOR_SCHEMA },
  },
};

export const STREAM_TICKET_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['ticket', 'expiresAt', 'validForSeconds'],
  properties: { ticket: { type: 'string', description: 'wzt_…, single use' }, expiresAt: { type: 'string', format: 'date-time' }, validForSeconds: { type: 'integer' }, use: { type: 'string' } },
};

export const WEBHOOK_REGISTERED_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'url', 'eventTypes', 'secret'],
  properties: { id: { type: 'string' }, url: { type: 'string', format: 'uri' }, eventTypes: { type: 'array', items: { type: 'string' } }, secret: { type: 'string', description: 'signs every delivery (HMAC); shown once' } },
};
