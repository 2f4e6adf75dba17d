import { countEventLoopTurns } from '../../../../test/support/event-loop-turns';
import { eventLoopSlices, runInTurns, runToEnd } from './event-loop-slices';

function* countTo(n: number, seen: number[]): Generator<void, number> {
  for (let i = 1; i <= n; i++) {
    seen.push(i);
    yield;
  }
  return n * 10;
}

/** Whether other work of the process got a turn of the event loop while `during` ran. */
async function letsOthersIn(during: () => Promise<unknown>): Promise<boolean> {
  const turns = countEventLoopTurns();
  await during();
  turns.stop();
  return turns.count > 0;
}

describe('event-loop slices: long computations that let requests in between', () => {
  it('runToEnd runs every step and answers the result, without a turn of the event loop', async () => {
    const seen: number[] = [];
    expect(await letsOthersIn(async () => expect(runToEnd(countTo(4, seen))).toBe(40))).toBe(false);
    expect(seen).toStrictEqual([1, 2, 3, 4]);
  });

  it('runInTurns gives the event loop a turn after each step and answers the same result', async () => {
    const seen: number[] = [];
    const between: number[] = [];
    const result = await runInTurns(countTo(3, seen), async () => {
      between.push(seen.length);
      await new Promise((resolve) => setImmediate(resolve));
    });
    expect(result).toBe(30);
    expect(between).toStrictEqual([1, 2, 3]);
    expect(await letsOthersIn(() => runInTurns(countTo(2, [])))).toBe(true);
  });

  it('eventLoopSlices goes on at once within a slice and yields a turn once the slice is used up', async () => {
    const long = eventLoopSlices(60_000);
    const threeSteps = async () => {
      await long();
      await long();
      await long();
    };
    expect(await letsOthersIn(threeSteps)).toBe(false);
    const used = eventLoopSlices(0);
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect(await letsOthersIn(used)).toBe(true);
  });
});
