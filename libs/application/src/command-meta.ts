import { Actor } from '@wijkzorg/domain';

/** Who sends a command, and how it should be recorded. */
export interface CommandMeta {
  actor: Actor;
  /** Client-supplied; repeating a command with the same id returns the first outcome instead of acting twice. */
  commandId?: string;
  correlationId?: string;
  /** Optimistic concurrency: the stream revision the caller last saw. Absent: the service retries on conflict. */
  expectedRevision?: number;
}

export interface CommandOutcome {
  streamId: string;
  /** Revision of the stream after the command. */
  revision: number;
  position: number;
  events: { type: string; revision: number }[];
  /** True when this command id had been handled before and nothing new was written. */
  replayed: boolean;
}
