import {
  AddHome,
  AssignBegeleider,
  BudgetPotState,
  ChangeTeamCapacity,
  DayAndNightCareCommand,
  KernCommand,
  ClientCommand,
  ClientState,
  DomainError,
  OpenBudgetPot,
  RegisterIntake,
  RegisterWijk,
  RegisterWooncirkel,
  ReleaseBudget,
  ReleaseForWijkActivity,
  ScaleCare,
  TakePlannedStep,
  TopUpBudgetPot,
  TransferClient,
  OfferHousing,
  WooncirkelState,
} from '@wijkzorg/domain';
import { AggregateStore } from './command-handling/aggregate-store';
import { ClientCommandPlan, handleClientCommand } from './command-handling/client-command-flow';
import { CommandMeta, CommandOutcome } from './command-handling/command-meta';
import { assertMayActFor, assertVisible, mayActFor } from './auth/access-denied';
import { ClientKeyStore } from './privacy/client-key-store';
import { ErasureCommands } from './privacy/erasure-commands';
import { WijkCommands } from './wijk/wijk-commands';
import { IntakeInput, prepareIntake } from './intake/intake-preparation';
import { ScaleCareInput, prepareScaleCare } from './care-scaling/care-scaling-preparation';
import { OfferHousingInput, prepareAcceptHousingOffer, prepareDeclineHousingOffer, prepareMoveIn, prepareMoveOut, prepareOfferHousing } from './housing/housing-preparation';
import { TransferInput, prepareTransfer } from './transfer/transfer-preparation';
import { ReleaseBudgetInput, prepareReleaseBudget } from './budget/budget-preparation';
import { PotCommands } from './budget-pot/pot-commands';
import { prepareCloseTrajectory } from './closure/closure-preparation';
import { TakePlannedStepInput, prepareTakePlannedStep } from './planning/planning-preparation';
import { AssignBegeleiderInput, prepareAssignBegeleider } from './continuity/continuity-preparation';
import { GrantOverCapacityInput, TeamChange, TeamCommands } from './continuity/team-commands';

export { placementOf } from './intake/intake-preparation';

/** Client commands as they arrive: facts from other aggregates are filled in by each capability's preparation. */
export type ClientCommandInput =
  IntakeInput | ScaleCareInput | OfferHousingInput | TransferInput | ReleaseBudgetInput | TakePlannedStepInput | AssignBegeleiderInput | Exclude<ClientCommand, RegisterIntake | ScaleCare | OfferHousing | TransferClient | ReleaseBudget | TakePlannedStep | AssignBegeleider>;

/** Each capability turns its inputs into decider commands (claims and follow-up steps included); the rest pass as they are. */
function prepare(input: ClientCommandInput, plan: ClientCommandPlan): Promise<ClientCommand> | ClientCommand {
  switch (input.type) {
    case 'RegisterIntake':
      return prepareIntake(input, plan);
    case 'ScaleCare':
      return prepareScaleCare(input, plan);
    case 'OfferHousing':
      return prepareOfferHousing(input, plan);
    case 'DeclineHousingOffer':
      return prepareDeclineHousingOffer(input, plan);
    case 'AcceptHousingOffer':
      return prepareAcceptHousingOffer(input, plan);
    case 'MoveIn':
      return prepareMoveIn(input, plan);
    case 'MoveOut':
      return prepareMoveOut(input, plan);
    case 'TransferClient':
      return prepareTransfer(input, plan);
    case 'ReleaseBudget':
      return prepareReleaseBudget(input, plan);
    case 'CloseTrajectory':
      return prepareCloseTrajectory(input, plan);
    case 'TakePlannedStep':
      return prepareTakePlannedStep(input, plan, prepare);
    case 'AssignBegeleider':
      return prepareAssignBegeleider(input, plan);
    default:
      return input;
  }
}

/**
 * The care domain's command flows in one place for their callers (Nest handlers, CLI seed, tests):
 * composes the wijk commands, the client command flow with each capability's preparation, and erasure.
 */
export class CareCommands {
  private readonly wijk: WijkCommands;
  private readonly erasure: ErasureCommands;
  private readonly pots: PotCommands;
  private readonly team: TeamCommands;

  constructor(
    readonly store: AggregateStore,
    keys?: ClientKeyStore,
  ) {
    this.wijk = new WijkCommands(store);
    this.erasure = new ErasureCommands(store, keys);
    this.pots = new PotCommands(store);
    this.team = new TeamCommands(store);
  }

  changeTeam(wooncirkelId: string, command: TeamChange, meta: CommandMeta): Promise<CommandOutcome> {
    return this.team.changeTeam(wooncirkelId, command, meta);
  }

  grantOverCapacity(wooncirkelId: string, input: GrantOverCapacityInput, meta: CommandMeta): Promise<CommandOutcome> {
    return this.team.grantOverCapacity(wooncirkelId, input, meta);
  }

  openBudgetPot(command: OpenBudgetPot, meta: CommandMeta): Promise<CommandOutcome> {
    return this.pots.openPot(command, meta);
  }

  changeBudgetPot(potId: string, command: TopUpBudgetPot | ReleaseForWijkActivity, meta: CommandMeta): Promise<CommandOutcome> {
    return this.pots.changePot(potId, command, meta);
  }

  loadBudgetPot(potId: string, field: string): Promise<BudgetPotState> {
    return this.pots.loadPot(potId, field);
  }

  eraseClient(clientId: string, legalBasis: 'avg_art_17' | 'bewaartermijn_verstreken', meta: CommandMeta): Promise<CommandOutcome> {
    return this.erasure.eraseClient(clientId, legalBasis, meta);
  }

  registerWijk(command: RegisterWijk, meta: CommandMeta): Promise<CommandOutcome> {
    return this.wijk.registerWijk(command, meta);
  }

  registerWooncirkel(command: RegisterWooncirkel, meta: CommandMeta): Promise<CommandOutcome> {
    return this.wijk.registerWooncirkel(command, meta);
  }

  changeWooncirkel(wooncirkelId: string, command: AddHome | ChangeTeamCapacity, meta: CommandMeta): Promise<CommandOutcome> {
    return this.wijk.changeWooncirkel(wooncirkelId, command, meta);
  }

  changeDayAndNightCare(wooncirkelId: string, command: DayAndNightCareCommand | KernCommand, meta: CommandMeta): Promise<CommandOutcome> {
    return this.wijk.changeDayAndNightCare(wooncirkelId, command, meta);
  }

  loadWooncirkel(wooncirkelId: string, field: string): Promise<WooncirkelState> {
    return this.wijk.loadWooncirkel(wooncirkelId, field);
  }

  handleClient(clientId: string, input: ClientCommandInput, meta: CommandMeta): Promise<CommandOutcome> {
    return handleClientCommand(this.store, clientId, input, meta, {
      prepare,
      loadWooncirkel: (wooncirkelId, field) => this.wijk.loadWooncirkel(wooncirkelId, field),
      loadPot: (potId, field) => this.pots.loadPot(potId, field),
      // Scope first: before it, nothing about the client (existence, revision, earlier outcomes) may show.
      guard: (client) => assertMayTarget(meta.actor, clientId, input, client),
    });
  }
}

/**
 * The scope check of a client command. An intake names its wooncirkel itself (403 when it is not the
 * actor's); any other command answers a client outside the actor's scope exactly like a missing one.
 */
function assertMayTarget(actor: CommandMeta['actor'], clientId: string, input: ClientCommandInput, client: ClientState): void {
  if (input.type !== 'RegisterIntake') return assertVisible(actor, { field: 'clientId', id: clientId }, client.registered ? { wooncirkelId: client.placement?.wooncirkelId, wijkCode: client.placement?.wijkCode } : undefined);
  assertMayActFor(actor, input.wooncirkelId);
  // The id is taken: say so exactly as for a client of one's own, without replaying someone else's outcome.
  if (client.registered && !mayActFor(actor, client.placement?.wooncirkelId)) throw new DomainError('already_registered', `client ${clientId} already has an intake`, 'clientId');
}
