import type * as KurrentClient from '@kurrent/kurrentdb-client';
import type { AllStreamResolvedEvent, KurrentDBClient, ResolvedEvent, Filter } from '@kurrent/kurrentdb-client';
import { Observable } from 'rxjs';
import { loadedOnFirstUse } from '../loaded-on-first-use';
import { AppendResult, EventMetadata, EventStore, EventToAppend, ExpectedRevision, ReadAllOptions, RecordedEvent, SubscribeOptions, WrongExpectedRevisionError } from '../event-store.port';
import { AnchorWalk, ChainVerification, GENESIS_HASH, VerifyChainOptions, foldLogDigest } from '../chain';
import { ReadRecord, readKeptPage, resubscribing } from './feed';
import { PerStreamChainWalk, streamLink } from './per-stream-chain';
import { fromLogPosition, kurrentConnectionString, toLogPosition } from './mapping';

export { KURRENTDB_URL_SCHEMES, kurrentConnectionString } from './mapping';

interface StoredMetadata extends EventMetadata {
  schemaVersion: number;
  occurredAt: string;
  /** Hex hash chaining the event to the one before it in its stream. */
  chainHash?: string;
}

/** The client library (with gRPC), loaded when a KurrentDB store is first made. */
const kurrentDriver = loadedOnFirstUse<typeof KurrentClient>('@kurrent/kurrentdb-client');

const CHAIN_RETRIES = 5;
/** Events read per page while verifying. */
const VERIFY_PAGE = 1000;

/** Server-side: leave out system events ($-types, which covers link events `$>` and stream metadata). */
const USER_EVENTS = () => kurrentDriver().excludeSystemEvents();
/** Server-side, for a subscription to some types: those types' names as prefixes (exact matching follows here). */
const TYPES_FILTER = (types: readonly string[]): Filter => kurrentDriver().eventTypeFilter({ prefixes: [...types] });

/**
 * KurrentDB (and EventStoreDB) adapter on @kurrent/kurrentdb-client. The global position is the
 * event's log position in $all. Several writers share the server, so the hash chain runs per
 * stream: each append reads the stream's last hash and appends at exactly that revision. Reads of
 * $all are filtered on the server and paged by what was read (not kept), so a page is empty only at
 * the head; the head is the newest user event; subscriptions resubscribe after a drop.
 */
export class KurrentEventStore implements EventStore {
  private readonly client: KurrentDBClient;

  constructor(
    connectionString: string,
    private readonly onSubscriptionDrop: (error: unknown, attempt: number, delayMs: number) => void = () => undefined,
  ) {
    this.client = kurrentDriver().KurrentDBClient.connectionString(kurrentConnectionString(connectionString));
  }

  async append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const [last] = await this.readStreamBackwards(streamId, 1);
      const current = last ? last.revision : -1;
      // 'any' appends at the revision just read, so the chain cannot fork; a race is simply retried.
      const at = expectedRevision === 'any' ? current : expectedRevision;
      let previous: Buffer = last?.hash ? Buffer.from(last.hash, 'hex') : GENESIS_HASH;
      const chained = events.map((e, i) => {
        previous = streamLink(previous, streamId, at + 1 + i, e);
        return kurrentDriver().jsonEvent({
          id: e.eventId,
          type: e.type,
          data: e.data as Record<string, unknown>,
          metadata: { ...e.metadata, schemaVersion: e.schemaVersion, occurredAt: e.occurredAt, chainHash: previous.toString('hex'), $correlationId: e.metadata.correlationId, $causationId: e.metadata.causationId ?? undefined },
        });
      });
      try {
        const result = await this.client.appendToStream(streamId, chained, { streamState: at < 0 ? kurrentDriver().NO_STREAM : BigInt(at) });
        return { streamId, nextRevision: Number(result.nextExpectedRevision), lastPosition: fromLogPosition(result.position) };
      } catch (error) {
        if (!(error instanceof kurrentDriver().WrongExpectedVersionError)) throw error;
        if (expectedRevision === 'any' && attempt < CHAIN_RETRIES) continue;
        const actual = typeof error.actualState === 'bigint' ? Number(error.actualState) : -1;
        throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
      }
    }
  }

  private readStreamBackwards(streamId: string, maxCount: number): Promise<RecordedEvent[]> {
    return collect(this.client.readStream(streamId, { fromRevision: kurrentDriver().END, direction: kurrentDriver().BACKWARDS, maxCount }));
  }

  /**
   * Recomputes the per-stream chains, of one stream or of every stream in $all, page by page in
   * bounded memory (see PerStreamChainWalk). For the whole log the chain hashes are folded in $all
   * order into one log digest: the head hash a checkpoint anchors. `from` continues the digest at a
   * trusted checkpoint; a stream's chain then resumes from its stored hash before that point.
   */
  async verifyChain(options: VerifyChainOptions = {}): Promise<ChainVerification> {
    const { streamId, from } = options;
    const walk = new AnchorWalk(streamId ? [] : options.anchors, from?.position ?? 0);
    const links = new PerStreamChainWalk(async (id, revision) => (await this.readStream(id, { fromRevision: revision, maxCount: 1 }))[0]);
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
      // Read at exactly that position (reads are inclusive): a position between records is refused by the server, which says the same.
      const [atCheckpoint] = await this.readAllRecords(from.position, 1, 'forwards').catch(() => []);
      if (!atCheckpoint?.kept || atCheckpoint.position !== from.position) {
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
        const link = await links.check(e);
        if ('reason' in link) return outcome({ firstBrokenLink: { position: e.globalPosition, streamId: e.streamId, revision: e.revision, reason: link.reason } });
        lastHash = link.hash;
        digest = foldLogDigest(digest, link.hash);
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
    return collect(this.client.readStream(streamId, { fromRevision: options.fromRevision ? BigInt(options.fromRevision) : kurrentDriver().START, direction: kurrentDriver().FORWARDS, maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER }));
  }

  async streamRevision(streamId: string): Promise<number> {
    const [last] = await this.readStreamBackwards(streamId, 1);
    return last ? last.revision : -1;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.afterPosition ?? 0;
    return readKeptPage((from, count) => this.readAllRecords(from, count, 'forwards'), after > 0 ? after : undefined, options.maxCount ?? Number.MAX_SAFE_INTEGER);
  }

  /** The newest user event's position: read backwards from the end with the same server-side filter. */
  async headPosition(): Promise<number> {
    const [newest] = await readKeptPage((from, count) => this.readAllRecords(from, count, 'backwards'), undefined, 1, 'backwards');
    return newest?.globalPosition ?? 0;
  }

  /** One read of $all, filtered on the server. A filtered read goes on past records it leaves out until it has `count` or reaches the end, so a short answer means the end. */
  private async readAllRecords(from: number | undefined, count: number, direction: 'forwards' | 'backwards'): Promise<ReadRecord<RecordedEvent>[]> {
    const records: ReadRecord<RecordedEvent>[] = [];
    const read = this.client.readAll({
      fromPosition: from === undefined ? (direction === 'forwards' ? kurrentDriver().START : kurrentDriver().END) : toLogPosition(from),
      direction: direction === 'forwards' ? kurrentDriver().FORWARDS : kurrentDriver().BACKWARDS,
      maxCount: count,
      filter: USER_EVENTS(),
    });
    for await (const resolved of read) records.push(toRecord(resolved));
    return records;
  }

  subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    const types = options.eventTypes ? new Set(options.eventTypes) : null;
    return resubscribing<RecordedEvent>(
      (after) => {
        const subscription = this.client.subscribeToAll({ fromPosition: after > 0 ? toLogPosition(after) : kurrentDriver().START, filter: options.eventTypes ? TYPES_FILTER(options.eventTypes) : USER_EVENTS() });
        return {
          records: (async function* () {
            for await (const resolved of subscription) {
              const record = toRecord(resolved);
              yield record.kept && types && !types.has(record.kept.type) ? { position: record.position, kept: null } : record;
            }
          })(),
          close: () => subscription.unsubscribe(),
        };
      },
      options.afterPosition ?? 0,
      { onDrop: this.onSubscriptionDrop, isFatal: (error) => error instanceof kurrentDriver().AccessDeniedError },
    );
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
    if (error instanceof kurrentDriver().StreamNotFoundError) return [];
    throw error;
  }
  return out;
}

function toRecord(resolved: AllStreamResolvedEvent): ReadRecord<RecordedEvent> {
  const position = fromLogPosition(resolved.event?.position ?? resolved.link?.position);
  return { position, kept: toRecorded(resolved) };
}

function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null {
  const e = resolved.event;
  // Links and events of system streams are filtered on the server; what still slips through is dropped here.
  if (!e || resolved.link || !e.isJson || e.type.startsWith('$') || e.streamId.startsWith('$')) return null;
  const { schemaVersion, occurredAt, actor, correlationId, causationId, commandId, commandType, commandFingerprint, chainHash: hash } = (e.metadata ?? {}) as unknown as StoredMetadata;
  return {
    eventId: e.id,
    streamId: e.streamId,
    revision: Number(e.revision),
    globalPosition: fromLogPosition(e.position),
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
