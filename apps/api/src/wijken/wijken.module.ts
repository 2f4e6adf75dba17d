import { Module } from '@nestjs/common';
import { WijkenController, wijkenHandlers } from './wijken.controller';

/** Wijk & wooncirkel: register wijken and wooncirkels, homes and team capacity. */
@Module({
  controllers: [WijkenController],
  providers: [...wijkenHandlers],
})
export class WijkenModule {}
