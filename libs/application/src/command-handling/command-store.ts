import { randomBytes } from 'node:crypto';
import { EventStore, openSnapshotStore } from '@wijkzorg/event-store';
import type { SharedState } from '../shared-state/shared-state.port';
import { PersonalDataCipher } from '../privacy/personal-data-cipher';
import { AggregateStore } from './aggregate-store';
import { SNAPSHOT_KEY_SECRET, Snapshots } from './snapshots';

/**
 * The store commands decide with, as the api and the CLI both assemble it: personal data sealed with the client keys
 * of the shared state, and snapshots of long-lived streams where the event store keeps them (embedded, PostgreSQL),
 * their checksums keyed with the deployment's generated secret, so every process reads the others' snapshots.
 */
export async function commandStoreOf(events: EventStore, shared: SharedState, onSnapshotError?: (error: unknown, streamId: string) => void): Promise<AggregateStore> {
  const cipher = new PersonalDataCipher(shared.keys);
  const rows = openSnapshotStore(events);
  const key = rows && Buffer.from(await shared.secrets.getOrCreate(SNAPSHOT_KEY_SECRET, () => randomBytes(32).toString('base64')), 'base64');
  return new AggregateStore(events, undefined, cipher, rows && key ? new Snapshots(rows, cipher, undefined, key) : undefined, onSnapshotError);
}
