import { createHash } from 'node:crypto';

/** The hash of the (empty) log before the first event. */
export const GENESIS_HASH = Buffer.alloc(32);

/**
 * Tamper evidence: every event's hash covers its stored content and the hash of the event before it
 * (in the whole log for SQLite, within its stream for EventStoreDB), so changing, removing or
 * reordering an event breaks every link after it.
 */
export function chainHash(previousHash: Buffer, streamId: string, revision: number, eventId: string, type: string, schemaVersion: number, occurredAt: string, recordedAt: string, metadata: string, data: string): Buffer {
  return createHash('sha256').update(previousHash).update(`${streamId}\n${revision}\n${eventId}\n${type}\n${schemaVersion}\n${occurredAt}\n${recordedAt}\n${metadata}\n${data}`).digest();
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** Hash (hex) of the last event checked: publish it to anchor the log. */
  headHash: string;
  firstBrokenLink?: { position: number; streamId: string; revision: number; reason: string };
}
