import { Module } from '@nestjs/common';
import { AreaDirectory } from './area-directory';
import { MEASURE_GROUPS } from './measure-table';
import { MEASURE_GROUP_CLASSES } from './groups';
import { UitkomstenController } from './uitkomsten.controller';

/** Outcome measures: one room per group under ./groups, one protected table per group, one controller for all. */
@Module({
  controllers: [UitkomstenController],
  providers: [AreaDirectory, ...MEASURE_GROUP_CLASSES, { provide: MEASURE_GROUPS, useFactory: (...groups: unknown[]) => groups, inject: MEASURE_GROUP_CLASSES }],
})
export class UitkomstenModule {}
