import { RecordedEvent, eventWith } from '@wijkzorg/event-store';

/**
 * Upcasters turn an older schema version of an event into the current one when it is read,
 * so deciders and projections only ever see current shapes. Keyed by `${type}@${fromVersion}`.
 */
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

export const UPCASTERS: Record<string, { to: number; upcast: Upcaster }> = {
  // v1 said `remainingCents` for allocated − spent; v2 names both figures apart.
  'BudgetTransferred@1': {
    to: 2,
    upcast: (data) => ({
      ...data,
      lines: (data.lines as Record<string, number>[]).map(({ remainingCents, ...line }) => ({ ...line, unreleasedCents: line.allocatedCents - line.releasedCents, unspentCents: remainingCents ?? line.allocatedCents - line.spentCents })),
    }),
  },
  // v1 did not record where the client was served: read models leave such clients counted, as they did.
  'ClientDataErased@1': { to: 2, upcast: (data) => ({ ...data, wooncirkelId: null, careLevel: null }) },
};

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
