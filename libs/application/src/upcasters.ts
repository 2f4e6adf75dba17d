import { LegacyHomeKind, UNKNOWN_PROVIDER, housingTypeOfLegacyKind } from '@wijkzorg/domain';
import { UpcasterRegistry, upcasterOf } from '@wijkzorg/event-store';
import { LEGACY_ACCESS_REF_PREFIX } from './access-log';

/**
 * The concrete upcasters of wijkzorg's events (the mechanism is the event-store library's `upcasterOf`).
 * Personal fields stay as they were stored (sealed or, in old versions, plain): they are revealed
 * after upcasting, by the classification of the current version.
 */

/** Old free text moves into the note; an empty text leaves no note. */
const noteOf = (...texts: unknown[]) => texts.filter((t) => typeof t === 'string' && t.trim()).join(' — ') || null;

/** A v1 home: its kind becomes a housing type; its owner is unknown (any corporation may offer it, see mayOfferHome). */
const homeV2 = ({ kind, ...home }: Record<string, unknown>) => ({ ...home, housingType: housingTypeOfLegacyKind(kind as LegacyHomeKind), owner: null });

export const UPCASTERS: UpcasterRegistry = {
  // Every v1 wooncirkel was a kern with its circle: the 10-minute rule applied to all of them.
  'WooncirkelRegistered@1': { to: 2, upcast: (data) => ({ ...data, form: 'kern_met_cirkel', homes: ((data.homes as Record<string, unknown>[]) ?? []).map(homeV2) }) },
  'HomeAdded@1': { to: 2, upcast: (data) => ({ ...data, home: homeV2(data.home as Record<string, unknown>) }) },
  // Where the client came from was not recorded before v2.
  'HousingRequested@1': { to: 2, upcast: (data) => ({ ...data, origin: null }) },
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

export const upcast = upcasterOf(UPCASTERS);
