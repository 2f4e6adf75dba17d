import { Decider } from './decider';
import { NewEvent } from './event';

/**
 * State maps keyed by ids that users choose (offers, releases, cases, homes) have no prototype:
 * `offers['constructor']` then finds nothing instead of Object.prototype.constructor.
 */
export function idMap<T>(entries: Record<string, T> = {}): Record<string, T> {
  // Object.assign onto a prototype-less target defines even "__proto__" as an ordinary own key.
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

const isIdMap = (value: unknown) => typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === null;

/** The state with each named map prototype-less (the same object when they already are). */
export function withIdMaps<S extends object>(state: S, keys: readonly (keyof S)[]): S {
  if (keys.every((key) => isIdMap(state[key]))) return state;
  const copy = { ...state };
  for (const key of keys) copy[key] = idMap(state[key] as Record<string, unknown>) as S[keyof S];
  return copy;
}

/**
 * The decider with those maps prototype-less in every state it decides on or evolves to: evolve functions
 * may keep building them with spreads, and every look-up by id stays an own-property look-up.
 */
export function withPrototypeSafeMaps<C, S extends object, E extends NewEvent>(decider: Decider<C, S, E>, keys: readonly (keyof S)[]): Decider<C, S, E> {
  return {
    initialState: withIdMaps(decider.initialState, keys),
    decide: (command, state, context) => decider.decide(command, withIdMaps(state, keys), context),
    evolve: (state, event) => withIdMaps(decider.evolve(withIdMaps(state, keys), event), keys),
    ...(decider.snapshot ? { snapshot: { ...decider.snapshot, revive: (state: S) => withIdMaps(decider.snapshot?.revive?.(state) ?? state, keys) } } : {}),
  };
}
