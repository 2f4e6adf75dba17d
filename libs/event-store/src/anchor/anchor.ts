import { join } from 'node:path';
import { ISO_UTC_PATTERN } from '@wijkzorg/domain';
import { ChainAnchor, ChainVerification } from '../chain';
import { EventStore } from '../event-store.port';
import { CheckpointSigner, CheckpointVerifier, HeadCheckpoint, NO_PREVIOUS_CHECKPOINT, anchorOf, checkpointDigest, loadCheckpointSigner, loadSharedCheckpointSigner, SharedSecrets } from './checkpoint';
import { CheckpointConflictError, CheckpointStore, SqliteCheckpointStore } from './checkpoint-store';
import { MongoCheckpointStore } from './mongo-checkpoint-store';
import { PostgresCheckpointStore } from './postgres-checkpoint-store';

export interface TakenCheckpoint {
  /** The checkpoint now at the head (undefined while the log is empty). */
  checkpoint?: HeadCheckpoint;
  /** False when the head had not moved since the latest checkpoint. */
  created: boolean;
  /** Set when the log does not extend the latest checkpoint: nothing was signed. */
  refused?: ChainVerification | { reason: string };
}

/**
 * Signs the log's current head. The chain is recomputed from the latest checkpoint to the head
 * first, so a head is only ever signed when it extends what was signed before.
 */
export async function takeCheckpoint(events: EventStore, store: CheckpointStore, signer: CheckpointSigner, now: () => string = () => new Date().toISOString()): Promise<TakenCheckpoint> {
  if (!events.verifyChain) throw new Error('this event store keeps no hash chain to anchor');
  for (let attempt = 1; ; attempt++) {
    const latest = await store.latest();
    if (latest && latest.keyId === signer.keyId) {
      const problem = signer.problemWith(latest);
      if (problem) return { checkpoint: latest, created: false, refused: { reason: problem } };
    }
    const extension = await events.verifyChain({ from: latest ? anchorOf(latest) : undefined });
    if (!extension.ok) return { checkpoint: latest, created: false, refused: extension };
    if (extension.headPosition === 0) return { created: false };
    if (latest && extension.headPosition === latest.position) return { checkpoint: latest, created: false };
    const checkpoint = signer.sign({
      sequence: (latest?.sequence ?? 0) + 1,
      position: extension.headPosition,
      hash: extension.headHash,
      eventCount: extension.eventCount,
      recordedAt: now(),
      previous: latest ? checkpointDigest(latest) : NO_PREVIOUS_CHECKPOINT,
    });
    try {
      await store.append(checkpoint);
      return { checkpoint, created: true };
    } catch (error) {
      if (!(error instanceof CheckpointConflictError) || attempt >= 5) throw error;
    }
  }
}

export type VerificationProblemKind = 'broken-link' | 'truncated' | 'rewritten' | 'bad-signature' | 'broken-checkpoint-sequence';

export interface VerificationProblem {
  kind: VerificationProblemKind;
  message: string;
  /** Global position concerned (of the broken link or the checkpoint). */
  position?: number;
  /** Sequence number of the checkpoint concerned. */
  checkpoint?: number;
  /** Which checkpoints: 'stored', a file name, 'request' or 'expected-head'. */
  source?: string;
}

export interface CheckpointSource {
  name: string;
  checkpoints: Iterable<HeadCheckpoint> | AsyncIterable<HeadCheckpoint>;
  /** The source holds every checkpoint ever taken (the store), so it must start at checkpoint 1. */
  fromFirst?: boolean;
}

export interface AnchoredVerification extends ChainVerification {
  checkpoints: { verified: number; keyId: string; latest?: HeadCheckpoint };
  expectedHead?: ChainAnchor;
  firstProblem?: VerificationProblem;
}

type SourcedAnchor = ChainAnchor & { source: string; sequence?: number };

/**
 * Verifies the whole log against every checkpoint given (signature, unbroken sequence, and that
 * the log still passes through each: same hash and event count at its position, not shorter) and
 * against an expected head. The log is read once, in batches.
 */
export async function verifyAnchored(events: EventStore, verifier: CheckpointVerifier, options: { sources?: CheckpointSource[]; expectedHead?: ChainAnchor } = {}): Promise<AnchoredVerification> {
  if (!events.verifyChain) throw new Error('this event store keeps no hash chain');
  const anchors: SourcedAnchor[] = [];
  let firstProblem: VerificationProblem | undefined;
  let verified = 0;
  let latest: HeadCheckpoint | undefined;
  for (const source of options.sources ?? []) {
    let before: HeadCheckpoint | undefined;
    for await (const c of source.checkpoints) {
      const problem = !before && source.fromFirst && c.sequence !== 1 ? { kind: 'broken-checkpoint-sequence' as const, message: `the checkpoints start at ${c.sequence}: checkpoints 1..${c.sequence - 1} are missing` } : checkpointProblem(verifier, c, before);
      if (problem) {
        firstProblem ??= { ...problem, position: c.position, checkpoint: c.sequence, source: source.name };
        break; // what follows a bad checkpoint cannot be trusted either
      }
      anchors.push({ ...anchorOf(c), source: source.name, sequence: c.sequence });
      verified++;
      if (!latest || c.position > latest.position) latest = c;
      before = c;
    }
  }
  if (options.expectedHead) anchors.push({ ...options.expectedHead, source: 'expected-head' });
  const chain = await events.verifyChain({ anchors });
  if (!firstProblem && chain.firstBrokenLink) {
    const link = chain.firstBrokenLink;
    firstProblem = { kind: 'broken-link', message: `first broken link at position ${link.position} (${link.streamId} revision ${link.revision}): ${link.reason}`, position: link.position };
  }
  if (!firstProblem && chain.brokenAnchor) {
    const anchor = chain.brokenAnchor.anchor as SourcedAnchor;
    const which = anchor.sequence !== undefined ? `checkpoint ${anchor.sequence} (${anchor.source})` : anchor.source;
    firstProblem = { kind: chain.brokenAnchor.kind, message: `${which}: ${chain.brokenAnchor.reason}`, position: anchor.position, checkpoint: anchor.sequence, source: anchor.source };
  }
  return {
    ...chain,
    ok: chain.ok && !firstProblem,
    checkpoints: { verified, keyId: verifier.keyId, ...(latest ? { latest } : {}) },
    ...(options.expectedHead ? { expectedHead: options.expectedHead } : {}),
    ...(firstProblem ? { firstProblem } : {}),
  };
}

function checkpointProblem(verifier: CheckpointVerifier, c: HeadCheckpoint, before: HeadCheckpoint | undefined): Omit<VerificationProblem, 'position' | 'checkpoint' | 'source'> | undefined {
  const signature = verifier.problemWith(c);
  if (signature) return { kind: 'bad-signature', message: signature };
  if (!before) {
    if (c.sequence === 1 && c.previous !== NO_PREVIOUS_CHECKPOINT) return { kind: 'broken-checkpoint-sequence', message: 'checkpoint 1 names a predecessor' };
    return undefined;
  }
  if (c.sequence !== before.sequence + 1) return { kind: 'broken-checkpoint-sequence', message: `checkpoint ${c.sequence} follows checkpoint ${before.sequence}: checkpoints ${before.sequence + 1}..${c.sequence - 1} are missing` };
  if (c.previous !== checkpointDigest(before)) return { kind: 'broken-checkpoint-sequence', message: `checkpoint ${c.sequence} does not name checkpoint ${before.sequence} as its predecessor` };
  if (c.position < before.position || c.eventCount < before.eventCount) return { kind: 'broken-checkpoint-sequence', message: `checkpoint ${c.sequence} anchors a shorter log than checkpoint ${before.sequence}` };
  return undefined;
}

export class CheckpointFormatError extends Error {}

/** `<position>:<hash>`, as printed by `audit verify` and the checkpoint endpoints. */
export function parseExpectedHead(text: string): ChainAnchor {
  const match = /^(\d{1,15}):([0-9a-fA-F]{64})$/.exec(text.trim());
  if (!match || Number(match[1]) < 1) throw new CheckpointFormatError('the expected head must be <position>:<64 hex characters of the hash>, e.g. 1234:9f86d0…');
  return { position: Number(match[1]), hash: match[2].toLowerCase() };
}

/** Checkpoints from a JSON document: an array, or an object with `checkpoints` or `items` (as the endpoints answer). */
export function parseCheckpointDocument(document: unknown): HeadCheckpoint[] {
  const list = Array.isArray(document) ? document : ((document as { checkpoints?: unknown; items?: unknown } | null)?.checkpoints ?? (document as { items?: unknown } | null)?.items);
  if (!Array.isArray(list)) throw new CheckpointFormatError('expected a JSON array of checkpoints, or an object with "checkpoints" or "items"');
  return list.map((item, i) => parseCheckpoint(item, `checkpoints[${i}]`));
}

function parseCheckpoint(value: unknown, where: string): HeadCheckpoint {
  const c = (value ?? {}) as Record<string, unknown>;
  const wholeNumber = (name: string, min: number) => {
    if (!Number.isSafeInteger(c[name]) || (c[name] as number) < min) throw new CheckpointFormatError(`${where}.${name} must be a whole number of at least ${min}`);
    return c[name] as number;
  };
  const text = (name: string, pattern: RegExp) => {
    if (typeof c[name] !== 'string' || !pattern.test(c[name] as string)) throw new CheckpointFormatError(`${where}.${name} is missing or malformed`);
    return c[name] as string;
  };
  return {
    sequence: wholeNumber('sequence', 1),
    position: wholeNumber('position', 1),
    hash: text('hash', /^[0-9a-f]{64}$/),
    eventCount: wholeNumber('eventCount', 1),
    recordedAt: text('recordedAt', ISO_UTC_PATTERN),
    previous: text('previous', /^[0-9a-f]{64}$/),
    keyId: text('keyId', /^[0-9a-f]{16}$/),
    signature: text('signature', /^[A-Za-z0-9+/]{1,200}={0,2}$/),
  };
}

export interface CheckpointSchedule {
  /** Take one once the head moved this many positions past the latest checkpoint (events, in SQLite). */
  everyEvents: number;
  /** …or once this long has passed since the latest and the head moved at all. */
  everyMs: number;
  /** How often to look. */
  pollMs: number;
}

export function checkpointScheduleFromEnv(env: NodeJS.ProcessEnv): CheckpointSchedule & { enabled: boolean } {
  const positive = (name: string, fallback: number) => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, got ${value}`);
    return n;
  };
  return {
    enabled: env.WIJKZORG_CHECKPOINTS !== 'off',
    everyEvents: positive('WIJKZORG_CHECKPOINT_EVERY_EVENTS', 1000),
    everyMs: positive('WIJKZORG_CHECKPOINT_EVERY_SECONDS', 300) * 1000,
    pollMs: positive('WIJKZORG_CHECKPOINT_POLL_MS', 5000),
  };
}

/** Takes checkpoints while the api runs: every N events or T seconds, and a last one on shutdown. */
export class HeadCheckpointer {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly events: EventStore,
    private readonly store: CheckpointStore,
    private readonly signer: CheckpointSigner,
    private readonly schedule: CheckpointSchedule,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.schedule.pollMs);
    this.timer.unref();
    void this.tick();
  }

  /** One look at the head; takes a checkpoint when one is due. */
  tick(): Promise<void> {
    this.running ??= this.checkpointIfDue().finally(() => (this.running = undefined));
    return this.running;
  }

  private async checkpointIfDue(): Promise<void> {
    try {
      const head = await this.events.headPosition();
      const latest = await this.store.latest();
      if (head === 0 || (latest && head <= latest.position)) return;
      const due = !latest || head - latest.position >= this.schedule.everyEvents || Date.now() - Date.parse(latest.recordedAt) >= this.schedule.everyMs;
      if (due) await this.take();
    } catch (error) {
      this.log(`checkpoint failed: ${(error as Error).message}`);
    }
  }

  private async take(): Promise<void> {
    const taken = await takeCheckpoint(this.events, this.store, this.signer);
    if (taken.refused) {
      const refused = taken.refused;
      this.log(`refusing to sign the head: the log does not extend checkpoint ${taken.checkpoint?.sequence ?? '-'}: ${'reason' in refused ? refused.reason : (refused.firstBrokenLink?.reason ?? refused.brokenAnchor?.reason)}`);
    }
  }

  /** Stops looking; with `finalCheckpoint`, anchors the head as it is now (narrows what a truncation could hide). */
  async stop(options: { finalCheckpoint?: boolean } = {}): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    if (!options.finalCheckpoint) return;
    try {
      const head = await this.events.headPosition();
      const latest = await this.store.latest();
      if (head > 0 && (!latest || head > latest.position)) await this.take();
    } catch (error) {
      this.log(`final checkpoint failed: ${(error as Error).message}`);
    }
  }
}

/** Every checkpoint kept in the store: it must start at checkpoint 1. */
export const storedCheckpoints = (store: CheckpointStore): CheckpointSource => ({ name: 'stored', checkpoints: store.all(), fromFirst: true });

/** The settings that choose where checkpoints are kept and which key signs them. */
export interface CheckpointingSettings {
  WIJKZORG_ANCHOR_SIGNING_KEY?: string;
  WIJKZORG_EVENT_STORE?: string;
  /** Where the instances' shared state is (the configuration's effective kind, default included). */
  WIJKZORG_SHARED_STATE?: string;
  POSTGRES_URL?: string;
  MONGO_URL?: string;
  MONGO_DATABASE?: string;
  NODE_ENV?: string;
}

/**
 * Checkpoints where every instance sees the same chain: beside the log in PostgreSQL when the event
 * store is there; beside a log kept elsewhere (KurrentDB), in the shared state's store (PostgreSQL or
 * MongoDB); checkpoints.db in the data directory only when the log or the shared state is embedded.
 */
function openCheckpointStore(dataDir: string, env: CheckpointingSettings): CheckpointStore {
  const log = env.WIJKZORG_EVENT_STORE ?? 'sqlite';
  const shared = log === 'sqlite' ? 'sqlite' : log === 'postgres' ? 'postgres' : (env.WIJKZORG_SHARED_STATE ?? 'sqlite');
  if (shared === 'postgres') {
    if (!env.POSTGRES_URL) throw new Error(`WIJKZORG_EVENT_STORE=${log}${log === 'postgres' ? '' : ' with WIJKZORG_SHARED_STATE=postgres'} needs POSTGRES_URL for the signed checkpoints too`);
    return new PostgresCheckpointStore(env.POSTGRES_URL);
  }
  if (shared === 'mongodb') {
    if (!env.MONGO_URL) throw new Error(`WIJKZORG_EVENT_STORE=${log} with WIJKZORG_SHARED_STATE=mongodb needs MONGO_URL for the signed checkpoints`);
    return new MongoCheckpointStore(env.MONGO_URL, env.MONGO_DATABASE ?? 'wijkzorg');
  }
  return new SqliteCheckpointStore(join(dataDir, 'checkpoints.db'));
}

/** The checkpoint store and signing key: the key configured, or anchor-signing-key.pem in the data directory. */
export function openCheckpointing(dataDir: string, env: CheckpointingSettings): { store: CheckpointStore; signer: CheckpointSigner; generatedKey: boolean } {
  // Several instances share the checkpoints in PostgreSQL: a key generated per data directory would sign them with different keys.
  if (env.WIJKZORG_EVENT_STORE === 'postgres' && env.NODE_ENV === 'production' && !env.WIJKZORG_ANCHOR_SIGNING_KEY?.trim()) throw new Error('WIJKZORG_ANCHOR_SIGNING_KEY is required in production with WIJKZORG_EVENT_STORE=postgres: every instance must sign checkpoints with the same Ed25519 key');
  const { signer, generated } = loadCheckpointSigner(env, join(dataDir, 'anchor-signing-key.pem'));
  return { store: openCheckpointStore(dataDir, env), signer, generatedKey: generated };
}

/** As openCheckpointing, with a generated signing key taken from the shared secrets (every instance agrees on it). */
export async function openSharedCheckpointing(dataDir: string, env: CheckpointingSettings, secrets: SharedSecrets): Promise<{ store: CheckpointStore; signer: CheckpointSigner; generatedKey: boolean }> {
  const { signer, generated } = await loadSharedCheckpointSigner(env, secrets);
  return { store: openCheckpointStore(dataDir, env), signer, generatedKey: generated };
}
