import { AsyncLocalStorage } from 'node:async_hooks';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ProjectionRunner } from '@wijkzorg/read-models';
import { Observable, tap } from 'rxjs';

/** The response header naming the read-model position an answer was computed at (every event up to it is in it). */
export const READ_POSITION_HEADER = 'X-Wijkzorg-Read-Position';

/** What one request asked of the read models and was answered from. */
interface ReadPositions {
  /** Read-your-writes: the position the request gave as `minPosition` (set by awaitPosition). */
  minPosition?: number;
  /** The lowest position of the memoised answers it was served (undefined: none, it read the store directly). */
  served?: number;
}

const requestReads = new AsyncLocalStorage<ReadPositions>();

/** The `minPosition` of the request being served, if it gave one: a memoised answer older than that is not served to it. */
export function requiredPosition(): number | undefined {
  return requestReads.getStore()?.minPosition;
}

export function requirePosition(position: number): void {
  const reads = requestReads.getStore();
  if (reads) reads.minPosition = Math.max(reads.minPosition ?? 0, position);
}

/**
 * Runs a memoised computation as a reader of its own that requires `position`: a memoised answer it reads in turn
 * (e.g. the area snapshot inside the network figures) is then never older than the answer it becomes part of.
 */
export function readingAtLeast<T>(position: number, compute: () => Promise<T>): Promise<T> {
  return requestReads.run({ minPosition: position }, compute);
}

/** Records that the request is answered from an answer computed at this position. */
export function servedFrom(position: number): void {
  const reads = requestReads.getStore();
  if (reads) reads.served = Math.min(reads.served ?? position, position);
}

/**
 * Every GET answers with the read-model position it was computed at: the oldest memoised answer it was served, or,
 * reading the store directly, what the runner had applied when the request came in (or its minPosition, once reached).
 */
@Injectable()
export class ReadPositionInterceptor implements NestInterceptor {
  constructor(private readonly runner: ProjectionRunner) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<{ method?: string }>();
    if (request.method !== 'GET') return next.handle();
    const reads: ReadPositions = {};
    const applied = Math.min(...this.runner.projections.map((p) => this.runner.positionOf(p.name)));
    const response = context.switchToHttp().getResponse<{ headersSent: boolean; setHeader(name: string, value: string): void }>();
    // The handler runs in the context bound here (Nest binds it when handle() is called).
    return requestReads
      .run(reads, () => next.handle())
      .pipe(
        tap(() => {
          if (!response.headersSent) response.setHeader(READ_POSITION_HEADER, String(reads.served ?? Math.max(applied, reads.minPosition ?? 0)));
        }),
      );
  }
}

/** How memoised figures are served, as the OpenAPI description of the routes that serve them says it. */
export const SERVING_POLICY =
  'Served from memoised figures (docs/performance.md, "Queries"). Without minPosition the answer is the latest computed one, eventually consistent like every read model: a recomputation at the new read-model positions runs in the background after a write, and the figures catch up within about one computation time. With minPosition (read-your-writes) the answer holds every event up to that position; the request waits for such figures (504 after 5 s). The first ask of a question waits for its first answer. ' +
  `The ${READ_POSITION_HEADER} response header gives the read-model position the answer was computed at.`;

/** The metadata keys of @nestjs/swagger's ApiOperation and ApiResponse (its constants are not exported). */
const DECORATORS = { API_OPERATION: 'swagger/apiOperation', API_RESPONSE: 'swagger/apiResponse' };

/** Adds the serving policy to a route's OpenAPI operation and the read-position header to its 200 answer (put it above @ApiRead). */
export const ApiMemoisedFigures = (): MethodDecorator => (_target, _key, descriptor) => {
  const operation = descriptor.value as object;
  const documented = (Reflect.getMetadata(DECORATORS.API_OPERATION, operation) ?? {}) as { description?: string };
  Reflect.defineMetadata(DECORATORS.API_OPERATION, { ...documented, description: [documented.description, SERVING_POLICY].filter(Boolean).join('\n\n') }, operation);
  const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, operation) ?? {}) as Record<string, { headers?: Record<string, unknown> }>;
  if (responses[200]) responses[200] = { ...responses[200], headers: { ...responses[200].headers, [READ_POSITION_HEADER]: { description: 'the read-model position the answer was computed at: it holds every event up to this global position', schema: { type: 'integer' } } } };
  Reflect.defineMetadata(DECORATORS.API_RESPONSE, responses, operation);
  return descriptor;
};
