/**
 * The public catalog of domain events: one entry per event type and schema version.
 * docs/events.md and the AsyncAPI document are generated from it (npm run docs).
 */
export interface CatalogEntry {
  type: string;
  version: number;
  /** The capability, used as the integration-event category. */
  category: 'wijk' | 'intake' | 'care-scaling' | 'housing' | 'budget' | 'transfer' | 'doorbraaktafel' | 'daginvulling' | 'privacy' | 'audit';
  stream: 'wijk-<wijkCode>' | 'wooncirkel-<wooncirkelId>' | 'client-<clientId>' | 'access-log-<YYYY-MM-DD>' | 'api-keys';
  /** Internal events are never published to integrators. */
  internal?: boolean;
  description: string;
  fields: string;
  /** Paths in `data` holding personal data: never in integrator streams or policymaker views. */
  personalData: string[];
}

const client = 'client-<clientId>' as const;
const wooncirkel = 'wooncirkel-<wooncirkelId>' as const;

export const EVENT_CATALOG: CatalogEntry[] = [
  { type: 'WijkRegistered', version: 1, category: 'wijk', stream: 'wijk-<wijkCode>', description: 'A CBS wijk joins "Thuis in de wijk".', fields: 'wijkCode, wijkName, gemeenteCode, gemeenteName', personalData: [] },
  { type: 'WooncirkelRegistered', version: 1, category: 'wijk', stream: wooncirkel, description: 'A wooncirkel with its kern (meeting place, opening hours), professional team and homes within 10 minutes of the kern.', fields: 'wooncirkelId, wijkCode, name, kern{name, opensAt, closesAt}, team{teamId, name, providerId, caseloadCapacity}, homes[{homeId, address, kind, travelMinutesToKern}]', personalData: [] },
  { type: 'HomeAdded', version: 1, category: 'wijk', stream: wooncirkel, description: 'A home joins the wooncirkel.', fields: 'wooncirkelId, home{homeId, address, kind, travelMinutesToKern}', personalData: [] },
  { type: 'TeamCapacityChanged', version: 1, category: 'wijk', stream: wooncirkel, description: "The team's caseload capacity changed.", fields: 'wooncirkelId, wijkCode, teamId, from, to', personalData: [] },
  { type: 'TeamPlaceClaimed', version: 1, category: 'care-scaling', stream: wooncirkel, description: 'A client takes a place on the professional team (care above informal).', fields: 'wooncirkelId, wijkCode, teamId, clientId', personalData: [] },
  { type: 'TeamPlaceReleased', version: 1, category: 'care-scaling', stream: wooncirkel, description: 'A client gives a team place back.', fields: 'wooncirkelId, wijkCode, teamId, clientId', personalData: [] },
  { type: 'HomeOccupied', version: 1, category: 'housing', stream: wooncirkel, description: 'A client moved into a home of the wooncirkel.', fields: 'wooncirkelId, wijkCode, homeId, clientId', personalData: [] },
  { type: 'HomeVacated', version: 1, category: 'housing', stream: wooncirkel, description: 'A home became vacant.', fields: 'wooncirkelId, wijkCode, homeId, clientId', personalData: [] },
  { type: 'HomeReserved', version: 1, category: 'housing', stream: wooncirkel, description: 'A home is reserved for one client by an offer; the reservation holds through the match until the client moves in.', fields: 'wooncirkelId, wijkCode, homeId, clientId, offerId', personalData: [] },
  { type: 'HomeReservationReleased', version: 1, category: 'housing', stream: wooncirkel, description: 'A home reservation is given back: the offer was declined or lapsed, or the client was erased.', fields: 'wooncirkelId, wijkCode, homeId, clientId, offerId, reason', personalData: [] },
  { type: 'IntakeRegistered', version: 1, category: 'intake', stream: client, description: 'Aanmelding: the client, needs per life domain, urgency, preferred wijk (leading), goals, referral, and the intaking wooncirkel.', fields: 'clientId, preferredWijk, lifeDomains[], urgency, acuteConfusedBehaviour, goals[], referralSource, personal{bsn?, name?}, placement{wooncirkelId, wijkCode, teamId, providerId}', personalData: ['personal', 'goals'] },
  { type: 'CareScaledUp', version: 1, category: 'care-scaling', stream: client, description: 'Opschalen: a step to a more intensive care level, in the same team and home.', fields: 'clientId, fromLevel, toLevel, reason, decidedBy, wooncirkelId, wijkCode, teamId, homeId, stayedInHome', personalData: ['reason', 'decidedBy'] },
  { type: 'CareScaledDown', version: 1, category: 'care-scaling', stream: client, description: 'Afschalen: a step to a lighter care level.', fields: 'clientId, fromLevel, toLevel, reason, decidedBy, wooncirkelId, wijkCode, teamId, homeId, stayedInHome', personalData: ['reason', 'decidedBy'] },
  { type: 'CareScalingWaitlisted', version: 1, category: 'care-scaling', stream: client, description: 'The team had no capacity: the request waits on the wachtlijst.', fields: 'clientId, fromLevel, requestedLevel, reason, decidedBy, wooncirkelId, wijkCode, teamId', personalData: ['reason', 'decidedBy'] },
  { type: 'HousingRequested', version: 1, category: 'housing', stream: client, description: 'The client waits for a home.', fields: 'clientId, wijkCode, preferredWijk, reason', personalData: ['reason'] },
  { type: 'HousingOffered', version: 1, category: 'housing', stream: client, description: 'A housing corporation offers a vacant wooncirkel home.', fields: 'clientId, offerId, homeId, wooncirkelId, wijkCode, corporation, travelMinutesToKern', personalData: [] },
  { type: 'HousingOfferDeclined', version: 1, category: 'housing', stream: client, description: 'The client declined an offer (perhaps to wait for the preferred wijk).', fields: 'clientId, offerId, reason, becauseOfPreference', personalData: ['reason'] },
  { type: 'HousingOfferAccepted', version: 1, category: 'housing', stream: client, description: 'The client accepted an offer.', fields: 'clientId, offerId', personalData: [] },
  { type: 'HousingMatched', version: 1, category: 'housing', stream: client, description: 'A home is matched: preferred wijk honoured or the deviation recorded, with the reciprocity contribution.', fields: 'clientId, offerId, homeId, wooncirkelId, wijkCode, preferredWijk, preferredWijkHonoured, deviationReason, reciprocity[], waitedSince', personalData: ['deviationReason'] },
  { type: 'ClientMovedIn', version: 1, category: 'housing', stream: client, description: 'The client moved into the matched home.', fields: 'clientId, homeId, wooncirkelId, wijkCode', personalData: [] },
  { type: 'ClientMovedOut', version: 1, category: 'housing', stream: client, description: 'The client left the home.', fields: 'clientId, homeId, wooncirkelId, wijkCode, reason', personalData: ['reason'] },
  { type: 'ClientTransferred', version: 1, category: 'transfer', stream: client, description: 'The client is served by another wooncirkel (wijk, team or provider).', fields: 'clientId, from{placement}, to{placement}, reason, careLevel', personalData: ['reason'] },
  { type: 'BudgetAllocated', version: 1, category: 'budget', stream: client, description: 'A person-following budget for a year and funder.', fields: 'clientId, year, funder, amountCents, wijkCode', personalData: [] },
  { type: 'BudgetReleased', version: 1, category: 'budget', stream: client, description: 'Money released for a purpose; fast-track maatwerk or beyond the allocation only by the doorbraaktafel, with justification.', fields: 'clientId, releaseId, year, funder, purpose, amountCents, approvedBy, fastTrack, overrideAllocation, justification, wijkCode', personalData: ['justification', 'approvedBy'] },
  { type: 'BudgetSpent', version: 1, category: 'budget', stream: client, description: 'Released money spent.', fields: 'clientId, releaseId, year, funder, purpose, amountCents, description, wijkCode', personalData: ['description'] },
  { type: 'BudgetSettled', version: 1, category: 'budget', stream: client, description: 'A year and funder closed: what was allocated, released, spent and left unspent.', fields: 'clientId, year, funder, allocatedCents, releasedCents, spentCents, unspentCents, wijkCode', personalData: [] },
  { type: 'BudgetTransferred', version: 2, category: 'transfer', stream: client, description: 'The open budget follows the client to the new wijk or provider (het geld volgt de mens). unreleasedCents = allocated − released, unspentCents = allocated − spent (version 1 had remainingCents = allocated − spent).', fields: 'clientId, fromWijk, toWijk, fromProvider, toProvider, lines[{year, funder, allocatedCents, releasedCents, spentCents, unreleasedCents, unspentCents}]', personalData: [] },
  { type: 'CaseEscalated', version: 1, category: 'doorbraaktafel', stream: client, description: 'A stuck case goes to the doorbraaktafel.', fields: 'clientId, caseId, reason, wijkCode', personalData: ['reason'] },
  { type: 'DoorbraakDecisionRecorded', version: 1, category: 'doorbraaktafel', stream: client, description: 'A decision taken at the doorbraaktafel with the person present.', fields: 'clientId, caseId, decision, participants[], clientPresent', personalData: ['decision', 'participants'] },
  { type: 'CaseClosed', version: 1, category: 'doorbraaktafel', stream: client, description: 'The doorbraaktafel case is closed.', fields: 'clientId, caseId, outcome, decisions', personalData: ['outcome'] },
  { type: 'DaginvullingRequested', version: 1, category: 'daginvulling', stream: client, description: 'The client waits for daginvulling (day activities).', fields: 'clientId, wish, wijkCode', personalData: ['wish'] },
  { type: 'DaginvullingArranged', version: 1, category: 'daginvulling', stream: client, description: 'Daginvulling arranged: the wait ends.', fields: 'clientId, activity, provider, wijkCode, waitedSince', personalData: [] },
  { type: 'WaitingPaused', version: 1, category: 'daginvulling', stream: client, description: 'The client stops actively waiting for a while (niet-actief wachtend).', fields: 'clientId, reason', personalData: ['reason'] },
  { type: 'WaitingResumed', version: 1, category: 'daginvulling', stream: client, description: 'The client waits actively again.', fields: 'clientId', personalData: [] },
  { type: 'ClientDataErased', version: 2, category: 'privacy', stream: client, description: 'AVG art. 17: the client\'s personal data was erased (its key destroyed); its waits end and its team place, home and reservations are given back. Integrators must erase what they hold on this pseudonym.', fields: 'clientId, legalBasis, wijkCode, wooncirkelId, careLevel (version 1: without wooncirkelId and careLevel)', personalData: [] },
  { type: 'PersonalDataAccessed', version: 1, category: 'audit', stream: 'access-log-<YYYY-MM-DD>', description: 'Access log (NEN 7513): someone read person-level data; the actor in the metadata, the clients, the resource and the purpose here.', fields: 'clientIds[], resource, purpose, query', personalData: ['clientIds'], internal: true },
  { type: 'ApiKeyIssued', version: 1, category: 'audit', stream: 'api-keys', description: 'An API key for a machine client; only its SHA-256 is kept.', fields: 'keyHash, role, sub, wooncirkels', personalData: [], internal: true },
  { type: 'ApiKeyRevoked', version: 1, category: 'audit', stream: 'api-keys', description: 'An API key no longer admits anyone.', fields: 'keyHash', personalData: [], internal: true },
];

export const CATALOG_BY_TYPE = new Map(EVENT_CATALOG.map((e) => [e.type, e]));
