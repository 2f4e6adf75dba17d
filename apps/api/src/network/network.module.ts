import { Module } from '@nestjs/common';
import { NetworkController, NetworkFiguresController, NetworkFiguresHandler, NetworkViewHandler } from './network.controller';
import { NetworkFigures } from '../disclosure/network-figures';

/** The network and informal care: members, informal support, referrals made and avoided; the client's network and the figures per area. */
@Module({
  controllers: [NetworkController, NetworkFiguresController],
  providers: [NetworkFigures, NetworkViewHandler, NetworkFiguresHandler],
})
export class NetworkModule {}
