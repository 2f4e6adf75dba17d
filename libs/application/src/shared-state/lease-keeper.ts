import { Poller } from '@wijkzorg/event-store';
import { Lease, LeaseStore } from './leases';

/** The lease names wanted now: fixed, or asked again every round (one per active webhook, say). */
export type LeaseNames = string[] | (() => string[] | Promise<string[]>);

export interface LeaseListener {
  acquired?(lease: Lease): void;
  /** The lease ended: taken over, released, no longer wanted, or its time ran out before a renewal. */
  lost?(name: string): void;
}

export interface LeaseKeeperOptions {
  store: LeaseStore;
  /** This instance (WIJKZORG_INSTANCE_ID). */
  owner: string;
  /** Default 3000 ms; renewal runs every ttl/3. */
  ttlMs?: number;
  names?: LeaseNames;
  /** The local clock (injected by specs). */
  now?: () => number;
  log?: (message: string) => void;
}

interface Held {
  lease: Lease;
  /** Local time after which the lease is not trusted: when the acquiring or renewing request started, plus ttl. */
  trustedUntil: number;
}

/**
 * Keeps the leases this instance wants: takes each free one, renews the held ones every ttl/3 and
 * releases them all on stop(), so a clean shutdown hands over at once and a crash after at most ttl.
 *
 * A lease counts as held only until ttl after the request that last acquired or renewed it started,
 * measured on the local clock: a pause (GC, a stopped VM) longer than that makes `holds` answer
 * undefined even before the next renewal is attempted. Whatever slips through (work begun just before
 * the pause) is refused by the fencing token.
 */
export class LeaseKeeper {
  readonly store: LeaseStore;
  readonly owner: string;
  readonly ttlMs: number;
  private readonly sources: LeaseNames[] = [];
  private readonly held = new Map<string, Held>();
  private readonly listeners: LeaseListener[] = [];
  private readonly now: () => number;
  private readonly poller: Poller;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: LeaseKeeperOptions) {
    this.store = options.store;
    this.owner = options.owner;
    this.ttlMs = options.ttlMs ?? 3000;
    this.now = options.now ?? Date.now;
    if (options.names) this.sources.push(options.names);
    this.poller = new Poller(
      () => this.refresh(),
      Math.max(1, Math.floor(this.ttlMs / 3)),
      (error) => options.log?.(`leases: ${error.message}`),
    );
  }

  /** Adds names to keep (a worker that starts later registers its own); resolves after one round has tried them. */
  want(names: LeaseNames): Promise<void> {
    this.sources.push(names);
    return this.refresh();
  }

  subscribe(listener: LeaseListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** The lease on `name` while this instance may work under it, else undefined. */
  holds(name: string): Lease | undefined {
    const held = this.held.get(name);
    return held && this.now() < held.trustedUntil ? held.lease : undefined;
  }

  /** Names of the leases held now. */
  heldNames(): string[] {
    return [...this.held.keys()].filter((name) => this.holds(name));
  }

  /** Who holds each lease that has not expired, by any instance (for status pages). */
  async holders(): Promise<Map<string, string>> {
    return new Map((await this.store.list()).filter((l) => Date.parse(l.expiresAt) > this.now()).map((l) => [l.name, l.owner]));
  }

  start(): void {
    this.stopped = false;
    this.poller.start();
  }

  /** Releases every lease held, so other instances take over without waiting for expiry. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.poller.stop();
    await this.round;
    for (const [name, { lease }] of [...this.held]) {
      this.drop(name);
      await this.store.release(lease).catch((error: Error) => this.options.log?.(`leases: releasing ${name} failed: ${error.message}`));
    }
  }

  /** One round: renew what is held, take what is wanted and free, release what is no longer wanted. Rounds never overlap. */
  refresh(): Promise<void> {
    const run = this.round.then(() => (this.stopped ? undefined : this.refreshNow()));
    this.round = run.catch(() => undefined);
    return run;
  }

  private async refreshNow(): Promise<void> {
    const wanted = new Set<string>();
    for (const source of this.sources) for (const name of typeof source === 'function' ? await source() : source) wanted.add(name);
    for (const [name, { lease }] of [...this.held]) {
      if (!wanted.has(name)) {
        this.drop(name);
        await this.store.release(lease);
        continue;
      }
      const startedAt = this.now();
      const renewed = await this.store.renew(lease, this.ttlMs).catch((error: Error) => {
        this.options.log?.(`leases: renewing ${name} failed: ${error.message}`);
        return undefined; // unknown: kept until its trusted time runs out, renewed again next round
      });
      if (renewed) this.held.set(name, { lease: renewed, trustedUntil: startedAt + this.ttlMs });
      else if (renewed === null || !this.holds(name)) this.drop(name);
    }
    for (const name of wanted) {
      if (this.held.has(name)) continue;
      const startedAt = this.now();
      const lease = await this.store.tryAcquire(name, this.owner, this.ttlMs);
      if (!lease) continue;
      this.held.set(name, { lease, trustedUntil: startedAt + this.ttlMs });
      for (const listener of [...this.listeners]) listener.acquired?.(lease);
    }
  }

  private drop(name: string): void {
    if (!this.held.delete(name)) return;
    for (const listener of [...this.listeners]) listener.lost?.(name);
  }
}
