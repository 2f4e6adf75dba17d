import type { RecordedEvent } from '../event-store.port';
import { GENESIS_HASH, chainHash } from '../chain';

/** The hashed content of a per-stream chain link: what the server records minus its own creation time, unknown before the append. */
export const streamLink = (previous: Buffer, streamId: string, revision: number, e: Pick<RecordedEvent, 'eventId' | 'type' | 'schemaVersion' | 'occurredAt' | 'metadata' | 'data'>) =>
  chainHash(previous, streamId, revision, e.eventId, e.type, e.schemaVersion, e.occurredAt, '', JSON.stringify(e.metadata), JSON.stringify(e.data));

/** Streams whose last verified hash is remembered during a pass; beyond it the oldest is forgotten and read back from the store. */
const REMEMBERED_STREAMS = 10_000;

/**
 * Checks events of per-stream hash chains as they come in log order, in bounded memory: the last
 * verified hash of recently seen streams is kept (least recently used dropped); for a stream not
 * remembered the predecessor's stored hash is read back (it was verified when the pass met it, or
 * lies before the trusted point the pass resumed from).
 */
export class PerStreamChainWalk {
  private readonly heads = new Map<string, { hash: Buffer; next: number }>();

  constructor(
    private readonly predecessorOf: (streamId: string, revision: number) => Promise<Pick<RecordedEvent, 'revision' | 'hash'> | undefined>,
    private readonly capacity = REMEMBERED_STREAMS,
  ) {}

  /** The event's verified hash, or why its link is broken. */
  async check(e: RecordedEvent): Promise<{ hash: Buffer } | { reason: string }> {
    let head = this.heads.get(e.streamId);
    if (!head) {
      if (e.revision === 0) head = { hash: GENESIS_HASH, next: 0 };
      else {
        const before = await this.predecessorOf(e.streamId, e.revision - 1);
        if (!before || before.revision !== e.revision - 1 || !before.hash) return { reason: `revision ${e.revision - 1} is missing from the stream` };
        head = { hash: Buffer.from(before.hash, 'hex'), next: e.revision };
      }
    }
    if (e.revision !== head.next) return { reason: `revision ${head.next} is missing from the stream` };
    const expected = streamLink(head.hash, e.streamId, e.revision, e);
    if (!e.hash || expected.toString('hex') !== e.hash) return { reason: 'hash does not match the content and the previous hash: the event or one before it was altered or removed' };
    this.heads.delete(e.streamId);
    this.heads.set(e.streamId, { hash: expected, next: e.revision + 1 });
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
    return { hash: expected };
  }

  /** Streams currently remembered (bounded by the capacity). */
  get remembered(): number {
    return this.heads.size;
  }
}
