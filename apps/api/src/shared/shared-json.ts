import { gzip } from 'node:zlib';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';

/** A shared answer's representations, made once and kept for as long as the answer itself lives. */
interface Serialised {
  json: Buffer;
  etag?: string;
  /** How often it was sent: it is compressed when asked a second time (an answer read once is not worth it). */
  sent: number;
  /** The JSON gzipped, once compressed (off the event loop, in libuv's thread pool); until then readers get plain JSON. */
  gzipped?: Buffer;
}

/** Answers marked shared: every reader of the same figures is handed this very object, which nobody changes afterwards. */
const shared = new WeakSet<object>();
const serialised = new WeakMap<object, Serialised>();
/** Below this, compressing saves too little to be worth a second representation. */
const GZIP_FROM_BYTES = 1024;

/**
 * Marks an answer that many readers are served as the same object (memoised figures) and that is never changed once
 * answered: its JSON is then serialised, encoded and tagged once instead of per request, and compressed once when it
 * is asked a second time. A table of outcome measures is up to 250 KB of JSON; serialising it and writing it to the
 * socket for every reader was a third of the api's CPU under a dashboard load.
 */
export function answeredAsShared<T extends object>(answer: T): T {
  shared.add(answer);
  return answer;
}

/**
 * Teaches this app's responses to send a shared answer's kept bytes: the same JSON, Content-Type and ETag as Express's
 * own res.json (this app sets no JSON replacer, spaces or escaping; it checks that it does not), gzipped for readers
 * that accept it (Vary: Accept-Encoding). The ETag is weak, as Express makes it, so it names both encodings; a 304
 * names none.
 */
export function serialiseSharedAnswersOnce(app: NestExpressApplication): void {
  const express = app.getHttpAdapter().getInstance() as { response: Response; get(setting: string): unknown };
  for (const setting of ['json replacer', 'json spaces', 'json escape']) if (express.get(setting)) throw new Error(`shared answers are serialised with plain JSON.stringify, but '${setting}' is set`);
  const json = express.response.json;
  express.response.json = function (this: Response, body?: unknown) {
    if (typeof body !== 'object' || body === null || !shared.has(body)) return json.call(this, body);
    const known = serialised.get(body) ?? serialise(body, this);
    if (!this.get('Content-Type')) this.set('Content-Type', 'application/json');
    if (known.etag && !this.get('ETag')) this.set('ETag', known.etag);
    if (known.json.length < GZIP_FROM_BYTES) return this.send(known.json);
    this.vary('Accept-Encoding');
    if (++known.sent === 2) gzip(known.json, (error, gzipped) => error || (known.gzipped = gzipped));
    // A 304 (the reader holds this ETag) carries no body, so it names no encoding either.
    if (known.gzipped && acceptsGzip(this.req) && !this.req.fresh) {
      this.set('Content-Encoding', 'gzip');
      return this.send(known.gzipped);
    }
    return this.send(known.json);
  };
}

function serialise(body: object, response: Response): Serialised {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const etagOf = response.app.get('etag fn') as ((body: Buffer) => string) | undefined;
  const known: Serialised = { json: bytes, etag: etagOf?.(bytes), sent: 0 };
  serialised.set(body, known);
  return known;
}

/** gzip is acceptable unless the request's Accept-Encoding leaves it out or gives it q=0. */
function acceptsGzip(request: Request): boolean {
  const accepted = request.headers['accept-encoding'];
  return typeof accepted === 'string' && accepted.includes('gzip') && request.acceptsEncodings('gzip', 'identity') === 'gzip';
}
