import { Subject, Subscription } from 'rxjs';
import { EventStore, Poller, RecordedEvent } from '@wijkzorg/event-store';
import { FencedOutError, LeaseKeeper, upcast } from '@wijkzorg/application';
import { Projection, ProjectionContext, ProjectedEvent, asProjected, releaseSharedIds } from './projection';
import { CheckpointMovedError, Doc, DocChange, DocKey, GenerationDroppedError, ProjectionCommit, ProjectionVersionError, ReadModelStore, docKey, isRefusal } from './read-model-store.port';

export interface ProjectionStatus {
  name: string;
  version: number;
  storedVersion: number | null;
  position: number;
  headPosition: number;
  lag: number;
  updatedAt: string | null;
  /** With leases: the instance holding `projection:<name>` (null: nobody holds it now). */
  owner?: string | null;
}

export interface CatchUpProgress {
  projection: string;
  position: number;
  headPosition: number;
  events: number;
}

export interface RunnerOptions {
  batchSize?: number;
  pollMs?: number;
  log?: (message: string) => void;
  /**
   * Several instances on one read-model store: a projection is applied only by the instance holding its
   * lease `projection:<name>`, with the lease token as fence; the others follow its checkpoint and never write.
   */
  leases?: { keeper: LeaseKeeper };
  /** How long a rebuild superseded by another runner's waits for that one to finish (default 15 minutes). */
  rebuildWaitMs?: number;
  /** Events read from the log at a time within a batch (default 5000): a batch is streamed, not held whole. */
  pageSize?: number;
  /** Documents kept per projection between batches (default 4,000); the least recently changed are dropped and loaded again when needed. */
  cachedDocs?: number;
  /** How long whenCaughtUp waits by default for the first catch-up after start (default 30 s). */
  firstCatchUpWaitMs?: number;
  /**
   * Where the runner shares its event loop with requests (the api): the longest synchronous stretch a catch-up aims for.
   * Its batches shrink (down to 50 events) while a stretch between two turns of the loop takes longer, and grow back to
   * batchSize while they stay well under it; a batch of more than a few events commits one projection at a time.
   */
  maxStretchMs?: number;
}

/**
 * Times the synchronous stretches of a catch-up (the longest since the last reset, each ended by a turn of the event
 * loop) in CPU time of the process: on a machine shared with other work, wall time would count their turns as ours.
 */
class Stretches {
  private started = process.cpuUsage();
  longest = 0;

  async yield(): Promise<void> {
    const used = process.cpuUsage(this.started);
    this.longest = Math.max(this.longest, (used.user + used.system) / 1000);
    await yieldToEventLoop();
    this.started = process.cpuUsage();
  }

  reset(): void {
    this.longest = 0;
    this.started = process.cpuUsage();
  }
}

/** What a cache knows about a projection's stored documents between batches. */
interface DocCache {
  docs: Map<string, Doc>;
  /** The projection started empty: a key in neither `docs` nor `evicted` names no document. */
  complete: boolean;
  /** Keys of stored documents dropped from `docs` to bound memory (kept only while `complete`). */
  evicted: Set<string>;
}

/** One projection's batch in progress: documents changed so far, committed once with the checkpoint at its end. */
interface Pass extends DocCache {
  projection: Projection;
  handled: Set<string>;
  dirty: Map<string, DocChange>;
  /** Checkpoint the batch starts from, and the position of the last event applied so far. */
  after: number;
  position: number;
}

/** Lets timers, I/O and requests run between the synchronous stretches of a batch. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A projection being rebuilt into a new generation (a projection of its own, named after the generation). */
interface RebuildTarget {
  projection: Projection;
  generation: Projection;
  position: number;
}

/**
 * Feeds projections from the global log. Each batch is read once for all projections that need it,
 * applied to documents loaded in bulk, and committed together with the projection's checkpoint.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private running: Promise<void> = Promise.resolve();
  private readonly poller: Poller;
  private positions = new Map<string, number>();
  /**
   * Documents each projection wrote, kept between batches so a catch-up does not reload them.
   * Trusted only while the stored checkpoint is the one this runner wrote (no other writer since).
   */
  private readonly cache = new Map<string, DocCache & { position: number }>();
  /** With leases: the lease token this runner last worked a projection under, and the tokens the store fenced off. */
  private readonly terms = new Map<string, number>();
  private readonly fencedOff = new Map<string, number>();
  /** Projections stored at another version than this code's (newer code switched in a rebuild): read only. */
  private readonly outdated = new Set<string>();
  private readonly cachedDocsLimit: number;
  /** Whether a catch-up of this runner has once reached the head of the log (see catchUpNow). */
  private reachedHead = false;
  /** Where the models stood when the first catch-up reached the head: nothing computed before holds the whole log. */
  private reachedHeadAt?: number;
  /** Resolved when reachedHead turns true: reads without minPosition wait for it after start. */
  private markHeadReached!: () => void;
  private readonly headReached = new Promise<void>((resolve) => (this.markHeadReached = resolve));
  /** The head of the log when the first catch-up started: what its progress is measured against. */
  private firstHead?: number;
  private readonly pageSize: number;
  private static readonly OPTIMIZE_AFTER = 100_000;

  constructor(
    readonly events: EventStore,
    readonly store: ReadModelStore,
    readonly projections: Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.catchUpBatchSize = this.batchSize;
    this.pageSize = Math.min(this.batchSize, options.pageSize ?? 5000);
    this.cachedDocsLimit = options.cachedDocs ?? 4000;
    this.poller = new Poller(
      () => this.liveCatchUp(),
      // With a wake-up from the store, polling is only the fallback.
      options.pollMs ?? (events.wakeUps ? 1000 : 100),
      (error) => options.log?.(`projection catch-up failed: ${error.message}`),
    );
  }

  projection(name: string): Projection {
    const found = this.projections.find((p) => p.name === name);
    if (!found) throw new Error(`unknown projection '${name}'; known: ${this.projections.map((p) => p.name).join(', ')}`);
    return found;
  }

  /**
   * A projection whose stored version differs from its code is rebuilt from zero, blue-green: readers
   * (of this and every other instance) keep the old model until the new one has caught up and is
   * switched in. Returns when every projection is at its code version.
   */
  async prepare(): Promise<void> {
    const outdated: string[] = [];
    for (const p of this.projections) {
      for (const [collection, fields] of Object.entries(p.indexes ?? {})) await this.store.ensureIndexes(p.name, collection, fields);
      const checkpoint = await this.store.checkpoint(p.name);
      if (checkpoint && checkpoint.version !== p.version) {
        this.options.log?.(`projection ${p.name}: code version ${p.version} differs from stored ${checkpoint.version}, rebuilding`);
        outdated.push(p.name);
        continue;
      }
      if (!checkpoint) await this.store.reset(p.name, p.version);
      this.positions.set(p.name, checkpoint?.position ?? 0);
    }
    if (outdated.length) await this.rebuildAll(outdated);
  }

  /** Catch the named projections (default all) up to the head of the log. Serialised with live updates. */
  catchUp(names?: string[], onProgress?: (progress: CatchUpProgress) => void): Promise<number> {
    const run = this.running.then(() => this.catchUpNow(names, onProgress));
    this.running = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async catchUpNow(names: string[] | undefined, onProgress?: (progress: CatchUpProgress) => void): Promise<number> {
    const requested = names ? names.map((n) => this.projection(n)) : this.projections;
    // Projections another instance works: follow their stored checkpoints (reads only).
    for (const p of requested) if (!this.fenceFor(p.name)) this.positions.set(p.name, (await this.store.checkpoint(p.name))?.position ?? 0);
    let applied = 0;
    const head = onProgress || !this.reachedHead ? await this.events.headPosition() : 0;
    this.firstHead ??= head;
    const stretches = new Stretches();
    for (;;) {
      stretches.reset();
      // Asked again every batch: a lease can be lost (or taken) meanwhile.
      const selected = requested.filter((p) => this.fenceFor(p.name));
      // An instance that works none of them serves what their owners keep current.
      if (selected.length === 0) return this.headReachedOnce(names, applied);
      for (const p of selected) if (!this.positions.has(p.name)) this.positions.set(p.name, (await this.store.checkpoint(p.name))?.position ?? 0);
      const from = Math.min(...selected.map((p) => this.positions.get(p.name)!));
      const batch = (await this.events.readAll({ afterPosition: from, maxCount: this.catchUpBatchSize })).map(upcast);
      if (batch.length === 0) {
        releaseSharedIds();
        if (applied >= ProjectionRunner.OPTIMIZE_AFTER) await this.store.optimize?.();
        return this.headReachedOnce(names, applied);
      }
      await this.applyTogether(selected, batch, head, onProgress, stretches);
      applied += batch.length;
      this.fitBatchSize(batch.length, stretches.longest);
    }
  }

  /** Events a catch-up reads per batch now: batchSize, or less where the runner keeps its stretches under maxStretchMs. */
  private catchUpBatchSize: number;

  /** With maxStretchMs: the next batch sized so its longest stretch (about proportional to its events) stays under it. */
  private fitBatchSize(events: number, longestMs: number): void {
    const cap = this.options.maxStretchMs;
    if (cap === undefined || events < this.catchUpBatchSize) return; // a short batch (the head) says nothing about the size
    if (longestMs > cap) this.catchUpBatchSize = Math.max(ProjectionRunner.MIN_BATCH, Math.floor((this.catchUpBatchSize * cap) / longestMs / 1.25));
    else if (longestMs < cap / 2) this.catchUpBatchSize = Math.min(this.batchSize, Math.ceil(this.catchUpBatchSize * 1.5));
  }

  private static readonly MIN_BATCH = 50;
  /** A batch of more events than this commits one projection at a time where the runner keeps its stretches short. */
  private static readonly SPLIT_COMMIT_AFTER = 100;

  /** A catch-up of every projection reached the head: from now on reads without minPosition may rely on the models. */
  private headReachedOnce(names: string[] | undefined, applied: number): number {
    if (!names && !this.reachedHead) {
      this.reachedHead = true;
      this.reachedHeadAt = Math.min(...this.projections.map((p) => this.positions.get(p.name) ?? 0));
      this.markHeadReached();
    }
    return applied;
  }

  /** Whether a catch-up of all projections has reached the head of the log since this runner started. */
  get caughtUp(): boolean {
    return this.reachedHead;
  }

  /** The position the models had reached when the first catch-up reached the head (undefined until then). */
  get caughtUpAt(): number | undefined {
    return this.reachedHeadAt;
  }

  /** Until the first catch-up reaches the head: how far it is (the lowest position of the projections) and where it goes. */
  catchUpProgress(): { caughtUp: boolean; position: number; headPosition: number } {
    const position = Math.min(...this.projections.map((p) => this.positions.get(p.name) ?? 0));
    return { caughtUp: this.reachedHead, position, headPosition: Math.max(position, this.firstHead ?? 0) };
  }

  /** How long a reader waits for the first catch-up after start (firstCatchUpWaitMs, default 30 s). */
  get firstCatchUpWaitMs(): number {
    return this.options.firstCatchUpWaitMs ?? 30_000;
  }

  /** Waits (without holding the loop) until the first catch-up has reached the head; false after timeoutMs. */
  async whenCaughtUp(timeoutMs = this.firstCatchUpWaitMs): Promise<boolean> {
    if (this.reachedHead) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.headReached.then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The batch applied to every selected projection, then committed in one call (one transaction where the store
   * allows): a live batch of a few events moves 19 checkpoints with one commit instead of 19. Every catch-up, the
   * first after start too, lets requests in between projections and after the commit; until the first one reaches
   * the head, reads without minPosition wait for it (whenCaughtUp), so none answers from a partial model.
   */
  private async applyTogether(selected: Projection[], batch: RecordedEvent[], head: number, onProgress?: (progress: CatchUpProgress) => void, stretches = new Stretches()): Promise<void> {
    const passes: { pass: Pass; fence?: number; events: number }[] = [];
    let outcomes: (Error | undefined)[];
    try {
      for (const p of selected) {
        const position = this.positions.get(p.name)!;
        const pending = batch.filter((e) => e.globalPosition > position);
        const work = this.fenceFor(p.name);
        if (pending.length === 0 || !work) continue;
        const pass = this.openPass(p, position);
        passes.push({ pass, fence: work.fence, events: pending.length });
        await this.applyToPass(pass, pending);
        await stretches.yield();
      }
      if (passes.length === 0) return;
      const commits = passes.map(({ pass, fence }) => ({ projection: pass.projection.name, changes: [...pass.dirty.values()], checkpoint: { position: pass.position, version: pass.projection.version, after: pass.after, fence } }));
      if (this.options.maxStretchMs !== undefined && batch.length > ProjectionRunner.SPLIT_COMMIT_AFTER) {
        // One transaction for all would hold the loop as long as all their writes take.
        outcomes = [];
        for (const commit of commits) {
          outcomes.push(...(await this.commitAll([commit])));
          await stretches.yield();
        }
      } else outcomes = await this.commitAll(commits);
    } catch (error) {
      // Documents of the passes were changed in place: none of those caches matches the store any more.
      for (const { pass } of passes) this.cache.delete(pass.projection.name);
      throw error;
    }
    passes.forEach(({ pass, events }, i) => {
      const refusal = outcomes[i];
      if (refusal) {
        this.cache.delete(pass.projection.name);
        this.stepBack(pass.projection, refusal);
        return;
      }
      this.keepCache(pass);
      this.noteChanges(pass);
      this.applied(pass.projection, pass.position, head, events, onProgress);
    });
    // Waiters for a position look again after every batch, not only when a long catch-up ends.
    this.liveRunEnded.next();
    await stretches.yield();
  }

  /** Through `commitMany` where the store has it; otherwise one commit after the other, each refusal answered in its place. */
  private async commitAll(commits: ProjectionCommit[]): Promise<(Error | undefined)[]> {
    if (this.store.commitMany) return this.store.commitMany(commits);
    const outcomes: (Error | undefined)[] = [];
    for (const c of commits) {
      try {
        await this.store.commit(c.projection, c.changes, c.checkpoint);
        outcomes.push(undefined);
      } catch (error) {
        if (!isRefusal(error)) throw error;
        outcomes.push(error);
      }
    }
    return outcomes;
  }

  /** A batch the store refused: why decides what this runner does with the projection from now on. */
  private stepBack(p: Projection, error: unknown): void {
    if (error instanceof FencedOutError) {
      // Another instance took over: leave the projection alone until this one holds a new term.
      this.fencedOff.set(p.name, error.token);
      this.positions.delete(p.name);
      this.changes.delete(p.name);
      this.options.log?.(`projection ${p.name}: ${error.message}`);
      return;
    }
    if (error instanceof ProjectionVersionError) {
      // Newer code rebuilt and switched the model in: this (former) version only reads it from now on.
      this.outdated.add(p.name);
      this.positions.delete(p.name);
      this.changes.delete(p.name);
      this.options.log?.(`projection ${p.name}: ${error.message}; this instance no longer writes it`);
      return;
    }
    if (!(error instanceof CheckpointMovedError)) throw error;
    // Someone else (a rebuild, another process) moved this projection: go on from where it is now.
    this.positions.set(p.name, error.actual);
    this.changes.delete(p.name);
  }

  private applied(p: Projection, position: number, head: number, events: number, onProgress?: (progress: CatchUpProgress) => void): void {
    this.positions.set(p.name, position);
    onProgress?.({ projection: p.name, position, headPosition: head, events });
  }

  private openPass(projection: Projection, after: number): Pass {
    return { projection, handled: new Set(projection.handles), ...this.cachedDocs(projection.name, after), dirty: new Map(), after, position: after };
  }

  /** Applies events (in log order, all past the pass's position) to the pass's documents, loading those it lacks. */
  private async applyToPass(pass: Pass, events: RecordedEvent[]): Promise<void> {
    const { projection, docs, dirty, evicted } = pass;
    const relevant: ProjectedEvent[] = [];
    for (const e of events) if (pass.handled.has(e.type)) relevant.push(asProjected(e));
    // Declared keys by collection and id, each joined into its document key once: handlers name a document by the
    // same strings again and again, and a lookup by them costs less than joining and hashing a new key every time.
    const declared = new Map<string, Map<string, string>>();
    const missing: DocKey[] = [];
    for (const e of relevant)
      for (const k of projection.keys(e)) {
        let ids = declared.get(k.collection);
        if (!ids) declared.set(k.collection, (ids = new Map()));
        if (ids.has(k.id)) continue;
        const key = docKey(k.collection, k.id);
        ids.set(k.id, key);
        // A complete cache (the projection started empty) knows that what it lacks and did not drop does not exist; a
        // document deleted earlier in this batch is gone too, though the store still holds it until the commit.
        if (!docs.has(key) && !dirty.has(key) && (!pass.complete || evicted.has(key))) missing.push(k);
      }
    try {
      if (missing.length)
        for (const [key, doc] of await this.store.load(projection.name, missing)) {
          docs.set(key, doc);
          evicted.delete(key);
        }
      let current: ProjectedEvent;
      const context: ProjectionContext = {
        get: <T extends Doc>(collection: string, id: string) => docs.get(declared.get(collection)?.get(id) ?? docKey(collection, id)) as T | undefined,
        update: <T extends Doc>(collection: string, id: string, change: (doc: T | undefined) => T | null) => {
          const key = declared.get(collection)?.get(id);
          if (key === undefined) throw new Error(`projection ${projection.name} updated ${docKey(collection, id)} without declaring it in keys() for ${current.type}`);
          const before = docs.get(key) as T | undefined;
          // Stored documents that already reflect this event were written by an earlier, interrupted run.
          if (!dirty.has(key) && before?._position !== undefined && before._position >= current.globalPosition) return;
          const after = change(before);
          if (after === null && before === undefined) return; // nothing there, nothing to delete
          if (after === null) docs.delete(key);
          else {
            after._position = current.globalPosition;
            docs.set(key, after);
          }
          dirty.set(key, { collection, id, doc: after });
        },
      };
      for (const e of relevant) {
        current = e;
        projection.apply(e, context);
      }
    } catch (error) {
      this.cache.delete(projection.name); // it may hold half-applied changes
      throw error;
    }
    if (events.length) pass.position = events[events.length - 1].globalPosition;
  }

  /** Writes the pass's changed documents once, with its checkpoint, and keeps a bounded cache of them for the next batch. */
  private async commitPass(pass: Pass): Promise<void> {
    const { projection } = pass;
    try {
      await this.store.commit(projection.name, [...pass.dirty.values()], { position: pass.position, version: projection.version, after: pass.after });
    } catch (error) {
      this.cache.delete(projection.name);
      throw error;
    }
    this.keepCache(pass);
  }

  /** After a commit: the pass's documents stay cached for the next batch, within the cache's bound. */
  private keepCache(pass: Pass): void {
    const { projection, docs, evicted } = pass;
    let complete = pass.complete;
    if (docs.size > this.cachedDocsLimit) {
      // Those this batch did not change first, then the oldest; a quarter of headroom so this does not run after every batch.
      const keep = Math.floor(this.cachedDocsLimit * 0.75);
      const drop = (key: string) => {
        docs.delete(key);
        if (complete) evicted.add(key);
      };
      for (const key of docs.keys()) if (docs.size > keep && !pass.dirty.has(key)) drop(key);
      for (const key of docs.keys()) if (docs.size > keep) drop(key);
      // Knowing every key of a huge projection would itself grow without bound: past that, misses are asked of the store.
      if (evicted.size > this.cachedDocsLimit) {
        complete = false;
        evicted.clear();
      }
    }
    this.cache.set(projection.name, { position: pass.position, docs, complete, evicted });
  }

  /**
   * Whether this runner may apply the projection now, and under which fence: without leases always
   * (unfenced); with leases only while it holds `projection:<name>` in a term the store has not fenced
   * off. A new term starts from the stored checkpoint with an empty cache (another owner may have written).
   */
  private fenceFor(name: string): { fence?: number } | undefined {
    if (this.outdated.has(name)) return undefined;
    const keeper = this.options.leases?.keeper;
    if (!keeper) return {};
    const lease = keeper.holds(`projection:${name}`);
    if (!lease || this.fencedOff.get(name) === lease.token) return undefined;
    if (this.terms.get(name) !== lease.token) {
      this.terms.set(name, lease.token);
      this.cache.delete(name);
      this.positions.delete(name);
    }
    return { fence: lease.token };
  }

  /**
   * The cache, if it was written at the position this batch starts from. Whether another writer moved
   * the projection meanwhile is not asked here: the commit's checkpoint check refuses the batch then,
   * and the cache is dropped with it.
   */
  private cachedDocs(projection: string, after: number): DocCache {
    const cached = this.cache.get(projection);
    if (cached && cached.position === after) return { docs: cached.docs, complete: cached.complete, evicted: cached.evicted };
    this.cache.delete(projection);
    // At position zero the projection has no documents yet (reset clears them with the checkpoint).
    return { docs: new Map(), complete: after === 0, evicted: new Set() };
  }

  /** The leases this runner works under: a projection newer code has switched in is given up, so an instance running that code takes it. */
  leaseNames(): string[] {
    return this.projections.filter((p) => !this.outdated.has(p.name)).map((p) => `projection:${p.name}`);
  }

  /** The position this runner has applied for a projection (what its read model reflects). */
  positionOf(name: string): number {
    return this.positions.get(name) ?? 0;
  }

  /**
   * Per projection: the last position at which this runner saw its documents change, and the position it has
   * applied since then without seeing a change (`through`). Only this runner's own live batches are seen.
   */
  private readonly changes = new Map<string, { changed: number; through: number }>();

  private noteChanges(pass: Pass): void {
    const seen = this.changes.get(pass.projection.name);
    // A batch starting where the last one seen ended continues what is known; otherwise the documents at its start are as of its start.
    const before = seen && seen.through === pass.after ? seen.changed : pass.after;
    this.changes.set(pass.projection.name, { changed: pass.dirty.size > 0 ? pass.position : before, through: pass.position });
  }

  /**
   * A position at or after which the projection's documents last changed: answers memoised on it stay valid while
   * events that change nothing they read pass. Where this runner did not apply the projection itself up to where
   * it is (a follower of another instance's checkpoint, a rebuild switched in, at start), that is the applied position.
   */
  changedPositionOf(name: string): number {
    const position = this.positionOf(name);
    const seen = this.changes.get(name);
    return seen && seen.through === position ? seen.changed : position;
  }

  /** Start over from zero for one projection, blue-green (see rebuildAll). */
  rebuild(name: string, onProgress?: (progress: CatchUpProgress) => void): Promise<number> {
    return this.rebuildAll([name], onProgress);
  }

  /**
   * Rebuilds projections from zero into new generations of their read models (one pass over the log
   * for all of them) while the live ones keep serving and, in this runner, keep being updated; when a
   * new generation has caught up with the head it is switched in atomically and the old one dropped.
   * A crash before the switch leaves the live model as it was; the next rebuild starts afresh. When a
   * rebuild elsewhere (another instance starting with the same code) supersedes one of these, this runner
   * waits for that one to be switched in instead of competing with it.
   */
  async rebuildAll(names: string[], onProgress?: (progress: CatchUpProgress) => void): Promise<number> {
    const targets: RebuildTarget[] = [];
    for (const p of names.map((n) => this.projection(n))) {
      const generation = await this.store.beginRebuild(p.name, p.version);
      targets.push({ projection: p, generation: { ...p, name: generation }, position: 0 });
    }
    const superseded: Projection[] = [];
    const supersededBy = (t: RebuildTarget, error: unknown) => {
      if (!(error instanceof GenerationDroppedError)) throw error;
      this.options.log?.(`projection ${t.projection.name}: a newer rebuild elsewhere replaced this one; waiting for it`);
      this.cache.delete(t.generation.name);
      superseded.push(t.projection);
    };
    let applied = 0;
    let pending = targets;
    for (let attempt = 0; pending.length; attempt++) {
      applied += await this.catchUpGenerations(pending, supersededBy, onProgress);
      pending = pending.filter((t) => !superseded.includes(t.projection));
      // Built once over the loaded documents instead of being maintained through every write of the rebuild.
      if (attempt === 0) for (const t of pending) for (const [collection, fields] of Object.entries(t.projection.indexes ?? {})) await this.store.ensureIndexes(t.generation.name, collection, fields);
      // Switched between live batches of this runner, so the live position it knows is the stored one.
      const switching = this.running.then(async () => {
        const behind: RebuildTarget[] = [];
        for (const t of pending) {
          try {
            // A live model that keeps moving ahead (writers of the old version elsewhere) is overtaken after a few rounds.
            await this.store.switchOver(t.projection.name, t.generation.name, { force: attempt >= ProjectionRunner.SWITCH_ATTEMPTS });
          } catch (error) {
            if (error instanceof CheckpointMovedError) behind.push(t);
            else supersededBy(t, error);
            continue;
          }
          this.cache.delete(t.projection.name);
          this.cache.delete(t.generation.name);
          this.changes.delete(t.projection.name); // new documents, even if the position is one seen before
          this.positions.set(t.projection.name, t.position);
        }
        return behind;
      });
      this.running = switching.then(
        () => undefined,
        () => undefined,
      );
      pending = await switching;
    }
    for (const p of superseded) await this.awaitVersion(p);
    releaseSharedIds();
    if (applied >= ProjectionRunner.OPTIMIZE_AFTER) await this.store.optimize?.();
    return applied;
  }

  private static readonly SWITCH_ATTEMPTS = 5;

  /**
   * Applies the log to new generations up to the head; answers the number of events read. Each batch is read
   * a page at a time and applied to every generation, then each generation's changed documents are committed
   * once; the event loop gets a turn after every projection's share of a page and after every commit.
   */
  private async catchUpGenerations(targets: RebuildTarget[], supersededBy: (target: RebuildTarget, error: unknown) => void, onProgress?: (progress: CatchUpProgress) => void): Promise<number> {
    const head = await this.events.headPosition();
    let active = targets;
    const lost = new Set<RebuildTarget>();
    const lose = (t: RebuildTarget, error: unknown) => {
      supersededBy(t, error);
      lost.add(t);
    };
    let applied = 0;
    while (active.length) {
      const passes = new Map(active.map((t) => [t, this.openPass(t.generation, t.position)]));
      let cursor = Math.min(...active.map((t) => t.position));
      let read = 0;
      while (read < this.batchSize) {
        const page = (await this.events.readAll({ afterPosition: cursor, maxCount: Math.min(this.pageSize, this.batchSize - read) })).map(upcast);
        if (page.length === 0) break;
        for (const [t, pass] of passes) {
          if (lost.has(t)) continue;
          const first = page.findIndex((e) => e.globalPosition > pass.position);
          if (first < 0) continue;
          try {
            await this.applyToPass(pass, first === 0 ? page : page.slice(first));
          } catch (error) {
            lose(t, error);
          }
          await yieldToEventLoop();
        }
        read += page.length;
        cursor = page[page.length - 1].globalPosition;
      }
      if (read === 0) break;
      for (const [t, pass] of passes) {
        if (lost.has(t) || pass.position === t.position) continue;
        try {
          await this.commitPass(pass);
        } catch (error) {
          lose(t, error);
          continue;
        }
        onProgress?.({ projection: t.projection.name, position: pass.position, headPosition: Math.max(head, pass.position), events: pass.position - t.position });
        t.position = pass.position;
        await yieldToEventLoop();
      }
      active = active.filter((t) => !lost.has(t));
      applied += read;
    }
    return applied;
  }

  /** Waits (polling, up to rebuildWaitMs) until another runner has switched in the projection at its code version. */
  private async awaitVersion(p: Projection): Promise<void> {
    const deadline = Date.now() + (this.options.rebuildWaitMs ?? 15 * 60_000);
    for (;;) {
      const checkpoint = await this.store.checkpoint(p.name);
      if (checkpoint?.version === p.version) {
        this.cache.delete(p.name);
        this.positions.set(p.name, checkpoint.position);
        return;
      }
      if (Date.now() > deadline) throw new Error(`projection ${p.name}: the rebuild that replaced this one did not finish in time`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.events.headPosition();
    const owners = await this.options.leases?.keeper.holders();
    return Promise.all(
      this.projections.map(async (p) => {
        const checkpoint = await this.store.checkpoint(p.name);
        const position = checkpoint?.position ?? 0;
        return { name: p.name, version: p.version, storedVersion: checkpoint?.version ?? null, position, headPosition: head, lag: Math.max(0, head - position), updatedAt: checkpoint?.updatedAt ?? null, ...(owners && { owner: owners.get(`projection:${p.name}`) ?? null }) };
      }),
    );
  }

  private liveWakeUps?: Subscription;
  /** Callers in waitFor riding the live loop. */
  private waiting = 0;
  private followingSoon?: NodeJS.Timeout;
  /** Ends of the live loop's catch-ups: waiters look at the positions again after each. */
  private readonly liveRunEnded = new Subject<void>();

  private async liveCatchUp(): Promise<number> {
    try {
      return await this.catchUp();
    } finally {
      this.liveRunEnded.next();
    }
  }

  /** Keep projections current: catch up on every wake-up of the store, and poll (cheap when idle) as the fallback, until stopped. */
  start(): void {
    // After the cheap readers woken with it (a live SSE feed writes one event while this applies it to every projection).
    // An instance that works no projection follows the others' checkpoints only while someone waits for a position.
    // It looks only after a short pause: an owner on a store without commitMany commits each projection on its own, and one
    // look after them beats one per commit.
    this.liveWakeUps ??= this.events.wakeUps?.().subscribe(() => {
      const keeper = this.options.leases?.keeper;
      if (!keeper || this.projections.some((p) => keeper.holds(`projection:${p.name}`))) setImmediate(() => this.poller.wake());
      else if (this.waiting > 0)
        this.followingSoon ??= setTimeout(() => {
          this.followingSoon = undefined;
          this.poller.wake();
        }, FOLLOW_PAUSE_MS);
    });
    this.poller.start();
  }

  async stop(): Promise<void> {
    this.liveWakeUps?.unsubscribe();
    this.liveWakeUps = undefined;
    clearTimeout(this.followingSoon);
    this.followingSoon = undefined;
    await this.poller.stop();
    this.liveRunEnded.next(); // waiters stop relying on the live loop
    await this.running;
  }

  /**
   * Wait until every projection has applied the given position (read-your-writes for a caller). With
   * leases, only the projections this instance owns are caught up here; the others are waited for by
   * following their stored checkpoints, never written. While the live loop runs on a store with wake-ups,
   * it does both for every waiter at once: it runs once more now, and again on each wake-up of the store
   * (a read-model commit of another process on the embedded store is one), and at least every 20 ms while
   * the wait lasts (read models kept elsewhere commit without a wake-up). Otherwise: every 20 ms.
   */
  async waitFor(position: number, timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const reached = () => this.projections.every((p) => (this.positions.get(p.name) ?? 0) >= position);
    if (reached()) return true;
    const live = () => this.liveWakeUps !== undefined && !this.poller.stopped;
    if (live()) this.poller.wake();
    this.waiting++;
    try {
      return await this.waitForPosition(reached, live, position, deadline);
    } finally {
      this.waiting--;
    }
  }

  private async waitForPosition(reached: () => boolean, live: () => boolean, position: number, deadline: number): Promise<boolean> {
    for (;;) {
      if (reached()) return true;
      if (Date.now() > deadline) return false;
      if (live()) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => done(), Math.max(1, deadline - Date.now() + 1));
          // Wake-ups come with commits to the log; checkpoints kept elsewhere (MongoDB, PostgreSQL, another file) wake no one.
          const lookAgain = setTimeout(() => this.poller.wake(), WAITER_LOOK_MS);
          const ended = this.liveRunEnded.subscribe(() => done());
          const done = () => {
            clearTimeout(timer);
            clearTimeout(lookAgain);
            ended.unsubscribe();
            resolve();
          };
        });
        continue;
      }
      // Only those still behind: on an instance that owns none, that is one checkpoint read per projection waited for.
      await this.catchUp(this.projections.filter((p) => (this.positions.get(p.name) ?? 0) < position).map((p) => p.name));
      if (reached()) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** How long an instance that works no projection lets the owner's commits of one batch gather before it looks at the checkpoints. */
const FOLLOW_PAUSE_MS = 2;
/** How long a waiter rides the live loop without a run before it has the loop look again (as it looked every 20 ms before wake-ups). */
const WAITER_LOOK_MS = 20;
