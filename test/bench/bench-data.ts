import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventToAppend, SqliteEventStore } from '@wijkzorg/event-store';
import { seedDemo } from '../../apps/cli/src/seed/seed-demo';

const rename = (value: unknown, suffix: string): unknown => {
  if (typeof value === 'string') return /^cl-\d{5}/.test(value) ? value.replace(/^(cl-\d{5})/, `$1${suffix}`) : value;
  if (Array.isArray(value)) return value.map((v) => rename(v, suffix));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v, suffix)]));
  return value;
};

/** What the demo region of 1,500 clients holds: about 44,500 events (about 23 per client in client streams). */
const FULL_REGION_CLIENTS = 1500;
const FULL_REGION_EVENTS = 44_500;

/**
 * A store with about `target` realistic events (at least that many from 44,500 on): a seeded demo region, with fewer
 * clients for a smaller target, whose client trajectories are repeated under new client ids (registrations of wijken stay single).
 */
export async function benchStore(target: number, log: (m: string) => void): Promise<{ dir: string; path: string; events: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-bench-rm-'));
  const path = join(dir, 'wijkzorg.db');
  const store = new SqliteEventStore(path, { synchronous: 'NORMAL' });
  const clients = Math.max(20, Math.min(FULL_REGION_CLIENTS, Math.round((FULL_REGION_CLIENTS * target) / FULL_REGION_EVENTS)));
  log(`seeding ${clients.toLocaleString('en-US')} client trajectories through the command flows…`);
  await seedDemo(store, { clients, seed: 3, from: '2025-01-01T00:00:00Z', until: '2026-11-01T00:00:00Z' });
  const total = (await store.headPosition()) + appendClientCopies(store, target - (await store.headPosition()), 'r');
  await store.close();
  log(`bench store holds ${total.toLocaleString('en-US')} events`);
  return { dir, path, events: total };
}

/**
 * Appends copies of the region's client trajectories (its own client streams, renamed with `-<tag><n>`) until at least
 * `count` events are added; answers how many were.
 */
export function appendClientCopies(store: SqliteEventStore, count: number, tag: string): number {
  const clientEvents = store.readAllSync(0, -1).filter((e) => e.streamId.startsWith('client-') && !/-[a-z]+\d+$/.test(e.streamId));
  let added = 0;
  for (let copy = 1; added < count; copy++) {
    const suffix = `-${tag}${copy}`;
    const byStream = new Map<string, EventToAppend[]>();
    for (const e of clientEvents) {
      const streamId = `${e.streamId}${suffix}`;
      const list = byStream.get(streamId) ?? [];
      list.push({ eventId: randomUUID(), type: e.type, schemaVersion: e.schemaVersion, data: rename(e.data, suffix), occurredAt: e.occurredAt, metadata: e.metadata });
      byStream.set(streamId, list);
    }
    const batch = [...byStream].map(([streamId, events]) => ({ streamId, events, expectedRevision: -1 }));
    for (let i = 0; i < batch.length; i += 500) store.appendBatch(batch.slice(i, i + 500));
    added += clientEvents.length;
  }
  return added;
}
