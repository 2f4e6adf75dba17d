import { UNKNOWN_PROVIDER } from '@wijkzorg/domain';
import { RecordedEvent, eventWith } from '@wijkzorg/event-store';
import { LEGACY_ACCESS_REF_PREFIX } from './access-log';

/**
 * Upcasters turn an older schema version of an event into the current one when it is read,
 * so deciders and projections only ever see current shapes. Keyed by `${type}@${fromVersion}`.
 * Personal fields stay as they were stored (sealed or, in old versions, plain): they are revealed
 * after upcasting, by the classification of the current version.
 */
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** Old free text moves into the note; an empty text leaves no note. */
const noteOf = (...texts: unknown[]) => texts.filter((t) => typeof t === 'string' && t.trim()).join(' — ') || null;

export const UPCASTERS: Record<string, { to: number; upcast: Upcaster }> = {
  // v1 purposes were free text: read as `overig`, the text kept as the (personal, sealed-class) note.
  'BudgetReleased@1': { to: 2, upcast: ({ purpose, ...rest }) => ({ ...rest, purpose: 'overig', note: noteOf(purpose) }) },
  // A spend's v1 purpose was a copy of its release's text, which the release keeps as its note.
  'BudgetSpent@1': { to: 2, upcast: ({ purpose: _copyOfReleaseText, ...rest }) => ({ ...rest, purpose: 'overig' }) },
  'DaginvullingArranged@1': { to: 2, upcast: ({ activity, provider, ...rest }) => ({ ...rest, activity: 'overig', provider: UNKNOWN_PROVIDER, note: noteOf(activity, provider) }) },
  // v1 access-log entries named clients in plain text: read as references that still name them.
  'PersonalDataAccessed@1': { to: 2, upcast: ({ clientIds, ...rest }) => ({ clientRefs: ((clientIds as string[]) ?? []).map((id) => `${LEGACY_ACCESS_REF_PREFIX}${id}`), ...rest }) },
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

const UPCAST_TYPES = new Set(Object.keys(UPCASTERS).map((key) => key.slice(0, key.indexOf('@'))));
const hasUpcasters = (type: string) => UPCAST_TYPES.has(type);

export function upcast(event: RecordedEvent): RecordedEvent {
  if (!hasUpcasters(event.type)) return event;
  let current = event;
  for (let step = UPCASTERS[`${current.type}@${current.schemaVersion}`]; step; step = UPCASTERS[`${current.type}@${current.schemaVersion}`]) {
    current = eventWith(current, { schemaVersion: step.to, data: step.upcast(current.data as Record<string, unknown>) });
  }
  return current;
}
