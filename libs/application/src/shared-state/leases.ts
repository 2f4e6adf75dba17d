/**
 * One owner per background worker (a projection's runner, a webhook's dispatcher, the checkpoint signer,
 * the planned-steps runner) across every api instance on the same shared state.
 */
export interface Lease {
  /** What is owned, e.g. `projection:caseload`, `webhook:<id>`, `checkpoints`. */
  name: string;
  /** The instance that holds it (WIJKZORG_INSTANCE_ID). */
  owner: string;
  /**
   * Fencing token: grows by at least one every time the lease changes owner. Stores that accept work
   * under a lease (read-model checkpoints, webhook cursors) remember the highest token they saw and
   * refuse a write with a lower one, so a paused former owner cannot commit after a takeover.
   */
  token: number;
  /** ISO-8601 UTC; measured by the store's own clock where it has one (PostgreSQL: now()). */
  expiresAt: string;
}

export interface LeaseStore {
  /**
   * Takes the lease when nobody holds it, it expired, or `owner` already holds it (then it is renewed and
   * keeps its token). Null while another owner holds it.
   */
  tryAcquire(name: string, owner: string, ttlMs: number): Promise<Lease | null>;
  /** Extends a held lease; null when it was lost (expired and taken over, or released). */
  renew(lease: Lease, ttlMs: number): Promise<Lease | null>;
  /** Gives the lease up at once (a clean shutdown), so another instance need not wait for expiry. */
  release(lease: Lease): Promise<void>;
  /** Every lease with its holder, for /metrics and status. */
  list(): Promise<Lease[]>;
}

/** A write under a lease whose token is no longer the newest: another instance took over. */
export class FencedOutError extends Error {
  constructor(
    readonly resource: string,
    readonly token: number,
    readonly newest: number,
  ) {
    super(`${resource}: fencing token ${token} is older than ${newest}; another instance took over`);
    this.name = 'FencedOutError';
  }
}
