import { Module } from '@nestjs/common';
import { DoorbraaktafelController } from './doorbraaktafel.controller';

/** Doorbraaktafel: escalated cases, decisions with the person present. */
@Module({
  controllers: [DoorbraaktafelController],
})
export class DoorbraaktafelModule {}
