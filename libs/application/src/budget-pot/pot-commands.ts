import { Actor, BudgetPotState, OpenBudgetPot, ReleaseForWijkActivity, TopUpBudgetPot, budgetPotDecider, budgetPotStream, flexPotId, rule, wijkDecider, wijkPotId, wijkStream } from '@wijkzorg/domain';
import { AggregateStore } from '../command-handling/aggregate-store';
import { CommandMeta, CommandOutcome } from '../command-handling/command-meta';
import { AccessDenied } from '../auth/access-denied';

/** Whether the actor speaks for this gemeente (token claim org = its GM code). */
export function speaksForGemeente(actor: Actor, gemeenteCode: string): boolean {
  return actor.role === 'gemeente' && actor.organisation === gemeenteCode;
}

function assertOwnGemeente(actor: Actor, gemeenteCode: string, field: string): void {
  if (!speaksForGemeente(actor, gemeenteCode)) throw new AccessDenied(`only gemeente ${gemeenteCode} itself (token claim org ${gemeenteCode}) manages its budget pots`, field);
}

/** The gemeente's budget pots: opened and topped up by the gemeente itself, wijk activities paid from its wijk pots. */
export class PotCommands {
  constructor(private readonly store: AggregateStore) {}

  async openPot(command: OpenBudgetPot, meta: CommandMeta): Promise<CommandOutcome> {
    assertOwnGemeente(meta.actor, command.gemeenteCode, 'gemeenteCode');
    if (command.kind === 'wijk' && command.wijkCode) {
      const wijk = await this.store.load(wijkDecider, wijkStream(command.wijkCode));
      rule(wijk.state.registered, 'unknown_wijk', `wijk ${command.wijkCode} is not registered`, 'wijkCode');
    }
    const potId = command.kind === 'wijk' ? wijkPotId(command.wijkCode ?? '', command.funder, command.year) : flexPotId(command.gemeenteCode, command.year);
    return this.store.execute(budgetPotDecider, budgetPotStream(potId), command, meta);
  }

  async changePot(potId: string, command: TopUpBudgetPot | ReleaseForWijkActivity, meta: CommandMeta): Promise<CommandOutcome> {
    const pot = await this.loadPot(potId, 'potId');
    assertOwnGemeente(meta.actor, pot.facts!.gemeenteCode, 'potId');
    return this.store.execute(budgetPotDecider, budgetPotStream(potId), command, meta);
  }

  /** An open pot, or a DomainError (unknown_pot) naming `field`. */
  async loadPot(potId: string, field: string): Promise<BudgetPotState> {
    const { state } = await this.store.loadLatest(budgetPotDecider, budgetPotStream(potId));
    rule(state.opened, 'unknown_pot', `budget pot ${potId} is not open`, field);
    return state;
  }
}
