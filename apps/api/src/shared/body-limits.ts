import type { IncomingMessage } from 'node:http';

/** The largest request body accepted (a wooncirkel with 500 homes fits easily); larger ones are 413. */
export const MAX_BODY_BYTES = 256 * 1024;
/** The deepest nesting of arrays and objects a body may have; deeper ones are 400 before any parsing or validation. */
export const MAX_JSON_DEPTH = 32;

/** Raised while reading a body; body-parser passes on its status. */
export class BodyTooDeepError extends Error {
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
  readonly type = 'entity.too.deep';
  constructor() {
    super(`body must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep`);
  }
}

/** Nesting depth of JSON text, counted without parsing (so without recursion): brackets outside strings. */
export function jsonDepthExceeds(text: Buffer, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** body-parser's verify hook: refuse over-deep JSON before it is parsed. */
export function verifyJsonDepth(_request: IncomingMessage, _response: unknown, body: Buffer): void {
  if (jsonDepthExceeds(body)) throw new BodyTooDeepError();
}

/** The answer to a body-parser error (too large, unparseable, too deep, wrong charset), or null for other errors. */
export function bodyProblemOf(error: unknown): { status: number; error: string; message: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || !type.startsWith('entity.') && !type.startsWith('charset.') && !type.startsWith('encoding.')) return null;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  switch (type) {
    case 'entity.too.large':
      return { status: 413, error: 'Payload Too Large', message: `body must be at most ${MAX_BODY_BYTES} bytes` };
    case 'entity.too.deep':
      return { status: 400, error: 'Bad Request', message: `body must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep` };
    case 'entity.parse.failed':
      // body-parser's own message quotes the body, which may hold personal data.
      return { status: 400, error: 'Bad Request', message: 'body is not valid JSON' };
    default:
      return { status, error: status === 415 ? 'Unsupported Media Type' : 'Bad Request', message: 'body cannot be read' };
  }
}
