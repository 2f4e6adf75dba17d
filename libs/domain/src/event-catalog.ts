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
import type { CatalogEntry, FieldClass, FieldClassification } from './catalog-types';
export type { CatalogEntry, FieldClass, FieldClassification } from './catalog-types';
export const FIELD_CLASSES: readonly FieldClass[] = ['identifying', 'personal_text', 'pseudonymous_id', 'coded', 'aggregate_safe'];
/** Classes that are personal data: sealed per client, never published, read as erased after erasure. */
export const PERSONAL_CLASSES: readonly FieldClass[] = ['identifying', 'personal_text'];
/** Classes published to integrators and usable as grouping keys as they are. */
export const PUBLIC_CLASSES: readonly FieldClass[] = ['coded', 'aggregate_safe'];

const client = 'client-<clientId>' as const;
const wooncirkel = 'wooncirkel-<wooncirkelId>' as const;
const pot = 'budget-pot-<potId>' as const;

const IDENTIFYING = 'identifying' as const;
const PERSONAL_TEXT = 'personal_text' as const;
const PSEUDONYM = 'pseudonymous_id' as const;
const CODED = 'coded' as const;
const SAFE = 'aggregate_safe' as const;

const placement = (prefix: string): FieldClassification => ({ [`${prefix}.wooncirkelId`]: CODED, [`${prefix}.wijkCode`]: CODED, [`${prefix}.teamId`]: CODED, [`${prefix}.providerId`]: CODED });
const homeV1 = (prefix: string): FieldClassification => ({ [`${prefix}.homeId`]: CODED, [`${prefix}.address`]: IDENTIFYING, [`${prefix}.kind`]: CODED, [`${prefix}.travelMinutesToKern`]: SAFE });
const home = (prefix: string): FieldClassification => ({ [`${prefix}.homeId`]: CODED, [`${prefix}.address`]: IDENTIFYING, [`${prefix}.housingType`]: CODED, [`${prefix}.owner`]: CODED, [`${prefix}.travelMinutesToKern`]: SAFE });
const wooncirkelV1: FieldClassification = { wooncirkelId: CODED, wijkCode: CODED, name: CODED, 'kern.name': CODED, 'kern.opensAt': SAFE, 'kern.closesAt': SAFE, 'team.teamId': CODED, 'team.name': CODED, 'team.providerId': CODED, 'team.caseloadCapacity': SAFE, ...homeV1('homes[]') };
const HOME_V1_UPCAST = '`kind` becomes `housingType` (wooncirkel → zelfstandig_in_cirkel, cluster → cluster); `owner` reads as null (unknown: any corporation may offer such a home)';
const scaledV1: FieldClassification = {
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
  carriedByNetwork: SAFE,
};
const { fromLevel: _fromLevel, toLevel: _toLevel, ...scaledCommon } = scaledV1;
const scaled: FieldClassification = { ...scaledCommon, fromIntensity: CODED, toIntensity: CODED, setting: CODED, carriedByNetwork: SAFE };
const SCALED_V1_UPCAST =
  'the care level becomes intensity and setting: informeel → geen, licht/intensief ambulant as they are, zorg_24uur_thuis → zorg_24uur in eigen_woning_in_cirkel, beschermd_wonen_cluster → zorg_24uur in clusterwoning (any other level in eigen_woning_in_cirkel); carriedByNetwork false';
const movedV1: FieldClassification = { clientId: PSEUDONYM, homeId: CODED, wooncirkelId: CODED, wijkCode: CODED };
const moved: FieldClassification = { ...movedV1, fromSetting: CODED, toSetting: CODED, reason: CODED };
const budgetReleasedV2: FieldClassification = {
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
};
/** The facts every budget-pot event repeats: which pot (codes only, no person). */
const potFacts: FieldClassification = { potId: CODED, kind: CODED, gemeenteCode: CODED, wijkCode: CODED, funder: CODED, year: SAFE };
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
    version: 2,
    category: 'wijk',
    stream: wooncirkel,
    description: 'A wooncirkel of a form (kern with its circle: homes within 10 minutes of the kern; Housing First: scattered homes; cluster location) with its kern (meeting place, opening hours), professional team and homes, each with its housing type and owning corporation.',
    fields: { wooncirkelId: CODED, wijkCode: CODED, name: CODED, form: CODED, 'kern.name': CODED, 'kern.opensAt': SAFE, 'kern.closesAt': SAFE, 'team.teamId': CODED, 'team.name': CODED, 'team.providerId': CODED, 'team.caseloadCapacity': SAFE, ...home('homes[]') },
    previous: [{ version: 1, fields: wooncirkelV1, upcast: `\`form\` reads as kern_met_cirkel (every version 1 wooncirkel had the 10-minute rule); each home: ${HOME_V1_UPCAST}` }],
  },
  {
    type: 'HomeAdded',
    version: 2,
    category: 'wijk',
    stream: wooncirkel,
    description: 'A home joins the wooncirkel, with its housing type and owning corporation.',
    fields: { wooncirkelId: CODED, ...home('home') },
    previous: [{ version: 1, fields: { wooncirkelId: CODED, ...homeV1('home') }, upcast: HOME_V1_UPCAST }],
  },
  {
    type: 'DayAndNightCareOffered',
    version: 1,
    category: 'wijk',
    stream: wooncirkel,
    description: "The wooncirkel's team declares it offers 24-uurs zorg (staff day and night) from a date: a fact about an organisation, for the coverage measures (docs/uitkomsten/dekking.md).",
    fields: { wooncirkelId: CODED, wijkCode: CODED, teamId: CODED, from: SAFE },
  },
  {
    type: 'DayAndNightCareWithdrawn',
    version: 1,
    category: 'wijk',
    stream: wooncirkel,
    description: "The team's offer of 24-uurs zorg ends, with the date it started, the date it ends and a coded reason.",
    fields: { wooncirkelId: CODED, wijkCode: CODED, teamId: CODED, from: SAFE, until: SAFE, reason: CODED },
  },
  {
    type: 'KernClosed',
    version: 1,
    category: 'wijk',
    stream: wooncirkel,
    description: 'The kern of a kern_met_cirkel wooncirkel closes from a date (renovation, the site given up), with a coded reason: the area has no kern from this wooncirkel until it reopens.',
    fields: { wooncirkelId: CODED, wijkCode: CODED, from: SAFE, reason: CODED },
  },
  { type: 'KernReopened', version: 1, category: 'wijk', stream: wooncirkel, description: 'A closed kern opens again from a date.', fields: { wooncirkelId: CODED, wijkCode: CODED, closedFrom: SAFE, from: SAFE } },
  { type: 'TeamCapacityChanged', version: 1, category: 'wijk', stream: wooncirkel, description: "The team's caseload capacity changed.", fields: { wooncirkelId: CODED, wijkCode: CODED, teamId: CODED, from: SAFE, to: SAFE } },
  { type: 'TeamPlaceClaimed', version: 1, category: 'care-scaling', stream: wooncirkel, description: 'A client takes a place on the professional team (any professional care intensity).', fields: teamPlace },
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
    description: 'A home reservation is given back: the offer was declined or lapsed, the client was erased or its trajectory closed.',
    fields: { ...homeUse, offerId: PSEUDONYM, reason: CODED },
  },
  {
    type: 'IntakeRegistered',
    version: 2,
    category: 'intake',
    stream: client,
    description: 'Aanmelding: the client, needs per life domain, urgency, preferred wijk (leading), goals, referral, where the client lives (setting), and the intaking wooncirkel.',
    fields: { clientId: PSEUDONYM, preferredWijk: CODED, 'lifeDomains[]': CODED, urgency: CODED, acuteConfusedBehaviour: SAFE, goals: PERSONAL_TEXT, referralSource: CODED, setting: CODED, personal: IDENTIFYING, ...placement('placement') },
    previous: [
      {
        version: 1,
        fields: { clientId: PSEUDONYM, preferredWijk: CODED, 'lifeDomains[]': CODED, urgency: CODED, acuteConfusedBehaviour: SAFE, goals: PERSONAL_TEXT, referralSource: CODED, personal: IDENTIFYING, ...placement('placement') },
        upcast: '`setting` reads as eigen_woning_in_cirkel (the old model placed a client at home)',
      },
    ],
  },
  {
    type: 'CareScaledUp',
    version: 2,
    category: 'care-scaling',
    stream: client,
    description: 'Opschalen: a step to a more intensive care, with the same team and without a move (the setting is the one the client lives in).',
    fields: scaled,
    previous: [{ version: 1, fields: scaledV1, upcast: SCALED_V1_UPCAST }],
  },
  {
    type: 'CareScaledDown',
    version: 2,
    category: 'care-scaling',
    stream: client,
    description: "Afschalen: a step to lighter care without a move; carriedByNetwork when the client's own network takes the support over.",
    fields: scaled,
    previous: [{ version: 1, fields: scaledV1, upcast: SCALED_V1_UPCAST }],
  },
  {
    type: 'CareScalingWaitlisted',
    version: 2,
    category: 'care-scaling',
    stream: client,
    description: 'The team had no capacity: the request waits on the wachtlijst.',
    fields: { clientId: PSEUDONYM, fromIntensity: CODED, requestedIntensity: CODED, reason: PERSONAL_TEXT, decidedBy: PERSONAL_TEXT, wooncirkelId: CODED, wijkCode: CODED, teamId: CODED },
    previous: [
      {
        version: 1,
        fields: { clientId: PSEUDONYM, fromLevel: CODED, requestedLevel: CODED, reason: PERSONAL_TEXT, decidedBy: PERSONAL_TEXT, wooncirkelId: CODED, wijkCode: CODED, teamId: CODED },
        upcast: 'the levels become intensities as for CareScaledUp version 1 (the setting is dropped)',
      },
    ],
  },
  {
    type: 'HousingRequested',
    version: 2,
    category: 'housing',
    stream: client,
    description: 'The client waits for a home, coming from where it lives now (origin: thuis, intramurale_ggz, beschermd_wonen, …), so uitstroom from intramural care can be counted.',
    fields: { clientId: PSEUDONYM, wijkCode: CODED, preferredWijk: CODED, reason: PERSONAL_TEXT, origin: CODED },
    previous: [{ version: 1, fields: { clientId: PSEUDONYM, wijkCode: CODED, preferredWijk: CODED, reason: PERSONAL_TEXT }, upcast: '`origin` reads as null (not recorded)' }],
  },
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
  {
    type: 'ClientMovedIn',
    version: 2,
    category: 'housing',
    stream: client,
    description: 'The client moved into the matched home: a move from one setting to the setting of the home, with a coded reason.',
    fields: moved,
    previous: [{ version: 1, fields: movedV1, upcast: 'fromSetting elders, toSetting eigen_woning_in_cirkel (version 1 did not say), reason passende_woning' }],
  },
  {
    type: 'ClientMovedOut',
    version: 2,
    category: 'housing',
    stream: client,
    description: 'The client left the wooncirkel home: a move with a coded reason and an optional sealed note.',
    fields: { ...moved, note: PERSONAL_TEXT },
    previous: [{ version: 1, fields: { ...movedV1, reason: PERSONAL_TEXT }, upcast: 'fromSetting eigen_woning_in_cirkel, toSetting elders, reason overig with the old free text as `note`' }],
  },
  {
    type: 'ClientMoved',
    version: 1,
    category: 'housing',
    stream: client,
    description: 'The client moved between settings other than into or out of a wooncirkel home (e.g. from elsewhere into an own home in the circle), with a coded reason and an optional sealed note.',
    fields: { clientId: PSEUDONYM, wooncirkelId: CODED, wijkCode: CODED, fromSetting: CODED, toSetting: CODED, reason: CODED, note: PERSONAL_TEXT },
  },
  {
    type: 'ReciprocityDelivered',
    version: 1,
    category: 'housing',
    stream: client,
    description: 'Wederkerigheid as delivered: what the client contributed to the wijk in one month, in whole hours or in times, for one agreed contribution.',
    fields: { clientId: PSEUDONYM, wooncirkelId: CODED, wijkCode: CODED, contribution: CODED, month: SAFE, hours: SAFE, times: SAFE },
  },
  {
    type: 'ReciprocityAgreementChanged',
    version: 1,
    category: 'housing',
    stream: client,
    description: 'The reciprocity agreement made at the match changed by agreement with the client: the contributions before and after, and why.',
    fields: { clientId: PSEUDONYM, wooncirkelId: CODED, wijkCode: CODED, 'from[]': CODED, 'to[]': CODED, reason: PERSONAL_TEXT },
  },
  {
    type: 'ClientTransferred',
    version: 2,
    category: 'transfer',
    stream: client,
    description: 'The client is served by another wooncirkel (wijk, team or provider), with the intensity and setting the client has.',
    fields: { clientId: PSEUDONYM, ...placement('from'), ...placement('to'), reason: PERSONAL_TEXT, intensity: CODED, setting: CODED },
    previous: [{ version: 1, fields: { clientId: PSEUDONYM, ...placement('from'), ...placement('to'), reason: PERSONAL_TEXT, careLevel: CODED }, upcast: '`careLevel` becomes intensity and setting as for CareScaledUp version 1' }],
  },
  { type: 'BudgetAllocated', version: 1, category: 'budget', stream: client, description: 'A person-following budget for a year and funder.', fields: { clientId: PSEUDONYM, year: SAFE, funder: CODED, amountCents: SAFE, wijkCode: CODED } },
  {
    type: 'BudgetReleased',
    version: 3,
    category: 'budget',
    stream: client,
    description:
      "Money released for a coded purpose (with an optional sealed note), showing which money paid: the client's person-following allocation (`source` persoonsvolgend, `potId` null) or the gemeente's flex pot (`source` flexpot, `potId`, and the doorbraaktafel `caseId` it carries out). Fast-track maatwerk, beyond the allocation or from the flex pot only by the doorbraaktafel.",
    fields: { ...budgetReleasedV2, source: CODED, potId: CODED, caseId: PSEUDONYM },
    previous: [
      { version: 2, fields: budgetReleasedV2, upcast: 'read as person-following: `source` persoonsvolgend, `potId` and `caseId` null' },
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
  {
    type: 'IndicatieIssued',
    version: 1,
    category: 'toegang',
    stream: client,
    description: 'An indicatie or beschikking: the law, coded product, issuer (gemeente, centrumgemeente, zorgkantoor, wijkverpleegkundige or justitiële body) with its period, volume and the care intensities it covers.',
    fields: { clientId: PSEUDONYM, indicatieId: PSEUDONYM, wet: CODED, product: CODED, issuer: CODED, issuerRole: CODED, validFrom: SAFE, validUntil: SAFE, 'volume.unit': CODED, 'volume.amount': SAFE, covers: CODED, wijkCode: CODED, requestId: PSEUDONYM },
  },
  {
    type: 'IndicatieRequested',
    version: 1,
    category: 'toegang',
    stream: client,
    description: 'An aanvraag for an indicatie or beschikking (wet, coded product, the care intensity asked), made by a professional or the wijkteam to the competent issuer, with the legal decision term (decideBefore): the client waits for the decision.',
    fields: { clientId: PSEUDONYM, requestId: PSEUDONYM, wet: CODED, product: CODED, requestedIntensity: CODED, issuer: CODED, issuerRole: CODED, requestedByRole: CODED, decideBefore: SAFE, wijkCode: CODED },
  },
  {
    type: 'IndicatieRequestRefused',
    version: 1,
    category: 'toegang',
    stream: client,
    description: 'The issuer refused an aanvraag, with a coded reason: the wait for the decision ends without an indicatie.',
    fields: { clientId: PSEUDONYM, requestId: PSEUDONYM, wet: CODED, reason: CODED, wijkCode: CODED },
  },
  { type: 'IndicatieRequestWithdrawn', version: 1, category: 'toegang', stream: client, description: 'The aanvraag was withdrawn before a decision, with a coded reason: the wait ends.', fields: { clientId: PSEUDONYM, requestId: PSEUDONYM, wet: CODED, reason: CODED, wijkCode: CODED } },
  { type: 'IndicatieEnded', version: 1, category: 'toegang', stream: client, description: 'An indicatie ended or withdrawn before its end date, by its issuer, with a coded reason.', fields: { clientId: PSEUDONYM, indicatieId: PSEUDONYM, wet: CODED, reason: CODED, endsOn: SAFE, wijkCode: CODED } },
  {
    type: 'AccessExceptionRecorded',
    version: 1,
    category: 'toegang',
    stream: client,
    description: 'Care of an intensity that needs an indicatie started without one, as an acute step or on a doorbraaktafel decision; it must be regularised before the date given.',
    fields: { clientId: PSEUDONYM, exceptionId: PSEUDONYM, grounds: CODED, intensity: CODED, stepAt: SAFE, regulariseBefore: SAFE, caseId: PSEUDONYM, wijkCode: CODED },
  },
  {
    type: 'AccessRegularised',
    version: 1,
    category: 'toegang',
    stream: client,
    description: 'An indicatie issued later covers the care started as an exception (late when after its regularisation date).',
    fields: { clientId: PSEUDONYM, exceptionId: PSEUDONYM, indicatieId: PSEUDONYM, wet: CODED, late: SAFE, wijkCode: CODED },
  },
  { type: 'CaseEscalated', version: 1, category: 'doorbraaktafel', stream: client, description: 'A stuck case goes to the doorbraaktafel.', fields: { clientId: PSEUDONYM, caseId: PSEUDONYM, reason: PERSONAL_TEXT, wijkCode: CODED } },
  {
    type: 'DoorbraakDecisionRecorded',
    version: 2,
    category: 'doorbraaktafel',
    stream: client,
    description:
      'A breakthrough decided at the doorbraaktafel with the person present and an ervaringsdeskundige invited: participants by role (never names), the breakthrough type, the cost of the solution, the estimated avoided cost with its category and basis period, and the lead time in whole days since the escalation.',
    fields: {
      clientId: PSEUDONYM,
      caseId: PSEUDONYM,
      wijkCode: CODED,
      'participants[]': CODED,
      clientPresent: SAFE,
      ervaringsdeskundigeInvited: SAFE,
      breakthroughType: CODED,
      note: PERSONAL_TEXT,
      solutionCostCents: SAFE,
      // null when no avoided cost was estimated; the object's fields are classed below.
      avoidedCost: SAFE,
      'avoidedCost.category': CODED,
      'avoidedCost.amountCents': SAFE,
      'avoidedCost.basisMonths': SAFE,
      escalatedAt: SAFE,
      leadTimeDays: SAFE,
      legacyParticipants: IDENTIFYING,
    },
    previous: [
      {
        version: 1,
        fields: { clientId: PSEUDONYM, caseId: PSEUDONYM, decision: PERSONAL_TEXT, participants: IDENTIFYING, clientPresent: SAFE },
        upcast:
          'the free-text decision becomes the sealed `note`; the free-text participants are kept sealed as `legacyParticipants`, and read as roles only where they were stored in plain text and are known words (otherwise none); breakthrough `overig`, ervaringsdeskundige not recorded as invited, costs, lead time and wijk unknown (null)',
      },
    ],
  },
  {
    type: 'BudgetPotOpened',
    version: 1,
    category: 'budget-pot',
    stream: pot,
    description: "A gemeente opens a budget pot beside the person-following budgets: a wijkgebonden budget for a wijk, funder and year (`kind` wijk), or the gemeente's flex pot for a year (`kind` flex, `wijkCode` null).",
    fields: { ...potFacts, amountCents: SAFE },
  },
  { type: 'BudgetPotToppedUp', version: 1, category: 'budget-pot', stream: pot, description: 'The gemeente adds money to an open pot.', fields: { ...potFacts, amountCents: SAFE } },
  {
    type: 'BudgetPotReleased',
    version: 1,
    category: 'budget-pot',
    stream: pot,
    description: "Money leaves a pot: for a coded wijk activity (`clientId` null), or from the flex pot for a client's release decided at the doorbraaktafel (the client's BudgetReleased names this pot). A pot never goes below zero.",
    fields: { ...potFacts, releaseId: PSEUDONYM, clientId: PSEUDONYM, activity: CODED, purpose: CODED, amountCents: SAFE },
  },
  {
    type: 'BudgetPotReleaseReturned',
    version: 1,
    category: 'budget-pot',
    stream: pot,
    internal: true,
    description: "A client's release from the flex pot did not go through on the client's trajectory: the pot gets the money back (compensation).",
    fields: { ...potFacts, releaseId: PSEUDONYM, clientId: PSEUDONYM, amountCents: SAFE },
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
    type: 'NetworkMemberAdded',
    version: 1,
    category: 'network',
    stream: client,
    description: "A member joins the client's network with a coded relation (mantelzorger, naaste, vrijwilliger, ervaringsdeskundige, buur, …); name and contact are sealed, the member is referred to by a pseudonymous member id.",
    fields: { clientId: PSEUDONYM, memberId: PSEUDONYM, relation: CODED, personal: IDENTIFYING, wijkCode: CODED },
  },
  { type: 'NetworkMemberLeft', version: 1, category: 'network', stream: client, description: "A member leaves the client's network (coded reason); the support the member gave ends with it.", fields: { clientId: PSEUDONYM, memberId: PSEUDONYM, relation: CODED, reason: CODED, wijkCode: CODED } },
  {
    type: 'InformalSupportStarted',
    version: 1,
    category: 'network',
    stream: client,
    description: 'A network member starts giving informal support: what (coded kind), how many hours a week, with an optional sealed note.',
    fields: { clientId: PSEUDONYM, supportId: PSEUDONYM, memberId: PSEUDONYM, relation: CODED, kind: CODED, hoursPerWeek: SAFE, note: PERSONAL_TEXT, wijkCode: CODED },
  },
  {
    type: 'InformalSupportEnded',
    version: 1,
    category: 'network',
    stream: client,
    description: 'Informal support ends, with a coded reason (`netwerklid_vertrokken` when its member left the network).',
    fields: { clientId: PSEUDONYM, supportId: PSEUDONYM, memberId: PSEUDONYM, kind: CODED, hoursPerWeek: SAFE, reason: CODED, startedAt: SAFE, wijkCode: CODED },
  },
  { type: 'ReferralMade', version: 1, category: 'network', stream: client, description: 'An outgoing referral to indicated care (coded), optionally to an organisation code.', fields: { clientId: PSEUDONYM, referralId: PSEUDONYM, care: CODED, referredTo: CODED, wijkCode: CODED } },
  {
    type: 'ReferralAvoided',
    version: 1,
    category: 'network',
    stream: client,
    description: 'A referral to indicated care (coded) was avoided: the informal solution that replaced it (coded), the informal support and member that carry it, an optional sealed note.',
    fields: { clientId: PSEUDONYM, referralId: PSEUDONYM, care: CODED, solution: CODED, supportId: PSEUDONYM, memberId: PSEUDONYM, note: PERSONAL_TEXT, wijkCode: CODED },
  },
  {
    type: 'ClientDataErased',
    version: 3,
    category: 'privacy',
    stream: client,
    description: "AVG art. 17: the client's personal data was erased (its key destroyed); its waits end and its team place, home and reservations are given back. Integrators must erase what they hold on this pseudonym.",
    fields: { clientId: PSEUDONYM, legalBasis: CODED, wijkCode: CODED, wooncirkelId: CODED, intensity: CODED, setting: CODED },
    previous: [
      { version: 1, fields: { clientId: PSEUDONYM, legalBasis: CODED, wijkCode: CODED }, upcast: '`wooncirkelId` and `careLevel` read as null (such clients stay counted in the caseload, as before)' },
      { version: 2, fields: { clientId: PSEUDONYM, legalBasis: CODED, wijkCode: CODED, wooncirkelId: CODED, careLevel: CODED }, upcast: '`careLevel` becomes intensity and setting as for CareScaledUp version 1 (null stays null)' },
    ],
  },
  {
    type: 'TrajectoryClosed',
    version: 1,
    category: 'closure',
    stream: client,
    description: 'Afsluiting with a coded reason: the waits listed end, the team place and home reservations are given back (a home is left by the ClientMovedOut just before). Open budget lines stay open until settled; the trajectory takes no new commands except settling budget and erasure.',
    fields: { clientId: PSEUDONYM, reason: CODED, note: PERSONAL_TEXT, wooncirkelId: CODED, wijkCode: CODED, teamId: CODED, intensity: CODED, setting: CODED, heldTeamPlace: SAFE, homeId: CODED, 'endedWaits[]': CODED, openBudgetLines: SAFE },
  },
  {
    type: 'PlannedStepScheduled',
    version: 1,
    category: 'planning',
    stream: client,
    description: 'A professional planned a step (kind: the client command, e.g. ScaleCare or CloseTrajectory) to take effect at effectiveAt; the command input (less its date) is sealed as one value.',
    fields: { clientId: PSEUDONYM, planId: PSEUDONYM, kind: CODED, effectiveAt: SAFE, wooncirkelId: CODED, wijkCode: CODED, step: PERSONAL_TEXT, plannerId: PSEUDONYM, plannerRole: CODED },
  },
  {
    type: 'PlannedStepCancelled',
    version: 1,
    category: 'planning',
    stream: client,
    description: 'A planned step was cancelled before its date.',
    fields: { clientId: PSEUDONYM, planId: PSEUDONYM, kind: CODED, effectiveAt: SAFE, wooncirkelId: CODED, wijkCode: CODED, reason: PERSONAL_TEXT },
  },
  {
    type: 'PlannedStepTookEffect',
    version: 1,
    category: 'planning',
    stream: client,
    description: "A planned step took effect on its date through the command flow, on behalf of its planner; `events` names the step's own events, written with this one.",
    fields: { clientId: PSEUDONYM, planId: PSEUDONYM, kind: CODED, effectiveAt: SAFE, wooncirkelId: CODED, wijkCode: CODED, plannerId: PSEUDONYM, 'events[]': CODED },
  },
  {
    type: 'PlannedStepFailed',
    version: 1,
    category: 'planning',
    stream: client,
    description: 'A planned step could not take effect on its date: the rule that refused it (code, field), or team_full with the wait it caused (waitlisted).',
    fields: { clientId: PSEUDONYM, planId: PSEUDONYM, kind: CODED, effectiveAt: SAFE, wooncirkelId: CODED, wijkCode: CODED, plannerId: PSEUDONYM, code: CODED, field: CODED, waitlisted: SAFE },
  },
  {
    type: 'PersonalDataAccessed',
    version: 2,
    category: 'audit',
    stream: 'access-log-<YYYY-MM-DD>-<n>',
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
  // The neighbourhood (buurt): streams that are not a client's, so codes, counts and times only.
  {
    type: 'OverlastReported',
    version: 1,
    category: 'buurt',
    stream: 'overlast-<reportId>',
    description: 'A nuisance report in a wijk: who reported it (coded source, role and organisation code) and what kind; a client only when a professional names one on purpose.',
    fields: { reportId: CODED, wijkCode: CODED, gemeenteCode: CODED, source: CODED, category: CODED, reportedAt: SAFE, reportedByRole: CODED, organisation: CODED, clientId: PSEUDONYM },
  },
  {
    type: 'BuurtgesprekHeld',
    version: 1,
    category: 'buurt',
    stream: 'overlast-<reportId>',
    description: 'A conversation with the neighbourhood about the nuisance, with or without the client: how many residents and professionals took part.',
    fields: { reportId: CODED, wijkCode: CODED, heldAt: SAFE, withClient: SAFE, residents: SAFE, professionals: SAFE },
  },
  {
    type: 'OverlastResponseDecided',
    version: 1,
    category: 'buurt',
    stream: 'overlast-<reportId>',
    description: "The response to a nuisance report (coded). careStepExpected: scaling up was decided for the named client; the step itself is the client's own ScaleCare on its trajectory.",
    fields: { reportId: CODED, wijkCode: CODED, 'responses[]': CODED, decidedAt: SAFE, clientId: PSEUDONYM, careStepExpected: SAFE },
  },
  {
    type: 'OverlastResolved',
    version: 1,
    category: 'buurt',
    stream: 'overlast-<reportId>',
    description: 'The nuisance report is resolved: outcome, when, and the days from report to resolution.',
    fields: { reportId: CODED, wijkCode: CODED, outcome: CODED, resolvedAt: SAFE, resolutionDays: SAFE, buurtgesprekken: SAFE },
  },
  {
    type: 'BuurtonderzoekStarted',
    version: 1,
    category: 'buurt',
    stream: 'buurtonderzoek-<onderzoekId>',
    description: 'A buurtonderzoek starts in a wijk, for a coded reason (a client comes to live there, nuisance, signals).',
    fields: { onderzoekId: CODED, wijkCode: CODED, gemeenteCode: CODED, reason: CODED, startedAt: SAFE, startedByRole: CODED, organisation: CODED },
  },
  {
    type: 'BuurtonderzoekGesprekkenRecorded',
    version: 1,
    category: 'buurt',
    stream: 'buurtonderzoek-<onderzoekId>',
    description: 'Individual or group conversations of the buurtonderzoek: how many residents and professionals were spoken to.',
    fields: { onderzoekId: CODED, wijkCode: CODED, heldAt: SAFE, form: CODED, residents: SAFE, professionals: SAFE },
  },
  {
    type: 'BuurtonderzoekFindingsRecorded',
    version: 1,
    category: 'buurt',
    stream: 'buurtonderzoek-<onderzoekId>',
    description: 'Findings of the buurtonderzoek (coded).',
    fields: { onderzoekId: CODED, wijkCode: CODED, 'findings[]': CODED, recordedAt: SAFE },
  },
  {
    type: 'BuurtonderzoekPlanShared',
    version: 1,
    category: 'buurt',
    stream: 'buurtonderzoek-<onderzoekId>',
    description: 'The plan of approach is shared with the residents: how, how many were reached; completes the buurtonderzoek.',
    fields: { onderzoekId: CODED, wijkCode: CODED, sharedAt: SAFE, channel: CODED, residentsReached: SAFE, residentsSpokenTo: SAFE, professionalsSpokenTo: SAFE, durationDays: SAFE },
  },
  {
    type: 'BuurtpleinStarted',
    version: 1,
    category: 'buurt',
    stream: 'buurtplein-<pleinId>',
    description: 'A buurtplein starts: a group of residents (size only) with a fixed weekly moment.',
    fields: { pleinId: CODED, wijkCode: CODED, gemeenteCode: CODED, groupSize: SAFE, weekday: CODED, startTime: SAFE, startedAt: SAFE, organisation: CODED },
  },
  {
    type: 'BuurtpleinMeetingHeld',
    version: 1,
    category: 'buurt',
    stream: 'buurtplein-<pleinId>',
    description: 'A weekly meeting of the buurtplein took place: how many of the group attended.',
    fields: { pleinId: CODED, wijkCode: CODED, heldOn: SAFE, attendance: SAFE, groupSize: SAFE },
  },
  { type: 'BuurtpleinEnded', version: 1, category: 'buurt', stream: 'buurtplein-<pleinId>', description: 'The buurtplein ends (coded reason), with the number of meetings it held.', fields: { pleinId: CODED, wijkCode: CODED, reason: CODED, endedAt: SAFE, meetings: SAFE } },
  {
    type: 'KernVisitsRecorded',
    version: 1,
    category: 'buurt',
    stream: 'kern-<wooncirkelId>-<YYYY-MM>',
    description: 'Visits to the kern of a wooncirkel in one day part of one day, within its opening hours: clients and other residents (counts).',
    fields: { wooncirkelId: CODED, wijkCode: CODED, date: SAFE, dayPart: CODED, clientVisits: SAFE, otherVisits: SAFE, organisation: CODED },
  },
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
