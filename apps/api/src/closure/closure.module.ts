import { Module } from '@nestjs/common';
import { ClosureController } from './closure.controller';
import { ClosureFiguresController } from './closure-figures.controller';

/** Afsluiting: the end of a trajectory, with its reason; closures per reason for policy (through the disclosure layer). */
@Module({
  controllers: [ClosureController, ClosureFiguresController],
})
export class ClosureModule {}
