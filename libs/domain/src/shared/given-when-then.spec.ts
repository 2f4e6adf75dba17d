import { Decider } from './decider';
import { event, NewEvent } from './event';
import { rule } from './domain-error';
import { SpecificationFailed, deciderSpecification, testContext } from './given-when-then';

type Counted = NewEvent<'Counted', { by: number }>;
const counter: Decider<{ type: 'Count'; by: number }, number, Counted> = {
  initialState: 0,
  decide: (command, total, { now }) => {
    rule(command.by > 0, 'not_positive', 'by must be positive', 'by');
    return total >= 10 ? [] : [event('Counted', { by: command.by }, now)];
  },
  evolve: (total, e) => total + e.data.by,
};
const spec = deciderSpecification(counter);
const counted = (by: number): Counted => event('Counted', { by }, testContext().now);

describe('deciderSpecification (given/when/then)', () => {
  it('passes when the decided events, the refusal or the silence are the expected ones', () => {
    expect(
      spec
        .given([])
        .when({ type: 'Count', by: 2 })
        .then([counted(2)]),
    ).toEqual([counted(2)]);
    expect(spec.given([]).when({ type: 'Count', by: 0 }).thenThrows('not_positive', 'by').message).toBe('by must be positive');
    spec
      .given([counted(10)])
      .when({ type: 'Count', by: 1 })
      .thenNothing();
  });

  it('fails with both outcomes when they differ', () => {
    expect(() =>
      spec
        .given([])
        .when({ type: 'Count', by: 2 })
        .then([counted(3)]),
    ).toThrow(SpecificationFailed);
    expect(() => spec.given([]).when({ type: 'Count', by: 2 }).thenThrows('not_positive')).toThrow(/expected: \{\n {2}"error": "not_positive"/);
    expect(() => spec.given([]).when({ type: 'Count', by: 0 }).thenThrows('not_positive', 'other')).toThrow(SpecificationFailed);
    expect(() => spec.given([]).when({ type: 'Count', by: 0 }).then([])).toThrow(SpecificationFailed);
    expect(() => spec.given([]).when({ type: 'Count', by: 1 }).thenNothing()).toThrow(SpecificationFailed);
  });
});
