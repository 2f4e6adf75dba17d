import { Actor } from './actor';
import { NewEvent } from './event';

/** What a decision may look at besides command and state: who asks, and the clock. */
export interface DecisionContext {
  actor: Actor;
  /** ISO-8601 UTC; injected so deciders stay pure and testable. */
  now: string;
}

/** An aggregate as two pure functions (the "decider" pattern). */
export interface Decider<Command, State, Event extends NewEvent> {
  initialState: State;
  decide(command: Command, state: State, context: DecisionContext): Event[];
  evolve(state: State, event: Event): State;
  /**
   * Opt-in to snapshots for long-lived streams: `kind` names the state's shape and `version` its revision
   * (a changed version ignores older snapshots); `revive` rebuilds a state read back from JSON.
   */
  snapshot?: SnapshotOptIn<State>;
}

export interface SnapshotOptIn<State> {
  kind: string;
  version: number;
  revive?: (state: State) => State;
}

export function fold<State, Event extends NewEvent>(decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>, events: Iterable<Event>): State {
  let state = decider.initialState;
  for (const e of events) state = decider.evolve(state, e);
  return state;
}
