/**
 * Other work of the process while something runs: a task that queues itself again each turn of the event loop.
 * `count` is how many turns it has had so far. The embedded stores answer synchronously, so it gets none unless the
 * code under test gives turns back.
 */
export function countEventLoopTurns(): { readonly count: number; stop(): void } {
  let count = 0;
  let running = true;
  const turn = () => {
    count++;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  return {
    get count() {
      return count;
    },
    stop: () => (running = false),
  };
}
