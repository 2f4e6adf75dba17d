import { Decider, DecisionContext, fold } from './decider';
import { DomainError } from './domain-error';
import { NewEvent } from './event';

export const testContext = (overrides: Partial<DecisionContext> = {}): DecisionContext => ({
  actor: { role: 'zorgprofessional', id: 'zp-1' },
  now: '2026-03-01T09:00:00Z',
  ...overrides,
});

/** Given events, when a command: the events decided, or the DomainError thrown. For Given/When/Then tests. */
export function givenWhen<C, S, E extends NewEvent>(decider: Decider<C, S, E>, given: E[], when: C, context = testContext()): E[] | DomainError {
  try {
    return decider.decide(when, fold(decider, given), context);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/** Structural equality of plain data (events, documents) (key order does not matter); undefined members count as absent. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysOf = (o: object) =>
    Object.keys(o)
      .filter((k) => (o as Record<string, unknown>)[k] !== undefined)
      .sort();
  const [ka, kb] = [keysOf(a), keysOf(b)];
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Raised by a specification whose outcome is not the expected one; the message shows both. */
export class SpecificationFailed extends Error {
  constructor(what: string, expected: unknown, actual: unknown) {
    super(`${what}\nexpected: ${JSON.stringify(expected, null, 2)}\nactual:   ${JSON.stringify(actual instanceof DomainError ? { error: actual.code, field: actual.field, message: actual.message } : actual, null, 2)}`);
    this.name = 'SpecificationFailed';
  }
}

export interface DecisionOutcome<E> {
  /** Exactly these events are decided (compared structurally). */
  then(expected: E[]): E[];
  /** The command is refused with this error code (and, when given, this field); the error is returned. */
  thenThrows(code: string, field?: string): DomainError;
  /** Nothing is decided: the command is accepted as already done. */
  thenNothing(): void;
}

/**
 * A Given/When/Then specification of a decider (after Emmett's DeciderSpecification):
 * `spec.given(events).when(command).then(events)` or `.thenThrows(code)`. It throws
 * SpecificationFailed rather than calling a test framework, so it works under any runner.
 */
export function deciderSpecification<C, S, E extends NewEvent>(decider: Decider<C, S, E>, context: DecisionContext = testContext()) {
  return {
    given: (events: E[]) => ({
      when: (command: C, whenContext: DecisionContext = context): DecisionOutcome<E> => {
        const outcome = givenWhen(decider, events, command, whenContext);
        return {
          then(expected) {
            if (outcome instanceof DomainError || !sameData(outcome, expected)) throw new SpecificationFailed(`${(command as { type?: string }).type} decided other events`, expected, outcome);
            return outcome;
          },
          thenThrows(code, field) {
            if (!(outcome instanceof DomainError) || outcome.code !== code || (field !== undefined && outcome.field !== field)) throw new SpecificationFailed(`${(command as { type?: string }).type} was not refused as expected`, { error: code, field }, outcome);
            return outcome;
          },
          thenNothing() {
            if (outcome instanceof DomainError || outcome.length > 0) throw new SpecificationFailed(`${(command as { type?: string }).type} decided something`, [], outcome);
          },
        };
      },
    }),
  };
}
