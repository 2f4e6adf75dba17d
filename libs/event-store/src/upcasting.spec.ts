import { RecordedEvent } from './event-store.port';
import { upcasterOf } from './upcasting';

const recorded = (type: string, schemaVersion: number, data: Record<string, unknown>): RecordedEvent =>
  ({
    eventId: 'e-1',
    streamId: 's-1',
    revision: 0,
    globalPosition: 1,
    type,
    schemaVersion,
    data,
    occurredAt: '2026-03-01T09:00:00Z',
    recordedAt: '2026-03-01T09:00:00Z',
    metadata: { actor: { role: 'admin', id: 'a-1' }, correlationId: 'c', causationId: null },
  }) as RecordedEvent;

describe('upcasterOf', () => {
  const upcast = upcasterOf({
    'Renamed@1': { to: 2, upcast: ({ name, ...rest }) => ({ ...rest, title: name }) },
    'Renamed@2': { to: 3, upcast: (data) => ({ ...data, note: null }) },
  });

  it('applies each step from the stored version to the newest', () => {
    const current = upcast(recorded('Renamed', 1, { name: 'x' }));
    expect(current).toMatchObject({ schemaVersion: 3, data: { title: 'x', note: null } });
  });

  it('leaves current versions and types without upcasters untouched', () => {
    const latest = recorded('Renamed', 3, { title: 'y', note: null });
    const other = recorded('Other', 1, { a: 1 });
    expect(upcast(latest)).toBe(latest);
    expect(upcast(other)).toBe(other);
  });
});
