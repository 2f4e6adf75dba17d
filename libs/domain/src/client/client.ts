import { Decider } from '../shared';
import { CLIENT_ID_MAPS, ClientState, initialClientState } from '../shared/client-state';
import { RegisterIntake, IntakeRegistered, decideIntake, evolveIntake } from '../intake/intake';
import { ScaleCare, CareScalingEvent, decideScaleCare, evolveCareScaling } from '../care-scaling/care-scaling';
import { HousingCommand, HousingEvent, decideHousing, evolveHousing } from '../housing/housing';
import { RecordMove, ClientMoved, decideRecordMove, evolveRecordMove } from '../housing/moves';
import { ReciprocityCommand, ReciprocityEvent, decideReciprocity, evolveReciprocity } from '../housing/reciprocity';
import { BudgetCommand, BudgetEvent, decideBudget, evolveBudget } from '../budget/budget';
import { TransferClient, TransferEvent, decideTransfer, evolveTransfer } from '../transfer/transfer';
import { DoorbraakCommand, DoorbraakEvent, decideDoorbraak, evolveDoorbraak } from '../doorbraaktafel/doorbraaktafel';
import { DaginvullingCommand, DaginvullingEvent, decideDaginvulling, evolveDaginvulling } from '../daginvulling/daginvulling';
import { ToegangCommand, ToegangEvent, decideToegang, evolveToegang } from '../toegang/toegang';
import { NetworkCommand, NetworkEvent, decideNetwork, evolveNetwork } from '../network/network';
import { ClientDataErased, EraseClientData, decideErasure, evolveErasure } from '../privacy/erasure';
import { CloseTrajectory, ClosureEvent, assertNotClosed, decideClosure, evolveClosure } from '../closure/closure';
import { PlanningCommand, PlanningEvent, decidePlanning, evolvePlanning } from '../planning/planning';
import { AssignBegeleider, ContinuityEvent, decideAssignBegeleider, evolveContinuity } from '../continuity/begeleider';
import { rule, withPrototypeSafeMaps } from '../shared';

/** One client's trajectory is one aggregate (stream client-<id>): care, housing and budget follow the person. */
export type ClientCommand = RegisterIntake | ScaleCare | HousingCommand | RecordMove | ReciprocityCommand | BudgetCommand | TransferClient | DoorbraakCommand | DaginvullingCommand | NetworkCommand | EraseClientData | ToegangCommand | CloseTrajectory | PlanningCommand | AssignBegeleider;
export type ClientEvent = IntakeRegistered | CareScalingEvent | HousingEvent | ClientMoved | ReciprocityEvent | BudgetEvent | TransferEvent | DoorbraakEvent | DaginvullingEvent | NetworkEvent | ClientDataErased | ToegangEvent | ClosureEvent | PlanningEvent | ContinuityEvent;

export const clientDecider: Decider<ClientCommand, ClientState, ClientEvent> = withPrototypeSafeMaps<ClientCommand, ClientState, ClientEvent>(
  {
    initialState: initialClientState,
    snapshot: { kind: 'client', version: 1 },

    decide(command, state, context): ClientEvent[] {
      rule(!state.erased, 'client_erased', 'the personal data of this client was erased: its trajectory is closed', 'clientId');
      assertNotClosed(state, command.type);
      switch (command.type) {
        case 'RegisterIntake':
          return decideIntake(command, state, context);
        case 'ScaleCare':
          return decideScaleCare(command, state, context);
        case 'RequestHousing':
        case 'OfferHousing':
        case 'DeclineHousingOffer':
        case 'AcceptHousingOffer':
        case 'MoveIn':
        case 'MoveOut':
          return decideHousing(command, state, context);
        case 'RecordMove':
          return decideRecordMove(command, state, context);
        case 'RecordReciprocityDelivery':
        case 'ChangeReciprocityAgreement':
          return decideReciprocity(command, state, context);
        case 'AllocateBudget':
        case 'ReleaseBudget':
        case 'SpendBudget':
        case 'SettleBudget':
          return decideBudget(command, state, context);
        case 'TransferClient':
          return decideTransfer(command, state, context);
        case 'EscalateCase':
        case 'RecordDoorbraakDecision':
        case 'CloseCase':
          return decideDoorbraak(command, state, context);
        case 'RequestDaginvulling':
        case 'ArrangeDaginvulling':
        case 'PauseWaiting':
        case 'ResumeWaiting':
          return decideDaginvulling(command, state, context);
        case 'AddNetworkMember':
        case 'RemoveNetworkMember':
        case 'StartInformalSupport':
        case 'EndInformalSupport':
        case 'RecordReferralMade':
        case 'RecordReferralAvoided':
          return decideNetwork(command, state, context);
        case 'EraseClientData':
          return decideErasure(command, state, context);
        case 'IssueIndicatie':
        case 'EndIndicatie':
        case 'RequestIndicatie':
        case 'RefuseIndicatieRequest':
        case 'WithdrawIndicatieRequest':
          return decideToegang(command, state, context);
        case 'CloseTrajectory':
          return decideClosure(command, state, context);
        case 'PlanStep':
        case 'CancelPlannedStep':
        case 'TakePlannedStep':
        case 'RecordPlannedStepFailure':
          // A planned step is decided by this very decider, as the command it stands for.
          return decidePlanning(command, state, context, (step, stepContext) => clientDecider.decide(step, state, stepContext)) as ClientEvent[];
        case 'AssignBegeleider':
          return decideAssignBegeleider(command, state, context);
      }
    },

    evolve(state, e): ClientState {
      switch (e.type) {
        case 'IntakeRegistered':
          return evolveIntake(state, e);
        case 'CareScaledUp':
        case 'CareScaledDown':
        case 'CareScalingWaitlisted':
          return evolveCareScaling(state, e);
        case 'HousingRequested':
        case 'HousingOffered':
        case 'HousingOfferDeclined':
        case 'HousingOfferAccepted':
        case 'HousingMatched':
        case 'ClientMovedIn':
        case 'ClientMovedOut':
          return evolveHousing(state, e);
        case 'ClientMoved':
          return evolveRecordMove(state, e);
        case 'ReciprocityDelivered':
        case 'ReciprocityAgreementChanged':
          return evolveReciprocity(state, e);
        case 'BudgetAllocated':
        case 'BudgetReleased':
        case 'BudgetSpent':
        case 'BudgetSettled':
          return evolveBudget(state, e);
        case 'ClientTransferred':
        case 'BudgetTransferred':
        case 'TransferWaitlisted':
          return evolveTransfer(state, e);
        case 'CaseEscalated':
        case 'DoorbraakDecisionRecorded':
        case 'CaseClosed':
          return evolveDoorbraak(state, e);
        case 'DaginvullingRequested':
        case 'DaginvullingArranged':
        case 'WaitingPaused':
        case 'WaitingResumed':
          return evolveDaginvulling(state, e);
        case 'NetworkMemberAdded':
        case 'NetworkMemberLeft':
        case 'InformalSupportStarted':
        case 'InformalSupportEnded':
        case 'ReferralMade':
        case 'ReferralAvoided':
          return evolveNetwork(state, e);
        case 'ClientDataErased':
          return evolveErasure(state, e);
        case 'IndicatieIssued':
        case 'IndicatieEnded':
        case 'IndicatieRequested':
        case 'IndicatieRequestRefused':
        case 'IndicatieRequestWithdrawn':
        case 'AccessExceptionRecorded':
        case 'AccessRegularised':
          return evolveToegang(state, e);
        case 'TrajectoryClosed':
          return evolveClosure(state, e);
        case 'PlannedStepScheduled':
        case 'PlannedStepCancelled':
        case 'PlannedStepTookEffect':
        case 'PlannedStepFailed':
          return evolvePlanning(state, e);
        case 'BegeleiderAssigned':
          return evolveContinuity(state, e);
        default:
          return state; // unknown (newer) event types leave the state as it is
      }
    },
  },
  CLIENT_ID_MAPS,
);
