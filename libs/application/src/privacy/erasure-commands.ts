import { ClientState, clientDecider, clientStream, givingBack, rule, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { AggregateStore } from '../command-handling/aggregate-store';
import { CommandMeta, CommandOutcome } from '../command-handling/command-meta';
import { ClientKeyStore } from './client-key-store';

/** AVG art. 17: erasing a client's personal data, and giving back what the client held. */
export class ErasureCommands {
  constructor(
    private readonly store: AggregateStore,
    private readonly keys?: ClientKeyStore,
  ) {}

  /**
   * The key goes first: once it is destroyed the data is unreadable, whatever happens next; recording
   * ClientDataErased then closes the trajectory (a retry completes an interrupted erasure).
   */
  async eraseClient(clientId: string, legalBasis: 'avg_art_17' | 'bewaartermijn_verstreken', meta: CommandMeta): Promise<CommandOutcome> {
    const streamId = clientStream(clientId);
    const loaded = await this.store.load(clientDecider, streamId);
    const { state } = loaded;
    rule(state.registered, 'unknown_client', `client ${clientId} has no intake`, 'clientId');
    if (!this.keys) throw new Error('no key store configured: personal data cannot be erased');
    // Every refusal comes before the key is destroyed: a reused commandId, a stale revision or a rule.
    const command = { type: 'EraseClientData' as const, legalBasis };
    const bound = await this.store.bind(streamId, command, meta);
    const previous = this.store.previousOutcome(streamId, loaded, bound);
    if (!previous && !state.erased) {
      this.store.checkExpectedRevision(streamId, loaded.revision, bound);
      clientDecider.decide(command, state, this.store.context(bound));
    }
    await this.keys.erase(clientId);
    // An interrupted erasure gives back what is left first, then replays (or refuses) the command.
    if (state.erased) await this.giveBackHoldings(clientId, state, meta);
    const outcome = await this.store.execute(clientDecider, streamId, command, meta);
    if (!state.erased) await this.giveBackHoldings(clientId, (await this.store.load(clientDecider, streamId)).state, meta);
    return outcome;
  }

  /** An erased client gives back its team place, its home and its home reservations (each idempotent). */
  private async giveBackHoldings(clientId: string, state: ClientState, meta: CommandMeta): Promise<void> {
    for (const { wooncirkelId, command } of givingBack(state, clientId, 'client_erased')) await this.store.sideEffect(wooncirkelDecider, wooncirkelStream(wooncirkelId), command, meta);
  }
}
