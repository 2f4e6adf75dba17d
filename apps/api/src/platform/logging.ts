import { randomUUID } from 'node:crypto';
import { Params } from 'nestjs-pino';
import { stdTimeFunctions } from 'pino';
import { WijkzorgConfig } from '@wijkzorg/application';
import { redactCredentials } from '../shared/redact';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The request id: a well-formed X-Request-Id of the caller, else a new one; echoed in the response. */
export function requestIdOf(request: { headers: Record<string, string | string[] | undefined> }, response: { setHeader(name: string, value: string): void }): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Structured JSON logs. A request is logged by method, path without its query string (queries of
 * person-level routes can name persons), status and duration: no headers, no bodies, so no
 * credentials and no personal data; every line is also passed through the credential redactor.
 */
export function loggingParams(config: WijkzorgConfig, silent: boolean): Params {
  return {
    pinoHttp: {
      level: silent ? 'silent' : config.logLevel,
      timestamp: stdTimeFunctions.isoTime,
      genReqId: (request, response) => requestIdOf(request, response),
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, path: request.url.split('?')[0] }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      redact: { paths: ['req.headers', 'res.headers', 'req.query', 'req.body'], remove: true },
      autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/health') || (request.url ?? '').startsWith('/metrics') },
      hooks: {
        streamWrite: (line: string) => redactCredentials(line),
      },
    },
  };
}
