import { Module } from '@nestjs/common';
import { WijkenController, wijkenHandlers } from './wijken.controller';
import { ChangeDayAndNightCareHandler, DayAndNightCareController } from './coverage.controller';

/** Wijk & wooncirkel: register wijken and wooncirkels, homes and team capacity. */
@Module({
  controllers: [WijkenController, DayAndNightCareController],
  providers: [...wijkenHandlers, ChangeDayAndNightCareHandler],
})
export class WijkenModule {}
