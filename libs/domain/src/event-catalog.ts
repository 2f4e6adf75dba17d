import { CONTINUITY_CATALOG } from './continuity/continuity-catalog';
/**
 * The public catalog of domain events: one entry per event type (its current schema version).
 * docs/events.md and the AsyncAPI document are generated from it (npm run docs).
 *
 * Every field of every event is classified (`fields`); the classification, not lists kept elsewhere,
 * drives encryption, the integration mapping, the AsyncAPI schema and erasure:
 * - `identifying`: BSN, names, addresses. Sealed with the client's key in client streams; never published.
 * - `personal_text`: any free text about a person (reasons, notes, wishes). Sealed like identifying; never published.
 * - `pseudonymous_id`: an id that points at one person (clientId, offerId, releaseId, caseId). Published
 *   only as a keyed pseudonym (its kind is the field name without `Id`), never a grouping key for aggregates.
 * - `coded`: enumerations, codes and the ids/labels of registered places and organisations (wijk codes,
 *   wooncirkel, team, provider, home ids, wijk and team names). Published as-is; safe to group by.
 * - `aggregate_safe`: numbers, times, booleans. Published as-is.
 *
 * Paths: `a.b` for a nested field, `a[]` for the items of a list, `a[].b` for a field of each item.
 * A class on an object or list covers everything inside it, and it is then sealed as one value
 * (`personal: 'identifying'` seals the whole object). A field that is not classified is never
 * published (fail closed), and the classification test (apps/cli/src/docs/classification.spec.ts)
 * fails for it.
 *
 * To add an event: add an entry with every path of its data classified; to change an event's
 * shape: raise `version`, move the old classification to `previous` and add an upcaster in
 * libs/application/src/upcasters.ts.
 */
export type FieldClass = 'identifying' | 'personal_text' | 'pseudonymous_id' | 'coded' | 'aggregate_safe';
export const FIELD_CLASSES: readonly FieldClass[] = ['identifying', 'personal_text', 'pseudonymous_id', 'coded', 'aggregate_safe'];
/** Classes that are personal data: sealed per client, never published, read as erased after erasure. */
export const PERSONAL_CLASSES: readonly FieldClass[] = ['identifying', 'personal_text'];
/** Classes published to integrators and usable as grouping keys as they are. */
export const PUBLIC_CLASSES: readonly FieldClass[] = ['coded', 'aggregate_safe'];

export type FieldClassification = Record<string, FieldClass>;

export interface CatalogEntry {
  type: string;
  /** The current schema version: what deciders write and what older versions are upcast to. */
  version: number;
  /** The capability, used as the integration-event category. */
  category: 'wijk' | 'intake' | 'care-scaling' | 'housing' | 'budget' | 'transfer' | 'doorbraaktafel' | 'daginvulling' | 'privacy' | 'audit' | 'continuity';
  stream: 'wijk-<wijkCode>' | 'wooncirkel-<wooncirkelId>' | 'client-<clientId>' | 'access-log-<YYYY-MM-DD>' | 'api-keys';
  /** Internal events are never published to integrators. */
  internal?: boolean;
  description: string;
  /** Every path in `data` with its class. */
  fields: FieldClassification;
  /** Older schema versions still in the log, with their classification and how they are upcast. */
  previous?: { version: number; fields: FieldClassification; upcast: string }[];
}

const client = 'client-<clientId>' as const;
const wooncirkel = 'wooncirkel-<wooncirkelId>' as const;

const IDENTIFYING = 'identifying' as const;
const PERSONAL_TEXT = 'personal_text' as const;
const PSEUDONYM = 'pseudonymous_id' as const;
const CODED = 'coded' as const;
const SAFE = 'aggregate_safe' as const;

const placement = (prefix: string): FieldClassification => ({ [`${prefix}.wooncirkelId`]: CODED, [`${prefix}.wijkCode`]: CODED, [`${prefix}.teamId`]: CODED, [`${prefix}.providerId`]: CODED });
const home = (prefix: string): FieldClassification => ({ [`${prefix}.homeId`]: CODED, [`${prefix}.address`]: IDENTIFYING, [`${prefix}.kind`]: CODED, [`${prefix}.travelMinutesToKern`]: SAFE });
const scaled: FieldClassification = {
  clientId: PSEUDONYM,
  fromLevel: CODED,
  toLevel: CODED,
  reason: PERSONAL_TEXT,
  decidedBy: PERSONAL_TEXT,
  wooncirkelId: CODED,
  wijkCode: CODED,
  teamId: CODED,
  homeId: CODED,
  stayedInHome: SAFE,
};
/** A budget transfer with the figures each of its lines carries (the line figures changed between versions). */
const budgetTransfer = (lineFigures: string[]): FieldClassification => ({
  clientId: PSEUDONYM,
  fromWijk: CODED,
  toWijk: CODED,
  fromProvider: CODED,
  toProvider: CODED,
  'lines[].year': SAFE,
  'lines[].funder': CODED,
  ...Object.fromEntries(lineFigures.map((figure) => [`lines[].${figure}`, SAFE])),
});
const teamPlace: FieldClassification = { wooncirkelId: CODED, wijkCode: CODED, teamId: CODED, clientId: PSEUDONYM };
const homeUse: FieldClassification = { wooncirkelId: CODED, wijkCode: CODED, homeId: CODED, clientId: PSEUDONYM };

export const EVENT_CATALOG: CatalogEntry[] = [
  { type: 'WijkRegistered', version: 1, category: 'wijk', stream: 'wijk-<wijkCode>', description: 'A CBS wijk joins "Thuis in de wijk".', fields: { wijkCode: CODED, wijkName: CODED, gemeenteCode: CODED, gemeenteName: CODED } },
  {
    type: 'WooncirkelRegistered',
    version: 1,
    category: 'wijk',
    stream: wooncirkel,
    description: 'A wooncirkel with its kern (meeting place, opening hours), professional team and homes within 10 minutes of the kern.',
    fields: { wooncirkelId: CODED, wijkCode: CODED, name: CODED, 'kern.name': CODED, 'kern.opensAt': SAFE, 'kern.closesAt': SAFE, 'team.teamId': CODED, 'team.name': CODED, 'team.providerId': CODED, 'team.caseloadCapacity': SAFE, ...home('homes[]') },
  },
  { type: 'HomeAdded', version: 1, category: 'wijk', stream: wooncirkel, description: 'A home joins the wooncirkel.', fields: { wooncirkelId: CODED, ...home('home') } },
  { type: 'TeamCapacityChanged', version: 1, category: 'wijk', stream: wooncirkel, description: "The team's caseload capacity changed.", fields: { wooncirkelId: CODED, wijkCode: CODED, teamId: CODED, from: SAFE, to: SAFE } },
  { type: 'TeamPlaceClaimed', version: 1, category: 'care-scaling', stream: wooncirkel, description: 'A client takes a place on the professional team (care above informal).', fields: teamPlace },
  { type: 'TeamPlaceReleased', version: 1, category: 'care-scaling', stream: wooncirkel, description: 'A client gives a team place back.', fields: teamPlace },
  { type: 'HomeOccupied', version: 1, category: 'housing', stream: wooncirkel, description: 'A client moved into a home of the wooncirkel.', fields: homeUse },
  { type: 'HomeVacated', version: 1, category: 'housing', stream: wooncirkel, description: 'A home became vacant.', fields: homeUse },
  {
    type: 'HomeReserved',
    version: 1,
    category: 'housing',
    stream: wooncirkel,
    description: 'A home is reserved for one client by an offer; the reservation holds through the match until the client moves in.',
    fields: { ...homeUse, offerId: PSEUDONYM },
  },
  {
    type: 'HomeReservationReleased',
    version: 1,
    category: 'housing',
    stream: wooncirkel,
    description: 'A home reservation is given back: the offer was declined or lapsed, or the client was erased.',
    fields: { ...homeUse, offerId: PSEUDONYM, reason: CODED },
  },
  {
    type: 'IntakeRegistered',
    version: 1,
    category: 'intake',
    stream: client,
    description: 'Aanmelding: the client, needs per life domain, urgency, preferred wijk (leading), goals, referral, and the intaking wooncirkel.',
    fields: { clientId: PSEUDONYM, preferredWijk: CODED, 'lifeDomains[]': CODED, urgency: CODED, acuteConfusedBehaviour: SAFE, goals: PERSONAL_TEXT, referralSource: CODED, personal: IDENTIFYING, ...placement('placement') },
  },
  { type: 'CareScaledUp', version: 1, category: 'care-scaling', stream: client, description: 'Opschalen: a step to a more intensive care level, in the same team and home.', fields: scaled },
  { type: 'CareScaledDown', version: 1, category: 'care-scaling', stream: client, description: 'Afschalen: a step to a lighter care level.', fields: scaled },
  {
    type: 'CareScalingWaitlisted',
    version: 1,
    category: 'care-scaling',
    stream: client,
    description: 'The team had no capacity: the request waits on the wachtlijst.',
    fields: { clientId: PSEUDONYM, fromLevel: CODED, requestedLevel: CODED, reason: PERSONAL_TEXT, decidedBy: PERSONAL_TEXT, wooncirkelId: CODED, wijkCode: CODED, teamId: CODED },
  },
  { type: 'HousingRequested', version: 1, category: 'housing', stream: client, description: 'The client waits for a home.', fields: { clientId: PSEUDONYM, wijkCode: CODED, preferredWijk: CODED, reason: PERSONAL_TEXT } },
  {
    type: 'HousingOffered',
    version: 1,
    category: 'housing',
    stream: client,
    description: 'A housing corporation offers a vacant wooncirkel home.',
    fields: { clientId: PSEUDONYM, offerId: PSEUDONYM, homeId: CODED, wooncirkelId: CODED, wijkCode: CODED, corporation: CODED, travelMinutesToKern: SAFE },
  },
  { type: 'HousingOfferDeclined', version: 1, category: 'housing', stream: client, description: 'The client declined an offer (perhaps to wait for the preferred wijk).', fields: { clientId: PSEUDONYM, offerId: PSEUDONYM, reason: PERSONAL_TEXT, becauseOfPreference: SAFE } },
  { type: 'HousingOfferAccepted', version: 1, category: 'housing', stream: client, description: 'The client accepted an offer.', fields: { clientId: PSEUDONYM, offerId: PSEUDONYM } },
  {
    type: 'HousingMatched',
    version: 1,
    category: 'housing',
    stream: client,
    description: 'A home is matched: preferred wijk honoured or the deviation recorded, with the reciprocity contribution.',
    fields: { clientId: PSEUDONYM, offerId: PSEUDONYM, homeId: CODED, wooncirkelId: CODED, wijkCode: CODED, preferredWijk: CODED, preferredWijkHonoured: SAFE, deviationReason: PERSONAL_TEXT, 'reciprocity[]': CODED, waitedSince: SAFE },
  },
  { type: 'ClientMovedIn', version: 1, category: 'housing', stream: client, description: 'The client moved into the matched home.', fields: { clientId: PSEUDONYM, homeId: CODED, wooncirkelId: CODED, wijkCode: CODED } },
  { type: 'ClientMovedOut', version: 1, category: 'housing', stream: client, description: 'The client left the home.', fields: { clientId: PSEUDONYM, homeId: CODED, wooncirkelId: CODED, wijkCode: CODED, reason: PERSONAL_TEXT } },
  {
    type: 'ClientTransferred',
    version: 1,
    category: 'transfer',
    stream: client,
    description: 'The client is served by another wooncirkel (wijk, team or provider).',
    fields: { clientId: PSEUDONYM, ...placement('from'), ...placement('to'), reason: PERSONAL_TEXT, careLevel: CODED },
  },
  { type: 'BudgetAllocated', version: 1, category: 'budget', stream: client, description: 'A person-following budget for a year and funder.', fields: { clientId: PSEUDONYM, year: SAFE, funder: CODED, amountCents: SAFE, wijkCode: CODED } },
  {
    type: 'BudgetReleased',
    version: 2,
    category: 'budget',
    stream: client,
    description: 'Money released for a coded purpose (with an optional sealed note); fast-track maatwerk or beyond the allocation only by the doorbraaktafel, with justification.',
    fields: {
      clientId: PSEUDONYM,
      releaseId: PSEUDONYM,
      year: SAFE,
      funder: CODED,
      purpose: CODED,
      note: PERSONAL_TEXT,
      amountCents: SAFE,
      approvedBy: PERSONAL_TEXT,
      fastTrack: SAFE,
      overrideAllocation: SAFE,
      justification: PERSONAL_TEXT,
      wijkCode: CODED,
    },
    previous: [
      {
        version: 1,
        fields: { clientId: PSEUDONYM, releaseId: PSEUDONYM, year: SAFE, funder: CODED, purpose: PERSONAL_TEXT, amountCents: SAFE, approvedBy: PERSONAL_TEXT, fastTrack: SAFE, overrideAllocation: SAFE, justification: PERSONAL_TEXT, wijkCode: CODED },
        upcast: 'the free-text purpose becomes purpose `overig` with the old text as `note`',
      },
    ],
  },
  {
    type: 'BudgetSpent',
    version: 2,
    category: 'budget',
    stream: client,
    description: "Released money spent (the purpose is the release's code).",
    fields: { clientId: PSEUDONYM, releaseId: PSEUDONYM, year: SAFE, funder: CODED, purpose: CODED, amountCents: SAFE, description: PERSONAL_TEXT, wijkCode: CODED },
    previous: [
      {
        version: 1,
        fields: { clientId: PSEUDONYM, releaseId: PSEUDONYM, year: SAFE, funder: CODED, purpose: PERSONAL_TEXT, amountCents: SAFE, description: PERSONAL_TEXT, wijkCode: CODED },
        upcast: "the free-text purpose (a copy of the release's, kept there as its note) becomes purpose `overig`",
      },
    ],
  },
  {
    type: 'BudgetSettled',
    version: 1,
    category: 'budget',
    stream: client,
    description: 'A year and funder closed: what was allocated, released, spent and left unspent.',
    fields: { clientId: PSEUDONYM, year: SAFE, funder: CODED, allocatedCents: SAFE, releasedCents: SAFE, spentCents: SAFE, unspentCents: SAFE, wijkCode: CODED },
  },
  {
    type: 'BudgetTransferred',
    version: 2,
    category: 'transfer',
    stream: client,
    description: 'The open budget follows the client to the new wijk or provider (het geld volgt de mens). unreleasedCents = allocated − released, unspentCents = allocated − spent.',
    fields: budgetTransfer(['allocatedCents', 'releasedCents', 'spentCents', 'unreleasedCents', 'unspentCents']),
    previous: [
      {
        version: 1,
        fields: budgetTransfer(['allocatedCents', 'releasedCents', 'spentCents', 'remainingCents']),
        upcast: '`remainingCents` (allocated − spent) becomes `unspentCents`; `unreleasedCents` is computed as allocated − released',
      },
    ],
  },
  { type: 'CaseEscalated', version: 1, category: 'doorbraaktafel', stream: client, description: 'A stuck case goes to the doorbraaktafel.', fields: { clientId: PSEUDONYM, caseId: PSEUDONYM, reason: PERSONAL_TEXT, wijkCode: CODED } },
  {
    type: 'DoorbraakDecisionRecorded',
    version: 1,
    category: 'doorbraaktafel',
    stream: client,
    description: 'A decision taken at the doorbraaktafel with the person present.',
    fields: { clientId: PSEUDONYM, caseId: PSEUDONYM, decision: PERSONAL_TEXT, participants: IDENTIFYING, clientPresent: SAFE },
  },
  { type: 'CaseClosed', version: 1, category: 'doorbraaktafel', stream: client, description: 'The doorbraaktafel case is closed.', fields: { clientId: PSEUDONYM, caseId: PSEUDONYM, outcome: PERSONAL_TEXT, decisions: SAFE } },
  { type: 'DaginvullingRequested', version: 1, category: 'daginvulling', stream: client, description: 'The client waits for daginvulling (day activities).', fields: { clientId: PSEUDONYM, wish: PERSONAL_TEXT, wijkCode: CODED } },
  {
    type: 'DaginvullingArranged',
    version: 2,
    category: 'daginvulling',
    stream: client,
    description: 'Daginvulling arranged (a coded activity kind at a provider code, with an optional sealed note): the wait ends.',
    fields: { clientId: PSEUDONYM, activity: CODED, provider: CODED, note: PERSONAL_TEXT, wijkCode: CODED, waitedSince: SAFE },
    previous: [
      {
        version: 1,
        fields: { clientId: PSEUDONYM, activity: PERSONAL_TEXT, provider: PERSONAL_TEXT, wijkCode: CODED, waitedSince: SAFE },
        upcast: 'the free-text activity and provider become activity `overig` at provider `onbekend`, with the old text as `note`',
      },
    ],
  },
  { type: 'WaitingPaused', version: 1, category: 'daginvulling', stream: client, description: 'The client stops actively waiting for a while (niet-actief wachtend).', fields: { clientId: PSEUDONYM, reason: PERSONAL_TEXT } },
  { type: 'WaitingResumed', version: 1, category: 'daginvulling', stream: client, description: 'The client waits actively again.', fields: { clientId: PSEUDONYM } },
  {
    type: 'ClientDataErased',
    version: 2,
    category: 'privacy',
    stream: client,
    description: "AVG art. 17: the client's personal data was erased (its key destroyed); its waits end and its team place, home and reservations are given back. Integrators must erase what they hold on this pseudonym.",
    fields: { clientId: PSEUDONYM, legalBasis: CODED, wijkCode: CODED, wooncirkelId: CODED, careLevel: CODED },
    previous: [{ version: 1, fields: { clientId: PSEUDONYM, legalBasis: CODED, wijkCode: CODED }, upcast: '`wooncirkelId` and `careLevel` read as null (such clients stay counted in the caseload, as before)' }],
  },
  {
    type: 'PersonalDataAccessed',
    version: 2,
    category: 'audit',
    stream: 'access-log-<YYYY-MM-DD>',
    internal: true,
    description: "Access log (NEN 7513): someone read person-level data; the actor in the metadata, the clients (as access references that the client's erasure unlinks), the resource and the purpose here.",
    fields: { 'clientRefs[]': PSEUDONYM, resource: CODED, purpose: CODED, query: PERSONAL_TEXT },
    previous: [{ version: 1, fields: { 'clientIds[]': PSEUDONYM, resource: CODED, purpose: CODED, query: PERSONAL_TEXT }, upcast: 'each client id becomes the reference `legacy:<clientId>`, shown as erased once that client is erased' }],
  },
  {
    type: 'ApiKeyIssued',
    version: 1,
    category: 'audit',
    stream: 'api-keys',
    internal: true,
    description: 'An API key for a machine client; only its SHA-256 is kept. Keys issued before organisations existed have no `organisation`.',
    fields: { keyHash: CODED, role: CODED, sub: CODED, wooncirkels: CODED, organisation: CODED },
  },
  { type: 'ApiKeyRevoked', version: 1, category: 'audit', stream: 'api-keys', internal: true, description: 'An API key no longer admits anyone.', fields: { keyHash: CODED } },
  ...CONTINUITY_CATALOG,
];

export const CATALOG_BY_TYPE = new Map(EVENT_CATALOG.map((e) => [e.type, e]));

/** The classification of a type at a schema version (the current one when no version is given); null when unknown. */
export function classificationOf(type: string, version?: number): FieldClassification | null {
  const entry = CATALOG_BY_TYPE.get(type);
  if (!entry) return null;
  if (version === undefined || version === entry.version) return entry.fields;
  return entry.previous?.find((p) => p.version === version)?.fields ?? null;
}

/** The classified paths of the given classes. */
export function pathsOfClass(fields: FieldClassification, classes: readonly FieldClass[]): string[] {
  return Object.entries(fields)
    .filter(([, c]) => classes.includes(c))
    .map(([path]) => path);
}

const PERSONAL_PATHS = new Map(EVENT_CATALOG.map((e) => [e.type, pathsOfClass(e.fields, PERSONAL_CLASSES)]));
/** Paths of the current version of a type that hold personal data (identifying or personal text). */
export function personalPaths(type: string): string[] {
  return PERSONAL_PATHS.get(type) ?? [];
}

/**
 * The class of a data path (`a.b`, `a[].b`): that of the path itself or of the nearest classified
 * object or list around it; undefined when nothing covers it.
 */
export function classOfPath(fields: FieldClassification, path: string): FieldClass | undefined {
  const segments = path.split('.');
  for (let i = segments.length; i > 0; i--) {
    const prefix = segments.slice(0, i).join('.');
    if (Object.hasOwn(fields, prefix)) return fields[prefix];
    if (prefix.endsWith('[]') && Object.hasOwn(fields, prefix.slice(0, -2))) return fields[prefix.slice(0, -2)];
  }
  return undefined;
}

/** A one-line description of the fields for the docs: `path (class)`. */
export const describeFields = (fields: FieldClassification) =>
  Object.entries(fields)
    .map(([path, c]) => `${path} (${c})`)
    .join(', ');
