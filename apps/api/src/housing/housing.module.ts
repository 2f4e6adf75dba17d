import { Module } from '@nestjs/common';
import { HousingController } from './housing.controller';

/** Housing: requests, offers, matches, moving in and out. */
@Module({
  controllers: [HousingController],
})
export class HousingModule {}
