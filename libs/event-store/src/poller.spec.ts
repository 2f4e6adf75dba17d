import { Poller } from './poller';

describe('Poller', () => {
  const waitUntil = async (condition: () => boolean) => {
    for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 2));
    expect(condition()).toBe(true);
  };

  it('runs at once when woken, instead of at the next interval', async () => {
    let runs = 0;
    const poller = new Poller(
      async () => runs++,
      3_600_000,
      () => undefined,
    );
    poller.start();
    await waitUntil(() => runs === 1);
    poller.wake();
    await waitUntil(() => runs === 2);
    await poller.stop();
    poller.wake(); // stopped: no more runs
    await new Promise((r) => setTimeout(r, 20));
    expect(runs).toBe(2);
  });

  it('runs once more after the run in progress when woken during it, however often', async () => {
    let runs = 0;
    let release!: () => void;
    const poller = new Poller(
      async () => {
        runs++;
        if (runs === 1) await new Promise<void>((r) => (release = r));
      },
      3_600_000,
      () => undefined,
    );
    poller.start();
    await waitUntil(() => runs === 1);
    poller.wake();
    poller.wake();
    expect(runs).toBe(1); // not two runs at once
    release();
    await waitUntil(() => runs === 2);
    await new Promise((r) => setTimeout(r, 20));
    expect(runs).toBe(2);
    await poller.stop();
  });
});
