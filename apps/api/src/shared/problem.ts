import { STATUS_CODES } from 'node:http';

/** Where the problem types live; `type` is this base plus the problem's code, stable across releases. */
export const PROBLEM_TYPE_BASE = 'https://wijkzorg.nl/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One field (body property, query or path parameter, header) and what is wrong with it. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/** An RFC 9457 problem details object, with the fields named in `errors` and the domain `code`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors: FieldProblem[];
  [extension: string]: unknown;
}

/** The generic code of a status without a domain code: 400 → bad_request, 413 → payload_too_large. */
export const statusCodeName = (status: number) =>
  (STATUS_CODES[status] ?? 'error')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** A domain code (snake_case) as a title: transfer_first → Transfer first. */
const titleOfCode = (code: string) => code.charAt(0).toUpperCase() + code.slice(1).replace(/_/g, ' ');

/** Domain codes are snake_case; Nest's default `error` values ("Bad Request") are status phrases, not codes. */
export const isDomainCode = (value: unknown): value is string => typeof value === 'string' && /^[a-z][a-z0-9_]*$/.test(value);

export function problemOf(input: { status: number; detail: string; instance: string; code?: string; errors?: FieldProblem[]; extensions?: Record<string, unknown> }): ProblemDetails {
  const code = input.code ?? statusCodeName(input.status);
  const title = input.code ? titleOfCode(input.code) : (STATUS_CODES[input.status] ?? 'Error');
  return { ...(input.extensions ?? {}), type: PROBLEM_TYPE_BASE + code, title, status: input.status, detail: input.detail, instance: input.instance, code, errors: input.errors ?? [] };
}

/** The request path without the query string (which may carry credentials such as access_token). */
export const instanceOf = (request: { originalUrl?: string; url?: string } | undefined) => (request?.originalUrl ?? request?.url ?? '').split('?')[0];

/** Writes the problem with its media type (express: status, header, body). */
export function sendProblem(response: { status(code: number): unknown; setHeader(name: string, value: string): unknown; end(body: string): unknown }, problem: ProblemDetails): void {
  response.status(problem.status);
  response.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  response.end(JSON.stringify(problem));
}
