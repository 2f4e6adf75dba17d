import { EventStoreDBClient, jsonEvent, ANY, NO_STREAM, BACKWARDS, END, START, FORWARDS, StreamNotFoundError, WrongExpectedVersionError, excludeSystemEvents, eventTypeFilter } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, ResolvedEvent, Position } from '@eventstore/db-client';
import { Observable } from 'rxjs';
import { AppendResult, EventMetadata, EventStore, EventToAppend, ExpectedRevision, ReadAllOptions, RecordedEvent, SubscribeOptions, WrongExpectedRevisionError } from '../event-store.port';

interface StoredMetadata extends EventMetadata {
  schemaVersion: number;
  occurredAt: string;
}

/**
 * EventStoreDB / KurrentDB adapter. The global position is the event's prepare position in $all:
 * unique per event and increasing in log order, so "after position P" means prepare > P.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;

  constructor(connectionString: string) {
    this.client = EventStoreDBClient.connectionString(connectionString);
  }

  async append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const expected = expectedRevision === 'any' ? ANY : expectedRevision < 0 ? NO_STREAM : BigInt(expectedRevision);
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) =>
          jsonEvent({
            id: e.eventId,
            type: e.type,
            data: e.data as Record<string, unknown>,
            metadata: { ...e.metadata, schemaVersion: e.schemaVersion, occurredAt: e.occurredAt, $correlationId: e.metadata.correlationId, $causationId: e.metadata.causationId ?? undefined },
          }),
        ),
        { expectedRevision: expected },
      );
      return { streamId, nextRevision: Number(result.nextExpectedRevision), lastPosition: Number(result.position?.prepare ?? 0n) };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : -1;
        throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
      }
      throw error;
    }
  }

  async readStream(streamId: string, options: { fromRevision?: number; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, { fromRevision: options.fromRevision ? BigInt(options.fromRevision) : START, direction: FORWARDS, maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER });
      for await (const resolved of read) {
        const e = toRecorded(resolved);
        if (e) out.push(e);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  async streamRevision(streamId: string): Promise<number> {
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 })) {
        return Number(resolved.event?.revision ?? -1);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return -1;
      throw error;
    }
    return -1;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.afterPosition ?? 0;
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const out: RecordedEvent[] = [];
    const read = this.client.readAll({ fromPosition: after > 0 ? position(after) : START, direction: FORWARDS, maxCount: max + 1 });
    for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
      const e = toRecorded(resolved);
      if (!e || e.globalPosition <= after) continue;
      out.push(e);
      if (out.length >= max) break;
    }
    return out;
  }

  async headPosition(): Promise<number> {
    for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 50 }) as AsyncIterable<AllStreamResolvedEvent>) {
      const e = toRecorded(resolved);
      if (e) return e.globalPosition;
    }
    return 0;
  }

  subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    const after = options.afterPosition ?? 0;
    return new Observable<RecordedEvent>((subscriber) => {
      const subscription = this.client.subscribeToAll({
        fromPosition: after > 0 ? position(after) : START,
        filter: options.eventTypes ? eventTypeFilter({ prefixes: [...options.eventTypes] }) : excludeSystemEvents(),
      });
      (async () => {
        for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
          const e = toRecorded(resolved);
          if (!e || e.globalPosition <= after) continue;
          if (options.eventTypes && !options.eventTypes.includes(e.type)) continue;
          subscriber.next(e);
        }
      })().catch((error) => subscriber.error(error));
      return () => void subscription.unsubscribe();
    });
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

const position = (p: number): Position => ({ commit: BigInt(p), prepare: BigInt(p) });

function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null {
  const e = resolved.event;
  if (!e || !e.isJson || e.type.startsWith('$') || e.streamId.startsWith('$')) return null;
  const { schemaVersion, occurredAt, actor, correlationId, causationId, commandId } = (e.metadata ?? {}) as unknown as StoredMetadata;
  return {
    eventId: e.id,
    streamId: e.streamId,
    revision: Number(e.revision),
    globalPosition: Number(e.position?.prepare ?? 0n),
    type: e.type,
    schemaVersion: schemaVersion ?? 1,
    data: e.data,
    occurredAt: occurredAt ?? e.created.toISOString(),
    recordedAt: e.created.toISOString(),
    metadata: { actor, correlationId, causationId: causationId ?? null, commandId: commandId ?? null },
  };
}
