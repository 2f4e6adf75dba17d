import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CareCommands, CommandOutcome } from '@wijkzorg/application';
import { ExecuteClientCommand } from '../shared/commands';

@CommandHandler(ExecuteClientCommand)
export class ExecuteClientCommandHandler implements ICommandHandler<ExecuteClientCommand, CommandOutcome> {
  constructor(private readonly care: CareCommands) {}

  execute({ clientId, input, meta }: ExecuteClientCommand): Promise<CommandOutcome> {
    return this.care.handleClient(clientId, input, meta);
  }
}
