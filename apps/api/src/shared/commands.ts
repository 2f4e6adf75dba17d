import { Actor } from '@wijkzorg/domain';
import { ClientCommandInput, CommandMeta } from '@wijkzorg/application';
import { CommandDto } from './fields';

/** CQRS command: one client command input for the client's stream. */
export class ExecuteClientCommand {
  constructor(
    readonly clientId: string,
    readonly input: ClientCommandInput,
    readonly meta: CommandMeta,
  ) {}
}

export function metaOf(dto: CommandDto, actor: Actor, correlationId?: string): CommandMeta {
  return { actor, commandId: dto.commandId, expectedRevision: dto.expectedRevision, correlationId };
}

/** The body without the envelope fields. */
export function payloadOf<T extends CommandDto>(dto: T): Omit<T, 'commandId' | 'expectedRevision'> {
  const { commandId: _c, expectedRevision: _e, ...payload } = dto;
  return payload;
}

/** Sends one client command through the CommandBus: the body (less envelope) plus path values. */
export function sendClientCommand(bus: { execute(command: ExecuteClientCommand): Promise<unknown> }, clientId: string, type: ClientCommandInput['type'], dto: CommandDto, actor: Actor, fromPath: Record<string, unknown> = {}) {
  const input = { type, ...payloadOf(dto), ...fromPath } as unknown as ClientCommandInput;
  return bus.execute(new ExecuteClientCommand(clientId, input, metaOf(dto, actor))) as Promise<import('@wijkzorg/application').CommandOutcome>;
}
