import { BadRequestException, GatewayTimeoutException, ServiceUnavailableException } from '@nestjs/common';
import { Condition, Doc, FindQuery, KeysetCursor, ProjectionRunner, ReadModelCollection, ReadModelStore, Scalar } from '@wijkzorg/read-models';
import { Page, PageQueryDto } from './page-query.dto';
import { requirePosition } from './read-position';

/** Drops store bookkeeping (`_position`) from a document before it leaves the service. */
export function publicDoc<T extends Doc>(doc: T): Omit<T, '_position'> {
  const { _position, ...rest } = doc;
  return rest;
}

/**
 * With minPosition: waits until the read models reflect it (504 after 5 s). Without: until the api's first catch-up after
 * start has reached the head (at most WIJKZORG_CATCH_UP_WAIT_SECONDS), then 503 with Retry-After and its progress, so no
 * answer from a model still catching up (nor a memoised answer computed then) is presented as complete. During that first catch-up a position may lie far
 * ahead of the models: a read with minPosition waits as long, and is answered 503 the same way. A minPosition also
 * keeps memoised answers older than it from this request (read-your-writes).
 */
export async function awaitPosition(runner: ProjectionRunner, minPosition: number | undefined): Promise<void> {
  if (minPosition === undefined) {
    if (!(await runner.whenCaughtUp())) throw catchingUp(runner);
    // Memoised answers computed while the models were still catching up are not complete: never served as such.
    requirePosition(runner.caughtUpAt ?? 0);
    return;
  }
  requirePosition(minPosition);
  const head = await runner.events.headPosition();
  if (minPosition > head) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `minPosition ${minPosition} lies beyond the newest event (${head})`, fields: [{ field: 'minPosition', problems: ['beyond the head of the log'] }] });
  if (!runner.caughtUp) {
    if (await runner.waitFor(minPosition, runner.firstCatchUpWaitMs)) return;
    if (!runner.caughtUp) throw catchingUp(runner);
  }
  if (!(await runner.waitFor(minPosition))) throw new GatewayTimeoutException({ statusCode: 504, error: 'Gateway Timeout', message: `read models did not reach position ${minPosition} within 5 s`, fields: [{ field: 'minPosition', problems: ['not reached yet'] }] });
}

function catchingUp(runner: ProjectionRunner): ServiceUnavailableException {
  const { position, headPosition } = runner.catchUpProgress();
  const percent = headPosition ? Math.floor((100 * position) / headPosition) : 100;
  return new ServiceUnavailableException({
    statusCode: 503,
    error: 'Service Unavailable',
    message: `the read models are catching up with the log after start (${percent}%: position ${position} of ${headPosition}); ask again shortly, or with minPosition for an answer as of that position`,
    catchingUp: { position, headPosition, percent },
    retryAfterSeconds: CATCH_UP_RETRY_AFTER_SECONDS,
  });
}

/** What a 503 during the first catch-up asks the client to wait before it asks again. */
const CATCH_UP_RETRY_AFTER_SECONDS = 5;

/** Filters whose value was given, as store conditions. */
export function whereOf(filters: Record<string, Condition | undefined>): Record<string, Condition> {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Record<string, Condition>;
}

export async function pageOf<T extends Doc>(store: ReadModelStore, collection: ReadModelCollection<T>, query: PageQueryDto, find: FindQuery): Promise<Page<Omit<T, '_position'>>> {
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  if (query.cursor !== undefined && offset !== 0) throw cursorProblem('use either cursor or offset, not both');
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, find);
  const { items, total, nextCursor } = await collection.find(store, { ...find, limit, offset, ...(after ? { after } : {}) });
  return { items: items.map(publicDoc), total, limit, offset, ...(nextCursor ? { nextCursor: encodeCursor(nextCursor, find) } : {}) };
}

/** For lists computed in memory (disclosure-controlled figures): they page by offset only. */
export function refuseCursor(query: PageQueryDto): void {
  if (query.cursor !== undefined) throw cursorProblem('this list pages by offset only');
}

const cursorProblem = (problem: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `cursor: ${problem}`, fields: [{ field: 'cursor', problems: [problem] }] });

/** The sort a cursor was made for: a cursor of another sort order would start the page in the wrong place. */
const sortOf = (find: FindQuery) => (find.sort ?? []).map((s) => `${s.field}:${s.direction}`).join(',');

/** Opaque to clients: base64url of the sort, the last item's sort values and its id. */
export function encodeCursor(cursor: KeysetCursor, find: FindQuery): string {
  return Buffer.from(JSON.stringify({ s: sortOf(find), v: cursor.values, i: cursor.id })).toString('base64url');
}

export function decodeCursor(cursor: string, find: FindQuery): KeysetCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw cursorProblem('not a cursor this api gave out');
  }
  const { s, v, i } = (decoded ?? {}) as { s?: unknown; v?: unknown; i?: unknown };
  const scalar = (x: unknown): x is Scalar => x === null || ['string', 'number', 'boolean'].includes(typeof x);
  if (typeof s !== 'string' || typeof i !== 'string' || !Array.isArray(v) || !v.every(scalar)) throw cursorProblem('not a cursor this api gave out');
  if (s !== sortOf(find) || v.length !== (find.sort ?? []).length) throw cursorProblem('made for another sort order (sort and direction must stay as on the first page)');
  return { values: v, id: i };
}
