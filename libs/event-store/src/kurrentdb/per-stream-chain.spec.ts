import { RecordedEvent } from '../event-store.port';
import { GENESIS_HASH } from '../chain';
import { PerStreamChainWalk, streamLink } from './per-stream-chain';

/** A log of `n` events spread over `streams` streams in turn, chained per stream as the adapter appends them. */
function chainedLog(n: number, streams: number): RecordedEvent[] {
  const heads = new Map<string, { hash: Buffer; revision: number }>();
  return Array.from({ length: n }, (_, i) => {
    const streamId = `client-${i % streams}`;
    const head = heads.get(streamId) ?? { hash: GENESIS_HASH, revision: -1 };
    const e = {
      eventId: `e-${i}`,
      streamId,
      revision: head.revision + 1,
      globalPosition: 100 * (i + 1),
      type: 'BudgetReleased',
      schemaVersion: 1,
      data: { amountCents: i },
      occurredAt: '2026-01-01T00:00:00.000Z',
      recordedAt: '2026-01-01T00:00:01.000Z',
      metadata: { actor: { role: 'zorgprofessional' as const, id: 'zp' }, correlationId: 'c', causationId: null, commandId: null },
    };
    const hash = streamLink(head.hash, streamId, e.revision, e);
    heads.set(streamId, { hash, revision: e.revision });
    return { ...e, hash: hash.toString('hex') };
  });
}

async function verify(log: RecordedEvent[], capacity: number) {
  let lookups = 0;
  const walk = new PerStreamChainWalk(async (streamId, revision) => {
    lookups++;
    return log.find((e) => e.streamId === streamId && e.revision >= revision);
  }, capacity);
  for (const e of log) {
    const link = await walk.check(e);
    if ('reason' in link) return { broken: e.globalPosition, reason: link.reason, lookups, remembered: walk.remembered };
  }
  return { broken: null, lookups, remembered: walk.remembered };
}

describe('PerStreamChainWalk: per-stream chains checked in log order in bounded memory', () => {
  it('verifies an untouched log while remembering no more streams than its capacity', async () => {
    const log = chainedLog(200, 50);
    const result = await verify(log, 8);
    expect(result).toMatchObject({ broken: null, remembered: 8 });
    expect(result.lookups).toBeGreaterThan(0); // forgotten streams were read back, not kept
    expect(await verify(log, 10_000)).toMatchObject({ broken: null, lookups: 0, remembered: 50 });
  });

  it('finds an altered event whether its stream is remembered or read back', async () => {
    for (const capacity of [2, 10_000]) {
      const log = chainedLog(60, 6);
      log[40] = { ...log[40], data: { amountCents: 1 } };
      expect(await verify(log, capacity)).toMatchObject({ broken: log[40].globalPosition, reason: expect.stringMatching(/does not match/) });
    }
  });

  it('finds a removed event, also when its stream was forgotten', async () => {
    for (const capacity of [1, 10_000]) {
      const log = chainedLog(60, 6);
      const removed = log.splice(30, 1)[0];
      const next = log.find((e) => e.streamId === removed.streamId && e.revision === removed.revision + 1)!;
      expect(await verify(log, capacity)).toMatchObject({ broken: next.globalPosition, reason: `revision ${removed.revision} is missing from the stream` });
    }
  });
});
