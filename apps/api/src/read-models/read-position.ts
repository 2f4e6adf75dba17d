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
