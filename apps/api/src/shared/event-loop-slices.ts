/** How long a computation works between two turns of the event loop. */
export const SLICE_MS = 5;

/**
 * For a long computation in slices: the function it returns resolves at once while the current slice lasts, else in a
 * later turn of the event loop (so /health and other requests get theirs), starting the next slice.
 */
export function eventLoopSlices(sliceMs = SLICE_MS): () => Promise<void> {
  let sliceEnds = performance.now() + sliceMs;
  return async () => {
    if (performance.now() < sliceEnds) return;
    await new Promise((resolve) => setImmediate(resolve));
    sliceEnds = performance.now() + sliceMs;
  };
}

/** Runs a computation written as steps (a generator that yields between them) to its end in one go. */
export const runToEnd = <T>(steps: Generator<void, T>): T => {
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
};

/** The same steps with `pause` after each (by default a turn of the event loop), so /health and other requests get theirs. */
export const runInTurns = async <T>(steps: Generator<void, T>, pause: () => Promise<unknown> = () => new Promise((resolve) => setImmediate(resolve))): Promise<T> => {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await pause();
  }
};
