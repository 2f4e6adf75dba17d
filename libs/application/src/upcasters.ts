import { DEFAULT_INTAKE_SETTING, DOORBRAAK_ROLES, DoorbraakRole, LegacyHomeKind, UNKNOWN_PROVIDER, careModelOfLegacyLevel, housingTypeOfLegacyKind } from '@wijkzorg/domain';
import { UpcasterRegistry, upcasterOf } from '@wijkzorg/event-store';
import { LEGACY_ACCESS_REF_PREFIX } from './access-log';

/**
 * The concrete upcasters of wijkzorg's events (the mechanism is the event-store library's `upcasterOf`).
 * Personal fields stay as they were stored (sealed or, in old versions, plain): they are revealed
 * after upcasting, by the classification of the current version.
 */

/** Old free text moves into the note; an empty text leaves no note. */
const noteOf = (...texts: unknown[]) => texts.filter((t) => typeof t === 'string' && t.trim()).join(' — ') || null;

/** A v1 scaling step: its care levels read as intensities, the setting as the new level implied (care pathway v2). */
const scaledV1 = ({ fromLevel, toLevel, ...rest }: Record<string, unknown>) => {
  const to = careModelOfLegacyLevel(toLevel as string);
  return { ...rest, fromIntensity: careModelOfLegacyLevel(fromLevel as string).intensity, toIntensity: to.intensity, setting: to.setting, carriedByNetwork: false };
};
const legacyLevel = (level: unknown) => (typeof level === 'string' ? careModelOfLegacyLevel(level) : { intensity: null, setting: null });
/** Words v1 participants were written as (plain text, before sealing), read as the role they name. */
const ROLE_WORDS: Record<string, DoorbraakRole> = { corporatie: 'woningcorporatie', zorgaanbieder: 'zorg', wijkteam: 'sociaal_team', 'sociaal team': 'sociaal_team', ggz: 'zorg', schuldhulpverlening: 'schuldhulp' };
const roleOf = (word: unknown): DoorbraakRole | null => {
  if (typeof word !== 'string') return null;
  const w = word.trim().toLowerCase();
  return (DOORBRAAK_ROLES as readonly string[]).includes(w) ? (w as DoorbraakRole) : (ROLE_WORDS[w] ?? null);
};
/** Sealed participants (an encrypted value, not a list) cannot be read here: no roles. */
const rolesOf = (participants: unknown): DoorbraakRole[] => (Array.isArray(participants) ? [...new Set(participants.map(roleOf).filter((r): r is DoorbraakRole => r !== null))] : []);

/** A v1 home: its kind becomes a housing type; its owner is unknown (any corporation may offer it, see mayOfferHome). */
const homeV2 = ({ kind, ...home }: Record<string, unknown>) => ({ ...home, housingType: housingTypeOfLegacyKind(kind as LegacyHomeKind), owner: null });

export const UPCASTERS: UpcasterRegistry = {
  'CareScaledUp@1': { to: 2, upcast: scaledV1 },
  'CareScaledDown@1': { to: 2, upcast: scaledV1 },
  'CareScalingWaitlisted@1': {
    to: 2,
    upcast: ({ fromLevel, requestedLevel, ...rest }) => ({ ...rest, fromIntensity: careModelOfLegacyLevel(fromLevel as string).intensity, requestedIntensity: careModelOfLegacyLevel(requestedLevel as string).intensity }),
  },
  'IntakeRegistered@1': { to: 2, upcast: (data) => ({ ...data, setting: DEFAULT_INTAKE_SETTING }) },
  // v1 moves only knew the wooncirkel home: a client moving in came from elsewhere, one moving out went elsewhere.
  'ClientMovedIn@1': { to: 2, upcast: (data) => ({ ...data, fromSetting: 'elders', toSetting: 'eigen_woning_in_cirkel', reason: 'passende_woning' }) },
  'ClientMovedOut@1': { to: 2, upcast: ({ reason, ...rest }) => ({ ...rest, fromSetting: 'eigen_woning_in_cirkel', toSetting: 'elders', reason: 'overig', note: noteOf(reason) }) },
  'ClientTransferred@1': {
    to: 2,
    upcast: ({ careLevel, ...rest }) => {
      const { intensity, setting } = careModelOfLegacyLevel(careLevel as string);
      return { ...rest, intensity, setting };
    },
  },
  // Every v1 wooncirkel was a kern with its circle: the 10-minute rule applied to all of them.
  'WooncirkelRegistered@1': { to: 2, upcast: (data) => ({ ...data, form: 'kern_met_cirkel', homes: ((data.homes as Record<string, unknown>[]) ?? []).map(homeV2) }) },
  'HomeAdded@1': { to: 2, upcast: (data) => ({ ...data, home: homeV2(data.home as Record<string, unknown>) }) },
  // Where the client came from was not recorded before v2.
  'HousingRequested@1': { to: 2, upcast: (data) => ({ ...data, origin: null }) },
  // v1 purposes were free text: read as `overig`, the text kept as the (personal, sealed-class) note.
  'BudgetReleased@1': { to: 2, upcast: ({ purpose, ...rest }) => ({ ...rest, purpose: 'overig', note: noteOf(purpose) }) },
  // v2 releases were all paid from the client's own allocation.
  'BudgetReleased@2': { to: 3, upcast: (data) => ({ ...data, source: 'persoonsvolgend', potId: null, caseId: null }) },
  // A spend's v1 purpose was a copy of its release's text, which the release keeps as its note.
  'BudgetSpent@1': { to: 2, upcast: ({ purpose: _copyOfReleaseText, ...rest }) => ({ ...rest, purpose: 'overig' }) },
  'DaginvullingArranged@1': { to: 2, upcast: ({ activity, provider, ...rest }) => ({ ...rest, activity: 'overig', provider: UNKNOWN_PROVIDER, note: noteOf(activity, provider) }) },
  // v1 decisions were free text: the text stays (sealed) as the note, the participants as written stay sealed beside roles read where possible.
  'DoorbraakDecisionRecorded@1': {
    to: 2,
    upcast: ({ decision, participants, clientPresent: _present, ...rest }) => ({
      ...rest,
      wijkCode: null,
      participants: rolesOf(participants),
      clientPresent: true,
      ervaringsdeskundigeInvited: false,
      breakthroughType: 'overig',
      note: decision ?? null,
      solutionCostCents: null,
      avoidedCost: null,
      escalatedAt: null,
      leadTimeDays: null,
      legacyParticipants: participants ?? null,
    }),
  },
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
  'ClientDataErased@2': { to: 3, upcast: ({ careLevel, ...rest }) => ({ ...rest, ...legacyLevel(careLevel) }) },
};

export const upcast = upcasterOf(UPCASTERS);
