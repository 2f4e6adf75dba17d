import { createHash, hash } from 'node:crypto';

/** The hash of the (empty) log before the first event. */
export const GENESIS_HASH = Buffer.alloc(32);

/** Reused for the bytes every chain hash covers; events larger than this get a buffer of their own. */
const SCRATCH_BYTES = 64 * 1024;
const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
/** crypto.hash read once: node:crypto's exports are a dictionary-mode object, so reading `hash` from it per event is a generic (LoadIC) lookup. */
const oneShotHash = hash;
/** Views of the scratch buffer's first n bytes, made once per length: a subarray per event cost as much as a tenth of the hash. */
const scratchViews: Buffer[] = [];

/**
 * Tamper evidence: every event's hash covers its stored content and the hash of the event before it
 * (in the whole log for SQLite, within its stream for EventStoreDB), so changing, removing or
 * reordering an event breaks every link after it.
 *
 * The value is sha256(previousHash ‖ utf8(`${streamId}\n${revision}\n${eventId}\n${type}\n${schemaVersion}\n${occurredAt}\n${recordedAt}\n${metadata}\n${data}`)),
 * as it always was (stored chains must keep verifying). It is computed in one shot over one buffer: a
 * createHash object per event cost more than the hashing itself. The digest comes back as latin1 ('binary') text and is
 * turned into bytes here, which is cheaper on this Node than asking crypto.hash for a Buffer.
 */
export function chainHash(previousHash: Buffer, streamId: string, revision: number, eventId: string, type: string, schemaVersion: number, occurredAt: string, recordedAt: string, metadata: string, data: string): Buffer {
  const content = `${streamId}\n${revision}\n${eventId}\n${type}\n${schemaVersion}\n${occurredAt}\n${recordedAt}\n${metadata}\n${data}`;
  const maxBytes = previousHash.length + content.length * 3; // a UTF-16 code unit is at most 3 bytes of UTF-8
  if (maxBytes > SCRATCH_BYTES) {
    const bytes = Buffer.allocUnsafe(maxBytes);
    previousHash.copy(bytes, 0);
    const length = previousHash.length + bytes.write(content, previousHash.length, 'utf8');
    return Buffer.from(oneShotHash('sha256', bytes.subarray(0, length), 'binary'), 'binary');
  }
  previousHash.copy(scratch, 0);
  const length = previousHash.length + scratch.write(content, previousHash.length, 'utf8');
  return Buffer.from(oneShotHash('sha256', (scratchViews[length] ??= scratch.subarray(0, length)), 'binary'), 'binary');
}

/** Bytes of a ChainWriter's own buffer, reused from run to run; a run that does not fit goes on in a buffer of its own. */
const COMMIT_BYTES = 1024 * 1024;
/** Buffer's own UTF-8 and latin1 writers, which Buffer.write calls after sorting out its arguments (~40 ns per event less). */
type WritableBuffer = Buffer & { utf8Write(text: string, offset: number): number; latin1Write(text: string, offset: number): number };

/**
 * Writes the canonical bytes of a run of events into one buffer, each event's right after the one before it, and
 * hashes them: event i's input is the 32 bytes of event i-1's hash followed by its content, so the digest, written
 * where it ends, is also the start of the next input. The chain hash value is chainHash's (and the original formula's);
 * what this adds is that the UTF-8 bytes of each event's metadata, data and hash stay in the buffer as views, which the
 * SQLite store binds (metadata and data as CAST(? AS TEXT)) instead of having better-sqlite3 encode the same strings a
 * second time. The views hold until the next `start`; the caller must bind or copy them before.
 */
export class ChainWriter {
  /** Made on the first run (a store that only reads needs none) and reused; like chainHash's scratch buffer it holds the last run's bytes until the next one. */
  private own?: WritableBuffer;
  private bytes!: WritableBuffer;
  /** bytes.buffer and bytes.byteOffset, read once per buffer (reading `buffer` is a call into the runtime). */
  private arrayBuffer!: ArrayBufferLike;
  private base = 0;
  /** Where the next event's input starts: the previous event's hash. */
  private at = 0;
  /** What every event of the run starts and ends its header with: `${streamId}\n` and `\n${recordedAt}\n`. */
  private headerStart = '';
  private headerEnd = '';
  /** Views of the last event written (see `write`). */
  metadata!: Uint8Array;
  data!: Uint8Array;
  hash!: Uint8Array;

  /** Starts a run of events of one stream, recorded at one time, after the event whose hash is `previousHash`. */
  start(previousHash: Uint8Array, streamId: string, recordedAt: string): void {
    const own = (this.own ??= Buffer.allocUnsafeSlow(COMMIT_BYTES) as WritableBuffer);
    this.use(own);
    own.set(previousHash, 0);
    this.at = 0;
    this.headerStart = `${streamId}\n`;
    this.headerEnd = `\n${recordedAt}\n`;
  }

  private use(bytes: WritableBuffer): void {
    this.bytes = bytes;
    this.arrayBuffer = bytes.buffer;
    this.base = bytes.byteOffset;
  }

  write(revision: number, eventId: string, type: string, schemaVersion: number, occurredAt: string, metadata: string, data: string): void {
    const header = `${this.headerStart}${revision}\n${eventId}\n${type}\n${schemaVersion}\n${occurredAt}${this.headerEnd}`;
    const maxBytes = 32 + (header.length + metadata.length + 1 + data.length) * 3 + 32; // a UTF-16 code unit is at most 3 bytes of UTF-8
    if (this.at + maxBytes > this.bytes.length) {
      // The views handed out so far keep the full buffer alive; the rest of this run goes on in a new one.
      const next = Buffer.allocUnsafeSlow(Math.max(COMMIT_BYTES, maxBytes)) as WritableBuffer;
      next.set(this.bytes.subarray(this.at, this.at + 32), 0);
      this.use(next);
      this.at = 0;
    }
    const bytes = this.bytes;
    const start = this.at;
    let end = start + 32;
    end += bytes.utf8Write(header, end);
    const metadataStart = end;
    end += bytes.utf8Write(metadata, end);
    const metadataEnd = end;
    bytes[end++] = 0x0a;
    const dataStart = end;
    end += bytes.utf8Write(data, end);
    const buffer = this.arrayBuffer;
    const base = this.base;
    bytes.latin1Write(oneShotHash('sha256', new Uint8Array(buffer, base + start, end - start), 'binary'), end);
    this.metadata = new Uint8Array(buffer, base + metadataStart, metadataEnd - metadataStart);
    this.data = new Uint8Array(buffer, base + dataStart, end - dataStart);
    this.hash = new Uint8Array(buffer, base + end, 32);
    this.at = end;
  }

  /** A copy of the last event's hash that outlives the buffer. */
  headHash(): Buffer {
    return Buffer.from(this.hash);
  }
}

/**
 * Where chains run per stream (EventStoreDB), the log as a whole is summed up by folding every
 * event's chain hash, in log order, into one digest: the value a checkpoint anchors.
 */
export function foldLogDigest(previousDigest: Buffer, eventHash: Buffer): Buffer {
  return createHash('sha256').update(previousDigest).update(eventHash).digest();
}

/**
 * A point the log must pass through: the log hash (hex) at a global position, and how many
 * events the log holds up to and including it. Taken from signed checkpoints or given by an auditor.
 */
export interface ChainAnchor {
  position: number;
  hash: string;
  eventCount?: number;
}

export interface VerifyChainOptions {
  /** Verify one stream's chain only (anchors do not apply). */
  streamId?: string;
  /** Points the recomputed log must pass through; a log that ends before one was truncated. */
  anchors?: Iterable<ChainAnchor>;
  /** Start from this trusted point instead of the beginning (checks only that the log still holds it). */
  from?: ChainAnchor & { eventCount: number };
}

export interface BrokenAnchor {
  anchor: ChainAnchor;
  /** truncated: the log ends before the anchor; rewritten: the log passes the anchor's position with another hash or count. */
  kind: 'truncated' | 'rewritten';
  reason: string;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** Hash (hex) of the log at its head: publish it to anchor the log. */
  headHash: string;
  /** Global position of the last event checked (0 when none). */
  headPosition: number;
  /** Events in the log up to the head (including those before `from`). */
  eventCount: number;
  /** Anchors the log was found to pass through. */
  anchorsChecked: number;
  firstBrokenLink?: { position: number; streamId: string; revision: number; reason: string };
  brokenAnchor?: BrokenAnchor;
}

/**
 * Walks the anchors alongside a verification pass in log order: every anchor's position must be
 * met exactly, with the anchor's hash and event count; anchors beyond the log's end mean truncation.
 */
export class AnchorWalk {
  private readonly pending: ChainAnchor[];
  private next = 0;

  constructor(anchors: Iterable<ChainAnchor> = [], afterPosition = 0) {
    this.pending = [...anchors].filter((a) => a.position > afterPosition).sort((a, b) => a.position - b.position);
  }

  get checked(): number {
    return this.next;
  }

  /** Called for every event in log order with the recomputed log hash and the count so far. */
  pass(position: number, logHash: Buffer, eventCount: number): BrokenAnchor | undefined {
    while (this.next < this.pending.length && this.pending[this.next].position <= position) {
      const anchor = this.pending[this.next];
      if (anchor.position < position) return { anchor, kind: 'rewritten', reason: `the log holds no event at position ${anchor.position}, where a checkpoint anchored it` };
      const found = logHash.toString('hex');
      if (found !== anchor.hash.toLowerCase()) return { anchor, kind: 'rewritten', reason: `the log hash at position ${position} is ${found}, the checkpoint anchored ${anchor.hash}: events up to this position were rewritten` };
      if (anchor.eventCount !== undefined && anchor.eventCount !== eventCount) return { anchor, kind: 'rewritten', reason: `the log holds ${eventCount} events up to position ${position}, the checkpoint anchored ${anchor.eventCount}` };
      this.next++;
    }
    return undefined;
  }

  /** Called once the log is read to its end. */
  end(lastPosition: number): BrokenAnchor | undefined {
    if (this.next >= this.pending.length) return undefined;
    const anchor = this.pending[this.next];
    return { anchor, kind: 'truncated', reason: `the log ends at position ${lastPosition}, before the checkpoint at position ${anchor.position}: events were removed from the tail` };
  }
}
