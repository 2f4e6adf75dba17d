import type { IncomingMessage } from 'node:http';
import { instanceOf, problemOf, sendProblem } from './problem';

/** The largest request body accepted (a wooncirkel with 500 homes fits easily); larger ones are 413. */
export const MAX_BODY_BYTES = 256 * 1024;
/** The deepest nesting of arrays and objects a body may have; deeper ones are 400 before any parsing or validation. */
export const MAX_JSON_DEPTH = 32;

/** A body refused by our own checks while body-parser reads it; it passes on the status, and the type marks it as ours. */
class BodyRefusedError extends Error {
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
  constructor(
    readonly type: 'entity.too.deep' | 'entity.not.object',
    message: string,
  ) {
    super(message);
  }
}

/** Nesting depth of JSON text, counted without parsing (so without recursion): brackets outside strings. */
export function jsonDepthExceeds(text: Buffer, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

const firstNonBlank = (text: Buffer) => {
  for (const c of text) if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c;
  return undefined;
};

/** body-parser's verify hook: refuse over-deep JSON and top-level arrays before they are parsed. */
export function verifyJsonDepth(_request: IncomingMessage, _response: unknown, body: Buffer): void {
  const first = firstNonBlank(body);
  // Every command body is a JSON object.
  if (first !== undefined && first !== 0x7b) throw new BodyRefusedError('entity.not.object', 'body must be a JSON object');
  if (jsonDepthExceeds(body)) throw new BodyRefusedError('entity.too.deep', `body must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep`);
}

/**
 * The answer to an error raised while reading the body (body-parser: too large, too deep, unparseable,
 * unsupported charset or compression), or null for any other error.
 */
export function bodyProblemOf(error: unknown): { status: number; error: string; message: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  const { type, status, expose } = error as { type?: unknown; status?: unknown; expose?: unknown };
  const fromBodyParser = typeof type === 'string' ? /^(entity|charset|encoding|stream)\./.test(type) : expose === true;
  if (!fromBodyParser || typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (type === 'entity.too.large' || status === 413) return { status: 413, error: 'Payload Too Large', message: `body must be at most ${MAX_BODY_BYTES} bytes` };
  if (error instanceof BodyRefusedError) return { status: 400, error: 'Bad Request', message: error.message };
  // body-parser's own messages quote the body, which may hold personal data: answer in fixed words.
  if (type === 'entity.parse.failed') return { status: 400, error: 'Bad Request', message: 'body is not valid JSON' };
  if (status === 415) return { status, error: 'Unsupported Media Type', message: 'body must be JSON in UTF-8, uncompressed or gzip/deflate/br' };
  return { status: 400, error: 'Bad Request', message: 'body cannot be read (broken compression or an aborted upload)' };
}

/** Express error middleware right after the body parser: body problems answered before anything maps them. */
export function answerBodyProblems(error: unknown, request: { originalUrl?: string; url?: string }, response: Parameters<typeof sendProblem>[0], next: (error: unknown) => void): void {
  const problem = bodyProblemOf(error);
  if (!problem) return next(error);
  sendProblem(response, problemOf({ status: problem.status, detail: problem.message, instance: instanceOf(request), errors: [{ field: 'body', problems: [problem.message] }] }));
}
