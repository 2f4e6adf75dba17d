import { Module } from '@nestjs/common';
import { ClientsController, GetClientHandler } from './clients.controller';
import { ExecuteClientCommandHandler } from './execute-client-command.handler';

/** The client trajectory: the one command path for client commands, and the client view. */
@Module({
  controllers: [ClientsController],
  providers: [ExecuteClientCommandHandler, GetClientHandler],
})
export class ClientsModule {}
