import { Decider } from '../shared';
import { CLIENT_ID_MAPS, ClientState, initialClientState } from '../shared/client-state';
import { RegisterIntake, IntakeRegistered, decideIntake, evolveIntake } from '../intake/intake';
import { ScaleCare, CareScalingEvent, decideScaleCare, evolveCareScaling } from '../care-scaling/care-scaling';
import { HousingCommand, HousingEvent, decideHousing, evolveHousing } from '../housing/housing';
import { BudgetCommand, BudgetEvent, decideBudget, evolveBudget } from '../budget/budget';
import { TransferClient, TransferEvent, decideTransfer, evolveTransfer } from '../transfer/transfer';
import { DoorbraakCommand, DoorbraakEvent, decideDoorbraak, evolveDoorbraak } from '../doorbraaktafel/doorbraaktafel';
import { DaginvullingCommand, DaginvullingEvent, decideDaginvulling, evolveDaginvulling } from '../daginvulling/daginvulling';
import { ClientDataErased, EraseClientData, decideErasure, evolveErasure } from '../privacy/erasure';
import { AssignBegeleider, ContinuityEvent, decideAssignBegeleider, evolveContinuity } from '../continuity/begeleider';
import { rule, withPrototypeSafeMaps } from '../shared';

/** One client's trajectory is one aggregate (stream client-<id>): care, housing and budget follow the person. */
export type ClientCommand = RegisterIntake | ScaleCare | HousingCommand | BudgetCommand | TransferClient | DoorbraakCommand | DaginvullingCommand | EraseClientData | AssignBegeleider;
export type ClientEvent = IntakeRegistered | CareScalingEvent | HousingEvent | BudgetEvent | TransferEvent | DoorbraakEvent | DaginvullingEvent | ClientDataErased | ContinuityEvent;

export const clientDecider: Decider<ClientCommand, ClientState, ClientEvent> = withPrototypeSafeMaps<ClientCommand, ClientState, ClientEvent>(
  {
    initialState: initialClientState,

    decide(command, state, context): ClientEvent[] {
      rule(!state.erased, 'client_erased', 'the personal data of this client was erased: its trajectory is closed', 'clientId');
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
        case 'EraseClientData':
          return decideErasure(command, state, context);
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
        case 'ClientDataErased':
          return evolveErasure(state, e);
        case 'BegeleiderAssigned':
          return evolveContinuity(state, e);
        default:
          return state; // unknown (newer) event types leave the state as it is
      }
    },
  },
  CLIENT_ID_MAPS,
);
