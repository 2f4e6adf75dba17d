import { Module } from '@nestjs/common';
import { AggregateStore, BuurtCommands } from '@wijkzorg/application';
import { BuurtController, buurtHandlers } from './buurt.controller';

/** The neighbourhood: overlast, buurtonderzoek, buurtpleinen and visits to the kern. */
@Module({
  controllers: [BuurtController],
  providers: [{ provide: BuurtCommands, useFactory: (store: AggregateStore) => new BuurtCommands(store), inject: [AggregateStore] }, ...buurtHandlers],
})
export class BuurtModule {}
