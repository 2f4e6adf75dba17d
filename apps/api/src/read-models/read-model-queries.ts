import { BadRequestException, GatewayTimeoutException } from '@nestjs/common';
import { Condition, Doc, FindQuery, ProjectionRunner, ReadModelCollection, ReadModelStore } from '@wijkzorg/read-models';
import { Page, PageQueryDto } from './page-query.dto';

/** Drops store bookkeeping (`_position`) from a document before it leaves the service. */
export function publicDoc<T extends Doc>(doc: T): Omit<T, '_position'> {
  const { _position, ...rest } = doc;
  return rest;
}

export async function awaitPosition(runner: ProjectionRunner, minPosition: number | undefined): Promise<void> {
  if (minPosition === undefined) return;
  const head = await runner.events.headPosition();
  if (minPosition > head) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `minPosition ${minPosition} lies beyond the newest event (${head})`, fields: [{ field: 'minPosition', problems: ['beyond the head of the log'] }] });
  if (!(await runner.waitFor(minPosition))) throw new GatewayTimeoutException({ statusCode: 504, error: 'Gateway Timeout', message: `read models did not reach position ${minPosition} within 5 s`, fields: [{ field: 'minPosition', problems: ['not reached yet'] }] });
}

/** Filters whose value was given, as store conditions. */
export function whereOf(filters: Record<string, Condition | undefined>): Record<string, Condition> {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Record<string, Condition>;
}

export async function pageOf<T extends Doc>(store: ReadModelStore, collection: ReadModelCollection<T>, query: PageQueryDto, find: FindQuery): Promise<Page<Omit<T, '_position'>>> {
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  const { items, total } = await collection.find(store, { ...find, limit, offset });
  return { items: items.map(publicDoc), total, limit, offset };
}
