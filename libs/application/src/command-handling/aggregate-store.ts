import { randomUUID } from 'node:crypto';
import { Decider, DecisionContext, NewEvent } from '@wijkzorg/domain';
import { EventStore, EventToAppend, RecordedEvent, WrongExpectedRevisionError, eventIdFor, eventWith } from '@wijkzorg/event-store';
import { CommandIdReused, CommandMeta, CommandOutcome } from './command-meta';
import { commandFingerprint } from './command-fingerprint';
import { upcast } from '../upcasters';
import { ClientKeyOfLoad, PersonalDataCipher } from '../privacy/personal-data-cipher';
import { CommandIdFilter, Snapshots, anchorOf } from './snapshots';

export interface Loaded<State> {
  state: State;
  revision: number;
  /** Every event of the stream; from `loadLatest`, only those after the snapshot it started from. */
  events: RecordedEvent[];
  /** Where `loadLatest` started from a snapshot: its revision and the command ids of the events up to it. */
  snapshot?: { revision: number; commandIds: CommandIdFilter };
}

const MAX_ATTEMPTS = 5;

/** Options of the one command-handling path (after Emmett's `handleCommand`). */
export interface HandleCommandOptions<S> {
  /** Checked on every load before anything about the stream shows (existence, revision, earlier outcomes): the scope rule. */
  guard?: (state: S) => void;
  /** Whether a failed attempt runs again; by default a concurrent write when the caller named no revision. */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
}

/** A concurrent write the service may resolve by deciding again: not when the caller named the revision it expects. */
export function isRetriableConflict(error: unknown, meta: Pick<CommandMeta, 'expectedRevision'>): boolean {
  return error instanceof WrongExpectedRevisionError && meta.expectedRevision === undefined;
}

/** Runs `attempt` until it succeeds or `shouldRetry` says a failure is final. */
export async function retrying<T>(attempt: (n: number) => Promise<T>, shouldRetry: (error: unknown, attempt: number) => boolean): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!shouldRetry(error, n)) throw error;
    }
  }
}

/** Load (fold) and append for decider-based aggregates; knows nothing about HTTP or Nest. */
export class AggregateStore {
  constructor(
    readonly events: EventStore,
    private readonly clock: () => string = () => new Date().toISOString(),
    /** Encrypts personal data per client on the way in, decrypts it on the way out. */
    readonly cipher?: PersonalDataCipher,
    /** Snapshots of the deciders that opt in; without them every load replays the whole stream. */
    readonly snapshots?: Snapshots,
    /** A snapshot that could not be written is only reported: the command succeeded without it. */
    private readonly onSnapshotError: (error: unknown, streamId: string) => void = (error, streamId) => process.emitWarning(snapshotNotWritten(error, streamId), 'SnapshotWarning'),
  ) {}

  private snapshotsInFlight = new Map<string, Promise<void>>();

  /** The same stores (cipher and snapshots included) deciding at another clock: a run of planned steps decides at its own moment. */
  withClock(clock: () => string): AggregateStore {
    const copy = new AggregateStore(this.events, clock, this.cipher, this.snapshots, this.onSnapshotError);
    // One stream's snapshot is taken once at a time by either, and snapshotsSettled of either waits for both.
    copy.snapshotsInFlight = this.snapshotsInFlight;
    return copy;
  }

  now(): string {
    return this.clock();
  }

  async load<S, E extends NewEvent>(decider: Decider<unknown, S, E>, streamId: string): Promise<Loaded<S>> {
    const events = await this.revealAll(streamId, (await this.events.readStream(streamId)).map(upcast));
    let state = decider.initialState;
    for (const e of events) state = decider.evolve(state, e as unknown as E);
    return { state, revision: events.length ? events[events.length - 1].revision : -1, events };
  }

  /**
   * The state and revision as `load` gives them, from the latest snapshot and the events after it where the
   * decider opts in; `events` then holds only those. A snapshot whose event no longer carries its hash is
   * ignored (full replay).
   */
  async loadLatest<S, E extends NewEvent>(decider: Decider<unknown, S, E>, streamId: string): Promise<Loaded<S>> {
    const clientId = PersonalDataCipher.clientOf(streamId);
    // One key lookup for the snapshot and the tail after it.
    const keyOfLoad = clientId && this.cipher ? this.cipher.keyOfLoad(clientId) : undefined;
    const snapshot = this.snapshots ? await this.snapshots.restore(decider as Decider<unknown, S, NewEvent>, streamId, keyOfLoad) : null;
    if (!snapshot) return this.load(decider, streamId);
    // The event the snapshot was taken at and those after it, in one read: the first must still be that event.
    const [anchor, ...after] = await this.events.readStream(streamId, { fromRevision: snapshot.revision });
    if (!anchor || anchor.revision !== snapshot.revision || anchorOf(anchor) !== snapshot.anchor) return this.load(decider, streamId);
    const events = await this.revealAll(streamId, after.map(upcast), keyOfLoad);
    let state = snapshot.state;
    for (const e of events) state = decider.evolve(state, e as unknown as E);
    return { state, revision: events.length ? events[events.length - 1].revision : snapshot.revision, events, snapshot: { revision: snapshot.revision, commandIds: snapshot.commandIds } };
  }

  /** Takes a snapshot of the stream at its head now (not waiting for it) when enough events passed since the last one. */
  private snapshotIfDue<S, E extends NewEvent>(decider: Decider<unknown, S, E>, streamId: string, loaded: Loaded<S>, revisionNow: number): void {
    if (!this.snapshots || !decider.snapshot || this.snapshotsInFlight.has(streamId)) return;
    if (revisionNow - (loaded.snapshot?.revision ?? -1) < this.snapshots.every) return;
    const taking = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.takeSnapshot(decider, streamId))
      .then(
        () => undefined,
        (error: unknown) => this.onSnapshotError(error, streamId),
      )
      .finally(() => this.snapshotsInFlight.delete(streamId));
    this.snapshotsInFlight.set(streamId, taking);
  }

  /** Writes a snapshot of the stream at its head; false when the stream is empty or its snapshot may not be written. */
  async takeSnapshot<S, E extends NewEvent>(decider: Decider<unknown, S, E>, streamId: string): Promise<boolean> {
    if (!this.snapshots || !decider.snapshot) return false;
    const loaded = await this.loadLatest(decider, streamId);
    const at = loaded.events.at(-1);
    if (!at) return loaded.snapshot !== undefined; // the snapshot is at the head already, or the stream is empty
    const commandIds = (loaded.snapshot?.commandIds.copy() ?? CommandIdFilter.empty()).addEvents(loaded.events);
    return this.snapshots.take(decider as Decider<unknown, S, NewEvent>, streamId, loaded.state, at, commandIds);
  }

  /** Resolves once the snapshots being taken now are written (or failed): for tests and benchmarks. */
  async snapshotsSettled(): Promise<void> {
    while (this.snapshotsInFlight.size) await Promise.all(this.snapshotsInFlight.values());
  }

  context(meta: CommandMeta): DecisionContext {
    return { actor: meta.actor, now: this.now() };
  }

  async toAppend(streamId: string, events: NewEvent[], meta: CommandMeta, deterministicIds: boolean): Promise<EventToAppend[]> {
    const correlationId = meta.correlationId ?? meta.commandId ?? randomUUID();
    const data = this.cipher ? await this.cipher.sealAll(streamId, events) : events.map((e) => e.data);
    return events.map((e, i) => ({
      eventId: deterministicIds ? eventIdFor(meta.commandId ?? null, streamId, i) : randomUUID(),
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: data[i],
      occurredAt: e.occurredAt,
      metadata: {
        actor: { role: meta.actor.role, id: meta.actor.id },
        correlationId,
        causationId: meta.commandId ?? null,
        commandId: meta.commandId ?? null,
        ...(meta.commandId && meta.command ? { commandType: meta.command.type, ...(meta.command.fingerprint ? { commandFingerprint: meta.command.fingerprint } : {}) } : {}),
      },
    }));
  }

  /** Binds the command id to this command on this stream (see CommandMeta.command); without a command id there is nothing to bind. */
  async bind(streamId: string, command: { type: string }, meta: CommandMeta): Promise<CommandMeta> {
    if (!meta.commandId) return meta;
    const key = await this.cipher?.fingerprintKey(streamId);
    if (key === null) return { ...meta, command: { type: command.type } }; // the client's key is gone
    return { ...meta, command: { type: command.type, fingerprint: commandFingerprint(streamId, command, key) } };
  }

  /** A plain copy of a stored event with its personal data decrypted (or marked erased). */
  async reveal(e: RecordedEvent): Promise<RecordedEvent> {
    return (await this.revealAll(e.streamId, [e]))[0];
  }

  /** Events of one stream revealed with one key lookup (the load's own, where it read a snapshot with it). */
  async revealAll(streamId: string, events: RecordedEvent[], keyOfLoad?: ClientKeyOfLoad): Promise<RecordedEvent[]> {
    if (!this.cipher) return events;
    const data = await this.cipher.revealAll(streamId, events, keyOfLoad);
    return events.map((e, i) => eventWith(e, { data: data[i] }));
  }

  /**
   * The outcome of an earlier run of this command id on this stream, if there was one; a command id
   * that was used for a different command is refused (CommandIdReused) before anything is written.
   */
  previousOutcome(streamId: string, loaded: Loaded<unknown>, meta: CommandMeta): CommandOutcome | null {
    if (!meta.commandId) return null;
    const earlier = loaded.events.filter((e) => e.metadata.commandId === meta.commandId);
    if (earlier.length === 0) return null;
    if (!isSameCommand(streamId, earlier, meta)) throw new CommandIdReused(meta.commandId);
    const last = earlier[earlier.length - 1];
    return { streamId, revision: last.revision, position: last.globalPosition, events: earlier.map((e) => ({ type: e.type, revision: e.revision })), replayed: true };
  }

  /** previousOutcome for a load that may have started from a snapshot: a command id the snapshot may hold needs the whole stream. */
  async previousOutcomeOf<S, E extends NewEvent>(decider: Decider<unknown, S, E>, streamId: string, loaded: Loaded<S>, meta: CommandMeta): Promise<CommandOutcome | null> {
    if (meta.commandId && loaded.snapshot?.commandIds.mayContain(meta.commandId)) return this.previousOutcome(streamId, await this.load(decider, streamId), meta);
    return this.previousOutcome(streamId, loaded, meta);
  }

  /**
   * Load, decide, append for a single stream. Retries on a concurrent write unless the caller named
   * the revision it expects, in which case a stale revision is the caller's conflict (HTTP 409).
   */
  execute<C, S, E extends NewEvent>(decider: Decider<C, S, E>, streamId: string, command: C, unbound: CommandMeta): Promise<CommandOutcome> {
    return this.handleCommand(decider as Decider<unknown, S, E>, streamId, command as { type: string }, unbound, (loaded, meta) => this.appendDecided(streamId, decider.decide(command, loaded.state, this.context(meta)), loaded.revision, meta));
  }

  /**
   * The one command-handling path every flow goes through: load, (guard), replay an earlier outcome of
   * the same command id, check the expected revision, then `decideAndAppend`; retried while
   * `shouldRetry` allows, and a final conflict that this very command won is answered with its outcome.
   */
  async handleCommand<S, E extends NewEvent>(
    decider: Decider<unknown, S, E>,
    streamId: string,
    command: { type: string },
    unbound: CommandMeta,
    decideAndAppend: (loaded: Loaded<S>, meta: CommandMeta, attempt: number) => Promise<CommandOutcome>,
    options: HandleCommandOptions<S> = {},
  ): Promise<CommandOutcome> {
    const shouldRetry = options.shouldRetry ?? ((error: unknown, attempt: number) => isRetriableConflict(error, unbound) && attempt < MAX_ATTEMPTS);
    let meta: CommandMeta | undefined;
    try {
      return await retrying(async (attempt) => {
        const loaded = await this.loadLatest(decider, streamId);
        options.guard?.(loaded.state);
        meta ??= await this.bind(streamId, command, unbound);
        const previous = await this.previousOutcomeOf(decider, streamId, loaded, meta);
        if (previous) return previous;
        this.checkExpectedRevision(streamId, loaded.revision, meta);
        const outcome = await decideAndAppend(loaded, meta, attempt);
        if (!outcome.replayed && outcome.events.length && outcome.streamId === streamId) this.snapshotIfDue(decider, streamId, loaded, outcome.revision);
        return outcome;
      }, shouldRetry);
    } catch (error) {
      const previousNow = meta ? await this.outcomeAfterConflict(error, decider, streamId, meta) : null;
      if (previousNow) return previousNow;
      throw error;
    }
  }

  /** A conflict may be this very command having won in a concurrent request: then answer with that outcome. */
  async outcomeAfterConflict<S, E extends NewEvent>(error: unknown, decider: Decider<unknown, S, E>, streamId: string, meta: CommandMeta): Promise<CommandOutcome | null> {
    if (!(error instanceof WrongExpectedRevisionError) || !meta.commandId) return null;
    return this.previousOutcome(streamId, await this.load(decider, streamId), meta);
  }

  checkExpectedRevision(streamId: string, current: number, meta: CommandMeta): void {
    if (meta.expectedRevision !== undefined && meta.expectedRevision !== current) {
      throw new WrongExpectedRevisionError(streamId, meta.expectedRevision, current);
    }
  }

  async appendDecided(streamId: string, decided: NewEvent[], expectedRevision: number, meta: CommandMeta): Promise<CommandOutcome> {
    if (decided.length === 0) return { streamId, revision: expectedRevision, position: 0, events: [], replayed: false };
    const result = await this.events.append(streamId, await this.toAppend(streamId, decided, meta, true), expectedRevision);
    const first = result.nextRevision - decided.length + 1;
    return { streamId, revision: result.nextRevision, position: result.lastPosition, events: decided.map((e, i) => ({ type: e.type, revision: first + i })), replayed: false };
  }

  /**
   * A side effect on another aggregate (claim a team place, occupy a home). Its deciders are idempotent
   * per client, so it simply retries on concurrent writes; random event ids keep compensations distinct.
   */
  async sideEffect<C, S, E extends NewEvent>(decider: Decider<C, S, E>, streamId: string, command: C, meta: CommandMeta): Promise<number> {
    return retrying(
      async () => {
        const loaded = await this.loadLatest(decider as Decider<unknown, S, E>, streamId);
        const decided = decider.decide(command, loaded.state, this.context(meta));
        if (decided.length === 0) return 0;
        const { nextRevision } = await this.events.append(streamId, await this.toAppend(streamId, decided, meta, false), loaded.revision);
        this.snapshotIfDue(decider as Decider<unknown, S, E>, streamId, loaded, nextRevision);
        return decided.length;
      },
      (error, attempt) => error instanceof WrongExpectedRevisionError && attempt < MAX_ATTEMPTS * 4,
    );
  }
}

/** Names no client (a client stream's id is that client's); driver errors carry no bound values. */
export function snapshotNotWritten(error: unknown, streamId: string): string {
  return `snapshot of ${PersonalDataCipher.clientOf(streamId) === null ? streamId : 'a client stream'} not written: ${error instanceof Error ? error.message : String(error)}`;
}

/** Whether the events an earlier command with this id wrote on this stream came from the command now sent. */
function isSameCommand(streamId: string, earlier: RecordedEvent[], meta: CommandMeta): boolean {
  const recorded = earlier[0].metadata;
  if (recorded.commandType !== undefined) {
    if (recorded.commandType !== meta.command?.type) return false;
    // Without a fingerprint on either side (a key erased), the type is all that can be compared.
    return recorded.commandFingerprint === undefined || meta.command.fingerprint === undefined || recorded.commandFingerprint === meta.command.fingerprint;
  }
  // Written before commands were bound: only what a command wrote on its own stream (deterministic
  // event ids) is its outcome; side effects of another command under this id (random ids) are not.
  return earlier.every((e, i) => e.eventId === eventIdFor(meta.commandId!, streamId, i));
}
