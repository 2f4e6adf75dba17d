import { Module } from '@nestjs/common';
import { HousingController } from './housing.controller';
import { HousingFiguresController, housingFiguresHandlers } from './housing-figures.controller';

/** Housing: requests, offers, matches, moving in and out, reciprocity; homes per owner and housing figures. */
@Module({
  controllers: [HousingController, HousingFiguresController],
  providers: [...housingFiguresHandlers],
})
export class HousingModule {}
