import { EventStoreDBClient, jsonEvent, NO_STREAM, BACKWARDS, END, START, FORWARDS, StreamNotFoundError, WrongExpectedVersionError, excludeSystemEvents, eventTypeFilter } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, ResolvedEvent, Position } from '@eventstore/db-client';
import { Observable } from 'rxjs';
import { AppendResult, EventMetadata, EventStore, EventToAppend, ExpectedRevision, ReadAllOptions, RecordedEvent, SubscribeOptions, WrongExpectedRevisionError } from '../event-store.port';
import { AnchorWalk, ChainVerification, GENESIS_HASH, VerifyChainOptions, chainHash, foldLogDigest } from '../chain';

interface StoredMetadata extends EventMetadata {
  schemaVersion: number;
  occurredAt: string;
  /** Hex hash chaining the event to the one before it in its stream. */
  chainHash?: string;
}

/** The hashed content: what the server records minus its own creation time, which is unknown before the append. */
const linkOf = (previous: Buffer, streamId: string, revision: number, e: Pick<RecordedEvent, 'eventId' | 'type' | 'schemaVersion' | 'occurredAt' | 'metadata' | 'data'>) =>
  chainHash(previous, streamId, revision, e.eventId, e.type, e.schemaVersion, e.occurredAt, '', JSON.stringify(e.metadata), JSON.stringify(e.data));

const CHAIN_RETRIES = 5;
/** Events read per page while verifying. */
const VERIFY_PAGE = 1000;

/**
 * EventStoreDB / KurrentDB adapter. The global position is the event's prepare position in $all:
 * unique per event and increasing in log order, so "after position P" means prepare > P.
 * Several writers share the server, so the hash chain runs per stream: each append reads the
 * stream's last hash and appends at exactly that revision.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;

  constructor(connectionString: string) {
    this.client = EventStoreDBClient.connectionString(connectionString);
  }

  async append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const [last] = await this.readStreamBackwards(streamId, 1);
      const current = last ? last.revision : -1;
      // 'any' appends at the revision just read, so the chain cannot fork; a race is simply retried.
      const at = expectedRevision === 'any' ? current : expectedRevision;
      let previous: Buffer = last?.hash ? Buffer.from(last.hash, 'hex') : GENESIS_HASH;
      const chained = events.map((e, i) => {
        previous = linkOf(previous, streamId, at + 1 + i, e);
        return jsonEvent({
          id: e.eventId,
          type: e.type,
          data: e.data as Record<string, unknown>,
          metadata: { ...e.metadata, schemaVersion: e.schemaVersion, occurredAt: e.occurredAt, chainHash: previous.toString('hex'), $correlationId: e.metadata.correlationId, $causationId: e.metadata.causationId ?? undefined },
        });
      });
      try {
        const result = await this.client.appendToStream(streamId, chained, { expectedRevision: at < 0 ? NO_STREAM : BigInt(at) });
        return { streamId, nextRevision: Number(result.nextExpectedRevision), lastPosition: Number(result.position?.prepare ?? 0n) };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (expectedRevision === 'any' && attempt < CHAIN_RETRIES) continue;
        const actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : -1;
        throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
      }
    }
  }

  private readStreamBackwards(streamId: string, maxCount: number): Promise<RecordedEvent[]> {
    return collect(this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount }));
  }

  /**
   * Recomputes the per-stream chains, of one stream or of every stream in $all, page by page. For
   * the whole log the chain hashes are folded in $all order into one log digest: the head hash a
   * checkpoint anchors. Memory grows with the number of streams (one head each), not of events.
   * `from` continues the digest at a trusted checkpoint; a stream's chain then resumes from its
   * stored hash before that point.
   */
  async verifyChain(options: VerifyChainOptions = {}): Promise<ChainVerification> {
    const { streamId, from } = options;
    const walk = new AnchorWalk(streamId ? [] : options.anchors, from?.position ?? 0);
    const heads = new Map<string, { hash: Buffer; next: number }>();
    let checked = 0;
    let digest: Buffer = GENESIS_HASH;
    let lastHash: Buffer = GENESIS_HASH;
    let headPosition = 0;
    let eventCount = 0;
    const outcome = (problem: Pick<ChainVerification, 'firstBrokenLink' | 'brokenAnchor'> = {}): ChainVerification => ({
      ok: !problem.firstBrokenLink && !problem.brokenAnchor,
      checked,
      headHash: (streamId ? lastHash : digest).toString('hex'),
      headPosition,
      eventCount,
      anchorsChecked: walk.checked,
      ...problem,
    });
    if (from && !streamId) {
      // The digest itself is not stored: a resumed pass trusts the checkpoint's and checks the event at its position exists.
      const [atCheckpoint] = await this.readAll({ afterPosition: from.position - 1, maxCount: 1 });
      if (!atCheckpoint || atCheckpoint.globalPosition !== from.position) {
        const head = await this.headPosition();
        return outcome({ brokenAnchor: { anchor: from, kind: head < from.position ? 'truncated' : 'rewritten', reason: `the log holds no event at position ${from.position}, where a checkpoint anchored it (head ${head})` } });
      }
      digest = Buffer.from(from.hash, 'hex');
      headPosition = from.position;
      eventCount = from.eventCount;
    }
    const pages = streamId ? this.pagesOfStream(streamId) : this.pagesOfAll(headPosition);
    for await (const page of pages) {
      for (const e of page) {
        let head = heads.get(e.streamId);
        if (!head && from && !streamId && e.revision > 0) {
          const [before] = await this.readStream(e.streamId, { fromRevision: e.revision - 1, maxCount: 1 });
          if (before?.hash) head = { hash: Buffer.from(before.hash, 'hex'), next: e.revision };
        }
        head ??= { hash: GENESIS_HASH, next: 0 };
        const broken = (reason: string) => outcome({ firstBrokenLink: { position: e.globalPosition, streamId: e.streamId, revision: e.revision, reason } });
        if (e.revision !== head.next) return broken(`revision ${head.next} is missing from the stream`);
        const expected = linkOf(head.hash, e.streamId, e.revision, e);
        if (!e.hash || expected.toString('hex') !== e.hash) return broken('hash does not match the content and the previous hash: the event or one before it was altered or removed');
        heads.set(e.streamId, { hash: expected, next: e.revision + 1 });
        lastHash = expected;
        digest = foldLogDigest(digest, expected);
        headPosition = e.globalPosition;
        checked++;
        eventCount++;
        const brokenAnchor = walk.pass(e.globalPosition, digest, eventCount);
        if (brokenAnchor) return outcome({ brokenAnchor });
      }
    }
    const truncated = walk.end(headPosition);
    return outcome(truncated ? { brokenAnchor: truncated } : {});
  }

  private async *pagesOfAll(afterPosition: number): AsyncGenerator<RecordedEvent[]> {
    for (let after = afterPosition; ;) {
      const page = await this.readAll({ afterPosition: after, maxCount: VERIFY_PAGE });
      if (page.length > 0) yield page;
      if (page.length < VERIFY_PAGE) return;
      after = page[page.length - 1].globalPosition;
    }
  }

  private async *pagesOfStream(streamId: string): AsyncGenerator<RecordedEvent[]> {
    for (let fromRevision = 0; ; fromRevision += VERIFY_PAGE) {
      const page = await this.readStream(streamId, { fromRevision, maxCount: VERIFY_PAGE });
      if (page.length > 0) yield page;
      if (page.length < VERIFY_PAGE) return;
    }
  }

  readStream(streamId: string, options: { fromRevision?: number; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    return collect(this.client.readStream(streamId, { fromRevision: options.fromRevision ? BigInt(options.fromRevision) : START, direction: FORWARDS, maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER }));
  }

  async streamRevision(streamId: string): Promise<number> {
    const [last] = await this.readStreamBackwards(streamId, 1);
    return last ? last.revision : -1;
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

/** The events of a stream read; a stream that does not exist reads as empty. */
async function collect(read: AsyncIterable<ResolvedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  try {
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

const position = (p: number): Position => ({ commit: BigInt(p), prepare: BigInt(p) });

function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null {
  const e = resolved.event;
  if (!e || !e.isJson || e.type.startsWith('$') || e.streamId.startsWith('$')) return null;
  const { schemaVersion, occurredAt, actor, correlationId, causationId, commandId, commandType, commandFingerprint, chainHash: hash } = (e.metadata ?? {}) as unknown as StoredMetadata;
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
    metadata: {
      actor,
      correlationId,
      causationId: causationId ?? null,
      commandId: commandId ?? null,
      // Same keys in the same order as written, so the chain hash over the metadata still matches.
      ...(commandType !== undefined ? { commandType } : {}),
      ...(commandFingerprint !== undefined ? { commandFingerprint } : {}),
    },
    hash,
  };
}
