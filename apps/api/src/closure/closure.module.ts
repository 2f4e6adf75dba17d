import { Module } from '@nestjs/common';
import { ClosureController } from './closure.controller';

/** Afsluiting: the end of a trajectory, with its reason. */
@Module({
  controllers: [ClosureController],
})
export class ClosureModule {}
