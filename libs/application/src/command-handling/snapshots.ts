import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { Decider, NewEvent, SnapshotOptIn } from '@wijkzorg/domain';
import { RecordedEvent, SnapshotRow } from '@wijkzorg/event-store';
import { ClientKeyOfLoad, PersonalDataCipher } from '../privacy/personal-data-cipher';

/**
 * Snapshots of long-lived streams (a wooncirkel's, a long client trajectory): a load reads the latest
 * snapshot and only the events after it. A snapshot is never trusted blindly: it names the event it was
 * taken at (revision and hash), and a load uses it only while that event still carries that hash.
 */

/** A stream's state at one revision, as the adapters store it (the row type lives beside them). */
export type StoredSnapshot = SnapshotRow;

/** The snapshot port: one snapshot per stream, the newest kept. */
export interface SnapshotStore {
  latest(streamId: string): Promise<StoredSnapshot | null>;
  /** Keeps the given snapshot unless the stored one is of the same shape and not older. */
  save(snapshot: StoredSnapshot): Promise<void>;
  delete(streamId: string): Promise<void>;
}

/** A snapshot read back and checked (all but its anchor, which the caller compares with the stream). */
export interface RestoredSnapshot<S> {
  state: S;
  revision: number;
  anchor: string;
  commandIds: CommandIdFilter;
}

/** What a snapshot must match: the hash of the event it was taken at, or its id where there is no chain. */
export const anchorOf = (e: RecordedEvent): string => e.hash ?? `id:${e.eventId}`;

/**
 * Events after the last snapshot before the next one is taken: the longest tail a load reads (but for races). The tail
 * is what a load pays for (its sealed fields decrypted one by one); a snapshot costs about 1 ms to take plus its tail, so
 * 20 instead of 50 halves the load for about 0.06 ms more per command (docs/performance.md, Snapshots).
 */
export const SNAPSHOT_EVERY = 20;

/** The name of the deployment secret that keys the checksum of snapshots without personal data (see Snapshots). */
export const SNAPSHOT_KEY_SECRET = 'snapshot-key';

const shapeOf = (optIn: Pick<SnapshotOptIn<unknown>, 'kind' | 'version'>) => `${optIn.kind}@${optIn.version}`;
const PLAIN = 'plain:v1:';
const SEALED = 'sealed:v1:';

/** Reads, checks, seals and writes snapshots; the decision when to take one is the AggregateStore's. */
export class Snapshots {
  constructor(
    readonly store: SnapshotStore,
    /** Client streams' snapshots hold revealed personal data: sealed with the client's key, or not written. */
    private readonly cipher?: PersonalDataCipher,
    readonly every = SNAPSHOT_EVERY,
    /**
     * A deployment secret (SNAPSHOT_KEY_SECRET) that keys the checksum of the other snapshots: one forged
     * by someone who can write the database but not read the secret is refused. Without it, a plain SHA-256.
     */
    private readonly integrityKey?: Buffer,
  ) {}

  /**
   * The stream's snapshot for this decider, or null when there is none usable (another shape, tampered, key erased);
   * a client's key is read through the load's own lookup where one is given (the events after the snapshot use it too).
   */
  async restore<S>(decider: Decider<unknown, S, NewEvent>, streamId: string, keyOfLoad?: ClientKeyOfLoad): Promise<RestoredSnapshot<S> | null> {
    const optIn = decider.snapshot;
    if (!optIn) return null;
    const stored = await this.store.latest(streamId);
    if (!stored || stored.shape !== shapeOf(optIn)) return null;
    const json = await this.open(stored, keyOfLoad);
    if (json === null) return null;
    try {
      const state = JSON.parse(json) as S;
      return { state: optIn.revive ? optIn.revive(state) : state, revision: stored.revision, anchor: stored.anchor, commandIds: CommandIdFilter.parse(stored.commandIds) };
    } catch {
      return null;
    }
  }

  /** Writes the state at event `at`; false when it may not be written (the client's key is gone). */
  async take<S>(decider: Decider<unknown, S, NewEvent>, streamId: string, state: S, at: RecordedEvent, commandIds: CommandIdFilter): Promise<boolean> {
    const optIn = decider.snapshot;
    if (!optIn) return false;
    const unsealed: StoredSnapshot = { streamId, shape: shapeOf(optIn), revision: at.revision, anchor: anchorOf(at), state: '', commandIds: commandIds.toString() };
    const json = JSON.stringify(state);
    const key = await this.sealingKey(streamId);
    if (key === null) {
      await this.store.delete(streamId);
      return false;
    }
    const snapshot = { ...unsealed, state: key ? seal(key, boundTo(unsealed), json) : `${PLAIN}${this.checksum(boundTo(unsealed), json)}:${json}` };
    await this.store.save(snapshot);
    return true;
  }

  /** The state's JSON if the row is intact; an unreadable client snapshot (key erased) is deleted. */
  private async open(stored: StoredSnapshot, keyOfLoad?: ClientKeyOfLoad): Promise<string | null> {
    const key = await this.sealingKey(stored.streamId, keyOfLoad);
    if (key === null) {
      await this.store.delete(stored.streamId);
      return null;
    }
    if (key) {
      if (!stored.state.startsWith(SEALED)) return null; // a client's snapshot is only ever written sealed
      return unseal(key, boundTo(stored), stored.state.slice(SEALED.length));
    }
    if (!stored.state.startsWith(PLAIN)) return null;
    const body = stored.state.slice(PLAIN.length);
    const separator = body.indexOf(':');
    const json = body.slice(separator + 1);
    return separator > 0 && body.slice(0, separator) === this.checksum(boundTo(stored), json) ? json : null;
  }

  private checksum(bound: string, json: string): string {
    return (this.integrityKey ? createHmac('sha256', this.integrityKey) : createHash('sha256')).update(bound).update('\n').update(json).digest('hex');
  }

  /** undefined: the stream holds no sealed personal data; null: it does and the client's key is erased. */
  private async sealingKey(streamId: string, keyOfLoad?: ClientKeyOfLoad): Promise<Buffer | null | undefined> {
    const clientId = PersonalDataCipher.clientOf(streamId);
    if (!clientId || !this.cipher) return undefined;
    const key = await (keyOfLoad ?? this.cipher.keyOfLoad(clientId))();
    // Derived, never the client's key itself: that one only seals event fields.
    return key ? createHmac('sha256', key).update('wijkzorg:snapshot').digest() : null;
  }
}

/** Everything but the state that a snapshot is only valid with: moved to another stream, revision or filter, it fails. */
function boundTo(s: Omit<StoredSnapshot, 'state'>): string {
  return JSON.stringify([s.streamId, s.shape, s.revision, s.anchor, s.commandIds]);
}

function seal(key: Buffer, bound: string, json: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(bound));
  const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
  return `${SEALED}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

function unseal(key: Buffer, bound: string, sealed: string): string | null {
  try {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(bound));
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = decipher.update(raw.subarray(28));
    decipher.final(); // checks the tag; GCM adds no bytes here
    return plain.toString('utf8');
  } catch {
    return null;
  }
}

const IDS_PER_BLOCK = 1024;
const BITS_PER_BLOCK = IDS_PER_BLOCK * 16;
const HASHES = 8;

/**
 * The command ids of a stream's events up to a snapshot, as Bloom filters of 1,024 ids each (16 bits an
 * id, 8 hashes: about 1 in 2,000 false "maybe" per block), so it costs ~2 bytes an id instead of the ids.
 * A "maybe" costs a full replay to find the earlier outcome, never a wrong answer: there are no false "no".
 */
export class CommandIdFilter {
  private constructor(
    private readonly blocks: Buffer[],
    private count: number,
  ) {}

  static empty(): CommandIdFilter {
    return new CommandIdFilter([], 0);
  }

  static parse(text: string): CommandIdFilter {
    const { count, blocks } = JSON.parse(text) as { count: number; blocks: string[] };
    return new CommandIdFilter(
      blocks.map((b) => Buffer.from(b, 'base64')),
      count,
    );
  }

  copy(): CommandIdFilter {
    return new CommandIdFilter(
      this.blocks.map((b) => Buffer.from(b)),
      this.count,
    );
  }

  toString(): string {
    return JSON.stringify({ count: this.count, blocks: this.blocks.map((b) => b.toString('base64')) });
  }

  mayContain(commandId: string): boolean {
    const bits = bitsOf(commandId);
    return this.blocks.some((block) => bits.every((bit) => (block[bit >> 3] & (1 << (bit & 7))) !== 0));
  }

  add(commandId: string): void {
    if (this.mayContain(commandId)) return;
    if (this.count % IDS_PER_BLOCK === 0) this.blocks.push(Buffer.alloc(BITS_PER_BLOCK / 8));
    const block = this.blocks[this.blocks.length - 1];
    for (const bit of bitsOf(commandId)) block[bit >> 3] |= 1 << (bit & 7);
    this.count++;
  }

  addEvents(events: readonly RecordedEvent[]): this {
    for (const e of events) if (e.metadata.commandId) this.add(e.metadata.commandId);
    return this;
  }
}

function bitsOf(commandId: string): number[] {
  const digest = createHash('sha256').update(commandId).digest();
  return Array.from({ length: HASHES }, (_, i) => digest.readUInt32LE(i * 4) % BITS_PER_BLOCK);
}
