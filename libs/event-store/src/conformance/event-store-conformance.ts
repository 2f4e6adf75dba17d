import { randomUUID } from 'node:crypto';
import { firstValueFrom, take, toArray, timeout } from 'rxjs';
import { EventStore, EventToAppend, RecordedEvent, WrongExpectedRevisionError, NO_STREAM } from '../event-store.port';

/**
 * One behavioural contract for every EventStore adapter. Call inside a jest file with a factory
 * for a fresh (or shared) store; stream names are unique per test so a shared server works too.
 */
export function eventStoreConformance(openStore: () => Promise<EventStore>) {
  let store: EventStore;
  beforeAll(async () => {
    store = await openStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  const stream = () => `conformance-${randomUUID()}`;
  const events = (n: number, type = 'Thing'): EventToAppend[] =>
    Array.from({ length: n }, (_, i) => ({
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      data: { i, amountCents: 100 * i },
      occurredAt: '2026-01-01T00:00:00.000Z',
      metadata: { actor: { role: 'zorgprofessional', id: 'zp-1' }, correlationId: 'corr-1', causationId: null, commandId: null },
    }));

  it('appends to a new stream with revisions from 0 and rising global positions', async () => {
    const s = stream();
    const result = await store.append(s, events(3), NO_STREAM);
    expect(result.nextRevision).toBe(2);
    const read = await store.readStream(s);
    expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(read.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2]);
    expect(read[1].globalPosition).toBeGreaterThan(read[0].globalPosition);
    expect(read[2].globalPosition).toBeGreaterThan(read[1].globalPosition);
    expect(await store.streamRevision(s)).toBe(2);
  });

  it('keeps metadata, schema version and both times', async () => {
    const s = stream();
    await store.append(s, events(1), NO_STREAM);
    const [e] = await store.readStream(s);
    expect(e.metadata).toEqual({ actor: { role: 'zorgprofessional', id: 'zp-1' }, correlationId: 'corr-1', causationId: null, commandId: null });
    expect(e.schemaVersion).toBe(1);
    expect(e.occurredAt).toBe('2026-01-01T00:00:00.000Z');
    expect(Date.parse(e.recordedAt)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00.000Z'));
  });

  it('rejects a stale expected revision with the current revision, writing nothing', async () => {
    const s = stream();
    await store.append(s, events(2), NO_STREAM);
    const error = await store.append(s, events(1), 0).catch((e) => e);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error.currentRevision).toBe(1);
    const again = await store.append(s, events(1), NO_STREAM).catch((e) => e);
    expect(again).toBeInstanceOf(WrongExpectedRevisionError);
    expect(await store.readStream(s)).toHaveLength(2);
  });

  it('lets exactly one of two writers with the same expected revision win', async () => {
    const s = stream();
    await store.append(s, events(1), NO_STREAM);
    const outcomes = await Promise.allSettled([store.append(s, events(1), 0), store.append(s, events(1), 0)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof WrongExpectedRevisionError)).toHaveLength(1);
    expect(await store.readStream(s)).toHaveLength(2);
  });

  it("appends with 'any' regardless of revision", async () => {
    const s = stream();
    await store.append(s, events(1), 'any');
    await store.append(s, events(1), 'any');
    expect(await store.streamRevision(s)).toBe(1);
  });

  it('treats a retried append of the same event ids as already done', async () => {
    const s = stream();
    const batch = events(2);
    const first = await store.append(s, batch, NO_STREAM);
    const retry = await store.append(s, batch, NO_STREAM);
    expect(retry.nextRevision).toBe(first.nextRevision);
    expect(await store.readStream(s)).toHaveLength(2);
  });

  it('reads a stream from a revision with a maximum count, and an unknown stream as empty', async () => {
    const s = stream();
    await store.append(s, events(5), NO_STREAM);
    expect((await store.readStream(s, { fromRevision: 2, maxCount: 2 })).map((e) => e.revision)).toEqual([2, 3]);
    expect(await store.readStream(stream())).toStrictEqual([]);
    expect(await store.streamRevision(stream())).toBe(-1);
  });

  it('reads all streams in global order after a position', async () => {
    const a = stream();
    const b = stream();
    const start = await store.headPosition();
    await store.append(a, events(2), NO_STREAM);
    await store.append(b, events(2), NO_STREAM);
    await store.append(a, events(1), 1);
    const all = (await store.readAll({ afterPosition: start })).filter((e) => e.streamId === a || e.streamId === b);
    expect(all.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.revision}`)).toEqual(['a0', 'a1', 'b0', 'b1', 'a2']);
    const afterSecond = (await store.readAll({ afterPosition: all[1].globalPosition })).filter((e) => e.streamId === a || e.streamId === b);
    expect(afterSecond.map((e) => e.eventId)).toEqual(all.slice(2).map((e) => e.eventId));
    expect(await store.readAll({ afterPosition: start, maxCount: 2 })).toHaveLength(2);
    expect(await store.headPosition()).toBeGreaterThanOrEqual(all[4].globalPosition);
  });

  it('pages through the log with maxCount: full pages until the head, where the one short page ends', async () => {
    const start = await store.headPosition();
    const [a, b] = [stream(), stream()];
    await store.append(a, events(3), NO_STREAM);
    await store.append(b, events(2), NO_STREAM);
    const head = await store.headPosition();
    // On a shared server other writers may add pages; an adapter that ignored afterPosition would never end.
    const pages: RecordedEvent[][] = [];
    for (let after = start; pages.length < 100;) {
      const page = await store.readAll({ afterPosition: after, maxCount: 2 });
      pages.push(page);
      if (page.length < 2) break;
      after = page[page.length - 1].globalPosition;
    }
    const last = pages[pages.length - 1];
    expect(last.length).toBeLessThan(2);
    expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    const read = pages.flat();
    expect(read.filter((e) => e.streamId === a || e.streamId === b).map((e) => `${e.streamId === a ? 'a' : 'b'}${e.revision}`)).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
    expect(new Set(read.map((e) => e.globalPosition)).size).toBe(read.length);
    expect(read[read.length - 1].globalPosition).toBeGreaterThanOrEqual(head);
  });

  it('chains events by hash and verifies the chain of a stream and of the log', async () => {
    expect(store.verifyChain).toBeDefined(); // every adapter keeps a hash chain
    const a = stream();
    const b = stream();
    await store.append(a, events(2), NO_STREAM);
    await store.append(b, events(1), 'any');
    await store.append(a, events(1), 'any');
    const read = await store.readStream(a);
    expect(read.map((e) => e.hash)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(new Set(read.map((e) => e.hash)).size).toBe(3);
    expect(await store.verifyChain!({ streamId: a })).toMatchObject({ ok: true, checked: 3 });
    expect((await store.verifyChain!()).ok).toBe(true);
  });

  it('anchors the log at its head: passes through it, resumes from it, and sees a cut or different tail', async () => {
    const s = stream();
    await store.append(s, events(2), NO_STREAM);
    const head = await store.verifyChain!();
    expect(head.ok).toBe(true);
    const anchor = { position: head.headPosition, hash: head.headHash, eventCount: head.eventCount };
    expect(await store.verifyChain!({ anchors: [anchor] })).toMatchObject({ ok: true, anchorsChecked: 1 });
    await store.append(s, events(1), 1);
    const full = await store.verifyChain!();
    expect(await store.verifyChain!({ from: anchor })).toMatchObject({ ok: true, headHash: full.headHash, headPosition: full.headPosition, eventCount: full.eventCount });
    expect(await store.verifyChain!({ anchors: [{ ...anchor, position: full.headPosition + 1 }] })).toMatchObject({ ok: false, brokenAnchor: { kind: 'truncated' } });
    expect(await store.verifyChain!({ anchors: [{ ...anchor, hash: 'f'.repeat(64) }] })).toMatchObject({ ok: false, brokenAnchor: { kind: 'rewritten' } });
    expect(await store.verifyChain!({ anchors: [{ ...anchor, eventCount: anchor.eventCount + 1 }] })).toMatchObject({ ok: false, brokenAnchor: { kind: 'rewritten' } });
  });

  it('subscribes from a checkpoint: catches up, then delivers live events in order', async () => {
    const s = stream();
    await store.append(s, events(2, 'Before'), NO_STREAM);
    const [first] = await store.readStream(s);
    const received = firstValueFrom(store.subscribe({ afterPosition: first.globalPosition, eventTypes: ['Before', 'Live'] }).pipe(take(3), toArray(), timeout(10_000)));
    await new Promise((r) => setTimeout(r, 50));
    await store.append(s, events(1, 'Ignored'), 1);
    await store.append(s, events(2, 'Live'), 2);
    const got = (await received).filter((e) => e.streamId === s);
    expect(got.map((e) => `${e.type}${e.revision}`)).toEqual(['Before1', 'Live3', 'Live4']);
  });
}
