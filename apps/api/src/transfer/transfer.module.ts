import { Module } from '@nestjs/common';
import { TransferController } from './transfer.controller';

/** Transfer: a client (and its budget) moving to another wooncirkel. */
@Module({
  controllers: [TransferController],
})
export class TransferModule {}
