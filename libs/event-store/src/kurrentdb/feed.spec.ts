import { firstValueFrom, take, toArray } from 'rxjs';
import { OpenedFeed, ReadRecord, readKeptPage, resubscribeDelay, resubscribing } from './feed';

/** A $all of 1..n where only the positions in `kept` hold events the adapter keeps; reads are inclusive of `from`, like the server's. */
function logOf(n: number, kept: (position: number) => boolean) {
  const records: ReadRecord<string>[] = Array.from({ length: n }, (_, i) => ({ position: i + 1, kept: kept(i + 1) ? `e${i + 1}` : null }));
  const reads: { from: number | undefined; count: number }[] = [];
  return {
    reads,
    forwards: async (from: number | undefined, count: number) => {
      reads.push({ from, count });
      return records.filter((r) => from === undefined || r.position >= from).slice(0, count);
    },
    backwards: async (from: number | undefined, count: number) => {
      reads.push({ from, count });
      return records
        .filter((r) => from === undefined || r.position < from)
        .reverse()
        .slice(0, count);
    },
  };
}

describe('readKeptPage: paging $all by what was read, not what was kept', () => {
  it('reads past a whole page of dropped records instead of answering empty before the head', async () => {
    const log = logOf(30, (p) => p > 25);
    expect(await readKeptPage(log.forwards, undefined, 5)).toEqual(['e26', 'e27', 'e28', 'e29', 'e30']);
    expect(log.reads.length).toBeGreaterThan(1);
    expect(await readKeptPage(log.forwards, 3, 10)).toEqual(['e26', 'e27', 'e28', 'e29', 'e30']);
  });

  it('answers empty only at the head, and never repeats the record at the cursor', async () => {
    const log = logOf(10, () => true);
    expect(await readKeptPage(log.forwards, 10, 5)).toStrictEqual([]);
    expect(await readKeptPage(log.forwards, 4, 3)).toEqual(['e5', 'e6', 'e7']);
    expect(await readKeptPage(log.forwards, 0, 100)).toHaveLength(10);
  });

  it('pages through a log with kept records scattered among dropped ones, losing none', async () => {
    const log = logOf(100, (p) => p % 7 === 0);
    const seen: string[] = [];
    for (let after = 0; ;) {
      const page = await readKeptPage(log.forwards, after, 3);
      if (page.length === 0) break;
      seen.push(...page);
      after = Number(page[page.length - 1].slice(1));
    }
    expect(seen).toEqual(Array.from({ length: 14 }, (_, i) => `e${7 * (i + 1)}`));
  });

  it('finds the newest kept record backwards from the end, past dropped ones', async () => {
    const log = logOf(60, (p) => p <= 12);
    expect(await readKeptPage(log.backwards, undefined, 1, 'backwards')).toEqual(['e12']);
    expect(await readKeptPage(logOf(5, () => false).backwards, undefined, 1, 'backwards')).toStrictEqual([]);
  });
});

describe('resubscribeDelay', () => {
  it('doubles from the first delay and stops at the cap', () => {
    expect([0, 1, 2, 3, 4].map((n) => resubscribeDelay(n, { firstMs: 100, maxMs: 1000 }))).toEqual([100, 200, 400, 800, 1000]);
    expect(resubscribeDelay(500)).toBe(30_000);
  });
});

describe('resubscribing', () => {
  /** Feeds from an in-memory log, inclusive of the start; each opening may fail after `failAfter` records. */
  function flakyServer(total: number, failures: number[]) {
    const opened: number[] = [];
    const open = (after: number): OpenedFeed<string> => {
      opened.push(after);
      const failAfter = failures[opened.length - 1];
      return {
        records: (async function* () {
          let sent = 0;
          for (let p = Math.max(after, 1); p <= total; p++) {
            if (failAfter !== undefined && sent === failAfter) throw new Error('connection dropped');
            yield { position: p, kept: p % 5 === 0 ? null : `e${p}` };
            sent++;
          }
          await new Promise(() => undefined); // live: waits for more
        })(),
        close: () => undefined,
      };
    };
    return { open, opened };
  }

  it('opens again after a drop from the last delivered position, with growing waits, without gaps or duplicates', async () => {
    const server = flakyServer(12, [3, 0, 4]);
    const waits: number[] = [];
    const received = await firstValueFrom(resubscribing(server.open, 0, { delay: (n) => n, onDrop: (_e, _n, ms) => waits.push(ms) }).pipe(take(10), toArray()));
    expect(received).toEqual(['e1', 'e2', 'e3', 'e4', 'e6', 'e7', 'e8', 'e9', 'e11', 'e12']);
    expect(server.opened).toEqual([0, 3, 3, 6]);
    // Back-off grows while nothing is delivered and starts over after a delivery.
    expect(waits).toEqual([0, 1, 0]);
  });

  it('ends with the error when it cannot be cured', async () => {
    const server = flakyServer(5, [1]);
    const outcome = firstValueFrom(resubscribing(server.open, 0, { isFatal: () => true }).pipe(take(3), toArray())).catch((e: Error) => e.message);
    expect(await outcome).toBe('connection dropped');
  });
});
