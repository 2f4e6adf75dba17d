import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientDecider, clientStream } from '@wijkzorg/domain';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { AggregateStore } from './command-handling/aggregate-store';
import { upcast } from './upcasters';
import { storedEvent as stored } from './stored-event.fixture';

describe('upcasters', () => {
  it('reads BudgetTransferred v1 (remainingCents = allocated − spent) as v2 with both figures named apart', () => {
    const v1 = stored('BudgetTransferred', 1, { clientId: 'c1', fromWijk: 'WK047901', toWijk: 'WK044101', fromProvider: 'a', toProvider: 'b', lines: [{ year: 2026, funder: 'wmo', allocatedCents: 1000, releasedCents: 600, spentCents: 250, remainingCents: 750 }] });
    const v2 = upcast(v1);
    expect(v2.schemaVersion).toBe(2);
    expect((v2.data as { lines: unknown[] }).lines).toEqual([{ year: 2026, funder: 'wmo', allocatedCents: 1000, releasedCents: 600, spentCents: 250, unreleasedCents: 400, unspentCents: 750 }]);
    expect(v1.data).toHaveProperty('lines.0.remainingCents', 750); // the stored event is not changed
  });

  it('reads ClientDataErased v1 as the current version without a known wooncirkel, intensity or setting', () => {
    expect(upcast(stored('ClientDataErased', 1, { clientId: 'c1', legalBasis: 'avg_art_17', wijkCode: 'WK047901' }))).toEqual(expect.objectContaining({ schemaVersion: 3, data: { clientId: 'c1', legalBasis: 'avg_art_17', wijkCode: 'WK047901', wooncirkelId: null, intensity: null, setting: null } }));
  });

  it('reads ClientDataErased v2 (one care level) as v3 with intensity and setting', () => {
    const v2 = stored('ClientDataErased', 2, { clientId: 'c1', legalBasis: 'avg_art_17', wijkCode: 'WK047901', wooncirkelId: 'wc-1', careLevel: 'beschermd_wonen_cluster' });
    expect(upcast(v2).data).toEqual({ clientId: 'c1', legalBasis: 'avg_art_17', wijkCode: 'WK047901', wooncirkelId: 'wc-1', intensity: 'zorg_24uur', setting: 'clusterwoning' });
  });

  it('leaves current versions alone', () => {
    const v3 = stored('ClientDataErased', 3, { clientId: 'c1', legalBasis: 'avg_art_17', wijkCode: 'WK047901', wooncirkelId: 'wc-1', intensity: 'geen', setting: 'elders' });
    expect(upcast(v3)).toBe(v3);
  });

  it('a stream holding version 1 events still loads', async () => {
    const events = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-upcast-')), 'events.db'));
    const placement = { wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 't', providerId: 'p' };
    const append = (type: string, schemaVersion: number, data: object, i: number) => ({
      eventId: `00000000-0000-4000-8000-00000000000${i}`,
      type,
      schemaVersion,
      data,
      occurredAt: '2026-02-01T00:00:00Z',
      metadata: { actor: { role: 'system' as const, id: 's' }, correlationId: 'c', causationId: null, commandId: null },
    });
    await events.append(
      clientStream('c1'),
      [
        append('IntakeRegistered', 1, { clientId: 'c1', preferredWijk: 'WK047901', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [], referralSource: 'huisarts', personal: {}, placement }, 1),
        append('BudgetTransferred', 1, { clientId: 'c1', fromWijk: 'WK047901', toWijk: 'WK047901', fromProvider: 'p', toProvider: 'p', lines: [] }, 2),
        append('ClientDataErased', 1, { clientId: 'c1', legalBasis: 'avg_art_17', wijkCode: 'WK047901' }, 3),
      ],
      -1,
    );
    const { state, events: loaded } = await new AggregateStore(events).load(clientDecider, clientStream('c1'));
    expect(state.erased).toBe(true);
    expect(loaded.map((e) => e.schemaVersion)).toEqual([2, 2, 3]);
    await events.close();
  });
});
