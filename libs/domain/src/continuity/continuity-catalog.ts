import type { CatalogEntry, FieldClassification } from '../catalog-types';

/**
 * Catalog entries of continuity and team places (merged into EVENT_CATALOG). Staff codes (`staffId`,
 * `decidedBy`, `previousStaffId`) name persons: pseudonymous ids. Wooncirkel streams carry codes and
 * counts only; the one free text (a begeleider note) lives sealed in the client stream.
 */
const client = 'client-<clientId>' as const;
const wooncirkel = 'wooncirkel-<wooncirkelId>' as const;
const team: FieldClassification = { wooncirkelId: 'coded', wijkCode: 'coded', teamId: 'coded' };
const placement = (prefix: string): FieldClassification => ({ [`${prefix}.wooncirkelId`]: 'coded', [`${prefix}.wijkCode`]: 'coded', [`${prefix}.teamId`]: 'coded', [`${prefix}.providerId`]: 'coded' });

export const CONTINUITY_CATALOG: CatalogEntry[] = [
  {
    type: 'StaffJoinedTeam',
    version: 1,
    category: 'continuity',
    stream: wooncirkel,
    description: 'A staff member joins the wooncirkel team with a role (ervaringsdeskundige, teamleider, …) and hours per week.',
    fields: { ...team, staffId: 'pseudonymous_id', role: 'coded', hoursPerWeek: 'aggregate_safe' },
  },
  { type: 'StaffLeftTeam', version: 1, category: 'continuity', stream: wooncirkel, description: 'A staff member leaves the team (coded reason); their clients are without vaste begeleider until reassigned.', fields: { ...team, staffId: 'pseudonymous_id', role: 'coded', reason: 'coded' } },
  { type: 'TeamPlaceWaitStarted', version: 1, category: 'continuity', stream: wooncirkel, description: "A client waits for a place on the team: for more care ('care') or to transfer in ('transfer').", fields: { ...team, clientId: 'pseudonymous_id', kind: 'coded', urgency: 'coded' } },
  {
    type: 'TeamPlaceWaitEnded',
    version: 1,
    category: 'continuity',
    stream: wooncirkel,
    description: 'A client no longer waits for a place on the team without having taken one (an open offer to it is withdrawn).',
    fields: { ...team, clientId: 'pseudonymous_id', kind: 'coded', ending: 'coded', withdrawnOfferId: 'pseudonymous_id' },
  },
  {
    type: 'TeamPlaceOffered',
    version: 1,
    category: 'continuity',
    stream: wooncirkel,
    description: 'A freed team place is offered to the waiting client the wachtlijst policy puts first (acuut > hoog > regulier, then longest wait), or granted over capacity; it is reserved until reservedUntil.',
    fields: { ...team, offerId: 'pseudonymous_id', clientId: 'pseudonymous_id', kind: 'coded', urgency: 'coded', waitingSince: 'aggregate_safe', reservedUntil: 'aggregate_safe', overCapacity: 'aggregate_safe' },
  },
  {
    type: 'TeamPlaceOfferOverridden',
    version: 1,
    category: 'continuity',
    stream: wooncirkel,
    description: 'A teamleider gives an offered team place to another waiting client than the policy chose, with a coded reason.',
    fields: { ...team, offerId: 'pseudonymous_id', fromClientId: 'pseudonymous_id', toClientId: 'pseudonymous_id', kind: 'coded', decidedBy: 'pseudonymous_id', reason: 'coded', reservedUntil: 'aggregate_safe' },
  },
  {
    type: 'TeamOverCapacityGranted',
    version: 1,
    category: 'continuity',
    stream: wooncirkel,
    description: 'A documented temporary over-capacity: a team place beyond capacity for an acute client, decided by a teamleider, with a coded reason and an end date.',
    fields: { ...team, clientId: 'pseudonymous_id', decidedBy: 'pseudonymous_id', reason: 'coded', until: 'aggregate_safe', caseloadCapacity: 'aggregate_safe', placesTaken: 'aggregate_safe' },
  },
  {
    type: 'TeamOverCapacityAbsorbed',
    version: 1,
    category: 'continuity',
    stream: wooncirkel,
    description: 'A freed place absorbed an over-capacity: the team is back within capacity for that grant.',
    fields: { ...team, clientId: 'pseudonymous_id', grantedAt: 'aggregate_safe', until: 'aggregate_safe', caseloadCapacity: 'aggregate_safe', placesTaken: 'aggregate_safe' },
  },
  {
    type: 'BegeleiderAssigned',
    version: 1,
    category: 'continuity',
    stream: client,
    description: 'The client gets a vaste begeleider from its team (first assignment or a change, with a coded reason and an optional sealed note).',
    fields: { clientId: 'pseudonymous_id', staffId: 'pseudonymous_id', previousStaffId: 'pseudonymous_id', reason: 'coded', note: 'personal_text', wooncirkelId: 'coded', teamId: 'coded' },
  },
  {
    type: 'TransferWaitlisted',
    version: 1,
    category: 'transfer',
    stream: client,
    description: 'A transfer into a full team waits there for a team place (on its wachtlijst as kind transfer).',
    fields: { clientId: 'pseudonymous_id', ...placement('from'), ...placement('to'), reason: 'personal_text' },
  },
];
