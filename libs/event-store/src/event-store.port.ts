import { Observable } from 'rxjs';
import { Actor } from '@wijkzorg/domain';
import type { ChainVerification, VerifyChainOptions } from './chain';

export interface EventMetadata {
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  /** The client-supplied command id that produced this event (idempotency). */
  commandId: string | null;
  /** The command type the command id is bound to (absent on events written before the binding). */
  commandType?: string;
  /** Keyed hash of the command's canonical body and target stream: a reused command id must match it. */
  commandFingerprint?: string;
}

export interface EventToAppend {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  occurredAt: string;
  metadata: EventMetadata;
}

export interface RecordedEvent<Data = unknown> {
  eventId: string;
  streamId: string;
  /** 0-based position of the event within its stream. */
  revision: number;
  /** Position in the whole log: strictly increasing, not necessarily contiguous. */
  globalPosition: number;
  type: string;
  schemaVersion: number;
  data: Data;
  occurredAt: string;
  recordedAt: string;
  metadata: EventMetadata;
  /** Tamper-evidence hash chaining this event to the one before it (where the store keeps one). */
  hash?: string;
}

/**
 * A plain copy of an event with some fields replaced. Field by field, because stored events may
 * expose their payload through getters that a spread would not copy.
 */
export function eventWith(e: RecordedEvent, changes: Partial<RecordedEvent> = {}): RecordedEvent {
  const { eventId, streamId, revision, globalPosition, type, schemaVersion, data, occurredAt, recordedAt, metadata, hash } = e;
  return { eventId, streamId, revision, globalPosition, type, schemaVersion, data, occurredAt, recordedAt, metadata, hash, ...changes };
}

/** A stream's revision before the append: -1 for "the stream must not exist yet", 'any' to skip the check. */
export type ExpectedRevision = number | 'any';
export const NO_STREAM = -1;

export interface AppendResult {
  streamId: string;
  /** Revision of the last event now in the stream. */
  nextRevision: number;
  lastPosition: number;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedRevision: ExpectedRevision,
    readonly currentRevision: number,
  ) {
    super(`stream ${streamId} is at revision ${currentRevision}, expected ${expectedRevision}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export interface ReadAllOptions {
  /** Exclusive: events after this global position. 0 reads from the start. */
  afterPosition?: number;
  maxCount?: number;
}

export interface SubscribeOptions {
  afterPosition?: number;
  /** Only events whose type is listed; all events when absent. */
  eventTypes?: readonly string[];
}

/** The event store port: everything the application needs from an append-only log of streams. */
export interface EventStore {
  append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  readStream(streamId: string, options?: { fromRevision?: number; maxCount?: number }): Promise<RecordedEvent[]>;
  /** Current revision of a stream, -1 when it does not exist. */
  streamRevision(streamId: string): Promise<number>;
  /**
   * Events after `afterPosition` in position order, at most `maxCount`. A page shorter than `maxCount` means the head
   * was reached when it was read: readers that page through the log stop on it (the KurrentDB adapter reads on past
   * the records its filter leaves out to keep to this).
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Global position of the newest event, 0 on an empty store. */
  headPosition(): Promise<number>;
  /** Catch up from a checkpoint, then stay live. Unsubscribing stops the feed. */
  subscribe(options?: SubscribeOptions): Observable<RecordedEvent>;
  /**
   * Emits soon after events may have been appended, by this or any other process: a wake-up to read again, not a
   * delivery (it may also come without a new event, and several appends may share one). Where it exists, readers
   * that follow the log poll only as a slow fallback; a store without it is polled. Completes when the store closes.
   */
  wakeUps?(): Observable<void>;
  /** Where the store keeps a hash chain: recompute it over the log or one stream. */
  verifyChain?(options?: VerifyChainOptions): Promise<ChainVerification>;
  close(): Promise<void>;
}
