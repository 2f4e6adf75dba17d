import { AnchorWalk, ChainVerification, GENESIS_HASH, VerifyChainOptions, chainHash } from './chain';
import { StoredEventRow } from './stored-recorded-event';

/** Rows read per page by a chain verification: memory stays bounded whatever the log's length. */
const VERIFY_BATCH = 2000;

/** What a store that keeps one hash chain over its whole log (SQLite, PostgreSQL) gives its chain verification. */
export interface ChainRows {
  /** The stored hash at a position, undefined where the log holds no event. */
  hashAt(position: number): Promise<Buffer | undefined>;
  headPosition(): Promise<number>;
  /** Up to `limit` rows after `position`, in position order. */
  rowsAfter(position: number, limit: number): Promise<StoredEventRow[]>;
  /** Up to `limit` rows of a stream from `revision` on, each with the stored hash of the log entry before it. */
  streamRowsFrom(streamId: string, revision: number, limit: number): Promise<{ row: StoredEventRow; before: Buffer | undefined }[]>;
}

/**
 * Recomputes the hash chain over the whole log (passing through the given anchors), or over one
 * stream's events, and reports the first broken link. Reads in pages and yields between them, so the
 * process keeps answering while a large log is verified.
 */
export function verifyRowChain(rows: ChainRows, options: VerifyChainOptions = {}): Promise<ChainVerification> {
  return options.streamId ? verifyStream(rows, options.streamId) : verifyLog(rows, options);
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const ALTERED = 'hash does not match the content and the previous hash: the event or one before it was altered or removed';

async function verifyLog(rows: ChainRows, { anchors, from }: VerifyChainOptions): Promise<ChainVerification> {
  const walk = new AnchorWalk(anchors, from?.position ?? 0);
  let previous: Buffer = GENESIS_HASH;
  let previousPosition = 0;
  let eventCount = 0;
  let checked = 0;
  const outcome = (problem: Pick<ChainVerification, 'firstBrokenLink' | 'brokenAnchor'> = {}): ChainVerification => ({
    ok: !problem.firstBrokenLink && !problem.brokenAnchor,
    checked,
    headHash: previous.toString('hex'),
    headPosition: previousPosition,
    eventCount,
    anchorsChecked: walk.checked,
    ...problem,
  });
  if (from) {
    const stored = await rows.hashAt(from.position);
    if (!stored) {
      const head = await rows.headPosition();
      return outcome({
        brokenAnchor: {
          anchor: from,
          kind: head < from.position ? 'truncated' : 'rewritten',
          reason: head < from.position ? `the log ends at position ${head}, before the checkpoint at position ${from.position}: events were removed from the tail` : `the log holds no event at position ${from.position}, where a checkpoint anchored it`,
        },
      });
    }
    if (stored.toString('hex') !== from.hash.toLowerCase()) return outcome({ brokenAnchor: { anchor: from, kind: 'rewritten', reason: `the log hash at position ${from.position} is ${stored.toString('hex')}, the checkpoint anchored ${from.hash}: events up to this position were rewritten` } });
    previous = stored;
    previousPosition = from.position;
    eventCount = from.eventCount;
  }
  for (;;) {
    const page = await rows.rowsAfter(previousPosition, VERIFY_BATCH);
    for (const [positionValue, streamId, revision, eventId, type, schemaVersion, occurredAt, recordedAt, metadata, data, hash] of page) {
      const position = Number(positionValue);
      // Positions are contiguous (a rolled-back append does not use one up): a gap is a removal.
      if (position !== previousPosition + 1) return outcome({ firstBrokenLink: { position, streamId, revision, reason: `positions ${previousPosition + 1}..${position - 1} are missing from the log` } });
      const expected = chainHash(previous, streamId, revision, eventId, type, schemaVersion, occurredAt, recordedAt, metadata, data);
      if (!expected.equals(hash!)) return outcome({ firstBrokenLink: { position, streamId, revision, reason: ALTERED } });
      previous = hash!;
      previousPosition = position;
      checked++;
      eventCount++;
      const brokenAnchor = walk.pass(position, previous, eventCount);
      if (brokenAnchor) return outcome({ brokenAnchor });
    }
    if (page.length < VERIFY_BATCH) break;
    await nextTurn();
  }
  const truncated = walk.end(previousPosition);
  return outcome(truncated ? { brokenAnchor: truncated } : {});
}

async function verifyStream(rows: ChainRows, streamId: string): Promise<ChainVerification> {
  let previous: Buffer = GENESIS_HASH;
  let headPosition = 0;
  let expectedRevision = 0;
  let checked = 0;
  const outcome = (firstBrokenLink?: ChainVerification['firstBrokenLink']): ChainVerification => ({ ok: !firstBrokenLink, checked, headHash: previous.toString('hex'), headPosition, eventCount: checked, anchorsChecked: 0, ...(firstBrokenLink ? { firstBrokenLink } : {}) });
  for (;;) {
    const page = await rows.streamRowsFrom(streamId, expectedRevision, VERIFY_BATCH);
    // Within one stream the preceding log entry is elsewhere: its stored hash comes with the row.
    for (const { row, before } of page) {
      const [positionValue, , revision, eventId, type, schemaVersion, occurredAt, recordedAt, metadata, data, hash] = row;
      const position = Number(positionValue);
      if (revision !== expectedRevision) return outcome({ position, streamId, revision, reason: `revision ${expectedRevision} is missing from the stream` });
      const expected = chainHash(before ?? GENESIS_HASH, streamId, revision, eventId, type, schemaVersion, occurredAt, recordedAt, metadata, data);
      if (!expected.equals(hash!)) return outcome({ position, streamId, revision, reason: ALTERED });
      previous = hash!;
      headPosition = position;
      expectedRevision++;
      checked++;
    }
    if (page.length < VERIFY_BATCH) break;
    await nextTurn();
  }
  return outcome();
}
