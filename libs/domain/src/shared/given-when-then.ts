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
