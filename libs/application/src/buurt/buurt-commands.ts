import {
  Actor,
  BuurtonderzoekCommand,
  BuurtpleinCommand,
  OverlastCommand,
  RecordKernVisits,
  ReportOverlast,
  StartBuurtonderzoek,
  StartBuurtplein,
  buurtonderzoekDecider,
  buurtonderzoekStream,
  buurtpleinDecider,
  buurtpleinStream,
  clientDecider,
  clientStream,
  gemeenteCodeOfWijk,
  kernVisitsDecider,
  kernVisitsStream,
  overlastDecider,
  overlastStream,
  rule,
  wijkDecider,
  wijkStream,
  wooncirkelDecider,
  wooncirkelStream,
} from '@wijkzorg/domain';
import { AggregateStore } from '../command-handling/aggregate-store';
import { CommandMeta, CommandOutcome } from '../command-handling/command-meta';
import { AccessDenied, mayActFor, wooncirkelScopeOf } from '../auth/access-denied';

/** Roles whose scope is a gemeente: the GM code their credential names (token claim org). */
const GEMEENTE_ROLES: Actor['role'][] = ['wijkteam', 'gemeente'];

/** The organisation an actor speaks for; rules that depend on it refuse an actor without one. */
function organisationOf(actor: Actor): string {
  if (!actor.organisation) throw new AccessDenied(`a ${actor.role} acts for an organisation: your credential names none (claim org)`, 'organisation');
  return actor.organisation;
}

/**
 * Who may act in a wijk: a wijkteam (and gemeente) of the wijk's own gemeente; a zorgprofessional with a
 * wooncirkel there; welfare organisations and corporations speak for an organisation (named on what they
 * record) and work across wijken.
 */
export async function assertMayActInWijk(store: AggregateStore, actor: Actor, wijkCode: string): Promise<void> {
  if (GEMEENTE_ROLES.includes(actor.role)) {
    if (organisationOf(actor) !== gemeenteCodeOfWijk(wijkCode)) throw new AccessDenied(`wijkCode ${wijkCode} does not lie in your gemeente ${actor.organisation}`, 'wijkCode');
    return;
  }
  if (actor.role === 'welzijn' || actor.role === 'woningcorporatie') {
    organisationOf(actor);
    return;
  }
  if (actor.role === 'zorgprofessional') {
    const scope = wooncirkelScopeOf(actor);
    if (scope === 'all') return;
    for (const wooncirkelId of scope) if ((await store.load(wooncirkelDecider, wooncirkelStream(wooncirkelId))).state.wijkCode === wijkCode) return;
    throw new AccessDenied(`none of your wooncirkels lies in wijk ${wijkCode}`, 'wijkCode');
  }
}

/**
 * Who may take the next step on a report, onderzoek or plein: the wijkteam (or gemeente) of its gemeente,
 * or the organisation that started it.
 */
function continuedBy(actor: Actor, field: string) {
  return (state: { gemeenteCode?: string; organisation?: string; reported?: boolean; started?: boolean }) => {
    if (!state.gemeenteCode) return; // nothing there: the decider answers unknown
    const ownGemeente = GEMEENTE_ROLES.includes(actor.role) && actor.organisation === state.gemeenteCode;
    const ownOrganisation = actor.organisation !== undefined && actor.organisation === state.organisation;
    if (!ownGemeente && !ownOrganisation) throw new AccessDenied(`${field} belongs to another gemeente or organisation`, field);
  };
}

export type ReportOverlastInput = Omit<ReportOverlast, 'clientWijkCode'>;
export type RecordKernVisitsInput = Omit<RecordKernVisits, 'kern'>;

/** The neighbourhood's command flows: each aggregate its own stream; facts from clients and wooncirkels read here, decided purely. */
export class BuurtCommands {
  constructor(private readonly store: AggregateStore) {}

  async reportOverlast(input: ReportOverlastInput, meta: CommandMeta): Promise<CommandOutcome> {
    await assertMayActInWijk(this.store, meta.actor, input.wijkCode);
    await this.assertRegisteredWijk(input.wijkCode);
    const command: ReportOverlast = { ...input, ...(input.clientId !== undefined ? { clientWijkCode: await this.visibleClientWijk(input.clientId, meta.actor) } : {}) };
    return this.store.execute(overlastDecider, overlastStream(input.reportId), command, meta);
  }

  handleOverlast(reportId: string, command: Exclude<OverlastCommand, ReportOverlast>, meta: CommandMeta): Promise<CommandOutcome> {
    return this.store.handleCommand(overlastDecider, overlastStream(reportId), command, meta, (loaded, m) => this.store.appendDecided(overlastStream(reportId), overlastDecider.decide(command, loaded.state, this.store.context(m)), loaded.revision, m), {
      guard: continuedBy(meta.actor, 'reportId'),
    });
  }

  async startBuurtonderzoek(command: StartBuurtonderzoek, meta: CommandMeta): Promise<CommandOutcome> {
    await assertMayActInWijk(this.store, meta.actor, command.wijkCode);
    organisationOf(meta.actor);
    await this.assertRegisteredWijk(command.wijkCode);
    return this.store.execute(buurtonderzoekDecider, buurtonderzoekStream(command.onderzoekId), command, meta);
  }

  handleBuurtonderzoek(onderzoekId: string, command: Exclude<BuurtonderzoekCommand, StartBuurtonderzoek>, meta: CommandMeta): Promise<CommandOutcome> {
    const stream = buurtonderzoekStream(onderzoekId);
    return this.store.handleCommand(buurtonderzoekDecider, stream, command, meta, (loaded, m) => this.store.appendDecided(stream, buurtonderzoekDecider.decide(command, loaded.state, this.store.context(m)), loaded.revision, m), {
      guard: continuedBy(meta.actor, 'onderzoekId'),
    });
  }

  async startBuurtplein(command: StartBuurtplein, meta: CommandMeta): Promise<CommandOutcome> {
    await assertMayActInWijk(this.store, meta.actor, command.wijkCode);
    organisationOf(meta.actor);
    await this.assertRegisteredWijk(command.wijkCode);
    return this.store.execute(buurtpleinDecider, buurtpleinStream(command.pleinId), command, meta);
  }

  handleBuurtplein(pleinId: string, command: Exclude<BuurtpleinCommand, StartBuurtplein>, meta: CommandMeta): Promise<CommandOutcome> {
    const stream = buurtpleinStream(pleinId);
    return this.store.handleCommand(buurtpleinDecider, stream, command, meta, (loaded, m) => this.store.appendDecided(stream, buurtpleinDecider.decide(command, loaded.state, this.store.context(m)), loaded.revision, m), {
      guard: continuedBy(meta.actor, 'pleinId'),
    });
  }

  /** The kern and its opening hours live on the wooncirkel: read here, decided purely by the kern-visits decider. */
  async recordKernVisits(input: RecordKernVisitsInput, meta: CommandMeta): Promise<CommandOutcome> {
    const { state } = await this.store.load(wooncirkelDecider, wooncirkelStream(input.wooncirkelId));
    rule(state.registered, 'unknown_wooncirkel', `wooncirkel ${input.wooncirkelId} is not registered`, 'wooncirkelId');
    await assertMayActInWijk(this.store, meta.actor, state.wijkCode!);
    organisationOf(meta.actor);
    rule(typeof input.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input.date), 'invalid_date', 'date must be a date YYYY-MM-DD', 'date');
    const command: RecordKernVisits = { ...input, kern: { wijkCode: state.wijkCode!, opensAt: state.kern!.opensAt, closesAt: state.kern!.closesAt } };
    return this.store.execute(kernVisitsDecider, kernVisitsStream(input.wooncirkelId, input.date), command, meta);
  }

  /** Neighbourhood work happens in a wijk that takes part: a registered one. */
  private async assertRegisteredWijk(wijkCode: string): Promise<void> {
    const { state } = await this.store.load(wijkDecider, wijkStream(wijkCode));
    rule(state.registered, 'unknown_wijk', `wijk ${wijkCode} is not registered`, 'wijkCode');
  }

  /** The wijk of a client the actor may act for; undefined when unknown, erased, closed or outside the actor's wooncirkels (one answer for all). */
  private async visibleClientWijk(clientId: string, actor: Actor): Promise<string | undefined> {
    const { state } = await this.store.load(clientDecider, clientStream(clientId));
    if (!state.registered || state.erased || state.closed || !state.placement || !mayActFor(actor, state.placement.wooncirkelId)) return undefined;
    return state.placement.wijkCode;
  }
}
