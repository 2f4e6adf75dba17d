import { RecordedEvent, eventWith } from '@wijkzorg/event-store';

/**
 * Upcasters turn an older schema version of an event into the current one when it is read,
 * so deciders and projections only ever see current shapes. Keyed by `${type}@${fromVersion}`.
 */
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

export const UPCASTERS: Record<string, { to: number; upcast: Upcaster }> = {};

const hasUpcasters = (type: string) => {
  for (const key in UPCASTERS) if (key.startsWith(`${type}@`)) return true;
  return false;
};

export function upcast(event: RecordedEvent): RecordedEvent {
  if (!hasUpcasters(event.type)) return event;
  let current = event;
  for (let step = UPCASTERS[`${current.type}@${current.schemaVersion}`]; step; step = UPCASTERS[`${current.type}@${current.schemaVersion}`]) {
    current = eventWith(current, { schemaVersion: step.to, data: step.upcast(current.data as Record<string, unknown>) });
  }
  return current;
}
