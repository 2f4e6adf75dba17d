import { EVENT_CATALOG } from './event-catalog';
import { ClientEvent } from './client/client';
import { WooncirkelEvent, WijkEvent } from './wijk';
import { PersonalDataAccessed } from './audit/access-log';

// Every event type the deciders can emit, checked by the compiler: adding an event without a
// catalog entry fails here.
const EMITTED: Record<ClientEvent['type'] | WooncirkelEvent['type'] | WijkEvent['type'] | PersonalDataAccessed['type'], true> = {
  WijkRegistered: true, WooncirkelRegistered: true, HomeAdded: true, TeamCapacityChanged: true, TeamPlaceClaimed: true, TeamPlaceReleased: true, HomeOccupied: true, HomeVacated: true, HomeReserved: true, HomeReservationReleased: true,
  IntakeRegistered: true, CareScaledUp: true, CareScaledDown: true, CareScalingWaitlisted: true, HousingRequested: true, HousingOffered: true, HousingOfferDeclined: true, HousingOfferAccepted: true,
  HousingMatched: true, ClientMovedIn: true, ClientMovedOut: true, ClientTransferred: true, BudgetAllocated: true, BudgetReleased: true, BudgetSpent: true, BudgetSettled: true,
  BudgetTransferred: true, CaseEscalated: true, DoorbraakDecisionRecorded: true, CaseClosed: true, DaginvullingRequested: true, DaginvullingArranged: true, WaitingPaused: true, WaitingResumed: true,
  PersonalDataAccessed: true,
  ClientDataErased: true,
};
// Written by the application layer, not by deciders.
const APPLICATION_EVENTS = ['ApiKeyIssued', 'ApiKeyRevoked'];

describe('event catalog', () => {
  it('documents every emitted event type exactly once', () => {
    expect(EVENT_CATALOG.map((e) => e.type).sort()).toEqual([...Object.keys(EMITTED), ...APPLICATION_EVENTS].sort());
  });
  it('marks personal data in the intake', () => {
    expect(EVENT_CATALOG.find((e) => e.type === 'IntakeRegistered')!.personalData).toContain('personal');
  });
});
