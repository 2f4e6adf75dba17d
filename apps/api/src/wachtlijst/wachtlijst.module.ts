import { Module } from '@nestjs/common';
import { WachtlijstController, wachtlijstHandlers } from './wachtlijst.controller';

/** Wachtlijst: who waits for what, and waiting-time figures. */
@Module({
  controllers: [WachtlijstController],
  providers: [...wachtlijstHandlers],
})
export class WachtlijstModule {}
