import { Actor, DomainError } from '@wijkzorg/domain';

/** Who sends a command, and how it should be recorded. */
export interface CommandMeta {
  actor: Actor;
  /** Client-supplied; repeating a command with the same id returns the first outcome instead of acting twice. */
  commandId?: string;
  correlationId?: string;
  /** Optimistic concurrency: the stream revision the caller last saw. Absent: the service retries on conflict. */
  expectedRevision?: number;
  /**
   * What the command id is bound to (set by AggregateStore.bind, recorded in the event metadata):
   * the command type and a keyed hash of its canonical body and target stream. No fingerprint when
   * the client's key is gone (erased): then the type alone is compared.
   */
  command?: CommandBinding;
}

export interface CommandBinding {
  type: string;
  fingerprint?: string;
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

/** A command id already used for a different command (another type or body). HTTP 409 naming commandId. */
export class CommandIdReused extends DomainError {
  constructor(commandId: string) {
    super('command_id_reused', `commandId ${commandId} was already used for a different command; use a new commandId`, 'commandId');
    this.name = 'CommandIdReused';
  }
}
