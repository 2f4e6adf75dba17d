import { EVENT_CATALOG, FIELD_CLASSES, classOfPath, classificationOf, personalPaths } from './event-catalog';
import { ClientEvent } from './client/client';
import { WooncirkelEvent, WijkEvent } from './wijk';
import { PersonalDataAccessed } from './audit/access-log';
import { BudgetPotEvent } from './budget-pot/budget-pot';
import { BuurtEvent } from './buurt';

// Every event type the deciders can emit, checked by the compiler: adding an event without a
// catalog entry fails here.
const EMITTED: Record<ClientEvent['type'] | WooncirkelEvent['type'] | WijkEvent['type'] | BudgetPotEvent['type'] | PersonalDataAccessed['type'] | BuurtEvent['type'], true> = {
  WijkRegistered: true,
  WooncirkelRegistered: true,
  HomeAdded: true,
  TeamCapacityChanged: true,
  DayAndNightCareOffered: true,
  DayAndNightCareWithdrawn: true,
  KernClosed: true,
  KernReopened: true,
  TeamPlaceClaimed: true,
  TeamPlaceReleased: true,
  HomeOccupied: true,
  HomeVacated: true,
  HomeReserved: true,
  HomeReservationReleased: true,
  StaffJoinedTeam: true,
  StaffLeftTeam: true,
  TeamPlaceWaitStarted: true,
  TeamPlaceWaitEnded: true,
  TeamPlaceOffered: true,
  TeamPlaceOfferOverridden: true,
  TeamOverCapacityGranted: true,
  TeamOverCapacityAbsorbed: true,
  BegeleiderAssigned: true,
  TransferWaitlisted: true,
  IntakeRegistered: true,
  CareScaledUp: true,
  CareScaledDown: true,
  CareScalingWaitlisted: true,
  HousingRequested: true,
  HousingOffered: true,
  HousingOfferDeclined: true,
  HousingOfferAccepted: true,
  HousingMatched: true,
  ClientMovedIn: true,
  ClientMovedOut: true,
  ClientMoved: true,
  ReciprocityDelivered: true,
  ReciprocityAgreementChanged: true,
  ClientTransferred: true,
  IndicatieIssued: true,
  IndicatieEnded: true,
  IndicatieRequested: true,
  IndicatieRequestRefused: true,
  IndicatieRequestWithdrawn: true,
  AccessExceptionRecorded: true,
  AccessRegularised: true,
  NetworkMemberAdded: true,
  NetworkMemberLeft: true,
  InformalSupportStarted: true,
  InformalSupportEnded: true,
  ReferralMade: true,
  ReferralAvoided: true,
  BudgetAllocated: true,
  BudgetReleased: true,
  BudgetSpent: true,
  BudgetSettled: true,
  BudgetTransferred: true,
  CaseEscalated: true,
  DoorbraakDecisionRecorded: true,
  CaseClosed: true,
  BudgetPotOpened: true,
  BudgetPotToppedUp: true,
  BudgetPotReleased: true,
  BudgetPotReleaseReturned: true,
  DaginvullingRequested: true,
  DaginvullingArranged: true,
  WaitingPaused: true,
  WaitingResumed: true,
  PersonalDataAccessed: true,
  ClientDataErased: true,
  TrajectoryClosed: true,
  PlannedStepScheduled: true,
  PlannedStepCancelled: true,
  PlannedStepTookEffect: true,
  PlannedStepFailed: true,
  OverlastReported: true,
  BuurtgesprekHeld: true,
  OverlastResponseDecided: true,
  OverlastResolved: true,
  BuurtonderzoekStarted: true,
  BuurtonderzoekGesprekkenRecorded: true,
  BuurtonderzoekFindingsRecorded: true,
  BuurtonderzoekPlanShared: true,
  BuurtpleinStarted: true,
  BuurtpleinMeetingHeld: true,
  BuurtpleinEnded: true,
  KernVisitsRecorded: true,
};
// Written by the application layer, not by deciders.
const APPLICATION_EVENTS = ['ApiKeyIssued', 'ApiKeyRevoked'];

describe('event catalog', () => {
  it('documents every emitted event type exactly once', () => {
    expect(EVENT_CATALOG.map((e) => e.type).sort()).toEqual([...Object.keys(EMITTED), ...APPLICATION_EVENTS].sort());
  });
  it('marks personal data in the intake', () => {
    expect(personalPaths('IntakeRegistered')).toEqual(['goals', 'personal']);
  });
  it('classifies every field with one known class, nested and list paths included', () => {
    for (const entry of EVENT_CATALOG) {
      for (const fields of [entry.fields, ...(entry.previous ?? []).map((p) => p.fields)]) {
        for (const [path, fieldClass] of Object.entries(fields)) {
          expect([entry.type, path, FIELD_CLASSES.includes(fieldClass)]).toEqual([entry.type, path, true]);
          expect([entry.type, path]).toEqual([entry.type, expect.stringMatching(/^[A-Za-z]+(\[\])?(\.[A-Za-z]+(\[\])?)*$/)]);
        }
      }
      expect((entry.previous ?? []).every((p) => p.version < entry.version)).toBe(true);
    }
  });
  it('finds the class of a path through the object or list around it', () => {
    const intake = classificationOf('IntakeRegistered')!;
    expect(classOfPath(intake, 'personal.bsn')).toBe('identifying');
    expect(classOfPath(intake, 'goals[]')).toBe('personal_text');
    expect(classOfPath(intake, 'placement.wijkCode')).toBe('coded');
    expect(classOfPath(intake, 'placement.secret')).toBeUndefined();
    expect(classOfPath(classificationOf('WooncirkelRegistered')!, 'homes[].address')).toBe('identifying');
    expect(classificationOf('BudgetReleased', 1)!.purpose).toBe('personal_text');
    expect(classificationOf('BudgetReleased', 2)!.purpose).toBe('coded');
    expect(classificationOf('BudgetReleased', 7)).toBeNull();
  });
});
